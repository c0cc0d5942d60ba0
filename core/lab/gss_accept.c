/* core/lab/gss_accept.c: the lab's Negotiate/NTLM/Kerberos acceptor: one context per connection, and the NTLM user file. */
#include "config.h"

#include "core/lab/gss_accept.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/b64.h"
#include "core/ivm.h"
#include "core/lab/model.h"
#include "core/xalloc.h"

#define USERS_FILE "ntlm-users"

/* The schemes taken for GSS-API tokens, spelled as we answer: raw NTLMSSP
 * arrives under Negotiate (pywinrm, WinRb, ipamvmm) as well as under NTLM
 * (libcurl), and each client wants its own scheme back. */
static const char *const schemes[] = { "Negotiate", "NTLM", "Kerberos" };

struct ivm_lab_conn *
ivm_lab_conn_new(void)
{
	return ivm_xcalloc(1, sizeof(struct ivm_lab_conn));
}

void
ivm_lab_conn_free(struct ivm_lab_conn **c)
{
	if (c == NULL || *c == NULL)
		return;
	ivm_gss_free(&(*c)->gss);
	free(*c);
	*c = NULL;
}

const char *
ivm_lab_gss_scheme(const char *authz)
{
	for (size_t i = 0; authz && i < IVM_COUNT(schemes); i++) {
		size_t n = strlen(schemes[i]);
		if (strncasecmp(authz, schemes[i], n) == 0 && (authz[n] == ' ' || authz[n] == '\0'))
			return schemes[i];
	}
	return NULL;
}

static void
drop(struct ivm_lab_conn *c)
{
	ivm_gss_free(&c->gss);
	c->authenticated = false;
	c->peer[0] = '\0';
}

int
ivm_lab_conn_accept(struct ivm_lab_conn *c, const char *authz, struct ivm_buf *token)
{
	ivm_buf_clear(token);
	const char *scheme = ivm_lab_gss_scheme(authz);
	const char *b64 = authz ? strchr(authz, ' ') : NULL;
	struct ivm_buf in = IVM_BUF_INIT;
	if (scheme == NULL || b64 == NULL || !ivm_b64_decode(&in, b64 + 1, strlen(b64 + 1)) || in.len == 0) {
		ivm_buf_release(&in);
		drop(c);
		return -1;
	}
	/* A new first token on an authenticated connection starts over, as a
	 * client does after losing its context. */
	if (c->authenticated)
		drop(c);
	if (c->gss == NULL)
		c->gss = ivm_gss_acceptor_new();
	c->scheme = scheme;
	struct ivm_err err;
	int r = ivm_gss_step(c->gss, in.data, in.len, token, &err);
	ivm_buf_release(&in);
	if (r < 0) {
		drop(c);
		return -1;
	}
	if (r == 1) {
		c->authenticated = true;
		snprintf(c->peer, sizeof(c->peer), "%s", ivm_gss_peer(c->gss));
	}
	return r;
}

/* "CONTOSO\sam" -> domain "CONTOSO", sam; NULL when there is no backslash. */
static const char *
split_user(const char *user, char *dom, size_t size)
{
	const char *bs = strchr(user, '\\');
	if (bs == NULL)
		return NULL;
	snprintf(dom, size, "%.*s", (int)(bs - user), user);
	return bs + 1;
}

/* Local accounts first: a client that names no domain matches the first
 * line with its user name. */
static void
users_text(struct ivm_lab *lab, struct ivm_buf *out)
{
	const char *netbios = ivm_lab_domain_netbios(lab), *dns = ivm_lab_domain_dns(lab);
	for (int pass = 0; pass < 2; pass++) {
		for (const struct ivm_lab_published_account *p = ivm_lab_published_accounts(); p->user; p++) {
			char dom[64];
			const char *sam = split_user(p->user, dom, sizeof(dom));
			if (sam == NULL)
				continue;
			bool domain = strcasecmp(dom, netbios) == 0;
			if (domain != (pass == 1))
				continue;
			const struct ivm_lab_host *h = domain ? NULL : ivm_lab_host_find(lab, dom);
			if ((!domain && h == NULL) ||
			    ivm_lab_authenticate(lab, h, p->user, p->password, NULL) == IVM_LAB_AUTH_BAD)
				continue; /* changed since it was published: NTLM cannot know the new one */
			ivm_buf_addf(out, "%s:%s:%s\n", dom, sam, p->password);
			if (domain)
				ivm_buf_addf(out, "%s:%s:%s\n", dns, sam, p->password);
		}
	}
}

/* The file lives in memory (memfd), named through /proc/self/fd: nothing
 * reaches the disk, and nothing is left behind by a process that ends
 * without stopping its lab (a crash, or a test that just exits). Only
 * where that is unavailable, a 0600 file in a private temporary directory. */
static char *
users_memfd(const struct ivm_buf *text)
{
	int fd = memfd_create("ivm-lab-ntlm-users", MFD_CLOEXEC);
	if (fd < 0)
		return NULL;
	char path[64];
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	FILE *probe = NULL;
	if (write(fd, text->data, text->len) != (ssize_t)text->len || fchmod(fd, 0600) < 0 ||
	    (probe = fopen(path, "r")) == NULL) {
		close(fd);
		return NULL;
	}
	fclose(probe);
	setenv("NTLM_USER_FILE", path, 1);
	struct ivm_buf h = IVM_BUF_INIT;
	ivm_buf_addf(&h, "fd:%d", fd);
	return ivm_buf_steal(&h);
}

static char *
users_tmpfile(const struct ivm_buf *text, struct ivm_err *err)
{
	const char *tmp = getenv("TMPDIR");
	struct ivm_buf path = IVM_BUF_INIT;
	ivm_buf_addf(&path, "%s/ivm-lab-ntlm-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(path.data) == NULL) {
		ivm_err_set(err, IVM_E_IO, "writing the lab's NTLM user file", "Check that $TMPDIR (or /tmp) is writable.",
		            "cannot create a directory under %s: %s", tmp && *tmp ? tmp : "/tmp", strerror(errno));
		ivm_buf_release(&path);
		return NULL;
	}
	char *dir = ivm_buf_steal(&path);
	ivm_buf_addf(&path, "%s/" USERS_FILE, dir);
	int fd = open(path.data, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	bool ok = fd >= 0 && write(fd, text->data, text->len) == (ssize_t)text->len;
	if (fd >= 0 && close(fd) < 0)
		ok = false;
	if (!ok) {
		ivm_err_set(err, IVM_E_IO, "writing the lab's NTLM user file", "Check that $TMPDIR (or /tmp) is writable.",
		            "cannot write %s: %s", path.data, strerror(errno));
		ivm_buf_release(&path);
		ivm_lab_ntlm_users_remove(&dir);
		return NULL;
	}
	/* gss-ntlmssp reads the variable whenever it checks a logon */
	setenv("NTLM_USER_FILE", path.data, 1);
	ivm_buf_release(&path);
	return dir;
}

char *
ivm_lab_ntlm_users_write(struct ivm_lab *lab, struct ivm_err *err)
{
	struct ivm_buf text = IVM_BUF_INIT;
	users_text(lab, &text);
	char *where = users_memfd(&text);
	if (where == NULL)
		where = users_tmpfile(&text, err);
	ivm_buf_wipe(&text);
	return where;
}

void
ivm_lab_ntlm_users_remove(char **where)
{
	if (where == NULL || *where == NULL)
		return;
	struct ivm_buf path = IVM_BUF_INIT;
	if (strncmp(*where, "fd:", 3) == 0)
		ivm_buf_addf(&path, "/proc/self/fd/%s", *where + 3);
	else
		ivm_buf_addf(&path, "%s/" USERS_FILE, *where);
	const char *cur = getenv("NTLM_USER_FILE");
	if (cur && strcmp(cur, path.data) == 0)
		unsetenv("NTLM_USER_FILE");
	if (strncmp(*where, "fd:", 3) == 0) {
		close(atoi(*where + 3));
	} else {
		unlink(path.data);
		rmdir(*where);
	}
	ivm_buf_release(&path);
	free(*where);
	*where = NULL;
}

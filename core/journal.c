/* core/journal.c: the run journal: what each step of the last run or undo did, kept on disk as it happens. */
#include "config.h"

#include "core/journal.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <libxml/tree.h>

#include "core/buf.h"
#include "core/xalloc.h"
#include "core/xml.h"

struct ivm_journal {
	char *path, *command, *answers;
	pthread_mutex_t mu; /* the jobs worker writes, the main thread closes */
	struct ivm_step_snapshot *steps;
	size_t nsteps;
	long long started;
};

char *
ivm_journal_default_path(struct ivm_err *err)
{
	const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	struct ivm_buf dir = IVM_BUF_INIT;
	if (xdg && xdg[0] == '/')
		ivm_buf_addf(&dir, "%s/ipamvmm", xdg);
	else if (home && home[0] == '/')
		ivm_buf_addf(&dir, "%s/.local/state/ipamvmm", home);
	else {
		ivm_err_set(err, IVM_E_IO, "finding the journal's folder", "Set HOME or XDG_STATE_HOME.",
		            "neither XDG_STATE_HOME nor HOME is an absolute path");
		return NULL;
	}
	/* mkdir -p, 0700: a journal names the servers and accounts */
	for (char *q = dir.data + 1; *q; q++) {
		if (*q == '/') {
			*q = '\0';
			mkdir(dir.data, 0700);
			*q = '/';
		}
	}
	mkdir(dir.data, 0700);
	ivm_buf_adds(&dir, "/journal.xml");
	return ivm_buf_steal(&dir);
}

static void
previous(const char *path, FILE *fp)
{
	FILE *in = fopen(path, "r");
	if (in == NULL)
		return;
	struct ivm_buf b = IVM_BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0 && b.len < (1u << 20))
		ivm_buf_add(&b, chunk, n);
	fclose(in);
	xmlDocPtr doc = ivm_xml_read(b.data, b.len, path);
	xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (root) {
		xmlChar *cmd = xmlGetProp(root, BAD_CAST "command");
		unsigned done = 0, failed = 0, total = 0;
		xmlChar *last_failed = NULL;
		for (xmlNodePtr c = root->children; c; c = c->next) {
			if (c->type != XML_ELEMENT_NODE)
				continue;
			total++;
			xmlChar *st = xmlGetProp(c, BAD_CAST "state");
			if (st && strcmp((char *)st, "Completed") == 0)
				done++;
			if (st && strcmp((char *)st, "Failed") == 0) {
				failed++;
				xmlFree(last_failed);
				last_failed = xmlGetProp(c, BAD_CAST "name");
			}
			xmlFree(st);
		}
		if (failed || done < total)
			fprintf(fp, "journal: the last %s stopped with %u of %u steps Completed%s%s%s; this one finds what it did and does the rest\n",
			        cmd ? (char *)cmd : "run", done, total, last_failed ? " (failed: " : "",
			        last_failed ? (char *)last_failed : "", last_failed ? ")" : "");
		xmlFree(cmd);
		xmlFree(last_failed);
	}
	xmlFreeDoc(doc);
	ivm_buf_release(&b);
}

struct ivm_journal *
ivm_journal_open(const char *path, const char *command, const char *answers, size_t nsteps, FILE *fp,
                 struct ivm_err *err)
{
	previous(path, fp);
	struct ivm_journal *j = ivm_xcalloc(1, sizeof(*j));
	j->path = ivm_xstrdup(path);
	j->command = ivm_xstrdup(command);
	j->answers = ivm_xstrdup(answers);
	pthread_mutex_init(&j->mu, NULL);
	j->steps = ivm_xcalloc(nsteps ? nsteps : 1, sizeof(*j->steps));
	j->nsteps = nsteps;
	j->started = (long long)time(NULL);
	return j;
}

static void
attr_time(xmlNodePtr n, const char *name, long long ms)
{
	if (ms == 0)
		return;
	char buf[40];
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	xmlNewProp(n, BAD_CAST name, BAD_CAST buf);
}

/* Under j->mu. Errors are not fatal: the run goes on without its journal. */
static void
write_out(struct ivm_journal *j)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "ipamvmm-journal");
	xmlDocSetRootElement(doc, root);
	xmlNewProp(root, BAD_CAST "version", BAD_CAST "1");
	xmlNewProp(root, BAD_CAST "command", BAD_CAST j->command);
	xmlNewProp(root, BAD_CAST "answers", BAD_CAST j->answers);
	attr_time(root, "started", j->started * 1000);
	for (size_t i = 0; i < j->nsteps; i++) {
		const struct ivm_step_snapshot *s = &j->steps[i];
		xmlNodePtr n = xmlNewChild(root, NULL, BAD_CAST "step", NULL);
		xmlNewProp(n, BAD_CAST "name", BAD_CAST s->name);
		xmlNewProp(n, BAD_CAST "host", BAD_CAST s->host);
		xmlNewProp(n, BAD_CAST "state", BAD_CAST ivm_step_state_name(s->state));
		if (s->has_result)
			xmlNewProp(n, BAD_CAST "status", BAD_CAST ivm_status_name(s->status));
		attr_time(n, "start", s->start_ms);
		attr_time(n, "end", s->end_ms);
		if (s->message[0])
			xmlNewTextChild(n, NULL, BAD_CAST "message", BAD_CAST s->message);
		if (s->error[0])
			xmlNewTextChild(n, NULL, BAD_CAST "error", BAD_CAST s->error);
		if (s->action[0])
			xmlNewTextChild(n, NULL, BAD_CAST "action", BAD_CAST s->action);
	}
	xmlChar *mem = NULL;
	int len = 0;
	xmlDocDumpFormatMemoryEnc(doc, &mem, &len, "UTF-8", 1);
	xmlFreeDoc(doc);
	struct ivm_buf tmp = IVM_BUF_INIT;
	ivm_buf_addf(&tmp, "%s.tmp.%ld", j->path, (long)getpid());
	int fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	bool ok = fd >= 0 && write(fd, mem, (size_t)len) == len && fsync(fd) == 0;
	if (fd >= 0)
		close(fd);
	if (ok)
		ok = rename(tmp.data, j->path) == 0;
	if (!ok)
		unlink(tmp.data);
	xmlFree(mem);
	ivm_buf_release(&tmp);
}

void
ivm_journal_step(struct ivm_journal *j, size_t i, const struct ivm_step_snapshot *s)
{
	if (j == NULL || i >= j->nsteps)
		return;
	pthread_mutex_lock(&j->mu);
	j->steps[i] = *s;
	write_out(j);
	pthread_mutex_unlock(&j->mu);
}

void
ivm_journal_close(struct ivm_journal **jp)
{
	if (jp == NULL || *jp == NULL)
		return;
	struct ivm_journal *j = *jp;
	free(j->path);
	free(j->command);
	free(j->answers);
	free(j->steps);
	pthread_mutex_destroy(&j->mu);
	free(j);
	*jp = NULL;
}

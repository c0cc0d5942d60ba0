/* core/gss.c: one GSS-API security context (client or acceptor) for WinRM: the handshake and message sealing. */
#include "config.h"

#include "core/gss.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>
#include <gssapi/gssapi_krb5.h>

#include "core/ivm.h"
#include "core/xalloc.h"

/* gss-ntlmssp's mechanism (1.3.6.1.4.1.311.2.2.10); spelled out here so
 * that building needs only MIT's headers. */
static gss_OID_desc ntlm_oid = { 10, (void *)"\x2b\x06\x01\x04\x01\x82\x37\x02\x02\x0a" };
static gss_OID_desc spnego_oid = { 6, (void *)"\x2b\x06\x01\x05\x05\x02" };

/* Windows refuses a context that cannot both sign and seal. */
#define REQ_FLAGS (GSS_C_CONF_FLAG | GSS_C_INTEG_FLAG | GSS_C_MUTUAL_FLAG | GSS_C_SEQUENCE_FLAG | GSS_C_REPLAY_FLAG)

struct ivm_gss {
	bool acceptor;
	bool complete;
	bool ntlm;
	enum ivm_gss_mech mech;
	gss_ctx_id_t ctx;
	gss_cred_id_t cred;
	gss_name_t target;
	char peer[256];
};

static gss_OID
mech_oid(enum ivm_gss_mech m)
{
	return m == IVM_GSS_NTLM ? &ntlm_oid : m == IVM_GSS_SPNEGO ? &spnego_oid : (gss_OID)gss_mech_krb5;
}

static bool
oid_eq(gss_const_OID a, gss_const_OID b)
{
	return a && b && a->length == b->length && memcmp(a->elements, b->elements, a->length) == 0;
}

/* The library's own words for a failure, major then minor. */
static void
status_text(OM_uint32 major, OM_uint32 minor, gss_OID mech, char *dst, size_t size)
{
	size_t used = 0;
	dst[0] = '\0';
	struct { OM_uint32 code; int type; } parts[] = { { major, GSS_C_GSS_CODE }, { minor, GSS_C_MECH_CODE } };
	for (size_t i = 0; i < IVM_COUNT(parts); i++) {
		if (parts[i].code == 0)
			continue;
		OM_uint32 more = 0, min;
		do {
			gss_buffer_desc msg = GSS_C_EMPTY_BUFFER;
			if (GSS_ERROR(gss_display_status(&min, parts[i].code, parts[i].type, mech, &more, &msg)))
				break;
			int n = snprintf(dst + used, size - used, "%s%.*s", used ? "; " : "", (int)msg.length,
			                 (const char *)msg.value);
			gss_release_buffer(&min, &msg);
			if (n < 0 || (size_t)n >= size - used)
				return;
			used += (size_t)n;
		} while (more);
	}
}

static void
gss_fail(struct ivm_err *err, enum ivm_errkind kind, const char *what, const char *next, OM_uint32 major,
         OM_uint32 minor, gss_OID mech, const char *why)
{
	char text[768];
	status_text(major, minor, mech, text, sizeof(text));
	ivm_err_set(err, kind, what, next, "%s (GSS-API: %s)", why, text[0] ? text : "no detail");
}

bool
ivm_gss_have_ticket(const char *user)
{
	OM_uint32 major, minor, lifetime = 0;
	gss_name_t name = GSS_C_NO_NAME;
	if (user && user[0]) {
		gss_buffer_desc ub = { strlen(user), (void *)user };
		if (GSS_ERROR(gss_import_name(&minor, &ub, GSS_C_NT_USER_NAME, &name)))
			return false;
	}
	gss_OID_set_desc mechs = { 1, (gss_OID)gss_mech_krb5 };
	gss_cred_id_t cred = GSS_C_NO_CREDENTIAL;
	major = gss_acquire_cred(&minor, name, 0, &mechs, GSS_C_INITIATE, &cred, NULL, &lifetime);
	if (name != GSS_C_NO_NAME)
		gss_release_name(&minor, &name);
	if (cred != GSS_C_NO_CREDENTIAL)
		gss_release_cred(&minor, &cred);
	return !GSS_ERROR(major) && lifetime > 0;
}

struct ivm_gss *
ivm_gss_client_new(enum ivm_gss_mech mech, const char *user, const char *password, const char *host,
                   struct ivm_err *err)
{
	struct ivm_gss *g = ivm_xcalloc(1, sizeof(*g));
	g->mech = mech;
	g->ntlm = mech == IVM_GSS_NTLM;
	g->ctx = GSS_C_NO_CONTEXT;
	g->cred = GSS_C_NO_CREDENTIAL;
	OM_uint32 major, minor;

	char service[300];
	snprintf(service, sizeof(service), "HTTP@%s", host);
	gss_buffer_desc sb = { strlen(service), service };
	major = gss_import_name(&minor, &sb, GSS_C_NT_HOSTBASED_SERVICE, &g->target);
	if (GSS_ERROR(major)) {
		gss_fail(err, IVM_E_USAGE, "naming the server for GSS-API", "Check the host name in --endpoint.",
		         major, minor, GSS_C_NO_OID, "the service name is not valid");
		goto fail;
	}
	if (user == NULL || user[0] == '\0') {
		if (mech == IVM_GSS_NTLM) {
			ivm_err_set(err, IVM_E_USAGE, "preparing NTLM", "Name the account with --user DOMAIN\\user.",
			            "NTLM needs a user name");
			goto fail;
		}
		return g; /* the default ticket */
	}
	gss_name_t name = GSS_C_NO_NAME;
	gss_buffer_desc ub = { strlen(user), (void *)user };
	major = gss_import_name(&minor, &ub, GSS_C_NT_USER_NAME, &name);
	if (GSS_ERROR(major)) {
		gss_fail(err, IVM_E_USAGE, "reading the user name", "Use DOMAIN\\user or user@REALM.", major, minor,
		         GSS_C_NO_OID, "GSS-API does not accept the user name");
		goto fail;
	}
	gss_OID_desc *oid = mech_oid(mech);
	gss_OID_set_desc mechs = { 1, oid };
	if (mech == IVM_GSS_NTLM) {
		gss_buffer_desc pb = { password ? strlen(password) : 0, (void *)(password ? password : "") };
		major = gss_acquire_cred_with_password(&minor, name, &pb, 0, &mechs, GSS_C_INITIATE, &g->cred,
		                                       NULL, NULL);
	} else {
		major = gss_acquire_cred(&minor, name, 0, &mechs, GSS_C_INITIATE, &g->cred, NULL, NULL);
	}
	OM_uint32 m2;
	gss_release_name(&m2, &name);
	if (GSS_ERROR(major)) {
		if (mech == IVM_GSS_NTLM)
			gss_fail(err, IVM_E_USAGE, "preparing NTLM",
			         "Install the NTLM mechanism for GSS-API (Debian: apt-get install gss-ntlmssp), or use --auth kerberos or HTTPS.",
			         major, minor, oid, "GSS-API has no NTLM mechanism for this password");
		else
			gss_fail(err, IVM_E_AUTH, "finding your Kerberos ticket",
			         "Get a ticket for this user first: kinit user@REALM (klist shows the ones you have).",
			         major, minor, oid, "there is no usable Kerberos ticket for the user");
		goto fail;
	}
	return g;
fail:
	ivm_gss_free(&g);
	return NULL;
}

struct ivm_gss *
ivm_gss_acceptor_new(void)
{
	struct ivm_gss *g = ivm_xcalloc(1, sizeof(*g));
	g->acceptor = true;
	g->ctx = GSS_C_NO_CONTEXT;
	g->cred = GSS_C_NO_CREDENTIAL;
	return g;
}

void
ivm_gss_free(struct ivm_gss **gp)
{
	if (gp == NULL || *gp == NULL)
		return;
	struct ivm_gss *g = *gp;
	OM_uint32 minor;
	if (g->ctx != GSS_C_NO_CONTEXT)
		gss_delete_sec_context(&minor, &g->ctx, GSS_C_NO_BUFFER);
	if (g->cred != GSS_C_NO_CREDENTIAL)
		gss_release_cred(&minor, &g->cred);
	if (g->target != GSS_C_NO_NAME)
		gss_release_name(&minor, &g->target);
	free(g);
	*gp = NULL;
}

/* What the context ended up as; SPNEGO hands over the real mechanism. */
static void
settle(struct ivm_gss *g, gss_OID actual)
{
	if (actual == GSS_C_NO_OID || oid_eq(actual, &spnego_oid)) {
		OM_uint32 minor;
		gss_OID m = GSS_C_NO_OID;
		if (!GSS_ERROR(gss_inquire_context(&minor, g->ctx, NULL, NULL, NULL, &m, NULL, NULL, NULL)))
			actual = m;
	}
	g->ntlm = oid_eq(actual, &ntlm_oid);
}

int
ivm_gss_step(struct ivm_gss *g, const void *in, size_t inlen, struct ivm_buf *out, struct ivm_err *err)
{
	OM_uint32 major, minor, flags = 0;
	gss_buffer_desc ib = { inlen, (void *)in };
	gss_buffer_desc ob = GSS_C_EMPTY_BUFFER;
	gss_OID actual = GSS_C_NO_OID;
	ivm_buf_clear(out);
	if (g->acceptor) {
		gss_name_t src = GSS_C_NO_NAME;
		major = gss_accept_sec_context(&minor, &g->ctx, GSS_C_NO_CREDENTIAL, &ib, GSS_C_NO_CHANNEL_BINDINGS,
		                               &src, &actual, &ob, &flags, NULL, NULL);
		if (major == GSS_S_COMPLETE && src != GSS_C_NO_NAME) {
			gss_buffer_desc nb = GSS_C_EMPTY_BUFFER;
			OM_uint32 m2;
			if (!GSS_ERROR(gss_display_name(&m2, src, &nb, NULL)))
				snprintf(g->peer, sizeof(g->peer), "%.*s", (int)nb.length, (const char *)nb.value);
			gss_release_buffer(&m2, &nb);
		}
		if (src != GSS_C_NO_NAME) {
			OM_uint32 m2;
			gss_release_name(&m2, &src);
		}
	} else {
		major = gss_init_sec_context(&minor, g->cred, &g->ctx, g->target, mech_oid(g->mech), REQ_FLAGS, 0,
		                             GSS_C_NO_CHANNEL_BINDINGS, in ? &ib : GSS_C_NO_BUFFER, &actual, &ob,
		                             &flags, NULL);
	}
	if (ob.length)
		ivm_buf_add(out, ob.value, ob.length);
	OM_uint32 m3;
	gss_release_buffer(&m3, &ob);
	if (GSS_ERROR(major)) {
		if (g->acceptor)
			gss_fail(err, IVM_E_AUTH, "accepting a client's authentication",
			         "The client should sign in again with one of the lab's accounts and its password "
			         "(ipamvmm lab serve prints them).", major, minor, actual,
			         "the security handshake failed");
		else if (in == NULL && !g->ntlm) /* nothing was sent yet: the ticket, or the server's name */
			gss_fail(err, IVM_E_AUTH, "starting the Kerberos handshake",
			         g->mech == IVM_GSS_SPNEGO ?
			         "Get a ticket first (kinit user@REALM; klist shows yours), or give the password (--password-file or --password-env; the answer file's password source; the wizard's field) so that Negotiate signs in with NTLM. With Kerberos, connect with the server's fully qualified name (not an IP address) and check that its service principal HTTP/name exists." :
			         "Get a ticket first (kinit user@REALM; klist shows yours), connect with the server's fully qualified name (not an IP address), and check that its service principal HTTP/name exists.",
			         major, minor, actual, "GSS-API could not make the first token");
		else
			gss_fail(err, IVM_E_AUTH, "authenticating to the server",
			         "Check the user name and password (NTLM) or your Kerberos ticket (klist), and that the server takes this scheme.",
			         major, minor, actual, "the security handshake failed");
		return -1;
	}
	if (major & GSS_S_CONTINUE_NEEDED)
		return 0;
	if ((flags & (GSS_C_CONF_FLAG | GSS_C_INTEG_FLAG)) != (GSS_C_CONF_FLAG | GSS_C_INTEG_FLAG)) {
		ivm_err_set(err, IVM_E_AUTH, "setting up message encryption",
		            "Use the server's HTTPS listener instead.",
		            "the security context cannot both sign and encrypt messages");
		return -1;
	}
	g->complete = true;
	settle(g, actual);
	return 1;
}

bool
ivm_gss_complete(const struct ivm_gss *g)
{
	return g->complete;
}

bool
ivm_gss_is_ntlm(const struct ivm_gss *g)
{
	return g->ntlm;
}

const char *
ivm_gss_mech_name(const struct ivm_gss *g)
{
	return g->ntlm ? "NTLM" : "Kerberos";
}

const char *
ivm_gss_peer(const struct ivm_gss *g)
{
	return g->peer;
}

/* NTLM has no IOV sealing in gss-ntlmssp: its token is the 16-byte
 * signature followed by the sealed bytes (reference/winrm-peers.md §5). */
#define NTLM_SIG 16

int
ivm_gss_seal(struct ivm_gss *g, const void *plain, size_t len, struct ivm_buf *header, struct ivm_buf *cipher,
             struct ivm_err *err)
{
	OM_uint32 major, minor;
	int conf = 0;
	ivm_buf_clear(header);
	ivm_buf_clear(cipher);
	if (g->ntlm) {
		gss_buffer_desc ib = { len, (void *)plain }, ob = GSS_C_EMPTY_BUFFER;
		major = gss_wrap(&minor, g->ctx, 1, GSS_C_QOP_DEFAULT, &ib, &conf, &ob);
		if (!GSS_ERROR(major) && conf && ob.length >= NTLM_SIG) {
			ivm_buf_add(header, ob.value, NTLM_SIG);
			ivm_buf_add(cipher, (const char *)ob.value + NTLM_SIG, ob.length - NTLM_SIG);
		}
		gss_release_buffer(&minor, &ob);
	} else {
		ivm_buf_add(cipher, plain, len); /* encrypted in place */
		gss_iov_buffer_desc iov[3] = {
			{ GSS_IOV_BUFFER_TYPE_HEADER | GSS_IOV_BUFFER_FLAG_ALLOCATE, GSS_C_EMPTY_BUFFER },
			{ GSS_IOV_BUFFER_TYPE_DATA, { len, cipher->data } },
			{ GSS_IOV_BUFFER_TYPE_PADDING | GSS_IOV_BUFFER_FLAG_ALLOCATE, GSS_C_EMPTY_BUFFER },
		};
		major = gss_wrap_iov(&minor, g->ctx, 1, GSS_C_QOP_DEFAULT, &conf, iov, IVM_COUNT(iov));
		if (!GSS_ERROR(major) && conf) {
			ivm_buf_add(header, iov[0].buffer.value, iov[0].buffer.length);
			ivm_buf_add(cipher, iov[2].buffer.value, iov[2].buffer.length);
		}
		gss_release_iov_buffer(&minor, iov, IVM_COUNT(iov));
	}
	if (GSS_ERROR(major) || !conf) {
		if (!GSS_ERROR(major))
			major = GSS_S_FAILURE;
		gss_fail(err, IVM_E_PROTOCOL, "encrypting a message", "Use the server's HTTPS listener instead.",
		         major, minor, GSS_C_NO_OID, "GSS-API could not seal the message");
		ivm_buf_wipe(cipher);
		return -1;
	}
	return 0;
}

int
ivm_gss_unseal(struct ivm_gss *g, const void *header, size_t hlen, const void *cipher, size_t clen,
               struct ivm_buf *plain, struct ivm_err *err)
{
	OM_uint32 major, minor;
	int conf = 0;
	gss_qop_t qop = 0;
	struct ivm_buf tok = IVM_BUF_INIT;
	ivm_buf_clear(plain);
	ivm_buf_add(&tok, header, hlen);
	ivm_buf_add(&tok, cipher, clen);
	if (g->ntlm) {
		gss_buffer_desc ib = { tok.len, tok.data }, ob = GSS_C_EMPTY_BUFFER;
		major = gss_unwrap(&minor, g->ctx, &ib, &ob, &conf, &qop);
		if (!GSS_ERROR(major) && conf)
			ivm_buf_add(plain, ob.value, ob.length);
		gss_release_buffer(&minor, &ob);
	} else {
		/* The peer may rotate the trailer into the header (RRC): as one
		 * stream GSS-API sorts that out itself. */
		gss_iov_buffer_desc iov[2] = {
			{ GSS_IOV_BUFFER_TYPE_STREAM, { tok.len, tok.data } },
			{ GSS_IOV_BUFFER_TYPE_DATA, GSS_C_EMPTY_BUFFER },
		};
		major = gss_unwrap_iov(&minor, g->ctx, &conf, &qop, iov, IVM_COUNT(iov));
		if (!GSS_ERROR(major) && conf)
			ivm_buf_add(plain, iov[1].buffer.value, iov[1].buffer.length);
		if (iov[1].type & GSS_IOV_BUFFER_FLAG_ALLOCATED)
			gss_release_iov_buffer(&minor, iov + 1, 1);
	}
	ivm_buf_wipe(&tok);
	if (GSS_ERROR(major) || !conf) {
		if (GSS_ERROR(major))
			gss_fail(err, IVM_E_PROTOCOL, "decrypting a sealed message",
			         "Do not trust this connection: something between the two ends altered the message, or the other end is not the one that authenticated. Run it again; if it recurs, check the network path.",
			         major, minor, GSS_C_NO_OID, "the message's signature does not verify");
		else
			ivm_err_set(err, IVM_E_PROTOCOL, "decrypting a sealed message",
			            "Check the server's configuration: WinRM over HTTP must encrypt.",
			            "the message was signed but not encrypted");
		ivm_buf_wipe(plain);
		return -1;
	}
	return 0;
}

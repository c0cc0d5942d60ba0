/* core/transcript.c: --transcript FILE: every request and reply, scripts decoded for reading, secrets masked. */
#include "config.h"

#include "core/transcript.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/b64.h"
#include "core/buf.h"
#include "core/contract.h"
#include "core/gzip.h"
#include "core/wsman_request.h"
#include "core/psrun.h"
#include "core/utf16.h"
#include "core/wsman_reply.h"
#include "core/xalloc.h"

#define MASK "********"
#define MAX_SCRIPT (4u << 20)

struct ivm_transcript {
	FILE *fp;
	pthread_mutex_t mu;   /* the jobs worker and the caller may both trace */
	char **secrets;
	size_t nsecrets;
};

struct ivm_transcript *
ivm_transcript_open(const char *path, struct ivm_err *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (fp == NULL) {
		if (fd >= 0)
			close(fd);
		ivm_err_set(err, IVM_E_IO, "opening the transcript",
		            "Give a path in a folder you can write to (an existing file there is replaced).",
		            "%s cannot be written", path);
		return NULL;
	}
	fchmod(fd, 0600);
	struct ivm_transcript *t = ivm_xcalloc(1, sizeof(*t));
	t->fp = fp;
	pthread_mutex_init(&t->mu, NULL);
	fprintf(fp, "# ipamvmm transcript (%s): requests '>' and replies '<'; scripts are shown decoded, passwords as %s\n",
	        PACKAGE_VERSION, MASK);
	return t;
}

void
ivm_transcript_free(struct ivm_transcript **tp)
{
	if (tp == NULL || *tp == NULL)
		return;
	struct ivm_transcript *t = *tp;
	fclose(t->fp);
	for (size_t i = 0; i < t->nsecrets; i++)
		ivm_secret_free(&t->secrets[i]);
	free(t->secrets);
	pthread_mutex_destroy(&t->mu);
	free(t);
	*tp = NULL;
}

void
ivm_transcript_secret(struct ivm_transcript *t, const char *value)
{
	if (t == NULL || value == NULL || value[0] == '\0')
		return;
	t->secrets = ivm_xrealloc(t->secrets, (t->nsecrets + 1) * sizeof(*t->secrets));
	t->secrets[t->nsecrets++] = ivm_xstrdup(value);
}

static void
replace_all(struct ivm_buf *text, const char *needle)
{
	size_t nl = strlen(needle);
	if (nl == 0 || text->data == NULL)
		return;
	struct ivm_buf out = IVM_BUF_INIT;
	const char *p = text->data, *end = text->data + text->len;
	const char *hit;
	while ((hit = memmem(p, (size_t)(end - p), needle, nl)) != NULL) {
		ivm_buf_add(&out, p, (size_t)(hit - p));
		ivm_buf_adds(&out, MASK);
		p = hit + nl;
	}
	ivm_buf_add(&out, p, (size_t)(end - p));
	ivm_buf_wipe(text);
	*text = out;
}

void
ivm_transcript_redact(const struct ivm_transcript *t, struct ivm_buf *text)
{
	for (size_t i = 0; t && i < t->nsecrets; i++) {
		replace_all(text, t->secrets[i]);
		/* also as XML writes it, should a secret hold markup characters */
		struct ivm_buf esc = IVM_BUF_INIT;
		for (const char *c = t->secrets[i]; *c; c++) {
			if (*c == '&')
				ivm_buf_adds(&esc, "&amp;");
			else if (*c == '<')
				ivm_buf_adds(&esc, "&lt;");
			else if (*c == '>')
				ivm_buf_adds(&esc, "&gt;");
			else
				ivm_buf_addc(&esc, *c);
		}
		if (strcmp(esc.data, t->secrets[i]) != 0)
			replace_all(text, esc.data);
		ivm_buf_wipe(&esc);
	}
}

/* Every "$params = ...FromBase64String('...')" in a script, decoded in place:
 * the reader sees the parameters, and a password among them is masked. */
static void
decode_params(struct ivm_buf *out, const char *script)
{
	static const char marker[] = "FromBase64String('";
	const char *p = script;
	const char *m;
	while ((m = strstr(p, marker)) != NULL) {
		const char *b = m + sizeof(marker) - 1;
		const char *e = strchr(b, '\'');
		if (e == NULL)
			break;
		struct ivm_buf xml = IVM_BUF_INIT;
		char *op = NULL;
		struct ivm_field *f = NULL;
		size_t n = 0;
		struct ivm_err err;
		ivm_buf_add(out, p, (size_t)(b - p));
		if (ivm_b64_decode(&xml, b, (size_t)(e - b)) &&
		    ivm_contract_params_parse(xml.data, xml.len, &op, &f, &n, &err) == 0) {
			/* shown as the script reads them; a password is never shown */
			ivm_buf_adds(out, "<parameters, decoded by the transcript:");
			for (size_t i = 0; i < n; i++)
				ivm_buf_addf(out, " %s='%s'", f[i].name,
				             strcasestr(f[i].name, "password") ? MASK : f[i].value);
			ivm_buf_adds(out, ">");
		} else {
			ivm_buf_adds(out, "<not a parameter document>");
		}
		free(op);
		ivm_fields_free(&f, n);
		ivm_buf_wipe(&xml);
		p = e;
	}
	ivm_buf_adds(out, p);
}

/* The script an encoded PowerShell command carries, or false. */
static bool
script_of(const char *encoded, struct ivm_buf *script)
{
	struct ivm_buf raw = IVM_BUF_INIT, text = IVM_BUF_INIT;
	bool ok = ivm_b64_decode(&raw, encoded, strlen(encoded)) && ivm_utf16le_to_utf8(&text, raw.data, raw.len);
	if (ok) {
		size_t hl = strlen(ivm_psrun_gz_head), tl = strlen(ivm_psrun_gz_tail);
		struct ivm_buf gz = IVM_BUF_INIT;
		if (text.len > hl + tl && strncmp(text.data, ivm_psrun_gz_head, hl) == 0 &&
		    ivm_b64_decode(&gz, text.data + hl, text.len - hl - tl) &&
		    ivm_gunzip(script, gz.data, gz.len, MAX_SCRIPT))
			ivm_buf_adds(script, "");
		else
			ivm_buf_add(script, text.data, text.len);
		ivm_buf_wipe(&gz);
	}
	ivm_buf_wipe(&raw);
	ivm_buf_wipe(&text);
	return ok;
}

/* A request shown for reading: the envelope with encoded scripts replaced
 * by a note, then each script decoded. */
static void
describe_request(const char *xml, size_t len, struct ivm_buf *out)
{
	struct ivm_wsreq rq;
	struct ivm_err err;
	if (ivm_wsreq_parse(xml, len, &rq, &err) < 0) {
		ivm_buf_add(out, xml, len);
		return;
	}
	struct ivm_buf scripts = IVM_BUF_INIT;
	const char *enc = NULL;
	for (size_t i = 0; i + 1 < rq.nargs; i++)
		if (strcasecmp(rq.args[i], "-EncodedCommand") == 0)
			enc = rq.args[i + 1];
	struct ivm_buf shown = IVM_BUF_INIT;
	ivm_buf_add(&shown, xml, len);
	if (enc) {
		struct ivm_buf script = IVM_BUF_INIT;
		if (script_of(enc, &script)) {
			ivm_buf_adds(&scripts, "--- the encoded command, decoded ---\n");
			decode_params(&scripts, ivm_buf_str(&script));
			ivm_buf_adds(&scripts, "\n--- end ---\n");
		}
		ivm_buf_wipe(&script);
		/* the encoded text itself would carry the password in base64 */
		struct ivm_buf note = IVM_BUF_INIT;
		ivm_buf_addf(&note, "[encoded command, %zu characters: shown decoded below]", strlen(enc));
		const char *hit = strstr(shown.data, enc);
		if (hit) {
			struct ivm_buf repl = IVM_BUF_INIT;
			ivm_buf_add(&repl, shown.data, (size_t)(hit - shown.data));
			ivm_buf_add(&repl, note.data, note.len);
			ivm_buf_adds(&repl, hit + strlen(enc));
			ivm_buf_wipe(&shown);
			shown = repl;
		}
		ivm_buf_release(&note);
	}
	if (rq.op == IVM_WSREQ_SEND && rq.stdin_data.len) {
		struct ivm_buf script = IVM_BUF_INIT;
		if (ivm_b64_decode(&script, rq.stdin_data.data, rq.stdin_data.len)) {
			ivm_buf_adds(&scripts, "--- stdin, decoded ---\n");
			decode_params(&scripts, ivm_buf_str(&script));
			ivm_buf_adds(&scripts, "\n--- end ---\n");
		}
		ivm_buf_wipe(&script);
		/* the Stream element's base64 */
		const char *open = strstr(shown.data, "Name=\"stdin\"");
		const char *gt = open ? strchr(open, '>') : NULL;
		const char *close = gt ? strstr(gt, "</") : NULL;
		if (close) {
			struct ivm_buf repl = IVM_BUF_INIT;
			ivm_buf_add(&repl, shown.data, (size_t)(gt + 1 - shown.data));
			ivm_buf_addf(&repl, "[%zu bytes of stdin: shown decoded below]", rq.stdin_data.len);
			ivm_buf_adds(&repl, close);
			ivm_buf_wipe(&shown);
			shown = repl;
		}
	}
	ivm_buf_add(out, shown.data, shown.len);
	ivm_buf_adds(out, "\n");
	ivm_buf_add(out, scripts.data, scripts.len);
	ivm_buf_wipe(&shown);
	ivm_buf_wipe(&scripts);
	ivm_wsreq_release(&rq);
}

void
ivm_transcript_trace(void *ud, char dir, const char *xml, size_t len)
{
	struct ivm_transcript *t = ud;
	struct ivm_buf entry = IVM_BUF_INIT;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	struct tm tm;
	gmtime_r(&ts.tv_sec, &tm);
	char when[40];
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
	ivm_buf_addf(&entry, "%c %s.%03ldZ %zu bytes\n", dir, when, ts.tv_nsec / 1000000, len);
	if (dir == '>') {
		describe_request(xml, len, &entry);
	} else {
		ivm_buf_add(&entry, xml, len);
		struct ivm_wsman_reply r;
		struct ivm_err err;
		if (ivm_wsman_parse(xml, len, NULL, &r, &err) == 0) {
			static const char *const names[] = { "stdout", "stderr" };
			for (int k = 0; k < 2; k++)
				if (r.stream[k].len)
					ivm_buf_addf(&entry, "\n--- %s, decoded ---\n%.*s\n--- end ---", names[k],
					             (int)r.stream[k].len, r.stream[k].data);
			ivm_wsman_reply_release(&r);
		}
	}
	ivm_buf_adds(&entry, "\n\n");
	/* the last net: whatever was registered as secret never reaches the file */
	ivm_transcript_redact(t, &entry);
	pthread_mutex_lock(&t->mu);
	fwrite(entry.data, 1, entry.len, t->fp);
	fflush(t->fp);
	pthread_mutex_unlock(&t->mu);
	ivm_buf_wipe(&entry);
}

/* core/psrun.c: runs a PowerShell script in a WinRS shell and decodes what it says back. */
#include "config.h"

#include "core/psrun.h"

#include <stdlib.h>
#include <string.h>

#include "core/b64.h"
#include "core/clixml.h"
#include "core/gzip.h"
#include "core/ivm.h"
#include "core/utf16.h"
#include "core/xalloc.h"

static const char program[] = "powershell";
static const char *const fixed_args[] = { "-NoProfile", "-NonInteractive", "-EncodedCommand" };

/* Progress records otherwise leak to stderr as CLIXML noise. */
static const char preamble[] = "$ProgressPreference = 'SilentlyContinue'\r\n";

/* For long scripts: the command line carries only this loader, which reads
 * the real script as base64 text from stdin ($input is how Ansible's
 * bootstrap reads its wrapper on every Windows version it supports). */
const char ivm_psrun_loader[] =
	"$ProgressPreference = 'SilentlyContinue'\r\n"
	"$ipamvmmText = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String(($input | Out-String)))\r\n"
	"& ([ScriptBlock]::Create($ipamvmmText))\r\n"
	"exit $LASTEXITCODE\r\n";

/* For longer scripts that still fit once compressed: gzip, base64, and a
 * loader that inflates them with .NET's GZipStream (.NET 2.0 and later).
 * powershell.exe then starts without cmd.exe (WINRS_SKIP_CMD_SHELL), so
 * CreateProcess's 32767-character limit applies, not cmd.exe's 8191: the
 * whole script travels in the one Command request, no Send. */
const char ivm_psrun_gz_head[] =
	"$ProgressPreference = 'SilentlyContinue'\r\n"
	"$ipamvmmZip = [Convert]::FromBase64String('";
const char ivm_psrun_gz_tail[] =
	"')\r\n"
	"$ipamvmmStream = New-Object -TypeName IO.Compression.GZipStream -ArgumentList (New-Object -TypeName IO.MemoryStream -ArgumentList (,$ipamvmmZip)), ([IO.Compression.CompressionMode]::Decompress)\r\n"
	"$ipamvmmText = (New-Object -TypeName IO.StreamReader -ArgumentList $ipamvmmStream, ([Text.Encoding]::UTF8)).ReadToEnd()\r\n"
	"& ([ScriptBlock]::Create($ipamvmmText))\r\n"
	"exit $LASTEXITCODE\r\n";

/* CreateProcess: 32767 characters including the terminating NUL */
#define CREATEPROCESS_MAX 32766

static bool
encode(const char *head, const char *script, struct ivm_buf *out)
{
	struct ivm_buf text = IVM_BUF_INIT, u16 = IVM_BUF_INIT;
	ivm_buf_adds(&text, head);
	ivm_buf_adds(&text, script);
	bool ok = ivm_utf8_to_utf16le(&u16, text.data, text.len);
	if (ok)
		ivm_b64_encode(out, u16.data, u16.len);
	/* scripts carry parameter documents, which may carry a password */
	ivm_buf_wipe(&text);
	ivm_buf_wipe(&u16);
	return ok;
}

static size_t
line_length(const char *prog, const char *encoded)
{
	size_t n = strlen(prog);
	for (size_t i = 0; i < IVM_COUNT(fixed_args); i++)
		n += 1 + strlen(fixed_args[i]);
	return n + 1 + strlen(encoded);
}

static const char direct_program[] = "powershell.exe";

bool
ivm_psrun_compressed_line(const char *script, struct ivm_buf *encoded_arg)
{
	struct ivm_buf text = IVM_BUF_INIT, gz = IVM_BUF_INIT, loader = IVM_BUF_INIT;
	ivm_buf_adds(&text, preamble);
	ivm_buf_adds(&text, script);
	ivm_gzip(&gz, text.data, text.len);
	ivm_buf_adds(&loader, ivm_psrun_gz_head);
	ivm_b64_encode(&loader, gz.data, gz.len);
	ivm_buf_adds(&loader, ivm_psrun_gz_tail);
	bool ok = encode("", loader.data, encoded_arg);
	ivm_buf_wipe(&text);
	ivm_buf_wipe(&gz);
	ivm_buf_wipe(&loader);
	return ok && line_length(direct_program, ivm_buf_str(encoded_arg)) <= CREATEPROCESS_MAX;
}

bool
ivm_psrun_command_line(const char *script, struct ivm_buf *encoded_arg)
{
	if (!encode(preamble, script, encoded_arg))
		return false;
	return line_length(program, ivm_buf_str(encoded_arg)) <= IVM_CMDLINE_MAX;
}

static void
add_result(struct ivm_ps_result *res, const struct ivm_result *r)
{
	res->results = ivm_xrealloc(res->results, (res->nresults + 1) * sizeof(*res->results));
	res->results[res->nresults++] = *r;
}

int
ivm_psrun_split_output(const char *p, size_t n, struct ivm_ps_result *res,
                       const struct ivm_ps_opts *o, struct ivm_err *err)
{
	static const char tag[] = IVM_CONTRACT_RESULT_TAG;
	const char *end = p + n;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl : end;
		size_t len = (size_t)(stop - p);
		if (len >= sizeof(tag) - 1 && memcmp(p, tag, sizeof(tag) - 1) == 0) {
			size_t blen = len - (sizeof(tag) - 1);
			const char *b = p + sizeof(tag) - 1;
			while (blen && (b[blen - 1] == '\r' || b[blen - 1] == ' '))
				blen--;
			struct ivm_result r;
			if (ivm_contract_result_parse(b, blen, &r, err) < 0)
				return -1;
			if (o && o->on_result)
				o->on_result(o->ud, &r);
			add_result(res, &r);
		} else {
			ivm_buf_add(&res->out, p, len);
			if (nl)
				ivm_buf_addc(&res->out, '\n');
		}
		p = nl ? nl + 1 : end;
	}
	return 0;
}

/* stdout arrives in chunks: complete lines are handled as they come, so a
 * batch's steps are reported one by one while the command still runs. */
struct splitter {
	struct ivm_ps_result *res;
	const struct ivm_ps_opts *o;
	struct ivm_buf partial;
	int rc;
	struct ivm_err err;
};

static void
on_stdout(void *ud, enum ivm_stream s, const char *p, size_t n)
{
	struct splitter *sp = ud;
	if (s != IVM_STDOUT || sp->rc < 0)
		return;
	ivm_buf_add(&sp->partial, p, n);
	const char *last_nl = NULL;
	for (const char *q = sp->partial.data; (q = memchr(q, '\n', sp->partial.len - (size_t)(q - sp->partial.data))); q++)
		last_nl = q;
	if (last_nl == NULL)
		return;
	size_t whole = (size_t)(last_nl - sp->partial.data) + 1;
	if (ivm_psrun_split_output(sp->partial.data, whole, sp->res, sp->o, &sp->err) < 0)
		sp->rc = -1;
	memmove(sp->partial.data, sp->partial.data + whole, sp->partial.len - whole + 1);
	sp->partial.len -= whole;
}

int
ivm_psrun(struct ivm_wsman *w, const char *script, const struct ivm_ps_opts *o,
          struct ivm_ps_result *res, struct ivm_err *err)
{
	struct ivm_buf arg = IVM_BUF_INIT, in = IVM_BUF_INIT;
	struct ivm_wsman_result wr;
	int rc = -1;
	memset(res, 0, sizeof(*res));

	bool fits = ivm_psrun_command_line(script, &arg);
	if (arg.len == 0) {
		ivm_err_set(err, IVM_E_USAGE, "encoding the PowerShell script",
		            "This is a bug in ipamvmm: report it.", "the script is not valid UTF-8");
		goto out;
	}
	bool direct = false;
	if (!fits && !(o && o->force_stdin)) {
		ivm_buf_wipe(&arg);
		direct = ivm_psrun_compressed_line(script, &arg);
		res->compressed = direct;
		fits = direct;
	}
	if (!fits || (o && o->force_stdin)) {
		struct ivm_buf text = IVM_BUF_INIT;
		ivm_buf_adds(&text, preamble);
		ivm_buf_adds(&text, script);
		ivm_b64_encode(&in, text.data, text.len);
		ivm_buf_wipe(&text);
		ivm_buf_wipe(&arg);
		encode("", ivm_psrun_loader, &arg);
		res->via_stdin = true;
	}
	const char *args[IVM_COUNT(fixed_args) + 1];
	memcpy(args, fixed_args, sizeof(fixed_args));
	args[IVM_COUNT(fixed_args)] = arg.data;
	struct splitter sp = { .res = res, .o = o };
	struct ivm_wsman_cmd c = {
		.command = direct ? direct_program : program, .args = args, .nargs = IVM_COUNT(args),
		.skip_cmd_shell = direct,
		.stdin_data = in.data, .stdin_len = in.len,
		.deadline_ms = o ? o->deadline_ms : 0,
		.on_output = on_stdout, .ud = &sp,
	};
	int ran = ivm_wsman_run(w, &c, &wr, err);
	res->may_have_run = wr.may_have_run;
	if (ran < 0) {
		ivm_buf_release(&sp.partial);
		goto out;
	}
	res->exit_code = wr.exit_code;
	ivm_clixml_decode(&res->err, ivm_buf_str(&wr.err), wr.err.len);
	rc = sp.rc;
	if (rc < 0)
		*err = sp.err;
	else if (sp.partial.len > 0) /* a last line without its newline */
		rc = ivm_psrun_split_output(sp.partial.data, sp.partial.len, res, o, err);
	ivm_buf_release(&sp.partial);
	ivm_wsman_result_release(&wr);
out:
	ivm_buf_wipe(&arg);
	ivm_buf_wipe(&in);
	if (rc < 0)
		ivm_ps_result_release(res);
	return rc;
}

void
ivm_ps_result_release(struct ivm_ps_result *res)
{
	ivm_buf_release(&res->out);
	ivm_buf_release(&res->err);
	for (size_t i = 0; i < res->nresults; i++)
		ivm_result_release(&res->results[i]);
	free(res->results);
	res->results = NULL;
	res->nresults = 0;
}

/* core/lab/shell.c: what cmd.exe on a lab host does with a command line: hostname, whoami, echo, ping, powershell, errors. */
#include "config.h"

#include "core/lab/shell.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/b64.h"
#include "core/gzip.h"
#include "core/ivm.h"
#include "core/lab/dispatch.h"
#include "core/lab/model.h"
#include "core/psrun.h"
#include "core/utf16.h"
#include "core/xalloc.h"

#define MAX_TOKENS 64

struct argv {
	char *tok[MAX_TOKENS];
	size_t n;
};

typedef void (*program_fn)(const struct ivm_lab_ctx *ctx, const struct argv *a, struct ivm_lab_run *run);

static void prog_hostname(const struct ivm_lab_ctx *, const struct argv *, struct ivm_lab_run *);
static void prog_whoami(const struct ivm_lab_ctx *, const struct argv *, struct ivm_lab_run *);
static void prog_powershell(const struct ivm_lab_ctx *, const struct argv *, struct ivm_lab_run *);
static void prog_ping(const struct ivm_lab_ctx *, const struct argv *, struct ivm_lab_run *);
static void prog_echo(const struct ivm_lab_ctx *, const struct argv *, struct ivm_lab_run *);

/* The handful of programs the lab answers; everything else is "not recognized".
 * run_ms: how long the process runs in simulated time (PowerShell's start-up
 * dominates on a real server). */
static const struct program {
	const char *name;
	program_fn run;
	long long run_ms;
} programs[] = {
	{ "hostname", prog_hostname, 40 },
	{ "whoami", prog_whoami, 150 },
	{ "powershell", prog_powershell, IVM_LAB_PS_STARTUP_MS },
	{ "echo", prog_echo, 10 },
	{ "ping", prog_ping, 3000 }, /* four replies a second apart (prog_ping times each) */
};

static long long
duration(const struct ivm_lab_ctx *ctx, const char *prog)
{
	if (ctx->instant)
		return 0;
	for (size_t i = 0; i < sizeof(programs) / sizeof(programs[0]); i++)
		if (strcmp(programs[i].name, prog) == 0)
			return programs[i].run_ms;
	return 0;
}

/* cmd.exe and CommandLineToArgvW rules, simplified: white space separates,
 * double quotes group, "" inside quotes is a quote. */
static void
tokenize(const char *line, struct argv *a)
{
	a->n = 0;
	const char *p = line;
	while (*p && a->n < MAX_TOKENS) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		struct ivm_buf t = IVM_BUF_INIT;
		bool quoted = false;
		for (; *p && (quoted || (*p != ' ' && *p != '\t')); p++) {
			if (*p == '"') {
				if (quoted && p[1] == '"') {
					ivm_buf_addc(&t, '"');
					p++;
				} else {
					quoted = !quoted;
				}
				continue;
			}
			ivm_buf_addc(&t, *p);
		}
		a->tok[a->n++] = ivm_buf_steal(&t);
	}
}

static void
argv_free(struct argv *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->tok[i]);
	a->n = 0;
}

/* "C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe" -> "powershell" */
static void
program_name(const char *tok, char *out, size_t size)
{
	const char *base = tok;
	for (const char *p = tok; *p; p++)
		if (*p == '\\' || *p == '/')
			base = p + 1;
	snprintf(out, size, "%s", base);
	size_t l = strlen(out);
	if (l > 4 && strcasecmp(out + l - 4, ".exe") == 0)
		out[l - 4] = '\0';
	for (char *p = out; *p; p++)
		*p = (char)tolower((unsigned char)*p);
}

static void
prog_hostname(const struct ivm_lab_ctx *ctx, const struct argv *a, struct ivm_lab_run *run)
{
	char line[300];
	snprintf(line, sizeof(line), "%s\r\n", ivm_lab_host_netbios(ctx->host));
	ivm_lab_run_adds(run, duration(ctx, "hostname"), IVM_STDOUT, line);
}

static void
prog_echo(const struct ivm_lab_ctx *ctx, const struct argv *a, struct ivm_lab_run *run)
{
	struct ivm_buf b = IVM_BUF_INIT;
	for (size_t i = 1; i < a->n; i++)
		ivm_buf_addf(&b, "%s%s", i > 1 ? " " : "", a->tok[i]);
	ivm_buf_adds(&b, "\r\n");
	ivm_lab_run_add(run, 0, IVM_STDOUT, b.data, b.len);
	ivm_buf_release(&b);
}

/* ping [-n COUNT] HOST: one reply a second, as Windows' ping prints them,
 * so that a test can see output arrive across several Receives whatever
 * the client's speed (COUNT 1 to 10, default 4). */
static void
prog_ping(const struct ivm_lab_ctx *ctx, const struct argv *a, struct ivm_lab_run *run)
{
	long count = 4;
	const char *host = NULL;
	for (size_t i = 1; i < a->n; i++) {
		if (strcasecmp(a->tok[i], "-n") == 0 && i + 1 < a->n)
			count = strtol(a->tok[++i], NULL, 10);
		else
			host = a->tok[i];
	}
	if (host == NULL || count < 1 || count > 10) {
		ivm_lab_run_adds(run, 0, IVM_STDOUT, "\r\nUsage: ping [-n count] target_name\r\n");
		run->exit_code = 1;
		return;
	}
	long long gap = ctx->instant ? 0 : 1000;
	char line[400];
	snprintf(line, sizeof(line), "\r\nPinging %s with 32 bytes of data:\r\n", host);
	ivm_lab_run_adds(run, 0, IVM_STDOUT, line);
	for (long k = 0; k < count; k++) {
		snprintf(line, sizeof(line), "Reply from %s: bytes=32 time<1ms TTL=128\r\n", host);
		ivm_lab_run_adds(run, gap * k, IVM_STDOUT, line);
	}
	snprintf(line, sizeof(line),
	         "\r\nPing statistics for %s:\r\n    Packets: Sent = %ld, Received = %ld, Lost = 0 (0%% loss),\r\n"
	         "Approximate round trip times in milli-seconds:\r\n    Minimum = 0ms, Maximum = 0ms, Average = 0ms\r\n",
	         host, count, count);
	ivm_lab_run_adds(run, gap * (count - 1), IVM_STDOUT, line);
}

static void
csv_field(struct ivm_buf *b, const char *s, bool last)
{
	ivm_buf_addc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			ivm_buf_addc(b, '"');
		ivm_buf_addc(b, *s);
	}
	ivm_buf_adds(b, last ? "\"\r\n" : "\",");
}

static void
pad(struct ivm_buf *b, const char *s, size_t width, bool last)
{
	ivm_buf_adds(b, s);
	if (!last)
		for (size_t i = strlen(s); i <= width; i++)
			ivm_buf_addc(b, ' ');
}

/* whoami /groups in the three formats Windows has: TABLE (default), LIST, CSV. */
static void
groups_out(struct ivm_buf *b, const struct ivm_lab_token_group *g, size_t n, const char *fmt, bool header)
{
	static const char *const heads[] = { "Group Name", "Type", "SID", "Attributes" };
	if (strcasecmp(fmt, "csv") == 0) {
		if (header)
			for (int i = 0; i < 4; i++)
				csv_field(b, heads[i], i == 3);
		for (size_t i = 0; i < n; i++) {
			csv_field(b, g[i].name, false);
			csv_field(b, g[i].type, false);
			csv_field(b, g[i].sid, false);
			csv_field(b, g[i].attributes, true);
		}
		return;
	}
	ivm_buf_adds(b, "\r\nGROUP INFORMATION\r\n-----------------\r\n\r\n");
	if (strcasecmp(fmt, "list") == 0) {
		for (size_t i = 0; i < n; i++)
			ivm_buf_addf(b, "Group Name: %s\r\nType:       %s\r\nSID:        %s\r\nAttributes: %s\r\n\r\n",
			             g[i].name, g[i].type, g[i].sid, g[i].attributes);
		return;
	}
	size_t w[4];
	for (int c = 0; c < 4; c++)
		w[c] = strlen(heads[c]);
	for (size_t i = 0; i < n; i++) {
		const char *f[4] = { g[i].name, g[i].type, g[i].sid, g[i].attributes };
		for (int c = 0; c < 4; c++)
			if (strlen(f[c]) > w[c])
				w[c] = strlen(f[c]);
	}
	if (header) {
		for (int c = 0; c < 4; c++)
			pad(b, heads[c], w[c], c == 3);
		ivm_buf_adds(b, "\r\n");
		for (int c = 0; c < 4; c++) {
			for (size_t k = 0; k < w[c]; k++)
				ivm_buf_addc(b, '=');
			ivm_buf_adds(b, c == 3 ? "\r\n" : " ");
		}
	}
	for (size_t i = 0; i < n; i++) {
		const char *f[4] = { g[i].name, g[i].type, g[i].sid, g[i].attributes };
		for (int c = 0; c < 4; c++)
			pad(b, f[c], w[c], c == 3);
		ivm_buf_adds(b, "\r\n");
	}
}

static void
prog_whoami(const struct ivm_lab_ctx *ctx, const struct argv *a, struct ivm_lab_run *run)
{
	bool groups = false, header = true;
	const char *fmt = "table";
	for (size_t i = 1; i < a->n; i++) {
		const char *t = a->tok[i];
		if (strcasecmp(t, "/groups") == 0)
			groups = true;
		else if (strcasecmp(t, "/nh") == 0)
			header = false;
		else if (strcasecmp(t, "/fo") == 0 && i + 1 < a->n)
			fmt = a->tok[++i];
		else {
			ivm_lab_run_adds(run, 0, IVM_STDERR,
			                 "ERROR: Invalid argument/option - '");
			ivm_lab_run_adds(run, 0, IVM_STDERR, t);
			ivm_lab_run_adds(run, 0, IVM_STDERR, "'.\r\nType \"WHOAMI /?\" for usage.\r\n");
			run->exit_code = 1;
			return;
		}
	}
	struct ivm_buf b = IVM_BUF_INIT;
	if (!groups) {
		char name[300];
		snprintf(name, sizeof(name), "%s", ivm_lab_account_name(ctx->who));
		for (char *p = name; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		ivm_buf_addf(&b, "%s\r\n", name);
	} else {
		size_t n = 0;
		struct ivm_lab_token_group *g = ivm_lab_token_groups(ctx->lab, ctx->host, ctx->who, &n);
		groups_out(&b, g, n, fmt, header);
		free(g);
	}
	ivm_lab_run_lines(run, 0, duration(ctx, "whoami"), IVM_STDOUT, b.data, b.len);
	ivm_buf_release(&b);
}

/* PowerShell's own error output, as CLIXML on a redirected stderr. */
static void
ps_error(struct ivm_lab_run *run, const char *text)
{
	struct ivm_buf b = IVM_BUF_INIT;
	ivm_buf_adds(&b, "#< CLIXML\r\n<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\"><S S=\"Error\">");
	for (const char *p = text; *p; p++) {
		if (*p == '<')
			ivm_buf_adds(&b, "&lt;");
		else if (*p == '&')
			ivm_buf_adds(&b, "&amp;");
		else if (*p == '\n')
			ivm_buf_adds(&b, "_x000D__x000A_");
		else
			ivm_buf_addc(&b, *p);
	}
	ivm_buf_adds(&b, "_x000D__x000A_</S></Objs>");
	ivm_lab_run_add(run, 0, IVM_STDERR, b.data, b.len);
	ivm_buf_release(&b);
	run->exit_code = 1;
}

static void
run_script(const struct ivm_lab_ctx *ctx, const char *script, struct ivm_lab_run *run)
{
	/* psrun puts "$ProgressPreference = ..." first; the contract header follows */
	if (ivm_lab_is_contract_script(script)) {
		ivm_lab_dispatch(ctx, script, run);
		return;
	}
	const char *body = script;
	const char *nl = strchr(script, '\n');
	if (nl && strncmp(script, "$ProgressPreference", 19) == 0)
		body = nl + 1;
	if (strcmp(body, ivm_psrun_loader + (strchr(ivm_psrun_loader, '\n') - ivm_psrun_loader) + 1) == 0) {
		run->wants_stdin = true;
		return;
	}
	size_t hl = strlen(ivm_psrun_gz_head), tl = strlen(ivm_psrun_gz_tail), n = strlen(script);
	if (n > hl + tl && strncmp(script, ivm_psrun_gz_head, hl) == 0 &&
	    strcmp(script + n - tl, ivm_psrun_gz_tail) == 0) {
		struct ivm_buf gz = IVM_BUF_INIT, text = IVM_BUF_INIT;
		if (ivm_b64_decode(&gz, script + hl, n - hl - tl) &&
		    ivm_gunzip(&text, gz.data, gz.len, IVM_LAB_MAX_SCRIPT))
			run_script(ctx, ivm_buf_str(&text), run);
		else
			ps_error(run, "Exception calling \"ReadToEnd\" with \"0\" argument(s): \"The magic number in GZip header is not correct.\"");
		ivm_buf_wipe(&gz);
		ivm_buf_wipe(&text);
		return;
	}
	ps_error(run, "The ipamvmm lab runs only ipamvmm operation-contract scripts "
	              "(first line '# ipamvmm op=<id> v=1'); this script is not one.");
}

static bool
flag_is(const char *tok, const char *full, size_t min)
{
	size_t l = strlen(tok);
	return (tok[0] == '-' || tok[0] == '/') && l - 1 >= min && l - 1 <= strlen(full) &&
	       strncasecmp(tok + 1, full, l - 1) == 0;
}

static void
prog_powershell(const struct ivm_lab_ctx *ctx, const struct argv *a, struct ivm_lab_run *run)
{
	const char *encoded = NULL;
	for (size_t i = 1; i < a->n; i++) {
		const char *t = a->tok[i];
		if (flag_is(t, "encodedcommand", 1) && i + 1 < a->n)
			encoded = a->tok[++i];
		else if (flag_is(t, "executionpolicy", 2) && i + 1 < a->n)
			i++;
		else if (flag_is(t, "noprofile", 3) || flag_is(t, "noninteractive", 4) ||
		         flag_is(t, "nologo", 3))
			continue;
		else if (flag_is(t, "inputformat", 2) || flag_is(t, "outputformat", 1))
			i++;
		else {
			ps_error(run, "The ipamvmm lab runs PowerShell only with -EncodedCommand.");
			return;
		}
	}
	if (encoded == NULL) {
		ps_error(run, "The ipamvmm lab runs PowerShell only with -EncodedCommand.");
		return;
	}
	struct ivm_buf raw = IVM_BUF_INIT, text = IVM_BUF_INIT;
	if (!ivm_b64_decode(&raw, encoded, strlen(encoded)) || !ivm_utf16le_to_utf8(&text, raw.data, raw.len))
		ps_error(run, "Cannot process the command because the value specified with -EncodedCommand is not properly encoded. The value must be Base64 encoded.");
	else
		run_script(ctx, ivm_buf_str(&text), run);
	ivm_buf_wipe(&raw);
	ivm_buf_wipe(&text);
}

void
ivm_lab_shell_start(const struct ivm_lab_ctx *ctx, const char *command, char *const *args,
                    size_t nargs, struct ivm_lab_run *run)
{
	memset(run, 0, sizeof(*run));
	/* WinRS hands cmd.exe one line: the command, then the arguments */
	struct ivm_buf line = IVM_BUF_INIT;
	ivm_buf_adds(&line, command);
	for (size_t i = 0; i < nargs; i++)
		ivm_buf_addf(&line, " %s", args[i]);
	if (!ctx->skip_cmd_shell && line.len > IVM_LAB_CMDLINE_MAX) {
		ivm_lab_run_adds(run, 0, IVM_STDERR, "The command line is too long.\r\n");
		run->exit_code = 1;
		ivm_buf_wipe(&line);
		return;
	}
	if (ctx->skip_cmd_shell && line.len > IVM_LAB_CREATEPROCESS_MAX) {
		run->too_long = true;
		ivm_buf_wipe(&line);
		return;
	}
	struct argv a;
	tokenize(ivm_buf_str(&line), &a);
	ivm_buf_wipe(&line);
	char name[128] = "";
	if (a.n > 0)
		program_name(a.tok[0], name, sizeof(name));
	/* "cmd /c LINE" runs LINE */
	if ((strcmp(name, "cmd") == 0) && a.n > 2 && strcasecmp(a.tok[1], "/c") == 0) {
		free(a.tok[0]);
		free(a.tok[1]);
		memmove(a.tok, a.tok + 2, (a.n - 2) * sizeof(a.tok[0]));
		a.n -= 2;
		program_name(a.tok[0], name, sizeof(name));
	}
	const struct program *p = NULL;
	for (size_t i = 0; i < IVM_COUNT(programs); i++)
		if (strcmp(name, programs[i].name) == 0)
			p = &programs[i];
	if (p) {
		p->run(ctx, &a, run);
	} else if (ctx->skip_cmd_shell) {
		run->not_found = true;
	} else {
		char msg[300];
		snprintf(msg, sizeof(msg),
		         "'%s' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n",
		         a.n ? a.tok[0] : "");
		ivm_lab_run_adds(run, 0, IVM_STDERR, msg);
		run->exit_code = 1;
	}
	argv_free(&a);
}

void
ivm_lab_shell_stdin(const struct ivm_lab_ctx *ctx, const char *data, size_t len, struct ivm_lab_run *run)
{
	run->wants_stdin = false;
	struct ivm_buf text = IVM_BUF_INIT;
	if (!ivm_b64_decode(&text, data, len)) {
		ps_error(run, "Exception calling \"FromBase64String\" with \"1\" argument(s): \"The input is not a valid Base-64 string.\"");
		return;
	}
	run_script(ctx, ivm_buf_str(&text), run);
	ivm_buf_wipe(&text);
}

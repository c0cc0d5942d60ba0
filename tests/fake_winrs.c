/* tests/fake_winrs.c: a testsrv handler that answers like a Windows WinRS endpoint, scriptable per test. */
#include "config.h"

#include "tests/fake_winrs.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <uuid/uuid.h>

#include "core/b64.h"
#include "core/buf.h"
#include "core/ivm.h"
#include "core/xalloc.h"

/* Prefixes and namespaces exactly as Windows declares them on its replies. */
#define NS_S   "http://www.w3.org/2003/05/soap-envelope"
#define NS_A   "http://schemas.xmlsoap.org/ws/2004/08/addressing"
#define NS_X   "http://schemas.xmlsoap.org/ws/2004/09/transfer"
#define NS_E   "http://schemas.xmlsoap.org/ws/2004/08/eventing"
#define NS_N   "http://schemas.xmlsoap.org/ws/2004/09/enumeration"
#define NS_W   "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"
#define NS_RSP "http://schemas.microsoft.com/wbem/wsman/1/windows/shell"
#define NS_P   "http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd"
#define NS_F   "http://schemas.microsoft.com/wbem/wsman/1/wsmanfault"

#define ANONYMOUS    NS_A "/role/anonymous"
#define CMD_URI      NS_RSP "/cmd"
#define STATE_URI    NS_RSP "/CommandState/"
#define TERMINATE    NS_RSP "/signal/terminate"
#define FAULT_ACTION "http://schemas.dmtf.org/wbem/wsman/1/wsman/fault"
#define FAULT_DETAIL "http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail/"
#define DEFAULT_MACHINE "fake.contoso.com"

/* Windows ends its fault texts with a space (two after "OperationTimeout."). */
#define MSG_INVALID_SELECTORS "The WS-Management service cannot process the request " \
	"because the request contained invalid selectors for the resource. "
#define MSG_NO_COMMAND "The Windows Remote Shell received a request to perform an " \
	"operation on a command identifier that does not exist. Either the command has " \
	"completed execution or the client specified an invalid command identifier. "
#define MSG_TIMED_OUT "The WS-Management service cannot complete the operation " \
	"within the time specified in OperationTimeout.  "
#define MSG_BAD_PARAMETER "The parameter is incorrect. "
#define MSG_BAD_ACTION "The WS-Management service cannot process the request. The " \
	"WS-Addressing action URI is invalid. Check the documentation for information on " \
	"how to construct an action URI. "

enum { HAS_X = 1, HAS_EN = 2, HAS_RSP = 4 };

static const struct {
	const char *prefix;
	const char *uri;
	unsigned need;
} envelope_ns[] = {
	{ "s", NS_S, 0 },
	{ "a", NS_A, 0 },
	{ "x", NS_X, HAS_X },
	{ "e", NS_E, HAS_EN },
	{ "n", NS_N, HAS_EN },
	{ "w", NS_W, 0 },
	{ "rsp", NS_RSP, HAS_RSP },
	{ "p", NS_P, 0 },
};

/* s:Code and w:FaultDetail that go with each subcode on Windows. */
static const struct {
	const char *subcode;
	const char *code;
	const char *detail;
} fault_kinds[] = {
	{ "w:TimedOut", "s:Receiver", NULL },
	{ "w:InternalError", "s:Receiver", NULL },
	{ "w:InvalidSelectors", "s:Sender", FAULT_DETAIL "UnexpectedSelectors" },
	{ "w:InvalidParameter", "s:Sender", FAULT_DETAIL "InvalidValue" },
	{ "a:ActionNotSupported", "s:Sender", NULL },
	{ "w:AccessDenied", "s:Sender", NULL },
	{ "w:QuotaLimit", "s:Sender", NULL },
};

struct shell {
	char id[40];
};

struct cmdstate {
	char id[128];
	char shell[40];
	const struct fake_cmd *cfg;
	unsigned timeouts;   /* TimedOut faults given */
	unsigned runs;       /* empty Running replies given */
	size_t next;         /* next stdout chunk */
	int done;
};

struct fake_priv {
	pthread_mutex_t mu;
	int forgotten;
	struct shell *shells;
	size_t nshells, capshells;
	struct cmdstate *cmds;
	size_t ncmds, capcmds;
};

/* One request being answered. */
struct call {
	struct fake_winrs *f;
	const struct ts_request *rq;
	struct ts_response *rs;
	xmlDoc *doc;
	const struct action *act;
	struct shell *sh;
	struct ivm_buf inner;    /* the s:Body content of a normal reply */
};

struct action {
	const char *uri;
	unsigned ns;             /* namespaces Windows declares on this reply */
	int shell_bound;
	size_t counter;          /* offset of the fake_winrs counter, or SIZE_MAX */
	int (*run)(struct call *c); /* 1: inner holds the reply body; 0: rs has a fault */
};

static const struct fake_cmd no_cmd;

/* --- small helpers ------------------------------------------------------ */

static void
xml_esc(struct ivm_buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&': ivm_buf_adds(b, "&amp;"); break;
		case '<': ivm_buf_adds(b, "&lt;"); break;
		case '>': ivm_buf_adds(b, "&gt;"); break;
		case '"': ivm_buf_adds(b, "&quot;"); break;
		default: ivm_buf_addc(b, *s); break;
		}
	}
}

static void
new_guid(char out[37])
{
	uuid_t u;
	uuid_generate_random(u);
	uuid_unparse_upper(u, out);
}

static const char *
machine_of(const struct fake_winrs *f)
{
	return f->machine != NULL ? f->machine : DEFAULT_MACHINE;
}

/* Room for one more element in a growable array. */
static void *
grow(void *p, size_t *cap, size_t n, size_t elem)
{
	if (n < *cap)
		return p;
	*cap = *cap ? *cap * 2 : 8;
	return ivm_xrealloc(p, *cap * elem);
}

/* --- reading the request ------------------------------------------------ */

static int
named(const xmlNode *n, const char *local)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, local) == 0;
}

typedef void (*el_fn)(xmlNode *n, void *arg);

static void
each_el(xmlNode *n, const char *local, el_fn fn, void *arg)
{
	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (named(n, local))
			fn(n, arg);
		each_el(n->children, local, fn, arg);
	}
}

static void
keep_first(xmlNode *n, void *arg)
{
	xmlNode **first = arg;
	if (*first == NULL)
		*first = n;
}

static xmlNode *
find_el(const struct call *c, const char *local)
{
	xmlNode *first = NULL;
	each_el(xmlDocGetRootElement(c->doc), local, keep_first, &first);
	return first;
}

static void
text_of(xmlNode *n, char *out, size_t size)
{
	out[0] = '\0';
	if (n == NULL)
		return;
	xmlChar *t = xmlNodeGetContent(n);
	if (t != NULL) {
		snprintf(out, size, "%s", (const char *)t);
		xmlFree(t);
	}
}

static int
attr_is(xmlNode *n, const char *attr, const char *value)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
	int same = v != NULL && strcasecmp((const char *)v, value) == 0;
	xmlFree(v);
	return same;
}

struct option_q {
	const char *name;
	xmlNode *found;
};

static void
match_option(xmlNode *n, void *arg)
{
	struct option_q *q = arg;
	if (q->found == NULL && attr_is(n, "Name", q->name))
		q->found = n;
}

static void
option_value(const struct call *c, const char *name, char *out, size_t size)
{
	struct option_q q = { name, NULL };
	each_el(xmlDocGetRootElement(c->doc), "Option", match_option, &q);
	text_of(q.found, out, size);
}

/* --- writing replies ---------------------------------------------------- */

static void
open_envelope(struct ivm_buf *b, unsigned ns, const char *action, const char *relates_to)
{
	char mid[37];
	new_guid(mid);
	ivm_buf_adds(b, "<s:Envelope xml:lang=\"en-US\"");
	for (size_t i = 0; i < IVM_COUNT(envelope_ns); i++)
		if ((envelope_ns[i].need & ns) == envelope_ns[i].need)
			ivm_buf_addf(b, " xmlns:%s=\"%s\"", envelope_ns[i].prefix,
			    envelope_ns[i].uri);
	ivm_buf_addf(b, "><s:Header><a:Action>%s</a:Action><a:MessageID>uuid:%s</a:MessageID>"
	    "<a:To>" ANONYMOUS "</a:To>", action, mid);
	if (relates_to != NULL && relates_to[0] != '\0') {
		ivm_buf_adds(b, "<a:RelatesTo>");
		xml_esc(b, relates_to);
		ivm_buf_adds(b, "</a:RelatesTo>");
	}
	ivm_buf_adds(b, "</s:Header><s:Body>");
}

static void
close_envelope(struct ivm_buf *b)
{
	ivm_buf_adds(b, "</s:Body></s:Envelope>");
}

/* inner_msg is already XML: Windows nests a ProviderFault there for some faults. */
static void
fault_envelope(struct ivm_buf *out, const char *relates_to, unsigned long code,
    const char *subcode, const char *machine, const char *reason, const char *inner_msg)
{
	const char *scode = "s:Receiver", *detail = NULL;
	for (size_t i = 0; i < IVM_COUNT(fault_kinds); i++) {
		if (strcmp(fault_kinds[i].subcode, subcode) == 0) {
			scode = fault_kinds[i].code;
			detail = fault_kinds[i].detail;
		}
	}
	open_envelope(out, HAS_X | HAS_EN, FAULT_ACTION, relates_to);
	ivm_buf_addf(out, "<s:Fault><s:Code><s:Value>%s</s:Value><s:Subcode><s:Value>",
	    scode);
	xml_esc(out, subcode);
	ivm_buf_adds(out, "</s:Value></s:Subcode></s:Code><s:Reason>"
	    "<s:Text xml:lang=\"en-US\">");
	xml_esc(out, reason);
	ivm_buf_adds(out, "</s:Text></s:Reason><s:Detail>");
	if (detail != NULL)
		ivm_buf_addf(out, "<w:FaultDetail>%s</w:FaultDetail>", detail);
	ivm_buf_addf(out, "<f:WSManFault xmlns:f=\"" NS_F "\" Code=\"%lu\" Machine=\"", code);
	xml_esc(out, machine);
	ivm_buf_addf(out, "\"><f:Message>%s</f:Message></f:WSManFault></s:Detail></s:Fault>",
	    inner_msg);
	close_envelope(out);
}

void
fake_winrs_fault(struct ivm_buf *out, const char *relates_to, unsigned long code,
    const char *subcode, const char *machine, const char *message)
{
	struct ivm_buf msg = IVM_BUF_INIT;
	xml_esc(&msg, message);
	fault_envelope(out, relates_to, code, subcode, machine, message, ivm_buf_str(&msg));
	ivm_buf_release(&msg);
}

void
fake_winrs_fault_no_shell(struct ivm_buf *out, const char *relates_to, const char *machine)
{
	struct ivm_buf msg = IVM_BUF_INIT;
	ivm_buf_adds(&msg, "<f:ProviderFault provider=\"Shell provider\" "
	    "path=\"%systemroot%\\system32\\WsmSvc.dll\"><f:WSManFault xmlns:f=\"" NS_F
	    "\" Code=\"2150858843\" Machine=\"");
	xml_esc(&msg, machine);
	ivm_buf_adds(&msg, "\"><f:Message>" MSG_INVALID_SELECTORS
	    "</f:Message></f:WSManFault></f:ProviderFault>");
	fault_envelope(out, relates_to, FAKE_FAULT_INVALID_SEL, "w:InvalidSelectors", machine,
	    MSG_INVALID_SELECTORS, ivm_buf_str(&msg));
	ivm_buf_release(&msg);
}

void
fake_winrs_fault_no_command(struct ivm_buf *out, const char *relates_to, const char *machine)
{
	fault_envelope(out, relates_to, FAKE_FAULT_INVALID_SEL, "w:InvalidSelectors", machine,
	    MSG_INVALID_SELECTORS, MSG_NO_COMMAND);
}

static int
fail(struct call *c, void (*build)(struct ivm_buf *, const char *, const char *))
{
	ivm_buf_clear(&c->rs->body);
	build(&c->rs->body, c->rq->message_id, machine_of(c->f));
	c->rs->status = 500;
	return 0;
}

static int
fail_code(struct call *c, unsigned long code, const char *subcode, const char *msg)
{
	ivm_buf_clear(&c->rs->body);
	fake_winrs_fault(&c->rs->body, c->rq->message_id, code, subcode, machine_of(c->f), msg);
	c->rs->status = 500;
	return 0;
}

static void
fault_bad_parameter(struct ivm_buf *out, const char *relates_to, const char *machine)
{
	fault_envelope(out, relates_to, FAKE_FAULT_BAD_PARAMETER, "w:InvalidParameter", machine,
	    MSG_BAD_PARAMETER, "<f:ProviderFault provider=\"Shell cmd plugin\" "
	    "path=\"%systemroot%\\system32\\winrscmd.dll\">" MSG_BAD_PARAMETER
	    "</f:ProviderFault>");
}

/* --- shells and commands ------------------------------------------------ */

static struct shell *
find_shell(struct fake_priv *p, const char *id)
{
	for (size_t i = 0; i < p->nshells; i++)
		if (id[0] != '\0' && strcmp(p->shells[i].id, id) == 0)
			return &p->shells[i];
	return NULL;
}

static struct cmdstate *
find_cmd(struct fake_priv *p, const char *shell, const char *id)
{
	for (size_t i = 0; i < p->ncmds; i++)
		if (strcmp(p->cmds[i].shell, shell) == 0 && strcmp(p->cmds[i].id, id) == 0)
			return &p->cmds[i];
	return NULL;
}

static void
drop_cmd(struct fake_priv *p, struct cmdstate *cs)
{
	size_t i = (size_t)(cs - p->cmds);
	memmove(&p->cmds[i], &p->cmds[i + 1], (p->ncmds - i - 1) * sizeof *p->cmds);
	p->ncmds--;
}

static void
drop_shell(struct fake_priv *p, struct shell *sh)
{
	for (size_t i = p->ncmds; i-- > 0; )
		if (strcmp(p->cmds[i].shell, sh->id) == 0)
			drop_cmd(p, &p->cmds[i]);
	size_t i = (size_t)(sh - p->shells);
	memmove(&p->shells[i], &p->shells[i + 1], (p->nshells - i - 1) * sizeof *p->shells);
	p->nshells--;
}

static void
forget_everything(struct fake_priv *p)
{
	p->nshells = 0;
	p->ncmds = 0;
	p->forgotten = 1;
}

/* --- the actions -------------------------------------------------------- */

static int
run_create(struct call *c)
{
	struct fake_winrs *f = c->f;
	struct fake_priv *p = f->priv;
	const struct ts_request *rq = c->rq;
	char id[37], in[64], out[64];

	new_guid(id);
	p->shells = grow(p->shells, &p->capshells, p->nshells, sizeof *p->shells);
	snprintf(p->shells[p->nshells++].id, sizeof p->shells[0].id, "%s", id);
	f->shells_created++;
	option_value(c, "WINRS_CODEPAGE", f->create_codepage, sizeof f->create_codepage);
	text_of(find_el(c, "InputStreams"), in, sizeof in);
	text_of(find_el(c, "OutputStreams"), out, sizeof out);

	const char *ruri = f->last_resource_uri[0] ? f->last_resource_uri : CMD_URI;
	struct ivm_buf *b = &c->inner;
	ivm_buf_addf(b, "<x:ResourceCreated><a:Address>%s://", rq->tls ? "https" : "http");
	xml_esc(b, rq->host[0] ? rq->host : "127.0.0.1");
	xml_esc(b, rq->url);
	ivm_buf_adds(b, "</a:Address><a:ReferenceParameters><w:ResourceURI>");
	xml_esc(b, ruri);
	ivm_buf_addf(b, "</w:ResourceURI><w:SelectorSet><w:Selector Name=\"ShellId\">%s"
	    "</w:Selector></w:SelectorSet></a:ReferenceParameters></x:ResourceCreated>"
	    "<rsp:Shell xmlns:rsp=\"" NS_RSP "\"><rsp:ShellId>%s</rsp:ShellId><rsp:ResourceUri>",
	    id, id);
	xml_esc(b, ruri);
	ivm_buf_adds(b, "</rsp:ResourceUri><rsp:Owner>");
	xml_esc(b, f->user != NULL ? f->user : "Administrator");
	ivm_buf_adds(b, "</rsp:Owner><rsp:ClientIP>");
	xml_esc(b, rq->client_ip);
	ivm_buf_adds(b, "</rsp:ClientIP><rsp:IdleTimeOut>PT7200.000S</rsp:IdleTimeOut>"
	    "<rsp:InputStreams>");
	xml_esc(b, in[0] ? in : "stdin");
	ivm_buf_adds(b, "</rsp:InputStreams><rsp:OutputStreams>");
	xml_esc(b, out[0] ? out : "stdout stderr");
	ivm_buf_adds(b, "</rsp:OutputStreams><rsp:ShellRunTime>P0DT0H0M0S</rsp:ShellRunTime>"
	    "<rsp:ShellInactivity>P0DT0H0M0S</rsp:ShellInactivity></rsp:Shell>");
	return 1;
}

static void
add_argument(xmlNode *n, void *arg)
{
	struct ivm_buf *b = arg;
	xmlChar *t = xmlNodeGetContent(n);
	if (b->len > 0)
		ivm_buf_addc(b, ' ');
	ivm_buf_adds(b, t != NULL ? (const char *)t : "");
	xmlFree(t);
}

static int
run_command(struct call *c)
{
	struct fake_winrs *f = c->f;
	struct fake_priv *p = f->priv;
	xmlNode *line = find_el(c, "CommandLine");
	struct ivm_buf args = IVM_BUF_INIT;

	text_of(find_el(c, "Command"), f->last_command, sizeof f->last_command);
	if (line != NULL)
		each_el(line->children, "Arguments", add_argument, &args);
	free(f->last_arguments);
	f->last_arguments = ivm_buf_steal(&args);

	p->cmds = grow(p->cmds, &p->capcmds, p->ncmds, sizeof *p->cmds);
	struct cmdstate *cs = &p->cmds[p->ncmds++];
	memset(cs, 0, sizeof *cs);
	/* MS-WSMV lets the client choose the id; Windows then uses it */
	xmlChar *want = line != NULL ? xmlGetProp(line, (const xmlChar *)"CommandId") : NULL;
	if (want != NULL && want[0] != '\0')
		snprintf(cs->id, sizeof cs->id, "%s", (const char *)want);
	else
		new_guid(cs->id);
	xmlFree(want);
	snprintf(cs->shell, sizeof cs->shell, "%s", c->sh->id);
	cs->cfg = f->commands_started < f->ncmds && f->commands_started < IVM_COUNT(f->cmds) ?
	    &f->cmds[f->commands_started] : &no_cmd;
	f->commands_started++;

	ivm_buf_adds(&c->inner, "<rsp:CommandResponse><rsp:CommandId>");
	xml_esc(&c->inner, cs->id);
	ivm_buf_adds(&c->inner, "</rsp:CommandId></rsp:CommandResponse>");
	return 1;
}

static void
stream_el(struct ivm_buf *b, const char *name, const char *cid, const char *data, int end)
{
	ivm_buf_addf(b, "<rsp:Stream Name=\"%s\" CommandId=\"", name);
	xml_esc(b, cid);
	ivm_buf_adds(b, end ? "\" End=\"true\">" : "\">");
	if (data != NULL)
		ivm_b64_encode(b, data, strlen(data));
	ivm_buf_adds(b, "</rsp:Stream>");
}

static void
state_el(struct ivm_buf *b, const char *cid, int done, int exit_code)
{
	ivm_buf_adds(b, "<rsp:CommandState CommandId=\"");
	xml_esc(b, cid);
	if (done)
		ivm_buf_addf(b, "\" State=\"" STATE_URI "Done\"><rsp:ExitCode>%d</rsp:ExitCode>"
		    "</rsp:CommandState>", exit_code);
	else
		ivm_buf_adds(b, "\" State=\"" STATE_URI "Running\"></rsp:CommandState>");
}

static size_t
nchunks(const struct fake_cmd *cfg)
{
	size_t n = 0;
	while (n < IVM_COUNT(cfg->stdout_chunks) && cfg->stdout_chunks[n] != NULL)
		n++;
	return n;
}

static void
receive_output(struct ivm_buf *b, struct cmdstate *cs)
{
	const struct fake_cmd *cfg = cs->cfg;
	size_t total = nchunks(cfg), n = total - cs->next;

	if (cfg->chunks_per_reply != 0 && n > cfg->chunks_per_reply)
		n = cfg->chunks_per_reply;
	for (size_t i = 0; i < n; i++)
		stream_el(b, "stdout", cs->id, cfg->stdout_chunks[cs->next + i], 0);
	cs->next += n;
	if (cs->next < total) {
		state_el(b, cs->id, 0, 0);
		return;
	}
	if (!cs->done && cfg->stderr_text != NULL && cfg->stderr_text[0] != '\0')
		stream_el(b, "stderr", cs->id, cfg->stderr_text, 0);
	stream_el(b, "stdout", cs->id, NULL, 1);
	stream_el(b, "stderr", cs->id, NULL, 1);
	state_el(b, cs->id, 1, cfg->exit_code);
	cs->done = 1;
}

static int
run_receive(struct call *c)
{
	const char *cid = c->rq->command_id;
	if (cid[0] == '\0')
		return fail(c, fault_bad_parameter);
	struct cmdstate *cs = find_cmd(c->f->priv, c->sh->id, cid);
	if (cs == NULL)
		return fail(c, fake_winrs_fault_no_command);
	if (cs->timeouts < cs->cfg->timeouts_first) {
		cs->timeouts++;
		return fail_code(c, FAKE_FAULT_TIMED_OUT, "w:TimedOut", MSG_TIMED_OUT);
	}
	ivm_buf_adds(&c->inner, "<rsp:ReceiveResponse>");
	if (cs->runs < cs->cfg->running_first) {
		cs->runs++;
		state_el(&c->inner, cs->id, 0, 0);
	} else {
		receive_output(&c->inner, cs);
	}
	ivm_buf_adds(&c->inner, "</rsp:ReceiveResponse>");
	return 1;
}

struct stdin_q {
	struct fake_winrs *f;
	int bad;
};

static void
take_stdin(xmlNode *n, void *arg)
{
	struct stdin_q *q = arg;
	if (!attr_is(n, "Name", "stdin"))
		return;
	xmlChar *t = xmlNodeGetContent(n);
	const char *s = t != NULL ? (const char *)t : "";
	if (!ivm_b64_decode(&q->f->stdin_data, s, strlen(s)))
		q->bad = 1;
	xmlFree(t);
	if (attr_is(n, "End", "true"))
		q->f->stdin_end_seen = 1;
}

static int
run_send(struct call *c)
{
	if (find_cmd(c->f->priv, c->sh->id, c->rq->command_id) == NULL)
		return fail(c, fake_winrs_fault_no_command);
	struct stdin_q q = { c->f, 0 };
	xmlNode *send = find_el(c, "Send");
	if (send != NULL)
		each_el(send->children, "Stream", take_stdin, &q);
	if (q.bad)
		return fail(c, fault_bad_parameter);
	ivm_buf_adds(&c->inner, "<rsp:SendResponse/>");
	return 1;
}

static int
run_signal(struct call *c)
{
	struct fake_winrs *f = c->f;
	text_of(find_el(c, "Code"), f->last_signal_code, sizeof f->last_signal_code);
	/* Windows answers a Signal for an unknown command id with a plain
	 * SignalResponse (recorded in winrs_bad_cmd_id.yml). */
	struct cmdstate *cs = find_cmd(f->priv, c->sh->id, c->rq->command_id);
	if (cs != NULL && strcmp(f->last_signal_code, TERMINATE) == 0)
		drop_cmd(f->priv, cs);
	ivm_buf_adds(&c->inner, "<rsp:SignalResponse/>");
	return 1;
}

static int
run_delete(struct call *c)
{
	drop_shell(c->f->priv, c->sh);
	c->f->shells_deleted++;
	return 1;
}

static const struct action actions[] = {
	{ NS_X "/Create", HAS_X | HAS_RSP, 0, SIZE_MAX, run_create },
	{ NS_X "/Delete", 0, 1, SIZE_MAX, run_delete },
	{ NS_RSP "/Command", HAS_X | HAS_RSP, 1, offsetof(struct fake_winrs, commands),
	  run_command },
	{ NS_RSP "/Receive", HAS_RSP, 1, offsetof(struct fake_winrs, receives), run_receive },
	{ NS_RSP "/Send", HAS_X | HAS_RSP, 1, offsetof(struct fake_winrs, sends), run_send },
	{ NS_RSP "/Signal", HAS_X | HAS_RSP, 1, offsetof(struct fake_winrs, signals),
	  run_signal },
};

/* --- dispatch ----------------------------------------------------------- */

static int
authorized(const struct fake_winrs *f, const struct ts_request *rq)
{
	if (f->user == NULL)
		return 1;
	const char *h = rq->authorization;
	if (strncasecmp(h, "Basic ", 6) != 0)
		return 0;
	h += 6;
	struct ivm_buf got = IVM_BUF_INIT, want = IVM_BUF_INIT;
	ivm_buf_addf(&want, "%s:%s", f->user, f->password != NULL ? f->password : "");
	int ok = ivm_b64_decode(&got, h, strlen(h)) && got.len == want.len &&
	    memcmp(got.data, want.data, got.len) == 0;
	ivm_buf_wipe(&got);
	ivm_buf_wipe(&want);
	return ok;
}

static void
bare_status(struct ts_response *rs, unsigned status)
{
	rs->status = status;
	rs->content_type[0] = '\0';
	ivm_buf_clear(&rs->body);
}

/* HTTP-level refusals come before WS-Management sees anything. */
static int
http_refused(struct fake_winrs *f, const struct ts_request *rq, struct ts_response *rs)
{
	if (strcmp(rq->url, "/wsman") != 0)
		bare_status(rs, 404);
	else if (strcmp(rq->method, "POST") != 0)
		bare_status(rs, 405);
	else if (!authorized(f, rq)) {
		bare_status(rs, 401);
		snprintf(rs->www_authenticate, sizeof rs->www_authenticate,
		    "Basic realm=\"WSMAN\"");
		f->auth_failures++;
	} else if (strncasecmp(rq->content_type, "application/soap+xml", 20) != 0)
		bare_status(rs, 415);
	else
		return 0;
	return 1;
}

static void
note_headers(struct call *c)
{
	struct fake_winrs *f = c->f;
	char env[32];
	text_of(find_el(c, "OperationTimeout"), f->last_op_timeout, sizeof f->last_op_timeout);
	text_of(find_el(c, "ResourceURI"), f->last_resource_uri, sizeof f->last_resource_uri);
	text_of(find_el(c, "MaxEnvelopeSize"), env, sizeof env);
	f->last_max_envelope = strtoul(env, NULL, 10);
}

static const struct action *
find_action(const char *uri)
{
	for (size_t i = 0; i < IVM_COUNT(actions); i++)
		if (strcmp(actions[i].uri, uri) == 0)
			return &actions[i];
	return NULL;
}

static void
dispatch(struct call *c)
{
	struct fake_winrs *f = c->f;
	const struct ts_request *rq = c->rq;

	if (f->forget_shell_at >= 0 && rq->index >= (unsigned)f->forget_shell_at &&
	    !f->priv->forgotten)
		forget_everything(f->priv);
	note_headers(c);
	snprintf(f->last_relates_to_sent, sizeof f->last_relates_to_sent, "%s", rq->message_id);

	c->act = find_action(rq->action);
	if (c->act == NULL) {
		fail_code(c, FAKE_FAULT_INVALID_ACTION, "a:ActionNotSupported", MSG_BAD_ACTION);
		return;
	}
	if (c->act->counter != SIZE_MAX)
		(*(unsigned *)(void *)((char *)f + c->act->counter))++;
	if (c->act->shell_bound) {
		c->sh = find_shell(f->priv, rq->shell_id);
		if (c->sh == NULL) {
			fail(c, fake_winrs_fault_no_shell);
			return;
		}
	}
	if (!c->act->run(c))
		return;
	char action[300];
	snprintf(action, sizeof action, "%sResponse", c->act->uri);
	ivm_buf_clear(&c->rs->body);
	open_envelope(&c->rs->body, c->act->ns, action, rq->message_id);
	ivm_buf_add(&c->rs->body, ivm_buf_str(&c->inner), c->inner.len);
	close_envelope(&c->rs->body);
}

static void
handle(struct fake_winrs *f, const struct ts_request *rq, struct ts_response *rs)
{
	if (http_refused(f, rq, rs))
		return;
	struct call c;
	memset(&c, 0, sizeof c);
	c.f = f;
	c.rq = rq;
	c.rs = rs;
	if (rq->body_len <= INT32_MAX)
		c.doc = xmlReadMemory(rq->body, (int)rq->body_len, "request.xml", NULL,
		    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (c.doc == NULL) {
		bare_status(rs, 400);
		return;
	}
	dispatch(&c);
	ivm_buf_release(&c.inner);
	xmlFreeDoc(c.doc);
}

static struct fake_inject *
find_inject(struct fake_winrs *f, unsigned index)
{
	for (size_t i = 0; i < f->ninject && i < IVM_COUNT(f->inject); i++)
		if (f->inject[i].at == index)
			return &f->inject[i];
	return NULL;
}

static void
apply_transport(const struct fake_inject *in, struct ts_response *rs)
{
	const struct ts_response *t = &in->reply_template;
	if (t->status != 0)
		rs->status = t->status;
	rs->mode = t->mode;
	rs->truncate_at = t->truncate_at;
	rs->delay_ms = t->delay_ms;
	if (t->content_type[0] != '\0')
		snprintf(rs->content_type, sizeof rs->content_type, "%s", t->content_type);
	if (t->www_authenticate[0] != '\0')
		snprintf(rs->www_authenticate, sizeof rs->www_authenticate, "%s",
		    t->www_authenticate);
}

static void
injected_reply(struct fake_winrs *f, const struct ts_request *rq, struct fake_inject *in,
    struct ts_response *rs)
{
	if (in->fault_code != 0) {
		fake_winrs_fault(&rs->body, rq->message_id, in->fault_code,
		    in->fault_subcode != NULL ? in->fault_subcode : "w:InternalError",
		    machine_of(f), in->fault_message != NULL ? in->fault_message : "");
		rs->status = 500;
		snprintf(f->last_relates_to_sent, sizeof f->last_relates_to_sent, "%s",
		    rq->message_id);
	} else {
		ivm_buf_adds(&rs->body, in->body);
	}
	apply_transport(in, rs);
}

void
fake_winrs_handler(void *ud, const struct ts_request *rq, struct ts_response *rs)
{
	struct fake_winrs *f = ud;
	pthread_mutex_lock(&f->priv->mu);
	f->requests++;
	struct fake_inject *in = find_inject(f, rq->index);
	if (in != NULL && !in->used) {
		in->used = 1;
		if (in->body != NULL || in->fault_code != 0) {
			injected_reply(f, rq, in, rs);
			pthread_mutex_unlock(&f->priv->mu);
			return;
		}
	} else {
		in = NULL;
	}
	handle(f, rq, rs);
	if (in != NULL)
		apply_transport(in, rs);
	pthread_mutex_unlock(&f->priv->mu);
}

void
fake_winrs_init(struct fake_winrs *f)
{
	memset(f, 0, sizeof *f);
	f->forget_shell_at = -1;
	f->priv = ivm_xcalloc(1, sizeof *f->priv);
	pthread_mutex_init(&f->priv->mu, NULL);
	xmlInitParser();
}

void
fake_winrs_release(struct fake_winrs *f)
{
	if (f->priv != NULL) {
		pthread_mutex_destroy(&f->priv->mu);
		free(f->priv->shells);
		free(f->priv->cmds);
		free(f->priv);
		f->priv = NULL;
	}
	ivm_buf_release(&f->stdin_data);
	free(f->last_arguments);
	f->last_arguments = NULL;
}

/* core/wsman_env.c: builds the SOAP envelopes of the WinRS operations a client sends. */
#include "config.h"

#include "core/wsman_env.h"

#include <stdio.h>
#include <libxml/tree.h>
#include <uuid/uuid.h>

#include "core/b64.h"
#include "core/ivm.h"
#include "core/wsman_ns.h"

struct ns_set {
	xmlNsPtr s, a, w, p, rsp;
};

typedef void (*body_fn)(xmlNodePtr body, const struct ns_set *ns, const struct ivm_wsman_msg *m);

static void body_create(xmlNodePtr, const struct ns_set *, const struct ivm_wsman_msg *);
static void body_command(xmlNodePtr, const struct ns_set *, const struct ivm_wsman_msg *);
static void body_send(xmlNodePtr, const struct ns_set *, const struct ivm_wsman_msg *);
static void body_receive(xmlNodePtr, const struct ns_set *, const struct ivm_wsman_msg *);
static void body_signal(xmlNodePtr, const struct ns_set *, const struct ivm_wsman_msg *);

/* What differs between the six messages: the rest of the header is common. */
static const struct op_row {
	const char *name;
	const char *doing;  /* for messages a person reads */
	const char *action;
	int has_shell;   /* ShellId selector */
	body_fn body;    /* NULL: empty body */
} ops[] = {
	[IVM_OP_CREATE] = { "Create", "opening a remote shell", IVM_ACTION_CREATE, 0, body_create },
	[IVM_OP_COMMAND] = { "Command", "starting the command", IVM_ACTION_COMMAND, 1, body_command },
	[IVM_OP_SEND] = { "Send", "sending the command's input", IVM_ACTION_SEND, 1, body_send },
	[IVM_OP_RECEIVE] = { "Receive", "reading the command's output", IVM_ACTION_RECEIVE, 1, body_receive },
	[IVM_OP_SIGNAL] = { "Signal", "ending the command", IVM_ACTION_SIGNAL, 1, body_signal },
	[IVM_OP_DELETE] = { "Delete", "closing the remote shell", IVM_ACTION_DELETE, 1, NULL },
};

const char *
ivm_wsman_op_action(enum ivm_wsman_op op)
{
	return ops[op].action;
}

const char *
ivm_wsman_op_name(enum ivm_wsman_op op)
{
	return ops[op].name;
}

const char *
ivm_wsman_op_doing(enum ivm_wsman_op op)
{
	return ops[op].doing;
}

void
ivm_wsman_new_id(char id[46])
{
	uuid_t u;
	char text[37];
	uuid_generate(u);
	uuid_unparse_upper(u, text);
	snprintf(id, 46, "uuid:%s", text);
}

static xmlNodePtr
child(xmlNodePtr parent, xmlNsPtr ns, const char *name, const char *text)
{
	return xmlNewTextChild(parent, ns, BAD_CAST name, BAD_CAST text);
}

static void
must_understand(xmlNodePtr n, const struct ns_set *ns, const char *value)
{
	xmlNewNsProp(n, ns->s, BAD_CAST "mustUnderstand", BAD_CAST value);
}

static void
option(xmlNodePtr set, const struct ns_set *ns, const char *name, const char *value)
{
	xmlNodePtr o = child(set, ns->w, "Option", value);
	xmlNewProp(o, BAD_CAST "Name", BAD_CAST name);
}

static void
header(xmlNodePtr h, const struct ns_set *ns, const struct ivm_wsman_msg *m)
{
	char num[32];
	const char *locale = m->locale ? m->locale : "en-US";

	child(h, ns->a, "To", m->to);
	xmlNodePtr reply = child(h, ns->a, "ReplyTo", NULL);
	must_understand(child(reply, ns->a, "Address", IVM_URI_ANONYMOUS), ns, "true");
	snprintf(num, sizeof(num), "%lu", m->max_envelope);
	must_understand(child(h, ns->w, "MaxEnvelopeSize", num), ns, "true");
	child(h, ns->a, "MessageID", m->message_id);
	xmlNodePtr loc = child(h, ns->w, "Locale", NULL);
	must_understand(loc, ns, "false");
	xmlNodeSetLang(loc, BAD_CAST locale);
	xmlNodePtr dloc = child(h, ns->p, "DataLocale", NULL);
	must_understand(dloc, ns, "false");
	xmlNodeSetLang(dloc, BAD_CAST locale);
	snprintf(num, sizeof(num), "PT%uS", m->op_timeout_s);
	child(h, ns->w, "OperationTimeout", num);
	must_understand(child(h, ns->w, "ResourceURI", IVM_URI_CMD_SHELL), ns, "true");
	must_understand(child(h, ns->a, "Action", ops[m->op].action), ns, "true");
	if (ops[m->op].has_shell) {
		xmlNodePtr set = child(h, ns->w, "SelectorSet", NULL);
		xmlNodePtr sel = child(set, ns->w, "Selector", m->shell_id);
		xmlNewProp(sel, BAD_CAST "Name", BAD_CAST "ShellId");
	}
	if (m->op == IVM_OP_CREATE) {
		xmlNodePtr set = child(h, ns->w, "OptionSet", NULL);
		must_understand(set, ns, "true");
		option(set, ns, "WINRS_NOPROFILE", m->noprofile ? "TRUE" : "FALSE");
		snprintf(num, sizeof(num), "%u", m->codepage);
		option(set, ns, "WINRS_CODEPAGE", num);
	} else if (m->op == IVM_OP_COMMAND) {
		xmlNodePtr set = child(h, ns->w, "OptionSet", NULL);
		option(set, ns, "WINRS_CONSOLEMODE_STDIN", "TRUE");
		option(set, ns, "WINRS_SKIP_CMD_SHELL", m->skip_cmd_shell ? "TRUE" : "FALSE");
	}
}

static void
body_create(xmlNodePtr body, const struct ns_set *ns, const struct ivm_wsman_msg *m)
{
	xmlNodePtr shell = child(body, ns->rsp, "Shell", NULL);
	child(shell, ns->rsp, "InputStreams", "stdin");
	child(shell, ns->rsp, "OutputStreams", "stdout stderr");
}

static void
body_command(xmlNodePtr body, const struct ns_set *ns, const struct ivm_wsman_msg *m)
{
	xmlNodePtr line = child(body, ns->rsp, "CommandLine", NULL);
	child(line, ns->rsp, "Command", m->command);
	for (size_t i = 0; i < m->nargs; i++)
		child(line, ns->rsp, "Arguments", m->args[i]);
}

static void
body_send(xmlNodePtr body, const struct ns_set *ns, const struct ivm_wsman_msg *m)
{
	struct ivm_buf b64 = IVM_BUF_INIT;
	ivm_b64_encode(&b64, m->data, m->len);
	xmlNodePtr send = child(body, ns->rsp, "Send", NULL);
	xmlNodePtr st = child(send, ns->rsp, "Stream", ivm_buf_str(&b64));
	xmlNewProp(st, BAD_CAST "Name", BAD_CAST "stdin");
	xmlNewProp(st, BAD_CAST "CommandId", BAD_CAST m->command_id);
	if (m->end)
		xmlNewProp(st, BAD_CAST "End", BAD_CAST "true");
	ivm_buf_release(&b64);
}

static void
body_receive(xmlNodePtr body, const struct ns_set *ns, const struct ivm_wsman_msg *m)
{
	xmlNodePtr rc = child(body, ns->rsp, "Receive", NULL);
	xmlNodePtr ds = child(rc, ns->rsp, "DesiredStream", "stdout stderr");
	xmlNewProp(ds, BAD_CAST "CommandId", BAD_CAST m->command_id);
}

static void
body_signal(xmlNodePtr body, const struct ns_set *ns, const struct ivm_wsman_msg *m)
{
	xmlNodePtr sig = child(body, ns->rsp, "Signal", NULL);
	xmlNewProp(sig, BAD_CAST "CommandId", BAD_CAST m->command_id);
	child(sig, ns->rsp, "Code", m->signal_code ? m->signal_code : IVM_SIGNAL_TERMINATE);
}

void
ivm_wsman_build(struct ivm_buf *out, const struct ivm_wsman_msg *m)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr env = xmlNewNode(NULL, BAD_CAST "Envelope");
	xmlDocSetRootElement(doc, env);
	struct ns_set ns = {
		.s = xmlNewNs(env, BAD_CAST IVM_NS_SOAP, BAD_CAST "s"),
		.a = xmlNewNs(env, BAD_CAST IVM_NS_ADDR, BAD_CAST "a"),
		.w = xmlNewNs(env, BAD_CAST IVM_NS_WSMAN, BAD_CAST "w"),
		.p = xmlNewNs(env, BAD_CAST IVM_NS_MSWSMAN, BAD_CAST "p"),
		.rsp = xmlNewNs(env, BAD_CAST IVM_NS_SHELL, BAD_CAST "rsp"),
	};
	xmlSetNs(env, ns.s);
	header(child(env, ns.s, "Header", NULL), &ns, m);
	xmlNodePtr body = child(env, ns.s, "Body", NULL);
	if (ops[m->op].body)
		ops[m->op].body(body, &ns, m);

	xmlChar *mem = NULL;
	int len = 0;
	xmlDocDumpMemoryEnc(doc, &mem, &len, "UTF-8");
	ivm_buf_add(out, mem, (size_t)len);
	xmlFree(mem);
	xmlFreeDoc(doc);
}

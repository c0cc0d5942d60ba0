/* core/lab/wsreply.c: builds WinRS replies the way Windows writes them (prefixes, order, faults). */
#include "config.h"

#include "core/lab/wsreply.h"

#include <stdio.h>
#include <string.h>
#include <libxml/tree.h>

#include "core/b64.h"
#include "core/ivm.h"
#include "core/wsman_env.h"
#include "core/wsman_ns.h"

struct doc {
	xmlDocPtr doc;
	xmlNodePtr body;
	xmlNsPtr s, a, x, w, rsp, f;
};

/* Subcodes Windows sends as the client's fault (s:Sender); the rest are s:Receiver. */
static const char *const sender_subcodes[] = {
	"w:InvalidSelectors", "a:ActionNotSupported", "w:SchemaValidationError",
	"w:InvalidOptions", "w:InvalidTimeout", "w:EncodingLimit", "w:AccessDenied",
};

static void
open_doc(struct doc *d, const char *action, const char *relates_to)
{
	char id[46];
	d->doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr env = xmlNewNode(NULL, BAD_CAST "Envelope");
	xmlDocSetRootElement(d->doc, env);
	xmlNodeSetLang(env, BAD_CAST "en-US");
	d->s = xmlNewNs(env, BAD_CAST IVM_NS_SOAP, BAD_CAST "s");
	d->a = xmlNewNs(env, BAD_CAST IVM_NS_ADDR, BAD_CAST "a");
	d->x = xmlNewNs(env, BAD_CAST IVM_NS_XFER, BAD_CAST "x");
	d->w = xmlNewNs(env, BAD_CAST IVM_NS_WSMAN, BAD_CAST "w");
	d->rsp = xmlNewNs(env, BAD_CAST IVM_NS_SHELL, BAD_CAST "rsp");
	xmlNewNs(env, BAD_CAST IVM_NS_MSWSMAN, BAD_CAST "p");
	xmlSetNs(env, d->s);
	xmlNodePtr h = xmlNewChild(env, d->s, BAD_CAST "Header", NULL);
	xmlNewTextChild(h, d->a, BAD_CAST "Action", BAD_CAST action);
	ivm_wsman_new_id(id);
	xmlNewTextChild(h, d->a, BAD_CAST "MessageID", BAD_CAST id);
	xmlNewTextChild(h, d->a, BAD_CAST "To", BAD_CAST IVM_URI_ANONYMOUS);
	if (relates_to && relates_to[0])
		xmlNewTextChild(h, d->a, BAD_CAST "RelatesTo", BAD_CAST relates_to);
	d->body = xmlNewChild(env, d->s, BAD_CAST "Body", NULL);
}

static void
close_doc(struct doc *d, struct ivm_buf *out)
{
	/* Windows sends no XML declaration */
	xmlBufferPtr b = xmlBufferCreate();
	xmlNodeDump(b, d->doc, xmlDocGetRootElement(d->doc), 0, 0);
	ivm_buf_add(out, xmlBufferContent(b), (size_t)xmlBufferLength(b));
	xmlBufferFree(b);
	xmlFreeDoc(d->doc);
}

static char *
response_action(char *buf, size_t size, const char *action)
{
	snprintf(buf, size, "%sResponse", action);
	return buf;
}

void
ivm_wsreply_create(struct ivm_buf *out, const char *relates_to, const char *address,
                   const char *shell_id, const char *owner, const char *client_ip)
{
	struct doc d;
	char act[300];
	open_doc(&d, response_action(act, sizeof(act), IVM_ACTION_CREATE), relates_to);
	xmlNodePtr rc = xmlNewChild(d.body, d.x, BAD_CAST "ResourceCreated", NULL);
	xmlNewTextChild(rc, d.a, BAD_CAST "Address", BAD_CAST address);
	xmlNodePtr rp = xmlNewChild(rc, d.a, BAD_CAST "ReferenceParameters", NULL);
	xmlNewTextChild(rp, d.w, BAD_CAST "ResourceURI", BAD_CAST IVM_URI_CMD_SHELL);
	xmlNodePtr set = xmlNewChild(rp, d.w, BAD_CAST "SelectorSet", NULL);
	xmlNodePtr sel = xmlNewTextChild(set, d.w, BAD_CAST "Selector", BAD_CAST shell_id);
	xmlNewProp(sel, BAD_CAST "Name", BAD_CAST "ShellId");
	xmlNodePtr sh = xmlNewChild(d.body, d.rsp, BAD_CAST "Shell", NULL);
	xmlNewTextChild(sh, d.rsp, BAD_CAST "ShellId", BAD_CAST shell_id);
	xmlNewTextChild(sh, d.rsp, BAD_CAST "ResourceUri", BAD_CAST IVM_URI_CMD_SHELL);
	xmlNewTextChild(sh, d.rsp, BAD_CAST "Owner", BAD_CAST owner);
	xmlNewTextChild(sh, d.rsp, BAD_CAST "ClientIP", BAD_CAST client_ip);
	xmlNewTextChild(sh, d.rsp, BAD_CAST "IdleTimeOut", BAD_CAST "PT7200.000S");
	xmlNewTextChild(sh, d.rsp, BAD_CAST "InputStreams", BAD_CAST "stdin");
	xmlNewTextChild(sh, d.rsp, BAD_CAST "OutputStreams", BAD_CAST "stdout stderr");
	xmlNewTextChild(sh, d.rsp, BAD_CAST "ShellRunTime", BAD_CAST "P0DT0H0M0S");
	xmlNewTextChild(sh, d.rsp, BAD_CAST "ShellInactivity", BAD_CAST "P0DT0H0M0S");
	close_doc(&d, out);
}

void
ivm_wsreply_command(struct ivm_buf *out, const char *relates_to, const char *command_id)
{
	struct doc d;
	char act[300];
	open_doc(&d, response_action(act, sizeof(act), IVM_ACTION_COMMAND), relates_to);
	xmlNodePtr cr = xmlNewChild(d.body, d.rsp, BAD_CAST "CommandResponse", NULL);
	xmlNewTextChild(cr, d.rsp, BAD_CAST "CommandId", BAD_CAST command_id);
	close_doc(&d, out);
}

void
ivm_wsreply_empty(struct ivm_buf *out, const char *relates_to, const char *action)
{
	struct doc d;
	char act[300];
	open_doc(&d, response_action(act, sizeof(act), action), relates_to);
	if (strcmp(action, IVM_ACTION_SIGNAL) == 0)
		xmlNewChild(d.body, d.rsp, BAD_CAST "SignalResponse", NULL);
	else if (strcmp(action, IVM_ACTION_SEND) == 0)
		xmlNewChild(d.body, d.rsp, BAD_CAST "SendResponse", NULL);
	close_doc(&d, out);
}

static void
stream(struct doc *d, xmlNodePtr parent, const char *name, const char *cid, const char *data,
       size_t len, bool end)
{
	struct ivm_buf b64 = IVM_BUF_INIT;
	ivm_b64_encode(&b64, data, len);
	xmlNodePtr st = xmlNewTextChild(parent, d->rsp, BAD_CAST "Stream", BAD_CAST ivm_buf_str(&b64));
	xmlNewProp(st, BAD_CAST "Name", BAD_CAST name);
	xmlNewProp(st, BAD_CAST "CommandId", BAD_CAST cid);
	if (end)
		xmlNewProp(st, BAD_CAST "End", BAD_CAST "true");
	ivm_buf_release(&b64);
}

void
ivm_wsreply_receive(struct ivm_buf *out, const char *relates_to, const char *command_id,
                    const struct ivm_wsreply_chunk *chunks, size_t n, bool done, long exit_code)
{
	static const char *const names[] = { "stdout", "stderr" };
	struct doc d;
	char act[300];
	open_doc(&d, response_action(act, sizeof(act), IVM_ACTION_RECEIVE), relates_to);
	xmlNodePtr rr = xmlNewChild(d.body, d.rsp, BAD_CAST "ReceiveResponse", NULL);
	for (size_t i = 0; i < n; i++)
		stream(&d, rr, names[chunks[i].stream], command_id, chunks[i].data, chunks[i].len, false);
	if (done) {
		stream(&d, rr, "stdout", command_id, "", 0, true);
		stream(&d, rr, "stderr", command_id, "", 0, true);
	}
	xmlNodePtr cs = xmlNewChild(rr, d.rsp, BAD_CAST "CommandState", NULL);
	xmlNewProp(cs, BAD_CAST "CommandId", BAD_CAST command_id);
	xmlNewProp(cs, BAD_CAST "State", BAD_CAST(done ? IVM_STATE_DONE : IVM_STATE_RUNNING));
	if (done) {
		char num[32];
		snprintf(num, sizeof(num), "%ld", exit_code);
		xmlNewTextChild(cs, d.rsp, BAD_CAST "ExitCode", BAD_CAST num);
	}
	close_doc(&d, out);
}

void
ivm_wsreply_fault(struct ivm_buf *out, const char *relates_to, unsigned long code,
                  const char *subcode, const char *machine, const char *message)
{
	struct doc d;
	char num[32];
	open_doc(&d, IVM_ACTION_FAULT, relates_to);
	const char *side = "s:Receiver";
	for (size_t i = 0; i < IVM_COUNT(sender_subcodes); i++)
		if (strcmp(subcode, sender_subcodes[i]) == 0)
			side = "s:Sender";
	xmlNodePtr f = xmlNewChild(d.body, d.s, BAD_CAST "Fault", NULL);
	xmlNodePtr c = xmlNewChild(f, d.s, BAD_CAST "Code", NULL);
	xmlNewTextChild(c, d.s, BAD_CAST "Value", BAD_CAST side);
	xmlNodePtr sc = xmlNewChild(c, d.s, BAD_CAST "Subcode", NULL);
	xmlNewTextChild(sc, d.s, BAD_CAST "Value", BAD_CAST subcode);
	xmlNodePtr r = xmlNewChild(f, d.s, BAD_CAST "Reason", NULL);
	xmlNodePtr t = xmlNewTextChild(r, d.s, BAD_CAST "Text", BAD_CAST message);
	xmlNodeSetLang(t, BAD_CAST "en-US");
	xmlNodePtr det = xmlNewChild(f, d.s, BAD_CAST "Detail", NULL);
	xmlNodePtr wf = xmlNewChild(det, NULL, BAD_CAST "WSManFault", NULL);
	xmlNsPtr fns = xmlNewNs(wf, BAD_CAST IVM_NS_FAULT, BAD_CAST "f");
	xmlSetNs(wf, fns);
	snprintf(num, sizeof(num), "%lu", code);
	xmlNewProp(wf, BAD_CAST "Code", BAD_CAST num);
	xmlNewProp(wf, BAD_CAST "Machine", BAD_CAST machine);
	xmlNewTextChild(wf, fns, BAD_CAST "Message", BAD_CAST message);
	close_doc(&d, out);
}

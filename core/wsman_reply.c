/* core/wsman_reply.c: parses what a WinRM server answers: ids, streams, command state, faults. */
#include "config.h"

#include "core/wsman_reply.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "core/b64.h"
#include "core/ivm.h"
#include "core/xml.h"
#include "core/wsman_ns.h"


/* Text content with runs of white space folded to one space and trimmed. */
static void
parse_header(xmlNodePtr hdr, struct ivm_wsman_reply *r)
{
	ivm_xml_text(r->action, sizeof(r->action), ivm_xml_child(hdr, IVM_NS_ADDR, "Action"), true);
	ivm_xml_text(r->message_id, sizeof(r->message_id), ivm_xml_child(hdr, IVM_NS_ADDR, "MessageID"), true);
	ivm_xml_text(r->relates_to, sizeof(r->relates_to), ivm_xml_child(hdr, IVM_NS_ADDR, "RelatesTo"), true);
}

static void
parse_created(xmlNodePtr body, struct ivm_wsman_reply *r)
{
	/* Windows 2012+ also sends rsp:Shell/rsp:ShellId; older ones only the selector. */
	xmlNodePtr rc = ivm_xml_child(body, IVM_NS_XFER, "ResourceCreated");
	xmlNodePtr refp = ivm_xml_child(rc, IVM_NS_ADDR, "ReferenceParameters");
	xmlNodePtr set = ivm_xml_child(refp, IVM_NS_WSMAN, "SelectorSet");
	for (xmlNodePtr s = set ? set->children : NULL; s; s = s->next) {
		char name[32];
		if (!ivm_xml_is(s, IVM_NS_WSMAN, "Selector"))
			continue;
		ivm_xml_attr(name, sizeof(name), s, "Name");
		if (strcmp(name, "ShellId") == 0)
			ivm_xml_text(r->shell_id, sizeof(r->shell_id), s, true);
	}
	if (r->shell_id[0] == '\0')
		ivm_xml_text(r->shell_id, sizeof(r->shell_id),
		          ivm_xml_child(ivm_xml_child(body, IVM_NS_SHELL, "Shell"), IVM_NS_SHELL, "ShellId"), true);
}

static int
parse_stream(xmlNodePtr st, const char *want, struct ivm_wsman_reply *r, struct ivm_err *err)
{
	char name[16], cid[128], end[8];
	ivm_xml_attr(name, sizeof(name), st, "Name");
	ivm_xml_attr(cid, sizeof(cid), st, "CommandId");
	ivm_xml_attr(end, sizeof(end), st, "End");
	if (want && cid[0] && strcasecmp(cid, want) != 0)
		return 0;
	int which = strcmp(name, "stdout") == 0 ? IVM_STDOUT :
	            strcmp(name, "stderr") == 0 ? IVM_STDERR : -1;
	if (which < 0)
		return 0;
	xmlChar *t = xmlNodeGetContent(st);
	bool ok = t == NULL || ivm_b64_decode(&r->stream[which], (const char *)t, strlen((const char *)t));
	xmlFree(t);
	if (!ok) {
		ivm_err_set(err, IVM_E_MALFORMED, "reading the command's output",
		            "Run the command again; if it keeps happening, capture the exchange with --transcript and report it.",
		            "the server sent a %s stream that is not valid base64", name);
		return -1;
	}
	if (strcmp(end, "true") == 0 || strcmp(end, "True") == 0)
		r->stream_end[which] = true;
	return 0;
}

static int
parse_receive(xmlNodePtr body, const char *want, struct ivm_wsman_reply *r, struct ivm_err *err)
{
	xmlNodePtr rr = ivm_xml_child(body, IVM_NS_SHELL, "ReceiveResponse");
	for (xmlNodePtr c = rr ? rr->children : NULL; c; c = c->next) {
		if (ivm_xml_is(c, IVM_NS_SHELL, "Stream")) {
			if (parse_stream(c, want, r, err) < 0)
				return -1;
		} else if (ivm_xml_is(c, IVM_NS_SHELL, "CommandState")) {
			char state[256], cid[128];
			ivm_xml_attr(cid, sizeof(cid), c, "CommandId");
			if (want && cid[0] && strcasecmp(cid, want) != 0)
				continue;
			ivm_xml_attr(state, sizeof(state), c, "State");
			r->has_state = true;
			r->done = strcmp(state, IVM_STATE_DONE) == 0;
			xmlNodePtr ec = ivm_xml_child(c, IVM_NS_SHELL, "ExitCode");
			if (ec) {
				char num[32], *end;
				ivm_xml_text(num, sizeof(num), ec, true);
				errno = 0;
				long v = strtol(num, &end, 10);
				if (num[0] && *end == '\0' && errno == 0) {
					r->has_exit_code = true;
					r->exit_code = v;
				}
			}
		}
	}
	return 0;
}

static void
parse_fault(xmlNodePtr fault, struct ivm_wsman_reply *r)
{
	struct ivm_wsman_fault *f = &r->fault;
	r->is_fault = true;
	xmlNodePtr code = ivm_xml_child(fault, IVM_NS_SOAP, "Code");
	ivm_xml_text(f->code, sizeof(f->code), ivm_xml_child(code, IVM_NS_SOAP, "Value"), true);
	ivm_xml_text(f->subcode, sizeof(f->subcode),
	          ivm_xml_child(ivm_xml_child(code, IVM_NS_SOAP, "Subcode"), IVM_NS_SOAP, "Value"), true);
	ivm_xml_text(f->reason, sizeof(f->reason),
	          ivm_xml_child(ivm_xml_child(fault, IVM_NS_SOAP, "Reason"), IVM_NS_SOAP, "Text"), true);
	xmlNodePtr wf = ivm_xml_child(ivm_xml_child(fault, IVM_NS_SOAP, "Detail"), IVM_NS_FAULT, "WSManFault");
	if (wf == NULL)
		return;
	char num[32], *end;
	ivm_xml_attr(num, sizeof(num), wf, "Code");
	errno = 0;
	unsigned long v = strtoul(num, &end, 10);
	if (num[0] && *end == '\0' && errno == 0) {
		f->has_wsman_code = true;
		f->wsman_code = v;
	}
	ivm_xml_attr(f->machine, sizeof(f->machine), wf, "Machine");
	ivm_xml_text(f->message, sizeof(f->message), ivm_xml_child(wf, IVM_NS_FAULT, "Message"), true);
}

int
ivm_wsman_parse(const char *xml, size_t len, const char *want_command_id,
                struct ivm_wsman_reply *r, struct ivm_err *err)
{
	memset(r, 0, sizeof(*r));
	if (len > (size_t)INT32_MAX) {
		ivm_err_set(err, IVM_E_TOOBIG, "reading the server's reply",
		            "Check that the URL names a WinRM listener; no WinRM reply is this large.",
		            "the reply is larger than any WinRM reply can be");
		return -1;
	}
	xmlDocPtr doc = ivm_xml_read(xml, len, "reply.xml");
	xmlNodePtr env = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!ivm_xml_is(env, IVM_NS_SOAP, "Envelope")) {
		ivm_err_set(err, IVM_E_MALFORMED, "reading the server's reply",
		            "Check that the URL names a WinRM listener (http://HOST:5985/wsman or https://HOST:5986/wsman) and not another web server.",
		            doc ? "the reply is XML but not a SOAP 1.2 envelope" :
		                  "the reply is not well-formed XML");
		xmlFreeDoc(doc);
		return -1;
	}
	parse_header(ivm_xml_child(env, IVM_NS_SOAP, "Header"), r);
	xmlNodePtr body = ivm_xml_child(env, IVM_NS_SOAP, "Body");
	xmlNodePtr fault = ivm_xml_child(body, IVM_NS_SOAP, "Fault");
	int rc = 0;
	if (fault) {
		parse_fault(fault, r);
	} else {
		parse_created(body, r);
		ivm_xml_text(r->command_id, sizeof(r->command_id),
		          ivm_xml_child(ivm_xml_child(body, IVM_NS_SHELL, "CommandResponse"), IVM_NS_SHELL, "CommandId"), true);
		rc = parse_receive(body, want_command_id, r, err);
	}
	xmlFreeDoc(doc);
	if (rc < 0)
		ivm_wsman_reply_release(r);
	return rc;
}

void
ivm_wsman_reply_release(struct ivm_wsman_reply *r)
{
	ivm_buf_release(&r->stream[0]);
	ivm_buf_release(&r->stream[1]);
}

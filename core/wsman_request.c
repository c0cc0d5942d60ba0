/* core/wsman_request.c: parses a WS-Management/WinRS request: the server's side of the wire (the lab), and the transcript. */
#include "config.h"

#include "core/wsman_request.h"

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
#include "core/xalloc.h"


static const struct {
	const char *action;
	enum ivm_wsreq_op op;
} actions[] = {
	{ IVM_ACTION_CREATE, IVM_WSREQ_CREATE },
	{ IVM_ACTION_COMMAND, IVM_WSREQ_COMMAND },
	{ IVM_ACTION_SEND, IVM_WSREQ_SEND },
	{ IVM_ACTION_RECEIVE, IVM_WSREQ_RECEIVE },
	{ IVM_ACTION_SIGNAL, IVM_WSREQ_SIGNAL },
	{ IVM_ACTION_DELETE, IVM_WSREQ_DELETE },
};

/* "PT20S", "PT20.000S", "PT1M30S": the forms clients send. */
static long
duration_ms(const char *s)
{
	if (strncmp(s, "PT", 2) != 0)
		return -1;
	double total = 0;
	const char *p = s + 2;
	while (*p) {
		char *end;
		double v = strtod(p, &end);
		if (end == p)
			return -1;
		if (*end == 'H')
			total += v * 3600;
		else if (*end == 'M')
			total += v * 60;
		else if (*end == 'S')
			total += v;
		else
			return -1;
		p = end + 1;
	}
	return total > 1e9 ? -1 : (long)(total * 1000);
}

static void
parse_header(xmlNodePtr h, struct ivm_wsreq *rq)
{
	char num[64];
	ivm_xml_text(rq->action, sizeof(rq->action), ivm_xml_child(h, IVM_NS_ADDR, "Action"), false);
	ivm_xml_text(rq->message_id, sizeof(rq->message_id), ivm_xml_child(h, IVM_NS_ADDR, "MessageID"), false);
	ivm_xml_text(rq->resource_uri, sizeof(rq->resource_uri), ivm_xml_child(h, IVM_NS_WSMAN, "ResourceURI"), false);
	ivm_xml_text(num, sizeof(num), ivm_xml_child(h, IVM_NS_WSMAN, "MaxEnvelopeSize"), false);
	rq->max_envelope = strtoul(num, NULL, 10);
	ivm_xml_text(num, sizeof(num), ivm_xml_child(h, IVM_NS_WSMAN, "OperationTimeout"), false);
	rq->op_timeout_ms = num[0] ? duration_ms(num) : -1;
	xmlNodePtr set = ivm_xml_child(h, IVM_NS_WSMAN, "SelectorSet");
	for (xmlNodePtr s = set ? set->children : NULL; s; s = s->next) {
		char name[32];
		ivm_xml_attr(name, sizeof(name), s, "Name");
		if (ivm_xml_is(s, IVM_NS_WSMAN, "Selector") && strcasecmp(name, "ShellId") == 0)
			ivm_xml_text(rq->shell_id, sizeof(rq->shell_id), s, false);
	}
	xmlNodePtr opts = ivm_xml_child(h, IVM_NS_WSMAN, "OptionSet");
	for (xmlNodePtr o = opts ? opts->children : NULL; o; o = o->next) {
		if (!ivm_xml_is(o, IVM_NS_WSMAN, "Option") || rq->noptions == IVM_WSREQ_MAX_OPTIONS)
			continue;
		struct ivm_wsreq_option *opt = &rq->options[rq->noptions++];
		ivm_xml_attr(opt->name, sizeof(opt->name), o, "Name");
		ivm_xml_text(opt->value, sizeof(opt->value), o, false);
	}
}

static int
parse_body(xmlNodePtr body, struct ivm_wsreq *rq, struct ivm_err *err)
{
	switch (rq->op) {
	case IVM_WSREQ_COMMAND: {
		xmlNodePtr line = ivm_xml_child(body, IVM_NS_SHELL, "CommandLine");
		xmlNodePtr cmd = ivm_xml_child(line, IVM_NS_SHELL, "Command");
		xmlChar *t = cmd ? xmlNodeGetContent(cmd) : NULL;
		rq->command = ivm_xstrdup(t ? (const char *)t : "");
		xmlFree(t);
		for (xmlNodePtr a = line ? line->children : NULL; a; a = a->next) {
			if (!ivm_xml_is(a, IVM_NS_SHELL, "Arguments"))
				continue;
			if (rq->nargs == IVM_WSREQ_MAX_ARGS) {
				ivm_err_set(err, IVM_E_MALFORMED, "reading a Command", "Send requests as MS-WSMV describes them; the lab answers this one with a WSManFault.", "more than %d arguments",
				            IVM_WSREQ_MAX_ARGS);
				return -1;
			}
			xmlChar *v = xmlNodeGetContent(a);
			rq->args[rq->nargs++] = ivm_xstrdup(v ? (const char *)v : "");
			xmlFree(v);
		}
		return 0;
	}
	case IVM_WSREQ_RECEIVE:
		ivm_xml_attr(rq->command_id, sizeof(rq->command_id),
		          ivm_xml_child(ivm_xml_child(body, IVM_NS_SHELL, "Receive"), IVM_NS_SHELL, "DesiredStream"), "CommandId");
		return 0;
	case IVM_WSREQ_SIGNAL: {
		xmlNodePtr sig = ivm_xml_child(body, IVM_NS_SHELL, "Signal");
		ivm_xml_attr(rq->command_id, sizeof(rq->command_id), sig, "CommandId");
		ivm_xml_text(rq->signal_code, sizeof(rq->signal_code), ivm_xml_child(sig, IVM_NS_SHELL, "Code"), false);
		return 0;
	}
	case IVM_WSREQ_SEND: {
		xmlNodePtr send = ivm_xml_child(body, IVM_NS_SHELL, "Send");
		for (xmlNodePtr st = send ? send->children : NULL; st; st = st->next) {
			char end[8];
			if (!ivm_xml_is(st, IVM_NS_SHELL, "Stream"))
				continue;
			ivm_xml_attr(rq->command_id, sizeof(rq->command_id), st, "CommandId");
			ivm_xml_attr(end, sizeof(end), st, "End");
			rq->stdin_end |= strcasecmp(end, "true") == 0;
			xmlChar *t = xmlNodeGetContent(st);
			bool ok = t == NULL || ivm_b64_decode(&rq->stdin_data, (const char *)t, strlen((const char *)t));
			xmlFree(t);
			if (!ok) {
				ivm_err_set(err, IVM_E_MALFORMED, "reading a Send", "Send requests as MS-WSMV describes them; the lab answers this one with a WSManFault.",
				            "the stdin stream is not base64");
				return -1;
			}
		}
		return 0;
	}
	default:
		return 0;
	}
}

int
ivm_wsreq_parse(const char *body, size_t len, struct ivm_wsreq *rq, struct ivm_err *err)
{
	memset(rq, 0, sizeof(*rq));
	rq->op_timeout_ms = -1;
	xmlDocPtr doc = ivm_xml_read(body, len, "request.xml");
	xmlNodePtr env = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!ivm_xml_is(env, IVM_NS_SOAP, "Envelope")) {
		ivm_err_set(err, IVM_E_MALFORMED, "reading the request", "Send requests as MS-WSMV describes them; the lab answers this one with a WSManFault.",
		            doc ? "the XML is not a SOAP 1.2 envelope" : "the body is not well-formed XML");
		xmlFreeDoc(doc);
		return -1;
	}
	parse_header(ivm_xml_child(env, IVM_NS_SOAP, "Header"), rq);
	for (size_t i = 0; i < IVM_COUNT(actions); i++)
		if (strcmp(rq->action, actions[i].action) == 0)
			rq->op = actions[i].op;
	int rc = parse_body(ivm_xml_child(env, IVM_NS_SOAP, "Body"), rq, err);
	xmlFreeDoc(doc);
	if (rc < 0)
		ivm_wsreq_release(rq);
	return rc;
}

void
ivm_wsreq_release(struct ivm_wsreq *rq)
{
	free(rq->command);
	rq->command = NULL;
	for (size_t i = 0; i < rq->nargs; i++)
		free(rq->args[i]);
	rq->nargs = 0;
	ivm_buf_wipe(&rq->stdin_data);
}

const char *
ivm_wsreq_option(const struct ivm_wsreq *rq, const char *name)
{
	for (size_t i = 0; i < rq->noptions; i++)
		if (strcasecmp(rq->options[i].name, name) == 0)
			return rq->options[i].value;
	return NULL;
}

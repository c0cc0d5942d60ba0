/* core/lab/wsreq.c: parses a WS-Management/WinRS request, the lab's side of the wire. */
#include "config.h"

#include "core/lab/wsreq.h"

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

static bool
is(const xmlNode *n, const char *ns, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
	       strcmp((const char *)n->ns->href, ns) == 0 && strcmp((const char *)n->name, name) == 0;
}

static xmlNodePtr
first(xmlNodePtr parent, const char *ns, const char *name)
{
	for (xmlNodePtr c = parent ? parent->children : NULL; c; c = c->next)
		if (is(c, ns, name))
			return c;
	return NULL;
}

static void
text_into(char *dst, size_t size, xmlNodePtr n)
{
	dst[0] = '\0';
	xmlChar *t = n ? xmlNodeGetContent(n) : NULL;
	if (t) {
		const char *s = (const char *)t;
		while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
			s++;
		snprintf(dst, size, "%s", s);
		size_t l = strlen(dst);
		while (l && (dst[l - 1] == ' ' || dst[l - 1] == '\t' || dst[l - 1] == '\r' || dst[l - 1] == '\n'))
			dst[--l] = '\0';
		xmlFree(t);
	}
}

static void
attr_into(char *dst, size_t size, xmlNodePtr n, const char *name)
{
	dst[0] = '\0';
	xmlChar *v = n ? xmlGetProp(n, BAD_CAST name) : NULL;
	if (v) {
		snprintf(dst, size, "%s", (const char *)v);
		xmlFree(v);
	}
}

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
	text_into(rq->action, sizeof(rq->action), first(h, IVM_NS_ADDR, "Action"));
	text_into(rq->message_id, sizeof(rq->message_id), first(h, IVM_NS_ADDR, "MessageID"));
	text_into(rq->resource_uri, sizeof(rq->resource_uri), first(h, IVM_NS_WSMAN, "ResourceURI"));
	text_into(num, sizeof(num), first(h, IVM_NS_WSMAN, "MaxEnvelopeSize"));
	rq->max_envelope = strtoul(num, NULL, 10);
	text_into(num, sizeof(num), first(h, IVM_NS_WSMAN, "OperationTimeout"));
	rq->op_timeout_ms = num[0] ? duration_ms(num) : -1;
	xmlNodePtr set = first(h, IVM_NS_WSMAN, "SelectorSet");
	for (xmlNodePtr s = set ? set->children : NULL; s; s = s->next) {
		char name[32];
		attr_into(name, sizeof(name), s, "Name");
		if (is(s, IVM_NS_WSMAN, "Selector") && strcasecmp(name, "ShellId") == 0)
			text_into(rq->shell_id, sizeof(rq->shell_id), s);
	}
	xmlNodePtr opts = first(h, IVM_NS_WSMAN, "OptionSet");
	for (xmlNodePtr o = opts ? opts->children : NULL; o; o = o->next) {
		if (!is(o, IVM_NS_WSMAN, "Option") || rq->noptions == IVM_WSREQ_MAX_OPTIONS)
			continue;
		struct ivm_wsreq_option *opt = &rq->options[rq->noptions++];
		attr_into(opt->name, sizeof(opt->name), o, "Name");
		text_into(opt->value, sizeof(opt->value), o);
	}
}

static int
parse_body(xmlNodePtr body, struct ivm_wsreq *rq, struct ivm_err *err)
{
	switch (rq->op) {
	case IVM_WSREQ_COMMAND: {
		xmlNodePtr line = first(body, IVM_NS_SHELL, "CommandLine");
		xmlNodePtr cmd = first(line, IVM_NS_SHELL, "Command");
		xmlChar *t = cmd ? xmlNodeGetContent(cmd) : NULL;
		rq->command = ivm_xstrdup(t ? (const char *)t : "");
		xmlFree(t);
		for (xmlNodePtr a = line ? line->children : NULL; a; a = a->next) {
			if (!is(a, IVM_NS_SHELL, "Arguments"))
				continue;
			if (rq->nargs == IVM_WSREQ_MAX_ARGS) {
				ivm_err_set(err, IVM_E_MALFORMED, "reading a Command", "", "more than %d arguments",
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
		attr_into(rq->command_id, sizeof(rq->command_id),
		          first(first(body, IVM_NS_SHELL, "Receive"), IVM_NS_SHELL, "DesiredStream"), "CommandId");
		return 0;
	case IVM_WSREQ_SIGNAL: {
		xmlNodePtr sig = first(body, IVM_NS_SHELL, "Signal");
		attr_into(rq->command_id, sizeof(rq->command_id), sig, "CommandId");
		text_into(rq->signal_code, sizeof(rq->signal_code), first(sig, IVM_NS_SHELL, "Code"));
		return 0;
	}
	case IVM_WSREQ_SEND: {
		xmlNodePtr send = first(body, IVM_NS_SHELL, "Send");
		for (xmlNodePtr st = send ? send->children : NULL; st; st = st->next) {
			char end[8];
			if (!is(st, IVM_NS_SHELL, "Stream"))
				continue;
			attr_into(rq->command_id, sizeof(rq->command_id), st, "CommandId");
			attr_into(end, sizeof(end), st, "End");
			rq->stdin_end |= strcasecmp(end, "true") == 0;
			xmlChar *t = xmlNodeGetContent(st);
			bool ok = t == NULL || ivm_b64_decode(&rq->stdin_data, (const char *)t, strlen((const char *)t));
			xmlFree(t);
			if (!ok) {
				ivm_err_set(err, IVM_E_MALFORMED, "reading a Send", "", "the stdin stream is not base64");
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
	if (!is(env, IVM_NS_SOAP, "Envelope")) {
		ivm_err_set(err, IVM_E_MALFORMED, "reading the request", "",
		            doc ? "the XML is not a SOAP 1.2 envelope" : "the body is not well-formed XML");
		xmlFreeDoc(doc);
		return -1;
	}
	parse_header(first(env, IVM_NS_SOAP, "Header"), rq);
	for (size_t i = 0; i < IVM_COUNT(actions); i++)
		if (strcmp(rq->action, actions[i].action) == 0)
			rq->op = actions[i].op;
	int rc = parse_body(first(env, IVM_NS_SOAP, "Body"), rq, err);
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

/* core/contract.c: the operation contract (v=1): parameters in as an encoded XML document, one result document out. */
#include "config.h"

#include "core/contract.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "core/b64.h"
#include "core/ivm.h"
#include "core/xml.h"
#include "core/xalloc.h"


static const char *const status_names[] = {
	[IVM_ST_CREATED] = "created",
	[IVM_ST_PRESENT] = "present",
	[IVM_ST_CHANGED] = "changed",
	[IVM_ST_REMOVED] = "removed",
	[IVM_ST_FAILED] = "failed",
};

const char *
ivm_status_name(enum ivm_status s)
{
	return (size_t)s < IVM_COUNT(status_names) ? status_names[s] : "?";
}

int
ivm_status_parse(const char *s)
{
	for (size_t i = 0; i < IVM_COUNT(status_names); i++)
		if (s && strcmp(s, status_names[i]) == 0)
			return (int)i;
	return -1;
}

/* XML 1.0 cannot carry most C0 controls, even escaped; .NET's XmlDocument
 * would refuse the whole document on the server. */
static bool
xml_safe(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
			return false;
	return xmlCheckUTF8((const unsigned char *)s) != 0;
}

int
ivm_contract_params_xml(struct ivm_buf *out, const char *op, const struct ivm_param *params,
                        size_t nparams, struct ivm_err *err)
{
	for (size_t i = 0; i < nparams; i++) {
		if (!xml_safe(params[i].value)) {
			ivm_err_set(err, IVM_E_USAGE, "preparing the parameters",
			            "Remove control characters from the value; Windows names and descriptions cannot hold them.",
			            "the value of %s is not valid UTF-8 text or holds a control character",
			            params[i].name);
			return -1;
		}
	}
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "params");
	xmlDocSetRootElement(doc, root);
	xmlNewProp(root, BAD_CAST "op", BAD_CAST op);
	xmlNewProp(root, BAD_CAST "v", BAD_CAST "1");
	for (size_t i = 0; i < nparams; i++) {
		xmlNodePtr p = xmlNewTextChild(root, NULL, BAD_CAST "p", BAD_CAST params[i].value);
		xmlNewProp(p, BAD_CAST "n", BAD_CAST params[i].name);
		/* keep leading/trailing blanks and newlines exactly */
		xmlNodeSetSpacePreserve(p, 1);
	}
	xmlChar *mem = NULL;
	int len = 0;
	xmlDocDumpMemoryEnc(doc, &mem, &len, "UTF-8");
	ivm_buf_add(out, mem, (size_t)len);
	/* the document may hold a Run As password */
	ivm_wipe(mem, (size_t)len);
	xmlFree(mem);
	xmlFreeDoc(doc);
	return 0;
}

int
ivm_contract_params_line(struct ivm_buf *out, const char *op, const struct ivm_param *params,
                         size_t nparams, struct ivm_err *err)
{
	struct ivm_buf xml = IVM_BUF_INIT;
	if (ivm_contract_params_xml(&xml, op, params, nparams, err) < 0)
		return -1;
	ivm_buf_adds(out, "$params = [xml][Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('");
	ivm_b64_encode(out, xml.data, xml.len);
	ivm_buf_adds(out, "'))\r\n");
	ivm_buf_wipe(&xml);
	return 0;
}

int
ivm_contract_script(struct ivm_buf *out, const char *op, const struct ivm_param *params,
                    size_t nparams, const char *body, struct ivm_err *err)
{
	struct ivm_buf params_line = IVM_BUF_INIT;
	if (ivm_contract_params_line(&params_line, op, params, nparams, err) < 0)
		return -1;
	ivm_buf_addf(out, "# ipamvmm op=%s v=%d\r\n", op, IVM_CONTRACT_VERSION);
	ivm_buf_add(out, params_line.data, params_line.len);
	ivm_buf_adds(out, body);
	ivm_buf_wipe(&params_line);
	return 0;
}

static char *
prop(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST name);
	char *s = ivm_xstrdup(v ? (const char *)v : "");
	xmlFree(v);
	return s;
}

static char *
content(xmlNodePtr n)
{
	xmlChar *v = xmlNodeGetContent(n);
	char *s = ivm_xstrdup(v ? (const char *)v : "");
	xmlFree(v);
	return s;
}

static bool
named(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns == NULL && strcmp((const char *)n->name, name) == 0;
}

/* <f n="..">value</f> children of a node */
static void
read_fields(xmlNodePtr parent, const char *tag, const char *attr, struct ivm_field **out, size_t *n)
{
	size_t count = 0;
	for (xmlNodePtr c = parent->children; c; c = c->next)
		count += named(c, tag);
	*out = count ? ivm_xcalloc(count, sizeof(**out)) : NULL;
	*n = 0;
	for (xmlNodePtr c = parent->children; c; c = c->next) {
		if (!named(c, tag))
			continue;
		(*out)[*n].name = prop(c, attr);
		(*out)[*n].value = content(c);
		(*n)++;
	}
}

int
ivm_contract_params_parse(const char *xml, size_t len, char **op, struct ivm_field **fields,
                          size_t *nfields, struct ivm_err *err)
{
	*op = NULL;
	*fields = NULL;
	*nfields = 0;
	xmlDocPtr doc = ivm_xml_read(xml, len, "params.xml");
	xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (root == NULL || !named(root, "params")) {
		ivm_err_set(err, IVM_E_MALFORMED, "reading the parameter document",
		            "Send parameters as the contract describes (README, 'Operation contract').",
		            "it is not a <params> XML document");
		xmlFreeDoc(doc);
		return -1;
	}
	*op = prop(root, "op");
	read_fields(root, "p", "n", fields, nfields);
	xmlFreeDoc(doc);
	return 0;
}

int
ivm_contract_result_parse(const char *b64, size_t len, struct ivm_result *r, struct ivm_err *err)
{
	memset(r, 0, sizeof(*r));
	struct ivm_buf xml = IVM_BUF_INIT;
	const char *why = NULL;
	xmlDocPtr doc = NULL;
	xmlNodePtr root = NULL;

	if (len > IVM_CONTRACT_MAX_RESULT)
		why = "the result line is larger than 1 MiB";
	else if (!ivm_b64_decode(&xml, b64, len))
		why = "the result line is not valid base64";
	else if ((doc = ivm_xml_read(ivm_buf_str(&xml), xml.len, "result.xml")) == NULL)
		why = "the result document is not well-formed XML";
	else if ((root = xmlDocGetRootElement(doc)) == NULL || !named(root, "result"))
		why = "the result document has no <result> element";
	if (why == NULL) {
		char *st = prop(root, "status");
		char *v = prop(root, "v");
		int s = ivm_status_parse(st);
		if (s < 0)
			why = "the result document has an unknown status";
		else if (strcmp(v, "1") != 0)
			why = "the result document is of another contract version";
		r->status = s < 0 ? IVM_ST_FAILED : (enum ivm_status)s;
		r->version = atoi(v);
		free(st);
		free(v);
	}
	if (why) {
		ivm_err_set(err, IVM_E_MALFORMED, "reading the operation's result",
		            "Check that the server runs the same ipamvmm contract version (v=1); capture the exchange with --transcript and report it.",
		            "%s", why);
		xmlFreeDoc(doc);
		ivm_buf_release(&xml);
		return -1;
	}
	r->op = prop(root, "op");
	read_fields(root, "f", "n", &r->fields, &r->nfields);
	size_t nrec = 0;
	for (xmlNodePtr c = root->children; c; c = c->next) {
		if (named(c, "message") && r->message == NULL)
			r->message = content(c);
		nrec += named(c, "item");
	}
	r->records = nrec ? ivm_xcalloc(nrec, sizeof(*r->records)) : NULL;
	for (xmlNodePtr c = root->children; c; c = c->next) {
		if (!named(c, "item"))
			continue;
		struct ivm_record *rec = &r->records[r->nrecords++];
		read_fields(c, "f", "n", &rec->fields, &rec->nfields);
	}
	if (r->message == NULL)
		r->message = ivm_xstrdup("");
	xmlFreeDoc(doc);
	ivm_buf_release(&xml);
	return 0;
}

static void
write_fields(xmlNodePtr parent, const struct ivm_field *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		xmlNodePtr e = xmlNewTextChild(parent, NULL, BAD_CAST "f", BAD_CAST f[i].value);
		xmlNewProp(e, BAD_CAST "n", BAD_CAST f[i].name);
	}
}

void
ivm_contract_result_line(struct ivm_buf *out, const struct ivm_result *r)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "result");
	xmlDocSetRootElement(doc, root);
	xmlNewProp(root, BAD_CAST "op", BAD_CAST (r->op ? r->op : ""));
	xmlNewProp(root, BAD_CAST "v", BAD_CAST "1");
	xmlNewProp(root, BAD_CAST "status", BAD_CAST ivm_status_name(r->status));
	xmlNewTextChild(root, NULL, BAD_CAST "message", BAD_CAST (r->message ? r->message : ""));
	write_fields(root, r->fields, r->nfields);
	for (size_t i = 0; i < r->nrecords; i++) {
		xmlNodePtr item = xmlNewChild(root, NULL, BAD_CAST "item", NULL);
		write_fields(item, r->records[i].fields, r->records[i].nfields);
	}
	xmlChar *mem = NULL;
	int len = 0;
	xmlDocDumpMemoryEnc(doc, &mem, &len, "UTF-8");
	ivm_buf_adds(out, IVM_CONTRACT_RESULT_TAG);
	ivm_b64_encode(out, mem, (size_t)len);
	ivm_buf_adds(out, "\r\n");
	xmlFree(mem);
	xmlFreeDoc(doc);
}

const char *
ivm_field_get(const struct ivm_field *f, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(f[i].name, name) == 0)
			return f[i].value;
	return NULL;
}

void
ivm_fields_free(struct ivm_field **f, size_t n)
{
	if (f == NULL || *f == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		free((*f)[i].name);
		ivm_secret_free(&(*f)[i].value); /* a field may be a password */
	}
	free(*f);
	*f = NULL;
}

static struct ivm_field *
copy_fields(const struct ivm_field *f, size_t n)
{
	struct ivm_field *c = n ? ivm_xcalloc(n, sizeof(*c)) : NULL;
	for (size_t i = 0; i < n; i++) {
		c[i].name = ivm_xstrdup(f[i].name);
		c[i].value = ivm_xstrdup(f[i].value);
	}
	return c;
}

void
ivm_result_copy(struct ivm_result *dst, const struct ivm_result *src)
{
	memset(dst, 0, sizeof(*dst));
	dst->op = ivm_xstrdup(src->op ? src->op : "");
	dst->version = src->version;
	dst->status = src->status;
	dst->message = ivm_xstrdup(src->message ? src->message : "");
	dst->fields = copy_fields(src->fields, src->nfields);
	dst->nfields = src->nfields;
	dst->records = src->nrecords ? ivm_xcalloc(src->nrecords, sizeof(*dst->records)) : NULL;
	for (size_t i = 0; i < src->nrecords; i++) {
		dst->records[i].fields = copy_fields(src->records[i].fields, src->records[i].nfields);
		dst->records[i].nfields = src->records[i].nfields;
	}
	dst->nrecords = src->nrecords;
}

void
ivm_result_release(struct ivm_result *r)
{
	free(r->op);
	free(r->message);
	ivm_fields_free(&r->fields, r->nfields);
	for (size_t i = 0; i < r->nrecords; i++)
		ivm_fields_free(&r->records[i].fields, r->records[i].nfields);
	free(r->records);
	memset(r, 0, sizeof(*r));
}

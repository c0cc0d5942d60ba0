/* core/contract.h: the operation contract (v=1): parameters in as an encoded XML document, one result document out. */
#ifndef IVM_CONTRACT_H
#define IVM_CONTRACT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

#define IVM_CONTRACT_VERSION 1
#define IVM_CONTRACT_RESULT_TAG "IPAMVMM-RESULT "
#define IVM_CONTRACT_MAX_RESULT (1024 * 1024) /* base64 characters of one result line */

struct ivm_param {
	const char *name;
	const char *value;
};

enum ivm_status {
	IVM_ST_CREATED,
	IVM_ST_PRESENT,
	IVM_ST_CHANGED,
	IVM_ST_REMOVED,
	IVM_ST_FAILED,
};

struct ivm_field {
	char *name;
	char *value;
};

struct ivm_record {
	struct ivm_field *fields;
	size_t nfields;
};

struct ivm_result {
	char *op;
	int version;
	enum ivm_status status;
	char *message;
	struct ivm_field *fields;  /* the result's own data */
	size_t nfields;
	struct ivm_record *records;/* rows, for operations that list things */
	size_t nrecords;
};

/* Append "# ipamvmm op=ID v=1", the $params line carrying the encoded
 * parameter document, and the fixed body. Fails (err) for a value XML cannot
 * carry (control characters other than tab, CR and LF). Values are only ever
 * data inside base64: they never become PowerShell code. */
int ivm_contract_script(struct ivm_buf *out, const char *op, const struct ivm_param *params,
                        size_t nparams, const char *body, struct ivm_err *err);
/* The "$params = ..." line alone (a batch gives each step its own). */
int ivm_contract_params_line(struct ivm_buf *out, const char *op, const struct ivm_param *params,
                             size_t nparams, struct ivm_err *err);
/* The parameter document alone (UTF-8 XML), for tests and the lab. */
int ivm_contract_params_xml(struct ivm_buf *out, const char *op, const struct ivm_param *params,
                            size_t nparams, struct ivm_err *err);
/* Read back a parameter document (the lab's side). Fills a malloc'd array. */
int ivm_contract_params_parse(const char *xml, size_t len, char **op, struct ivm_field **fields,
                              size_t *nfields, struct ivm_err *err);

/* Parse the base64 text after "IPAMVMM-RESULT ". */
int ivm_contract_result_parse(const char *b64, size_t len, struct ivm_result *r, struct ivm_err *err);
void ivm_result_release(struct ivm_result *r);
/* A deep copy: dst owns its strings (release it with ivm_result_release). */
void ivm_result_copy(struct ivm_result *dst, const struct ivm_result *src);
/* Build a result document line ("IPAMVMM-RESULT <base64>\n"), as a Windows script prints it. */
void ivm_contract_result_line(struct ivm_buf *out, const struct ivm_result *r);

const char *ivm_status_name(enum ivm_status s);
int ivm_status_parse(const char *s);
/* Value of a named field, or NULL. */
const char *ivm_field_get(const struct ivm_field *f, size_t n, const char *name);
void ivm_fields_free(struct ivm_field **f, size_t n);

#endif

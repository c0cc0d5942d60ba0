/* tests/check_ops_vmm.c: the VMM server's operations: parameter documents, recorded Windows results, and each run end to end on the lab. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <check.h>

#include "core/b64.h"
#include "core/contract.h"
#include "core/lab/model.h"
#include "core/ops/ops.h"
#include "core/ops/ps1.h"
#include "core/psrun.h"
#include "tests/labfix.h"
#include "tests/testutil.h"

#define VMMUSER "CONTOSO\\vmmuser"
#define VMMUSER_PW "Vmm-User-1!"
#define WRONG_PW "Not-The-Password-9?"
#define VMMADMIN "CONTOSO\\vmmadmin"
#define VMMADMIN_PW "Vmm-Admin-1!"
#define RUNAS "IPAM Run As"
#define IPAM_FQDN "ipam1.contoso.com"
#define IPAM_PROVIDER "Microsoft IP Address Management Provider"

static const char *const vmm_ops[] = {
	"list-runas", "ensure-runas", "remove-runas", "list-providers", "list-hostgroups",
	"test-network-service", "ensure-network-service", "remove-network-service", "list-jobs",
};

/* ---- helpers -------------------------------------------------------------- */

static const char *
field(const struct ivm_result *r, const char *name)
{
	return ivm_field_get(r->fields, r->nfields, name);
}

static const char *
must_field(const struct ivm_result *r, const char *name)
{
	const char *v = field(r, name);
	ck_assert_msg(v != NULL, "%s: no field %s (message: %s)", r->op, name, r->message ? r->message : "");
	return v;
}

static const char *
rec_field(const struct ivm_record *rec, const char *name)
{
	return ivm_field_get(rec->fields, rec->nfields, name);
}

/* The record whose field key is value, or NULL. */
static const struct ivm_record *
find_record(const struct ivm_result *r, const char *key, const char *value)
{
	for (size_t i = 0; i < r->nrecords; i++) {
		const char *v = rec_field(&r->records[i], key);
		if (v != NULL && strcmp(v, value) == 0)
			return &r->records[i];
	}
	return NULL;
}

static void
expect_status(const struct ivm_result *r, enum ivm_status st)
{
	ck_assert_msg(r->status == st, "%s: status %s, expected %s; message: %s", r->op, ivm_status_name(r->status),
	              ivm_status_name(st), r->message ? r->message : "");
}

static void
expect_message(const struct ivm_result *r, const char *needle)
{
	ck_assert_msg(r->message != NULL && strstr(r->message, needle) != NULL, "%s: message '%s' lacks '%s'", r->op,
	              r->message ? r->message : "", needle);
}

/* The result is this op's and, unless failed, carries the row's fields. */
static void
expect_valid(const struct ivm_result *r)
{
	const struct ivm_op *op = ivm_op_find(r->op);
	ck_assert_ptr_nonnull(op);
	if (r->status == IVM_ST_FAILED)
		return;
	for (const char *const *f = op->fields; *f; f++)
		must_field(r, *f);
}

static struct ivm_lab_host *
vmm_host(struct labfix *fx)
{
	struct ivm_lab_host *h = ivm_lab_host_find(fx->lab, "vmm1.contoso.com");
	ck_assert_ptr_nonnull(h);
	return h;
}

/* What the IPAM side of the procedure sets up, straight in the model. */
static void
configure_ipam_side(struct labfix *fx)
{
	struct ivm_lab_host *ipam = ivm_lab_host_find(fx->lab, IPAM_FQDN);
	struct ivm_err err;
	ck_assert_ptr_nonnull(ipam);
	enum ivm_status st = ivm_lab_member_add(fx->lab, ipam, IVM_LAB_SID_RMU, VMMUSER, &err);
	ck_assert_msg(st == IVM_ST_CREATED || st == IVM_ST_PRESENT, "%s", err.why);
	st = ivm_lab_member_add(fx->lab, ipam, "IPAM ASM Administrators", VMMUSER, &err);
	ck_assert_msg(st == IVM_ST_CREATED || st == IVM_ST_PRESENT, "%s", err.why);
}

static const struct ivm_result *
ensure_runas(struct labfix *fx, const char *name, const char *user, const char *pw, struct ivm_ps_result *res)
{
	struct ivm_param p[] = { { "Name", name }, { "Description", "VMM reaches IPAM with it" },
	                         { "UserName", user }, { "Password", pw } };
	return labfix_op(fx->vmm, "ensure-runas", p, IVM_COUNT(p), res);
}

static const struct ivm_result *
ensure_ipam_service(struct labfix *fx, const char *name, const char *cs, const char *groups,
                    struct ivm_ps_result *res)
{
	struct ivm_param p[] = { { "Name", name }, { "Description", "IPAM for the VMM fabric" },
	                         { "ConnectionString", cs }, { "RunAsName", RUNAS }, { "HostGroups", groups } };
	return labfix_op(fx->vmm, "ensure-network-service", p, groups ? IVM_COUNT(p) : IVM_COUNT(p) - 1, res);
}

static const struct ivm_result *
op1(struct labfix *fx, const char *id, const char *name, const char *value, struct ivm_ps_result *res)
{
	struct ivm_param p = { name, value };
	return labfix_op(fx->vmm, id, name ? &p : NULL, name ? 1 : 0, res);
}

/* The password is nowhere a user or a file could see it. */
static void
expect_no_secret(const struct labfix *fx, const struct ivm_ps_result *res, const char *pw)
{
	for (size_t i = 0; i < res->nresults; i++) {
		const struct ivm_result *r = &res->results[i];
		ck_assert_msg(r->message == NULL || strstr(r->message, pw) == NULL, "password in the message");
		for (size_t k = 0; k < r->nfields; k++)
			ck_assert_msg(strstr(r->fields[k].value, pw) == NULL, "password in field %s", r->fields[k].name);
		for (size_t k = 0; k < r->nrecords; k++)
			for (size_t m = 0; m < r->records[k].nfields; m++)
				ck_assert_msg(strstr(r->records[k].fields[m].value, pw) == NULL, "password in a record");
	}
	ck_assert(!tu_contains(res->out.data ? res->out.data : "", res->out.len, pw));
	ck_assert(!tu_contains(res->err.data ? res->err.data : "", res->err.len, pw));
	struct ivm_buf xml = IVM_BUF_INIT;
	ivm_lab_to_xml(fx->lab, &xml);
	ck_assert_msg(!tu_contains(xml.data, xml.len, pw), "password in the lab's XML");
	ivm_buf_release(&xml);
}

/* ---- the rows --------------------------------------------------------------- */

START_TEST(rows_are_complete)
{
	ck_assert_uint_eq(ivm_ops_vmm_count, IVM_COUNT(vmm_ops));
	for (size_t i = 0; i < IVM_COUNT(vmm_ops); i++) {
		const struct ivm_op *op = ivm_op_find(vmm_ops[i]);
		ck_assert_msg(op != NULL, "no row %s", vmm_ops[i]);
		ck_assert_str_eq(op->role, IVM_OP_VMM);
		ck_assert(op->params && op->fields && op->lab);
		ck_assert_msg(op->reads_only == (strncmp(op->id, "list-", 5) == 0 || strncmp(op->id, "test-", 5) == 0),
		              "%s: reads_only", op->id);
		const char *body = ivm_ps1_find(op->id);
		ck_assert_msg(body != NULL, "no core/ops/%s.ps1 embedded", op->id);
		char first[128];
		snprintf(first, sizeof(first), "# core/ops/%s.ps1: ", op->id);
		ck_assert(strncmp(body, first, strlen(first)) == 0);
		char setop[96];
		snprintf(setop, sizeof(setop), "$ivmOp = '%s'", op->id);
		ck_assert(strstr(body, setop) != NULL);
		/* the connection is made by the VMM prelude's Connect-IvmVmm, which travels with it */
		struct ivm_buf whole = IVM_BUF_INIT;
		struct ivm_err err;
		ck_assert_int_eq(ivm_op_script(op, NULL, 0, &whole, &err), 0);
		ck_assert(strstr(whole.data, "Import-Module -Name virtualmachinemanager") != NULL);
		ck_assert(strstr(whole.data, "Get-SCVMMServer -ComputerName 'localhost'") != NULL);
		ck_assert(strstr(whole.data, "Invoke-Expression") == NULL);
		ivm_buf_release(&whole);
		/* exactly one Write-IvmResult call, and the batch's required last line */
		const char *w = strstr(body, "\nWrite-IvmResult -Status");
		ck_assert(w != NULL && strstr(w + 2, "Write-IvmResult -Status") == NULL);
		size_t n = strlen(body);
		while (n > 0 && (body[n - 1] == '\n' || body[n - 1] == '\r'))
			n--;
		ck_assert(n > 13 && strncmp(body + n - 13, "exit $ivmExit", 13) == 0);
		for (size_t k = 0; body[k]; k++)
			ck_assert_msg((unsigned char)body[k] < 0x80, "%s: non-ASCII byte at %zu", op->id, k);
		/* every parameter the row lists is read with Get-IvmParam */
		for (const char *const *p = op->params; *p; p++) {
			char get[80];
			snprintf(get, sizeof(get), "Get-IvmParam '%s'", *p);
			ck_assert_msg(strstr(body, get) != NULL, "%s does not read %s", op->id, *p);
		}
	}
}
END_TEST

START_TEST(batch_of_vmm_steps_assembles)
{
	struct ivm_param runas[] = { { "Name", RUNAS }, { "UserName", VMMUSER }, { "Password", VMMUSER_PW } };
	struct ivm_op_step steps[] = {
		{ ivm_op_find("ensure-runas"), runas, IVM_COUNT(runas) },
		{ ivm_op_find("list-jobs"), NULL, 0 },
	};
	struct ivm_buf s = IVM_BUF_INIT;
	struct ivm_err err;
	ck_assert_msg(ivm_op_batch_script(steps, IVM_COUNT(steps), &s, &err) == 0, "%s", err.why);
	ck_assert(strstr(s.data, "# ipamvmm step=1 op=ensure-runas") != NULL);
	ck_assert(strstr(s.data, "# ipamvmm step=2 op=list-jobs") != NULL);
	ck_assert(strstr(s.data, VMMUSER_PW) == NULL);
	ivm_buf_wipe(&s);
}
END_TEST

/* ---- the parameter document each script receives -------------------------------- */

struct params_case {
	const char *op;
	struct ivm_param p[6];
	size_t n;
};

static const struct params_case params_cases[] = {
	{ "list-runas", { { NULL, NULL } }, 0 },
	{ "ensure-runas", { { "Name", RUNAS }, { "Description", "VMM \"reaches\" IPAM" }, { "UserName", VMMUSER },
	                    { "Password", VMMUSER_PW } }, 4 },
	{ "remove-runas", { { "Name", RUNAS } }, 1 },
	{ "list-providers", { { NULL, NULL } }, 0 },
	{ "list-hostgroups", { { NULL, NULL } }, 0 },
	{ "test-network-service", { { "ConnectionString", IPAM_FQDN }, { "RunAsName", RUNAS },
	                            { "ProviderName", IPAM_PROVIDER } }, 3 },
	{ "ensure-network-service", { { "Name", "IPAM" }, { "Description", "d" }, { "ConnectionString", IPAM_FQDN ":48885" },
	                              { "RunAsName", RUNAS }, { "ProviderName", IPAM_PROVIDER },
	                              { "HostGroups", "All Hosts\\Seattle\nAll Hosts\\Dublin" } }, 6 },
	{ "remove-network-service", { { "Name", "IPAM" } }, 1 },
	{ "list-jobs", { { "IDs", "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c21\n2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d22" } }, 1 },
	{ "list-jobs", { { "Newest", "48" } }, 1 },
};

START_TEST(parameter_documents)
{
	const struct params_case *c = &params_cases[_i];
	const struct ivm_op *op = ivm_op_find(c->op);
	struct ivm_buf s = IVM_BUF_INIT, xml = IVM_BUF_INIT;
	struct ivm_err err;
	ck_assert_ptr_nonnull(op);
	ck_assert_msg(ivm_op_script(op, c->p, c->n, &s, &err) == 0, "%s: %s", c->op, err.why);
	char head[96];
	snprintf(head, sizeof(head), "# ipamvmm op=%s v=1\r\n", c->op);
	ck_assert(strncmp(s.data, head, strlen(head)) == 0);
	const char *start = strstr(s.data, "FromBase64String('");
	ck_assert_ptr_nonnull(start);
	start += strlen("FromBase64String('");
	const char *end = strchr(start, '\'');
	ck_assert_ptr_nonnull(end);
	ck_assert(ivm_b64_decode(&xml, start, (size_t)(end - start)));
	char *pop = NULL;
	struct ivm_field *f = NULL;
	size_t nf = 0;
	ck_assert_int_eq(ivm_contract_params_parse(xml.data, xml.len, &pop, &f, &nf, &err), 0);
	ck_assert_str_eq(pop, c->op);
	ck_assert_uint_eq(nf, c->n);
	for (size_t i = 0; i < c->n; i++) {
		ck_assert_str_eq(f[i].name, c->p[i].name);
		ck_assert_str_eq(f[i].value, c->p[i].value);
		/* no value reaches the script text in clear (the body's own
		 * default provider name aside) */
		if (strlen(c->p[i].value) > 4 && strstr(ivm_ps1_find(c->op), c->p[i].value) == NULL)
			ck_assert_msg(strstr(s.data, c->p[i].value) == NULL, "%s: %s in clear", c->op, c->p[i].name);
	}
	/* a name the row does not list is refused */
	struct ivm_param typo = { "Passwort", "x" };
	ivm_buf_release(&s);
	ck_assert_int_eq(ivm_op_script(op, &typo, 1, &s, &err), -1);
	ck_assert(strstr(err.why, "Passwort") != NULL);
	ivm_fields_free(&f, nf);
	free(pop);
	ivm_buf_wipe(&xml);
	ivm_buf_wipe(&s);
}
END_TEST

/* ---- results as a Windows server prints them --------------------------------------- */

/* A recorded stdout: detail lines, then the result line XmlWriter writes
 * (with its XML declaration), CR LF line ends. */
struct recorded {
	const char *op;
	const char *detail;
	const char *xml;
	int check;		/* what ivm_op_check_result returns */
	enum ivm_errkind kind;	/* on -1 */
	const char *needle;	/* in err.why (or err.next) on -1 */
};

#define XD "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
#define NOT_VMM_MSG "this is not a VMM server, or the VMM console is not installed (PowerShell cannot load " \
	"the module virtualmachinemanager): run VMM operations on the VMM management server"
#define JOBF(name, st, id) "<f n=\"JobName\">" name "</f><f n=\"JobStatus\">" st "</f><f n=\"JobID\">" id "</f>"
#define JID "0b9e4c51-7a0e-4d7a-9d7c-3f1e2a6b8c90"

static const struct recorded recorded[] = {
	{ "list-runas", "", XD "<result op=\"list-runas\" v=\"1\" status=\"present\"><message>1 Run As account</message>"
	  "<f n=\"Count\">1</f><item><f n=\"Name\">Host Admin</f><f n=\"UserName\">CONTOSO\\vmmadmin</f>"
	  "<f n=\"Description\"></f><f n=\"Enabled\">true</f><f n=\"ID\">" JID "</f></item></result>", 0, 0, NULL },
	{ "list-runas", "list-runas: Import-Module virtualmachinemanager: The specified module 'virtualmachinemanager' "
	  "was not loaded because no valid module file was found in any module directory.\r\n",
	  XD "<result op=\"list-runas\" v=\"1\" status=\"failed\"><message>cannot list the Run As accounts: " NOT_VMM_MSG
	  "</message></result>", -1, IVM_E_REMOTE, "not a VMM server" },
	{ "list-runas", "", XD "<result op=\"list-runas\" v=\"1\" status=\"present\"><message>0 Run As accounts</message>"
	  "</result>", -1, IVM_E_MALFORMED, "Count" },
	{ "ensure-runas", "", XD "<result op=\"ensure-runas\" v=\"1\" status=\"created\"><message>created the Run As "
	  "account IPAM Run As for CONTOSO\\vmmuser</message><f n=\"Name\">IPAM Run As</f><f n=\"UserName\">"
	  "CONTOSO\\vmmuser</f><f n=\"ID\">" JID "</f>" JOBF("Create new RunAs Account", "Completed", JID) "</result>",
	  0, 0, NULL },
	{ "ensure-runas", "", XD "<result op=\"ensure-runas\" v=\"1\" status=\"present\"><message>the Run As account IPAM "
	  "Run As exists for CONTOSO\\vmmuser: left as it is</message><f n=\"Name\">IPAM Run As</f><f n=\"UserName\">"
	  "CONTOSO\\vmmuser</f><f n=\"ID\">" JID "</f>" JOBF("", "", "") "</result>", 0, 0, NULL },
	{ "ensure-runas", "", XD "<result op=\"ensure-runas\" v=\"1\" status=\"failed\"><message>cannot create the Run As "
	  "account: Error (20552): The specified credentials are not valid.</message><f n=\"Name\">IPAM Run As</f>"
	  "<f n=\"UserName\">CONTOSO\\vmmuser</f>" JOBF("Create new RunAs Account", "Failed", JID)
	  "<f n=\"ErrorInfo\">The user name or password is incorrect.</f></result>", -1, IVM_E_REMOTE,
	  "credentials are not valid" },
	{ "ensure-runas", "", XD "<result op=\"ensure-runas\" v=\"1\" status=\"failed\"><message>cannot create the Run As "
	  "account: the Run As account name contains a control character (a line break or a tab, for example): remove it"
	  "</message></result>", -1, IVM_E_REMOTE, "control character" },
	{ "ensure-runas", "", XD "<result op=\"ensure-runas\" v=\"1\" status=\"created\"><message>created</message>"
	  "<f n=\"Name\">IPAM Run As</f><f n=\"UserName\">CONTOSO\\vmmuser</f><f n=\"ID\">" JID "</f></result>", -1,
	  IVM_E_MALFORMED, "JobName" },
	{ "remove-runas", "", XD "<result op=\"remove-runas\" v=\"1\" status=\"removed\"><message>removed the Run As "
	  "account IPAM Run As</message><f n=\"Name\">IPAM Run As</f><f n=\"Absent\">false</f></result>", 0, 0, NULL },
	{ "remove-runas", "", XD "<result op=\"remove-runas\" v=\"1\" status=\"present\"><message>absent: there is no Run "
	  "As account \"IPAM Run As\"; nothing to remove</message><f n=\"Name\">IPAM Run As</f><f n=\"Absent\">true</f>"
	  "</result>", 0, 0, NULL },
	{ "remove-runas", "", XD "<result op=\"remove-runas\" v=\"1\" status=\"failed\"><message>cannot remove the Run As "
	  "account: the network service IPAM uses the Run As account IPAM Run As. remove that network service first"
	  "</message><f n=\"Name\">IPAM Run As</f></result>", -1, IVM_E_REMOTE, "remove that network service first" },
	{ "list-providers", "", XD "<result op=\"list-providers\" v=\"1\" status=\"present\"><message>1 configuration "
	  "provider</message><f n=\"Count\">1</f><item><f n=\"Name\">" IPAM_PROVIDER "</f><f n=\"Manufacturer\">"
	  "Microsoft</f><f n=\"Model\">Microsoft Windows Server IP Address Management</f><f n=\"Type\">NetworkService"
	  "</f></item></result>", 0, 0, NULL },
	{ "list-providers", "", XD "<result op=\"list-providers\" v=\"1\" status=\"failed\"><message>cannot list the "
	  "configuration providers: the VMM service does not answer on this server (Get-SCVMMServer localhost: You "
	  "cannot access VMM management server localhost.): start the System Center Virtual Machine Manager service, "
	  "then try again</message></result>", -1, IVM_E_REMOTE, "does not answer" },
	{ "list-hostgroups", "", XD "<result op=\"list-hostgroups\" v=\"1\" status=\"present\"><message>2 host groups"
	  "</message><f n=\"Count\">2</f><item><f n=\"Name\">All Hosts</f><f n=\"Path\">All Hosts</f><f n=\"Parent\">"
	  "</f><f n=\"ID\">" JID "</f></item><item><f n=\"Name\">Rack 1</f><f n=\"Path\">All Hosts\\Seattle\\Rack 1</f>"
	  "<f n=\"Parent\">All Hosts\\Seattle</f><f n=\"ID\">" JID "</f></item></result>", 0, 0, NULL },
	{ "test-network-service", "", XD "<result op=\"test-network-service\" v=\"1\" status=\"present\"><message>all 3 "
	  "tests passed</message><f n=\"OpenConnection\">Passed</f><f n=\"CapabilityDiscovery\">Passed</f>"
	  "<f n=\"SystemInfo\">Passed</f><f n=\"Raw.ConnectionString\">ipam1.contoso.com</f>"
	  "<f n=\"Raw.OpenConnectionResult\">True</f></result>", 0, 0, NULL },
	{ "test-network-service", "", XD "<result op=\"test-network-service\" v=\"1\" status=\"present\"><message>1 of 3 "
	  "tests failed</message><f n=\"OpenConnection\">Passed</f><f n=\"CapabilityDiscovery\">Failed</f>"
	  "<f n=\"SystemInfo\">Passed</f><f n=\"CapabilityDiscoveryReason\">VMM reported the test failed "
	  "(CapabilityDiscoveryResult = False)</f><f n=\"CapabilityDiscoveryRemedy\">Give the account the IPAM ASM "
	  "Administrator Role at the Global access scope</f></result>", -1, IVM_E_REMOTE,
	  "Test capability discovery failed" },
	{ "test-network-service", "", XD "<result op=\"test-network-service\" v=\"1\" status=\"present\"><message>0 of 3 "
	  "tests failed; 3 could not be read from the result (see the Raw. fields)</message><f n=\"OpenConnection\">"
	  "Unknown</f><f n=\"CapabilityDiscovery\">Unknown</f><f n=\"SystemInfo\">Unknown</f><f n=\"Raw.Result\">"
	  "Microsoft.SystemCenter.VirtualMachineManager.NetworkServiceTestResult</f></result>", 0, 0, NULL },
	{ "test-network-service", "", XD "<result op=\"test-network-service\" v=\"1\" status=\"failed\"><message>cannot "
	  "test the network service: there is no Run As account \"IPAM Run As\": create it first (ensure-runas) or give "
	  "one that list-runas shows</message></result>", -1, IVM_E_REMOTE, "no Run As account" },
	{ "ensure-network-service", "", XD "<result op=\"ensure-network-service\" v=\"1\" status=\"created\"><message>added "
	  "the network service IPAM for ipam1.contoso.com</message><f n=\"Name\">IPAM</f><f n=\"ID\">" JID "</f>"
	  JOBF("Add network service device", "Completed", JID) "</result>", 0, 0, NULL },
	{ "ensure-network-service", "", XD "<result op=\"ensure-network-service\" v=\"1\" status=\"present\"><message>the "
	  "network service IPAM exists with these settings: left as it is</message><f n=\"Name\">IPAM</f><f n=\"ID\">"
	  JID "</f>" JOBF("", "", "") "</result>", 0, 0, NULL },
	{ "ensure-network-service", "", XD "<result op=\"ensure-network-service\" v=\"1\" status=\"failed\"><message>cannot "
	  "add the network service: Error (25500): Unable to connect to the network service.</message><f n=\"Name\">IPAM"
	  "</f><f n=\"ID\"></f>" JOBF("Add network service device", "Failed", JID) "<f n=\"ErrorInfo\">Unable to connect"
	  "</f></result>", -1, IVM_E_REMOTE, "Unable to connect" },
	{ "ensure-network-service", "", XD "<result op=\"ensure-network-service\" v=\"1\" status=\"failed\"><message>cannot "
	  "add the network service: there is no single host group \"Paris\": give a path that list-hostgroups shows "
	  "(such as All Hosts\\Seattle)</message></result>", -1, IVM_E_REMOTE, "no single host group" },
	{ "remove-network-service", "", XD "<result op=\"remove-network-service\" v=\"1\" status=\"removed\"><message>"
	  "removed the network service IPAM</message><f n=\"Name\">IPAM</f><f n=\"Absent\">false</f>"
	  JOBF("Remove network service device", "Completed", JID) "</result>", 0, 0, NULL },
	{ "remove-network-service", "", XD "<result op=\"remove-network-service\" v=\"1\" status=\"present\"><message>"
	  "absent: there is no network service \"IPAM\"; nothing to remove</message><f n=\"Name\">IPAM</f>"
	  "<f n=\"Absent\">true</f>" JOBF("", "", "") "</result>", 0, 0, NULL },
	{ "list-jobs", "", XD "<result op=\"list-jobs\" v=\"1\" status=\"present\"><message>1 job</message><f n=\"Count\">1"
	  "</f><f n=\"Missing\"></f><item><f n=\"Name\">Add network service device</f><f n=\"ID\">" JID "</f>"
	  "<f n=\"Status\">Running</f><f n=\"Progress\">40</f><f n=\"StartTime\">2024-05-02T09:14:03.120Z</f>"
	  "<f n=\"EndTime\"></f><f n=\"ErrorInfo\">Success (0)</f></item></result>", 0, 0, NULL },
	{ "list-jobs", "", XD "<result op=\"list-jobs\" v=\"1\" status=\"failed\"><message>cannot list the VMM jobs: "
	  "\"x\" is not a job ID: give job IDs (GUIDs) one per line</message></result>", -1, IVM_E_REMOTE,
	  "not a job ID" },
	/* a result of another operation where this one was expected */
	{ "list-jobs", "", XD "<result op=\"list-runas\" v=\"1\" status=\"present\"><message>0 Run As accounts</message>"
	  "<f n=\"Count\">0</f></result>", -1, IVM_E_PROTOCOL, "list-runas" },
};

START_TEST(recorded_results)
{
	const struct recorded *c = &recorded[_i];
	const struct ivm_op *op = ivm_op_find(c->op);
	struct ivm_buf out = IVM_BUF_INIT;
	struct ivm_ps_result res = { .out = IVM_BUF_INIT, .err = IVM_BUF_INIT };
	struct ivm_err err;

	ck_assert_ptr_nonnull(op);
	ivm_buf_adds(&out, c->detail);
	ivm_buf_adds(&out, IVM_CONTRACT_RESULT_TAG);
	ivm_b64_encode(&out, c->xml, strlen(c->xml));
	ivm_buf_adds(&out, "\r\n");
	ck_assert_msg(ivm_psrun_split_output(out.data, out.len, &res, NULL, &err) == 0, "case %d: %s", _i, err.why);
	ck_assert_uint_eq(res.nresults, 1);
	/* the detail line is kept apart from the result */
	if (c->detail[0] != '\0')
		ck_assert(tu_contains(res.out.data, res.out.len, "Import-Module virtualmachinemanager"));
	else
		ck_assert_uint_eq(res.out.len, 0);
	int rc = ivm_op_check_result(op, &res.results[0], &err);
	ck_assert_msg(rc == c->check, "case %d (%s): check %d, expected %d: %s", _i, c->op, rc, c->check,
	              rc ? err.why : "");
	if (rc != 0) {
		ck_assert_int_eq(err.kind, c->kind);
		ck_assert_msg(strstr(err.why, c->needle) != NULL || strstr(err.next, c->needle) != NULL,
		              "case %d: '%s' not in '%s'", _i, c->needle, err.why);
	}
	ivm_ps_result_release(&res);
	ivm_buf_release(&out);
}
END_TEST

/* ---- end to end on the lab ------------------------------------------------------------ */

START_TEST(not_a_vmm_server)
{
	struct labfix fx;
	labfix_start(&fx, true);
	for (size_t i = 0; i < IVM_COUNT(vmm_ops); i++) {
		struct ivm_ps_result res;
		const struct ivm_result *r = labfix_op(fx.ipam, vmm_ops[i], NULL, 0, &res);
		expect_status(r, IVM_ST_FAILED);
		expect_message(r, "this is not a VMM server, or the VMM console is not installed");
		ck_assert_int_eq(res.exit_code, 1);
		ivm_ps_result_release(&res);
	}
	labfix_stop(&fx);
}
END_TEST

START_TEST(lists_read_the_model)
{
	struct labfix fx;
	struct ivm_ps_result res;
	const struct ivm_result *r;
	labfix_start(&fx, true);

	r = labfix_op(fx.vmm, "list-runas", NULL, 0, &res);
	expect_status(r, IVM_ST_PRESENT);
	expect_valid(r);
	const struct ivm_record *rec = find_record(r, "Name", "Host Admin");
	ck_assert_ptr_nonnull(rec);
	ck_assert_str_eq(rec_field(rec, "UserName"), VMMADMIN);
	ck_assert_str_eq(rec_field(rec, "Enabled"), "true");
	ck_assert_str_eq(rec_field(rec, "ID"), "6f1c2a8e-4b7d-4e39-9a51-0c2d7e8f9a10");
	ck_assert_str_eq(must_field(r, "Count"), "1");
	ivm_ps_result_release(&res);

	r = labfix_op(fx.vmm, "list-providers", NULL, 0, &res);
	expect_status(r, IVM_ST_PRESENT);
	expect_valid(r);
	rec = find_record(r, "Name", IPAM_PROVIDER);
	ck_assert_ptr_nonnull(rec);
	ck_assert_str_eq(rec_field(rec, "Manufacturer"), "Microsoft");
	ck_assert_str_eq(rec_field(rec, "Model"), "Microsoft Windows Server IP Address Management");
	ck_assert_str_eq(rec_field(rec, "Type"), "NetworkService");
	ck_assert_uint_eq(r->nrecords, ivm_lab_vmm_nproviders(vmm_host(&fx)));
	ivm_ps_result_release(&res);

	r = labfix_op(fx.vmm, "list-hostgroups", NULL, 0, &res);
	expect_status(r, IVM_ST_PRESENT);
	expect_valid(r);
	rec = find_record(r, "Path", "All Hosts");
	ck_assert_ptr_nonnull(rec);
	ck_assert_str_eq(rec_field(rec, "Name"), "All Hosts");
	ck_assert_str_eq(rec_field(rec, "Parent"), "");
	rec = find_record(r, "Path", "All Hosts\\Seattle\\Rack 1");
	ck_assert_ptr_nonnull(rec);
	ck_assert_str_eq(rec_field(rec, "Name"), "Rack 1");
	ck_assert_str_eq(rec_field(rec, "Parent"), "All Hosts\\Seattle");
	/* parents first */
	ck_assert_str_eq(rec_field(&r->records[0], "Path"), "All Hosts");
	ivm_ps_result_release(&res);
	labfix_stop(&fx);
}
END_TEST

START_TEST(runas_created_then_present)
{
	struct labfix fx;
	struct ivm_ps_result res;
	const struct ivm_result *r;
	labfix_start(&fx, true);

	r = ensure_runas(&fx, RUNAS, VMMUSER, VMMUSER_PW, &res);
	expect_status(r, IVM_ST_CREATED);
	expect_valid(r);
	ck_assert_str_eq(must_field(r, "JobName"), "Create new RunAs Account");
	ck_assert_str_eq(must_field(r, "JobStatus"), "Completed");
	ck_assert_uint_eq(strlen(must_field(r, "JobID")), 36);
	ck_assert_str_eq(must_field(r, "UserName"), VMMUSER);
	const struct ivm_lab_runas *ra = ivm_lab_vmm_runas_find(vmm_host(&fx), RUNAS);
	ck_assert_ptr_nonnull(ra);
	ck_assert_str_eq(must_field(r, "ID"), ra->id);
	ck_assert_str_eq(ra->description, "VMM reaches IPAM with it");
	ck_assert(ra->credentials_ok);
	ck_assert_ptr_nonnull(ivm_lab_job_find(vmm_host(&fx), must_field(r, "JobID")));
	expect_no_secret(&fx, &res, VMMUSER_PW);
	ivm_ps_result_release(&res);

	/* again: found, left alone, no job */
	size_t jobs = ivm_lab_njobs(vmm_host(&fx));
	r = ensure_runas(&fx, RUNAS, VMMUSER, VMMUSER_PW, &res);
	expect_status(r, IVM_ST_PRESENT);
	expect_valid(r);
	ck_assert_str_eq(must_field(r, "JobName"), "");
	ck_assert_uint_eq(ivm_lab_njobs(vmm_host(&fx)), jobs);
	ivm_ps_result_release(&res);

	/* the same name for another user: its credentials are set (changed) */
	r = ensure_runas(&fx, RUNAS, VMMADMIN, VMMADMIN_PW, &res);
	expect_status(r, IVM_ST_CHANGED);
	expect_valid(r);
	ck_assert_str_eq(must_field(r, "UserName"), VMMADMIN);
	ck_assert_str_eq(must_field(r, "JobStatus"), "Completed");
	ck_assert_str_eq(ivm_lab_vmm_runas_find(vmm_host(&fx), RUNAS)->user, VMMADMIN);
	expect_no_secret(&fx, &res, VMMADMIN_PW);
	ivm_ps_result_release(&res);
	r = ensure_runas(&fx, RUNAS, VMMUSER, VMMUSER_PW, &res);
	expect_status(r, IVM_ST_CHANGED);
	ivm_ps_result_release(&res);

	r = op1(&fx, "list-runas", NULL, NULL, &res);
	const struct ivm_record *rec = find_record(r, "Name", RUNAS);
	ck_assert_ptr_nonnull(rec);
	ck_assert_str_eq(rec_field(rec, "UserName"), VMMUSER);
	ck_assert_str_eq(rec_field(rec, "Description"), "VMM reaches IPAM with it");
	ck_assert_str_eq(must_field(r, "Count"), "2");
	ivm_ps_result_release(&res);
	labfix_stop(&fx);
}
END_TEST

START_TEST(runas_wrong_password_fails_then_converges)
{
	struct labfix fx;
	struct ivm_ps_result res;
	const struct ivm_result *r;
	labfix_start(&fx, true);

	r = ensure_runas(&fx, RUNAS, VMMUSER, WRONG_PW, &res);
	expect_status(r, IVM_ST_FAILED);
	ck_assert_int_eq(res.exit_code, 1);
	expect_message(r, "cannot create the Run As account");
	expect_message(r, "password");
	ck_assert_str_eq(must_field(r, "JobName"), "Create new RunAs Account");
	ck_assert_str_eq(must_field(r, "JobStatus"), "Failed");
	ck_assert(strlen(must_field(r, "ErrorInfo")) > 0);
	ck_assert_ptr_null(ivm_lab_vmm_runas_find(vmm_host(&fx), RUNAS));
	/* the failed job is in VMM's list, Failed */
	struct ivm_lab_job_info ji;
	const struct ivm_lab_job *j = ivm_lab_job_find(vmm_host(&fx), must_field(r, "JobID"));
	ck_assert_ptr_nonnull(j);
	ivm_lab_job_get(fx.lab, j, &ji);
	ck_assert_int_eq(ji.status, IVM_LAB_JOB_FAILED);
	struct ivm_err err;
	ck_assert_int_eq(ivm_op_check_result(ivm_op_find("ensure-runas"), r, &err), -1);
	ck_assert_int_eq(err.kind, IVM_E_REMOTE);
	expect_no_secret(&fx, &res, WRONG_PW);
	ivm_ps_result_release(&res);

	r = ensure_runas(&fx, RUNAS, VMMUSER, VMMUSER_PW, &res);
	ck_assert_msg(r->status == IVM_ST_CREATED || r->status == IVM_ST_CHANGED, "%s", r->message);
	ck_assert_str_eq(must_field(r, "JobStatus"), "Completed");
	expect_no_secret(&fx, &res, VMMUSER_PW);
	expect_no_secret(&fx, &res, WRONG_PW);
	ivm_ps_result_release(&res);

	/* a disabled account fails the same way; an empty password never reaches VMM */
	r = ensure_runas(&fx, "Old", "CONTOSO\\olduser", "Old-User-1!", &res);
	expect_status(r, IVM_ST_FAILED);
	expect_message(r, "disabled");
	ivm_ps_result_release(&res);
	{
		size_t n = ivm_lab_njobs(vmm_host(&fx));
		r = ensure_runas(&fx, "Other", VMMUSER, "", &res);
		expect_status(r, IVM_ST_FAILED);
		expect_message(r, "the password is empty");
		ck_assert_uint_eq(ivm_lab_njobs(vmm_host(&fx)), n);
		ivm_ps_result_release(&res);
	}
	r = ensure_runas(&fx, "", VMMUSER, VMMUSER_PW, &res);
	expect_status(r, IVM_ST_FAILED);
	expect_message(r, "the Run As account name is empty");
	ivm_ps_result_release(&res);
	labfix_stop(&fx);
}
END_TEST

START_TEST(test_network_service_three_results)
{
	struct labfix fx;
	struct ivm_ps_result res;
	const struct ivm_result *r;
	struct ivm_err err;
	const struct ivm_op *op = ivm_op_find("test-network-service");
	labfix_start(&fx, true);
	r = ensure_runas(&fx, RUNAS, VMMUSER, VMMUSER_PW, &res);
	expect_status(r, IVM_ST_CREATED);
	ivm_ps_result_release(&res);

	struct ivm_param p[] = { { "ConnectionString", IPAM_FQDN }, { "RunAsName", RUNAS } };
	/* before the IPAM side is configured: vmmuser may not connect */
	r = labfix_op(fx.vmm, "test-network-service", p, IVM_COUNT(p), &res);
	expect_status(r, IVM_ST_PRESENT);
	expect_valid(r);
	ck_assert_str_eq(must_field(r, "OpenConnection"), "Failed");
	ck_assert_str_eq(must_field(r, "CapabilityDiscovery"), "Failed");
	ck_assert_str_eq(must_field(r, "SystemInfo"), "Failed");
	ck_assert(strstr(must_field(r, "OpenConnectionReason"), "Remote Management Users") != NULL);
	ck_assert(strstr(must_field(r, "OpenConnectionRemedy"), "Remote Management Users") != NULL);
	must_field(r, "CapabilityDiscoveryRemedy");
	must_field(r, "SystemInfoReason");
	expect_message(r, "3 of 3 tests failed");
	/* the step built on it fails, with the test's reason and remedy */
	ck_assert_int_eq(ivm_op_check_result(op, r, &err), -1);
	ck_assert(strstr(err.why, "Test open connection failed") != NULL);
	ck_assert(strstr(err.next, "Remote Management Users") != NULL);
	ivm_ps_result_release(&res);

	configure_ipam_side(&fx);
	r = labfix_op(fx.vmm, "test-network-service", p, IVM_COUNT(p), &res);
	expect_status(r, IVM_ST_PRESENT);
	ck_assert_str_eq(must_field(r, "OpenConnection"), "Passed");
	ck_assert_str_eq(must_field(r, "CapabilityDiscovery"), "Passed");
	ck_assert_str_eq(must_field(r, "SystemInfo"), "Passed");
	ck_assert_ptr_null(field(r, "OpenConnectionReason"));
	expect_message(r, "all 3 tests passed");
	ck_assert_int_eq(ivm_op_check_result(op, r, &err), 0);
	ivm_ps_result_release(&res);

	/* a short name is a finding of the test, not a failure to run it */
	struct ivm_param shortname[] = { { "ConnectionString", "ipam1" }, { "RunAsName", RUNAS } };
	r = labfix_op(fx.vmm, "test-network-service", shortname, IVM_COUNT(shortname), &res);
	expect_status(r, IVM_ST_PRESENT);
	ck_assert_str_eq(must_field(r, "OpenConnection"), "Failed");
	ck_assert(strstr(must_field(r, "OpenConnectionReason"), "FQDN") != NULL);
	ivm_ps_result_release(&res);

	/* the test cannot run without its Run As account or provider */
	struct ivm_param norunas[] = { { "ConnectionString", IPAM_FQDN }, { "RunAsName", "Nobody" } };
	r = labfix_op(fx.vmm, "test-network-service", norunas, IVM_COUNT(norunas), &res);
	expect_status(r, IVM_ST_FAILED);
	expect_message(r, "there is no Run As account \"Nobody\"");
	ivm_ps_result_release(&res);
	struct ivm_param noprov[] = { { "ConnectionString", IPAM_FQDN }, { "RunAsName", RUNAS },
	                              { "ProviderName", "Contoso IPAM" } };
	r = labfix_op(fx.vmm, "test-network-service", noprov, IVM_COUNT(noprov), &res);
	expect_status(r, IVM_ST_FAILED);
	expect_message(r, "no configuration provider \"Contoso IPAM\"");
	ivm_ps_result_release(&res);
	struct ivm_param nocs[] = { { "ConnectionString", "" }, { "RunAsName", RUNAS } };
	r = labfix_op(fx.vmm, "test-network-service", nocs, IVM_COUNT(nocs), &res);
	expect_status(r, IVM_ST_FAILED);
	expect_message(r, "the connection string is empty");
	ivm_ps_result_release(&res);
	labfix_stop(&fx);
}
END_TEST

static const char *
job_status_by_id(struct labfix *fx, const char *id, const struct ivm_record **out, struct ivm_ps_result *res)
{
	const struct ivm_result *r = op1(fx, "list-jobs", "IDs", id, res);
	expect_status(r, IVM_ST_PRESENT);
	ck_assert_str_eq(must_field(r, "Count"), "1");
	*out = find_record(r, "ID", id);
	ck_assert_ptr_nonnull(*out);
	return rec_field(*out, "Status");
}

START_TEST(network_service_whole_cycle)
{
	struct labfix fx;
	struct ivm_ps_result res;
	const struct ivm_result *r;
	char runas_job[64], netsvc_job[64];
	labfix_start(&fx, true);

	r = ensure_runas(&fx, RUNAS, VMMUSER, VMMUSER_PW, &res);
	expect_status(r, IVM_ST_CREATED);
	snprintf(runas_job, sizeof(runas_job), "%s", must_field(r, "JobID"));
	ivm_ps_result_release(&res);

	/* the provider tests fail until the IPAM side is done: the job fails */
	r = ensure_ipam_service(&fx, "IPAM", IPAM_FQDN, NULL, &res);
	expect_status(r, IVM_ST_FAILED);
	ck_assert_str_eq(must_field(r, "JobName"), "Add network service device");
	ck_assert_str_eq(must_field(r, "JobStatus"), "Failed");
	ck_assert(strstr(must_field(r, "ErrorInfo"), "Remote Management Users") != NULL);
	ck_assert_ptr_null(ivm_lab_vmm_netsvc_find(vmm_host(&fx), "IPAM"));
	ivm_ps_result_release(&res);

	configure_ipam_side(&fx);
	r = ensure_ipam_service(&fx, "IPAM", IPAM_FQDN, NULL, &res);
	expect_status(r, IVM_ST_CREATED);
	expect_valid(r);
	ck_assert_str_eq(must_field(r, "JobName"), "Add network service device");
	ck_assert_str_eq(must_field(r, "JobStatus"), "Completed");
	snprintf(netsvc_job, sizeof(netsvc_job), "%s", must_field(r, "JobID"));
	const struct ivm_lab_netsvc *s = ivm_lab_vmm_netsvc_find(vmm_host(&fx), "IPAM");
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(must_field(r, "ID"), s->id);
	ck_assert_str_eq(s->provider, IPAM_PROVIDER);
	ck_assert_str_eq(s->runas, RUNAS);
	ck_assert_str_eq(s->connection_string, IPAM_FQDN);
	ck_assert_uint_eq(s->nhostgroups, 1);
	ck_assert_str_eq(s->hostgroups[0], "All Hosts");
	ivm_ps_result_release(&res);

	r = ensure_ipam_service(&fx, "IPAM", IPAM_FQDN, "All Hosts", &res);
	expect_status(r, IVM_ST_PRESENT);
	expect_valid(r);
	ck_assert_str_eq(must_field(r, "JobID"), "");
	ivm_ps_result_release(&res);

	/* host groups are a set: the order given does not matter */
	r = ensure_ipam_service(&fx, "IPAM", IPAM_FQDN, "All Hosts\\Seattle\r\nAll Hosts\\Dublin\n", &res);
	expect_status(r, IVM_ST_CHANGED);
	ck_assert_str_eq(must_field(r, "JobName"), "Update network service device");
	ivm_ps_result_release(&res);
	r = ensure_ipam_service(&fx, "IPAM", IPAM_FQDN, "Dublin\nAll Hosts\\Seattle", &res);
	expect_status(r, IVM_ST_PRESENT);
	ivm_ps_result_release(&res);
	r = ensure_ipam_service(&fx, "IPAM", IPAM_FQDN, "All Hosts\\Paris", &res);
	expect_status(r, IVM_ST_FAILED);
	expect_message(r, "there is no single host group \"All Hosts\\Paris\"");
	ivm_ps_result_release(&res);
	struct ivm_param norunas[] = { { "Name", "IPAM" }, { "ConnectionString", IPAM_FQDN }, { "RunAsName", "Nobody" } };
	r = labfix_op(fx.vmm, "ensure-network-service", norunas, IVM_COUNT(norunas), &res);
	expect_status(r, IVM_ST_FAILED);
	expect_message(r, "there is no Run As account \"Nobody\"");
	ivm_ps_result_release(&res);

	/* both jobs are in VMM's list, Completed */
	char ids[160];
	snprintf(ids, sizeof(ids), "%s\r\n%s\n", runas_job, netsvc_job);
	r = op1(&fx, "list-jobs", "IDs", ids, &res);
	expect_status(r, IVM_ST_PRESENT);
	expect_valid(r);
	ck_assert_str_eq(must_field(r, "Count"), "2");
	ck_assert_str_eq(must_field(r, "Missing"), "");
	const struct ivm_record *rec = find_record(r, "ID", runas_job);
	ck_assert_ptr_nonnull(rec);
	ck_assert_str_eq(rec_field(rec, "Name"), "Create new RunAs Account");
	ck_assert_str_eq(rec_field(rec, "Status"), "Completed");
	ck_assert_str_eq(rec_field(rec, "Progress"), "100");
	ck_assert_str_eq(rec_field(rec, "ErrorInfo"), "Success (0)");
	ck_assert_uint_eq(strlen(rec_field(rec, "StartTime")), 24);
	ck_assert_uint_eq(strlen(rec_field(rec, "EndTime")), 24);
	rec = find_record(r, "ID", netsvc_job);
	ck_assert_ptr_nonnull(rec);
	ck_assert_str_eq(rec_field(rec, "Name"), "Add network service device");
	ck_assert_str_eq(rec_field(rec, "Status"), "Completed");
	ivm_ps_result_release(&res);
	r = op1(&fx, "list-jobs", NULL, NULL, &res);
	expect_status(r, IVM_ST_PRESENT);
	ck_assert_ptr_nonnull(find_record(r, "ID", runas_job));
	ck_assert_ptr_nonnull(find_record(r, "ID", netsvc_job));
	ivm_ps_result_release(&res);

	/* undo, in reverse: the Run As account is in use until the service goes */
	r = op1(&fx, "remove-runas", "Name", RUNAS, &res);
	expect_status(r, IVM_ST_FAILED);
	expect_message(r, "remove that network service first");
	ck_assert_ptr_nonnull(ivm_lab_vmm_runas_find(vmm_host(&fx), RUNAS));
	ivm_ps_result_release(&res);
	r = op1(&fx, "remove-network-service", "Name", "ipam", &res);
	expect_status(r, IVM_ST_REMOVED);
	expect_valid(r);
	ck_assert_str_eq(must_field(r, "Name"), "IPAM");
	ck_assert_str_eq(must_field(r, "Absent"), "false");
	ck_assert_str_eq(must_field(r, "JobName"), "Remove network service device");
	ck_assert_ptr_null(ivm_lab_vmm_netsvc_find(vmm_host(&fx), "IPAM"));
	ivm_ps_result_release(&res);
	r = op1(&fx, "remove-network-service", "Name", "IPAM", &res);
	expect_status(r, IVM_ST_PRESENT);
	expect_valid(r);
	ck_assert(strncmp(r->message, "absent:", 7) == 0);
	ck_assert_str_eq(must_field(r, "Absent"), "true");
	ck_assert_int_eq(res.exit_code, 0);
	ivm_ps_result_release(&res);
	r = op1(&fx, "remove-runas", "Name", RUNAS, &res);
	expect_status(r, IVM_ST_REMOVED);
	expect_valid(r);
	ck_assert_str_eq(must_field(r, "Absent"), "false");
	ck_assert_ptr_null(ivm_lab_vmm_runas_find(vmm_host(&fx), RUNAS));
	ivm_ps_result_release(&res);
	r = op1(&fx, "remove-runas", "Name", RUNAS, &res);
	expect_status(r, IVM_ST_PRESENT);
	expect_valid(r);
	ck_assert(strncmp(r->message, "absent:", 7) == 0);
	ck_assert_str_eq(must_field(r, "Absent"), "true");
	ivm_ps_result_release(&res);
	expect_no_secret(&fx, &res, VMMUSER_PW);
	labfix_stop(&fx);
}
END_TEST

START_TEST(list_jobs_refuses_bad_input)
{
	struct labfix fx;
	struct ivm_ps_result res;
	const struct ivm_result *r;
	labfix_start(&fx, true);
	struct ivm_param both[] = { { "Newest", "2" }, { "IDs", "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c21" } };
	r = labfix_op(fx.vmm, "list-jobs", both, IVM_COUNT(both), &res);
	expect_status(r, IVM_ST_FAILED);
	expect_message(r, "both Newest and IDs are given");
	ivm_ps_result_release(&res);
	static const char *const bad_newest[] = { "0", "-1", "1.5", "abc", "100001", "99999999999999999999" };
	for (size_t i = 0; i < IVM_COUNT(bad_newest); i++) {
		r = op1(&fx, "list-jobs", "Newest", bad_newest[i], &res);
		expect_status(r, IVM_ST_FAILED);
		expect_message(r, "give a whole number of hours");
		ivm_ps_result_release(&res);
	}
	r = op1(&fx, "list-jobs", "IDs", "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c21\nnot-a-guid", &res);
	expect_status(r, IVM_ST_FAILED);
	expect_message(r, "\"not-a-guid\" is not a job ID");
	ivm_ps_result_release(&res);
	/* an ID VMM does not have is reported, not fatal */
	r = op1(&fx, "list-jobs", "IDs", "  1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c21 \n00000000-0000-0000-0000-000000000000", &res);
	expect_status(r, IVM_ST_PRESENT);
	ck_assert_str_eq(must_field(r, "Count"), "1");
	ck_assert_str_eq(must_field(r, "Missing"), "00000000-0000-0000-0000-000000000000");
	ck_assert_str_eq(rec_field(&r->records[0], "Name"), "Create logical network");
	ivm_ps_result_release(&res);
	r = op1(&fx, "list-jobs", "Newest", "1", &res);
	expect_status(r, IVM_ST_PRESENT);
	ivm_ps_result_release(&res);
	labfix_stop(&fx);
}
END_TEST

/* With simulated time the job takes time, and the operation, like the real
 * script, waits for it: it answers with the job's end, which list-jobs agrees
 * with. */
START_TEST(jobs_take_time_when_not_instant)
{
	struct labfix fx;
	struct ivm_ps_result res;
	const struct ivm_result *r;
	const struct ivm_record *rec;
	char id[64];
	labfix_start(&fx, false);
	configure_ipam_side(&fx);
	r = ensure_runas(&fx, RUNAS, VMMUSER, VMMUSER_PW, &res);
	expect_status(r, IVM_ST_CREATED);
	ck_assert_str_eq(must_field(r, "JobStatus"), "Completed");
	ivm_ps_result_release(&res);
	r = ensure_ipam_service(&fx, "IPAM", IPAM_FQDN, NULL, &res);
	expect_status(r, IVM_ST_CREATED);
	ck_assert_str_eq(must_field(r, "JobStatus"), "Completed");
	snprintf(id, sizeof(id), "%s", must_field(r, "JobID"));
	ivm_ps_result_release(&res);

	const char *st = job_status_by_id(&fx, id, &rec, &res);
	ck_assert_str_eq(st, "Completed");
	ck_assert_str_eq(rec_field(rec, "Progress"), "100");
	ck_assert_uint_eq(strlen(rec_field(rec, "EndTime")), 24);
	ivm_ps_result_release(&res);
	labfix_stop(&fx);
}
END_TEST

/* ---- hostile values --------------------------------------------------------------------- */

static const char *const hostile[] = {
	"O'Brien", "say \"hi\"", "\xe2\x80\x98" "a" "\xe2\x80\x99" "\xe2\x80\x9a\xe2\x80\x9b\xe2\x80\x9c" "b" "\xe2\x80\x9d",
	"$(Remove-Item C:\\ -Recurse)", "`$env:PATH`", "a; b | c", "line1\nline2", "x\r\n'@\nStop-Computer\n@'",
	"'@", "Gruppe f\xc3\xbcr VMM", "<xml>&amp;</xml>", "]]>", "tab\there",
};

static bool
has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20)
			return true;
	return false;
}

static void
hostile_runas_and_service(struct labfix *fx, const char *v)
{
	struct ivm_ps_result res;
	const struct ivm_result *r;
	struct ivm_lab_host *h = vmm_host(fx);
	struct ivm_param rp[] = { { "Name", v }, { "Description", v }, { "UserName", VMMUSER }, { "Password", VMMUSER_PW } };

	r = labfix_op(fx->vmm, "ensure-runas", rp, IVM_COUNT(rp), &res);
	if (has_control(v)) {
		expect_status(r, IVM_ST_FAILED);
		expect_message(r, "contains a control character");
		ck_assert_ptr_null(ivm_lab_vmm_runas_find(h, v));
		ivm_ps_result_release(&res);
		return;
	}
	expect_status(r, IVM_ST_CREATED);
	const struct ivm_lab_runas *ra = ivm_lab_vmm_runas_find(h, v);
	ck_assert_ptr_nonnull(ra);
	ck_assert_str_eq(ra->name, v);
	ck_assert_str_eq(ra->description, v);
	ck_assert_str_eq(must_field(r, "Name"), v);
	ivm_ps_result_release(&res);

	struct ivm_param sp[] = { { "Name", v }, { "Description", v }, { "ConnectionString", IPAM_FQDN },
	                          { "RunAsName", v } };
	r = labfix_op(fx->vmm, "ensure-network-service", sp, IVM_COUNT(sp), &res);
	expect_status(r, IVM_ST_CREATED);
	const struct ivm_lab_netsvc *s = ivm_lab_vmm_netsvc_find(h, v);
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s->name, v);
	ck_assert_str_eq(s->description, v);
	ck_assert_str_eq(s->runas, v);
	ivm_ps_result_release(&res);
	r = labfix_op(fx->vmm, "ensure-network-service", sp, IVM_COUNT(sp), &res);
	expect_status(r, IVM_ST_PRESENT);
	ivm_ps_result_release(&res);

	r = op1(fx, "remove-network-service", "Name", v, &res);
	expect_status(r, IVM_ST_REMOVED);
	ck_assert_str_eq(must_field(r, "Name"), v);
	ivm_ps_result_release(&res);
	r = op1(fx, "remove-runas", "Name", v, &res);
	expect_status(r, IVM_ST_REMOVED);
	ivm_ps_result_release(&res);
	ck_assert_ptr_null(ivm_lab_vmm_runas_find(h, v));
}

START_TEST(hostile_values_arrive_byte_exact_or_are_refused)
{
	struct labfix fx;
	labfix_start(&fx, true);
	configure_ipam_side(&fx);
	for (size_t i = 0; i < IVM_COUNT(hostile); i++)
		hostile_runas_and_service(&fx, hostile[i]);

	/* 255 characters of a non-ASCII letter (510 bytes) */
	char longname[255 * 2 + 1];
	for (size_t i = 0; i < 255; i++)
		memcpy(longname + 2 * i, "\xc3\xa9", 2);
	longname[510] = '\0';
	hostile_runas_and_service(&fx, longname);

	/* beyond 1024 bytes: refused with the rule */
	char *huge = malloc(1100);
	memset(huge, 'n', 1099);
	huge[1099] = '\0';
	struct ivm_ps_result res;
	const struct ivm_result *r = op1(&fx, "remove-network-service", "Name", huge, &res);
	expect_status(r, IVM_ST_FAILED);
	expect_message(r, "longer than 1024 bytes");
	ivm_ps_result_release(&res);
	struct ivm_param rp[] = { { "Name", huge }, { "UserName", VMMUSER }, { "Password", VMMUSER_PW } };
	r = labfix_op(fx.vmm, "ensure-runas", rp, IVM_COUNT(rp), &res);
	expect_status(r, IVM_ST_FAILED);
	expect_message(r, "longer than 1024 bytes");
	ivm_ps_result_release(&res);
	free(huge);

	/* a hostile password works and shows nowhere */
	static const char pw[] = "P'w\"d$(x)`;|\xe2\x80\x9c\xc3\xa9";
	struct ivm_err err;
	ck_assert_int_eq(ivm_lab_account_set_password(fx.lab, NULL, VMMUSER, pw, &err), 0);
	r = ensure_runas(&fx, RUNAS, VMMUSER, pw, &res);
	expect_status(r, IVM_ST_CREATED);
	expect_no_secret(&fx, &res, pw);
	ivm_ps_result_release(&res);
	labfix_stop(&fx);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("ops_vmm");
	TCase *rows = tcase_create("rows");
	tcase_add_test(rows, rows_are_complete);
	tcase_add_test(rows, batch_of_vmm_steps_assembles);
	tcase_add_loop_test(rows, parameter_documents, 0, (int)IVM_COUNT(params_cases));
	tcase_add_loop_test(rows, recorded_results, 0, (int)IVM_COUNT(recorded));
	suite_add_tcase(s, rows);
	TCase *lab = tcase_create("lab");
	tcase_set_timeout(lab, 60);
	tcase_add_test(lab, not_a_vmm_server);
	tcase_add_test(lab, lists_read_the_model);
	tcase_add_test(lab, runas_created_then_present);
	tcase_add_test(lab, runas_wrong_password_fails_then_converges);
	tcase_add_test(lab, test_network_service_three_results);
	tcase_add_test(lab, network_service_whole_cycle);
	tcase_add_test(lab, list_jobs_refuses_bad_input);
	tcase_add_test(lab, jobs_take_time_when_not_instant);
	tcase_add_test(lab, hostile_values_arrive_byte_exact_or_are_refused);
	suite_add_tcase(s, lab);
	return tu_run_suite(s);
}

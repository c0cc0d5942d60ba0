/* tests/check_ops_ipam.c: the IPAM-server operations: rows and scripts, parameter documents, recorded Windows results, and each operation on the lab, the IPAM side of the procedure included. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>

#include "core/b64.h"
#include "core/ivm.h"
#include "core/lab/model.h"
#include "core/ops/ops.h"
#include "core/ops/ps1.h"
#include "core/psrun.h"
#include "tests/labfix.h"
#include "tests/testutil.h"

#define IPAM_FQDN "ipam1.contoso.com"
#define VMMUSER "CONTOSO\\vmmuser"
#define VMM_USERS "VMM Users"
#define ASM_ROLE "IPAM ASM Administrator Role"
#define RUNAS_NAME "IPAM Run As"

/* ---- the rows and their scripts ------------------------------------------------ */

static const struct row_spec {
	const char *id;
	bool any_host, reads_only;
	const char *params[4];
	const char *fields[7];
} rows[] = {
	{ "list-groups", false, true, { NULL }, { "Computer", "Count" } },
	{ "resolve-account", true, true, { "Account" }, { "Account", "SID", "Type", "Enabled" } },
	{ "ensure-group", false, false, { "Name", "Description" }, { "Name", "SID", "Description" } },
	{ "remove-group", false, false, { "Name" }, { "Name", "Absent" } },
	{ "ensure-group-member", false, false, { "Group", "Member" }, { "Group", "GroupSID", "Member", "MemberSID" } },
	{ "remove-group-member", false, false, { "Group", "Member" },
	  { "Group", "GroupSID", "Member", "MemberSID", "Absent" } },
	{ "ensure-rmu-member", false, false, { "Member" }, { "Group", "GroupSID", "Member", "MemberSID" } },
	{ "remove-rmu-member", false, false, { "Member" }, { "Group", "GroupSID", "Member", "MemberSID", "Absent" } },
	{ "grant-ipam-role", false, false, { "Principal", "Role", "Scope" },
	  { "Principal", "Role", "Scope", "Method", "Group" } },
	{ "revoke-ipam-role", false, false, { "Principal", "Role", "Scope" },
	  { "Principal", "Role", "Scope", "Method", "Group", "Absent" } },
	{ "list-ipam-roles", false, true, { NULL }, { "Source", "RoleCount", "ScopeCount" } },
};

static size_t
strv_len(const char *const *v)
{
	size_t n = 0;
	while (v[n] != NULL)
		n++;
	return n;
}

/* needle on a line of code, not of a comment */
static bool
code_has(const char *body, const char *needle)
{
	for (const char *line = body; *line != '\0';) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		const char *p = line + strspn(line, " \t");
		if (*p != '#' && tu_contains(line, len, needle))
			return true;
		line += len + (end != NULL);
	}
	return false;
}

START_TEST(rows_match_their_scripts)
{
	const struct row_spec *s = &rows[_i];
	const struct ivm_op *op = ivm_op_find(s->id);
	ck_assert_msg(op != NULL, "no row %s", s->id);
	ck_assert_ptr_nonnull(op->lab);
	if (s->any_host)
		ck_assert_ptr_null(op->role);
	else
		ck_assert_str_eq(op->role, IVM_OP_IPAM);
	ck_assert_int_eq(op->reads_only, s->reads_only);
	ck_assert_uint_eq(strv_len(op->params), strv_len(s->params));
	ck_assert_uint_eq(strv_len(op->fields), strv_len(s->fields));

	const char *body = ivm_ps1_find(s->id);
	ck_assert_msg(body != NULL, "no embedded core/ops/%s.ps1", s->id);
	char want[160];
	snprintf(want, sizeof(want), "# core/ops/%s.ps1: ", s->id);
	ck_assert_msg(strncmp(body, want, strlen(want)) == 0, "%s: first line", s->id);
	snprintf(want, sizeof(want), "\r\n$ivmOp = '%s'\r\n", s->id);
	ck_assert_msg(strstr(body, want) != NULL, "%s: no $ivmOp line", s->id);
	size_t n = strlen(body);
	static const char last[] = "\r\nexit $ivmExit\r\n";
	ck_assert_msg(n > sizeof(last) && strcmp(body + n - (sizeof(last) - 1), last) == 0, "%s: last line", s->id);
	/* the script as it travels (the preludes' shared helpers included) reads
	 * exactly the parameters the row lists, and answers its fields */
	struct ivm_buf whole = IVM_BUF_INIT;
	struct ivm_err err;
	ck_assert_int_eq(ivm_op_script(op, NULL, 0, &whole, &err), 0);
	for (size_t i = 0; s->params[i] != NULL; i++) {
		ck_assert_str_eq(op->params[i], s->params[i]);
		snprintf(want, sizeof(want), "Get-IvmParam '%s'", s->params[i]);
		ck_assert_msg(strstr(whole.data, want) != NULL, "%s does not read %s", s->id, s->params[i]);
	}
	for (size_t i = 0; s->fields[i] != NULL; i++) {
		ck_assert_str_eq(op->fields[i], s->fields[i]);
		snprintf(want, sizeof(want), "['%s']", s->fields[i]);
		ck_assert_msg(strstr(whole.data, want) != NULL, "%s does not answer %s", s->id, s->fields[i]);
	}
	/* values never become code; ASCII only (checked on the body and on what travels) */
	static const char *const banned_whole[] = { "Invoke-Expression", "New-LocalGroup", "Add-LocalGroupMember" };
	for (size_t i = 0; i < IVM_COUNT(banned_whole); i++)
		ck_assert_msg(strstr(whole.data, banned_whole[i]) == NULL, "%s sends %s", s->id, banned_whole[i]);
	/* it answers (in its body, or through a shared helper of the IPAM prelude) */
	ck_assert(strstr(whole.data, "Write-IvmResult -Status") != NULL);
	ivm_buf_release(&whole);
	static const char *const banned[] = { "Invoke-Expression", "iex ", "New-LocalGroup", "Add-LocalGroupMember",
	                                      "Remove-LocalGroupMember", "Get-LocalGroup", "net localgroup" };
	for (size_t i = 0; i < IVM_COUNT(banned); i++)
		ck_assert_msg(!code_has(body, banned[i]), "%s uses %s", s->id, banned[i]);
	for (size_t i = 0; i < n; i++)
		ck_assert_msg((unsigned char)body[i] < 0x80, "%s: byte %zu is not ASCII", s->id, i);
	ck_assert_uint_eq(ivm_ops_ipam_count, IVM_COUNT(rows));
}
END_TEST

START_TEST(rmu_is_found_by_sid_never_by_name)
{
	const char *ids[] = { "ensure-rmu-member", "remove-rmu-member" };
	for (size_t i = 0; i < IVM_COUNT(ids); i++) {
		const char *body = ivm_ps1_find(ids[i]);
		ck_assert_ptr_nonnull(strstr(body, "'S-1-5-32-580'"));
		/* the English name never stands alone as a value to look up */
		ck_assert(!code_has(body, "'Remote Management Users'"));
		ck_assert(!code_has(body, "\"Remote Management Users\""));
		ck_assert(!code_has(body, "\\Remote Management Users"));
	}
}
END_TEST

/* ---- parameter documents -------------------------------------------------------- */

static void
params_of(const char *id, const struct ivm_param *p, size_t n, char **op, struct ivm_field **f, size_t *nf)
{
	struct ivm_buf s = IVM_BUF_INIT, xml = IVM_BUF_INIT;
	struct ivm_err err;
	ck_assert_msg(ivm_op_script(ivm_op_find(id), p, n, &s, &err) == 0, "%s: %s", id, err.why);
	char head[96];
	snprintf(head, sizeof(head), "# ipamvmm op=%s v=1\r\n", id);
	ck_assert(strncmp(s.data, head, strlen(head)) == 0);
	const char *start = strstr(s.data, "FromBase64String('");
	ck_assert_ptr_nonnull(start);
	start += strlen("FromBase64String('");
	const char *end = strchr(start, '\'');
	ck_assert(ivm_b64_decode(&xml, start, (size_t)(end - start)));
	ck_assert_int_eq(ivm_contract_params_parse(xml.data, xml.len, op, f, nf, &err), 0);
	ivm_buf_release(&xml);
	ivm_buf_release(&s);
}

START_TEST(parameter_documents_carry_names_and_values)
{
	static const struct {
		const char *id;
		struct ivm_param p[3];
		size_t n;
	} cases[] = {
		{ "list-groups", { { NULL, NULL } }, 0 },
		{ "resolve-account", { { "Account", "vmmuser@contoso.com" } }, 1 },
		{ "ensure-group", { { "Name", "VMM Users" }, { "Description", "O'Brien \"$(x)\"; `a` | b" } }, 2 },
		{ "remove-group", { { "Name", "Gruppe f\xc3\xbcr VMM" } }, 1 },
		{ "ensure-group-member", { { "Group", "VMM Users" }, { "Member", "CONTOSO\\VMM Users" } }, 2 },
		{ "remove-group-member", { { "Group", "S-1-5-32-580" }, { "Member", VMMUSER } }, 2 },
		{ "ensure-rmu-member", { { "Member", "contoso.com\\vmmuser" } }, 1 },
		{ "remove-rmu-member", { { "Member", "line1\nline2" } }, 1 },
		{ "grant-ipam-role", { { "Principal", VMM_USERS }, { "Role", ASM_ROLE }, { "Scope", "\\Global" } }, 3 },
		{ "revoke-ipam-role", { { "Principal", VMMUSER } }, 1 },
		{ "list-ipam-roles", { { NULL, NULL } }, 0 },
	};
	for (size_t c = 0; c < IVM_COUNT(cases); c++) {
		char *op;
		struct ivm_field *f;
		size_t nf;
		params_of(cases[c].id, cases[c].p, cases[c].n, &op, &f, &nf);
		ck_assert_str_eq(op, cases[c].id);
		ck_assert_uint_eq(nf, cases[c].n);
		for (size_t i = 0; i < nf; i++) {
			ck_assert_str_eq(f[i].name, cases[c].p[i].name);
			ck_assert_str_eq(f[i].value, cases[c].p[i].value);
		}
		free(op);
		ivm_fields_free(&f, nf);
	}
}
END_TEST

START_TEST(parameters_a_row_does_not_list_are_refused)
{
	static const struct {
		const char *id, *name;
	} bad[] = {
		{ "ensure-group", "GroupName" }, { "ensure-group-member", "Account" },
		{ "grant-ipam-role", "Group" }, { "list-groups", "Name" }, { "ensure-rmu-member", "Group" },
	};
	for (size_t i = 0; i < IVM_COUNT(bad); i++) {
		struct ivm_param p = { bad[i].name, "x" };
		struct ivm_buf s = IVM_BUF_INIT;
		struct ivm_err err;
		ck_assert_int_eq(ivm_op_script(ivm_op_find(bad[i].id), &p, 1, &s, &err), -1);
		ck_assert_ptr_nonnull(strstr(err.why, bad[i].name));
		ivm_buf_release(&s);
	}
}
END_TEST

/* ---- results as a Windows server prints them ------------------------------------- */

/* XmlWriter writes the declaration first (OmitXmlDeclaration is false by
 * default); the prelude writes everything else. */
#define DECL "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
#define RES(op, st) DECL "<result op=\"" op "\" v=\"1\" status=\"" st "\">"
#define F(n, v) "<f n=\"" n "\">" v "</f>"

static const struct recorded {
	const char *id;
	const char *detail;	/* a stdout line before the result, "" for none */
	const char *xml;
	int rc;			/* of ivm_op_check_result */
	const char *win32;	/* of a failed result */
} recorded[] = {
	{ "list-groups", "",
	  RES("list-groups", "present") "<message>2 local groups on IPAM1</message>" F("Computer", "IPAM1")
	  F("Count", "2") "<item>" F("Name", "Administrators") F("SID", "S-1-5-32-544")
	  F("Description", "Administrators have complete and unrestricted access") "</item><item>"
	  F("Name", "Remote Management Users") F("SID", "S-1-5-32-580") F("Description", "") "</item></result>", 0, NULL },
	{ "list-groups", "list-groups: no description for X: The directory property cannot be found in the cache.",
	  RES("list-groups", "failed") "<message>list-groups failed: Access is denied. Check that ipamvmm connects as "
	  "an administrator of this server, then run it again.</message>" F("Win32", "5") "</result>", -1, "5" },
	{ "resolve-account", "",
	  RES("resolve-account", "present") "<message>vmmuser@contoso.com is CONTOSO\\vmmuser (S-1-5-21-1-2-3-1104)"
	  "</message>" F("Account", "CONTOSO\\vmmuser") F("SID", "S-1-5-21-1-2-3-1104") F("Type", "User")
	  F("Enabled", "unknown") "</result>", 0, NULL },
	{ "resolve-account", "",
	  RES("resolve-account", "failed") "<message>cannot find an account: no account or group is named "
	  "\"CONTOSO\\nobody\" (No mapping between account names and security IDs was done). check the spelling; "
	  "give domain accounts as DOMAIN\\name or name@domain</message>" F("Win32", "1332") "</result>", -1, "1332" },
	{ "ensure-group", "",
	  RES("ensure-group", "created") "<message>the local group IPAM1\\VMM Users was created</message>"
	  F("Name", "VMM Users") F("SID", "S-1-5-21-9-8-7-1001") F("Description", "VMM") "</result>", 0, NULL },
	{ "ensure-group", "",
	  RES("ensure-group", "present") "<message>the local group IPAM1\\VMM Users already exists</message>"
	  F("Name", "VMM Users") F("SID", "S-1-5-21-9-8-7-1001") F("Description", "VMM") "</result>", 0, NULL },
	{ "ensure-group", "",
	  RES("ensure-group", "changed") "<message>the description of IPAM1\\VMM Users was updated</message>"
	  F("Name", "VMM Users") F("SID", "S-1-5-21-9-8-7-1001") F("Description", "new") "</result>", 0, NULL },
	{ "ensure-group", "",
	  RES("ensure-group", "failed") "<message>cannot create the local group: \"a/b\" is not a valid group name: "
	  "the name has one of the characters \" / \\ [ ] : ; | = , + * ? &lt; &gt; @. choose a name ...</message>"
	  F("Win32", "1315") "</result>", -1, "1315" },
	{ "ensure-group", "",
	  RES("ensure-group", "failed") "<message>cannot create the local group: the description is not accepted: "
	  "it has a line break, a tab or another control character. give a description of at most 256 characters "
	  "on one line</message>" F("Win32", "87") "</result>", -1, "87" },
	{ "ensure-group", "",
	  RES("ensure-group", "failed") "<message>cannot create the local group: a local user named \"localadmin\" "
	  "already exists on IPAM1, and groups and users share one set of names. choose ...</message>"
	  F("Win32", "2224") "</result>", -1, "2224" },
	{ "ensure-group", "",	/* a present result without its SID is not trusted */
	  RES("ensure-group", "present") "<message>x</message>" F("Name", "VMM Users") F("Description", "")
	  "</result>", -1, NULL },
	{ "remove-group", "",
	  RES("remove-group", "removed") "<message>the local group IPAM1\\VMM Users was deleted</message>"
	  F("Name", "VMM Users") F("Absent", "false") "</result>", 0, NULL },
	{ "remove-group", "",
	  RES("remove-group", "present") "<message>absent: there is no local group \"VMM Users\" on IPAM1</message>"
	  F("Name", "VMM Users") F("Absent", "true") "</result>", 0, NULL },
	{ "remove-group", "",
	  RES("remove-group", "failed") "<message>cannot delete the local group: BUILTIN\\Users is a built-in group "
	  "(Cannot perform this operation on built-in accounts). leave the built-in groups in place</message>"
	  F("Win32", "1371") "</result>", -1, "1371" },
	{ "ensure-group-member", "",
	  RES("ensure-group-member", "created") "<message>CONTOSO\\vmmuser was added to IPAM1\\VMM Users</message>"
	  F("Group", "IPAM1\\VMM Users") F("GroupSID", "S-1-5-21-9-8-7-1001") F("Member", "CONTOSO\\vmmuser")
	  F("MemberSID", "S-1-5-21-1-2-3-1104") "</result>", 0, NULL },
	{ "ensure-group-member", "",
	  RES("ensure-group-member", "present") "<message>CONTOSO\\vmmuser is already a member of IPAM1\\VMM Users"
	  "</message>" F("Group", "IPAM1\\VMM Users") F("GroupSID", "S-1-5-21-9-8-7-1001")
	  F("Member", "CONTOSO\\vmmuser") F("MemberSID", "S-1-5-21-1-2-3-1104") "</result>", 0, NULL },
	{ "ensure-group-member", "",
	  RES("ensure-group-member", "failed") "<message>cannot add the member to the local group: there is no local "
	  "group \"VMM Users\" on IPAM1 (The specified local group does not exist). check ...</message>"
	  F("Win32", "1376") "</result>", -1, "1376" },
	{ "ensure-group-member", "",
	  RES("ensure-group-member", "failed") "<message>cannot add the member to the local group: no account or "
	  "group is named \"CONTOSO\\nobody\" (No mapping ...). check the spelling</message>" F("Win32", "1332")
	  "</result>", -1, "1332" },
	{ "ensure-group-member", "",
	  RES("ensure-group-member", "failed") "<message>cannot add the member to the local group: BUILTIN\\Users is "
	  "a local group, and a local group cannot be a member of another local group (the member has the wrong "
	  "account type). add the group's members one by one instead</message>" F("Win32", "1388") "</result>",
	  -1, "1388" },
	{ "remove-group-member", "",
	  RES("remove-group-member", "removed") "<message>CONTOSO\\vmmuser was removed from IPAM1\\VMM Users"
	  "</message>" F("Group", "IPAM1\\VMM Users") F("GroupSID", "S-1-5-21-9-8-7-1001")
	  F("Member", "CONTOSO\\vmmuser") F("MemberSID", "S-1-5-21-1-2-3-1104") F("Absent", "false") "</result>",
	  0, NULL },
	{ "remove-group-member", "",
	  RES("remove-group-member", "present") "<message>absent: CONTOSO\\vmmuser is not a member of IPAM1\\VMM Users"
	  "</message>" F("Group", "IPAM1\\VMM Users") F("GroupSID", "S-1-5-21-9-8-7-1001")
	  F("Member", "CONTOSO\\vmmuser") F("MemberSID", "S-1-5-21-1-2-3-1104") F("Absent", "true") "</result>",
	  0, NULL },
	{ "ensure-rmu-member", "",	/* a German server: the group's own name */
	  RES("ensure-rmu-member", "created") "<message>CONTOSO\\vmmuser was added to "
	  "VORDEFINIERT\\Remoteverwaltungsbenutzer</message>" F("Group", "VORDEFINIERT\\Remoteverwaltungsbenutzer")
	  F("GroupSID", "S-1-5-32-580") F("Member", "CONTOSO\\vmmuser") F("MemberSID", "S-1-5-21-1-2-3-1104")
	  "</result>", 0, NULL },
	{ "ensure-rmu-member", "",
	  RES("ensure-rmu-member", "present") "<message>CONTOSO\\vmmuser is already a member of BUILTIN\\Remote "
	  "Management Users</message>" F("Group", "BUILTIN\\Remote Management Users") F("GroupSID", "S-1-5-32-580")
	  F("Member", "CONTOSO\\vmmuser") F("MemberSID", "S-1-5-21-1-2-3-1104") "</result>", 0, NULL },
	{ "ensure-rmu-member", "",
	  RES("ensure-rmu-member", "failed") "<message>cannot add the member to the local group: there is no local "
	  "group \"S-1-5-32-580\" on OLD2008 (The specified local group does not exist). check ...</message>"
	  F("Win32", "1376") "</result>", -1, "1376" },
	{ "remove-rmu-member", "",
	  RES("remove-rmu-member", "removed") "<message>CONTOSO\\vmmuser was removed from BUILTIN\\Remote "
	  "Management Users</message>" F("Group", "BUILTIN\\Remote Management Users") F("GroupSID", "S-1-5-32-580")
	  F("Member", "CONTOSO\\vmmuser") F("MemberSID", "S-1-5-21-1-2-3-1104") F("Absent", "false") "</result>",
	  0, NULL },
	{ "remove-rmu-member", "",
	  RES("remove-rmu-member", "present") "<message>absent: CONTOSO\\vmmuser is not a member of BUILTIN\\Remote "
	  "Management Users</message>" F("Group", "BUILTIN\\Remote Management Users") F("GroupSID", "S-1-5-32-580")
	  F("Member", "CONTOSO\\vmmuser") F("MemberSID", "S-1-5-21-1-2-3-1104") F("Absent", "true") "</result>",
	  0, NULL },
	{ "grant-ipam-role", "grant-ipam-role: added S-1-5-21-1-2-3-1104 to IPAM1\\IPAM ASM Administrators",
	  RES("grant-ipam-role", "created") "<message>granted IPAM1\\VMM Users the IPAM ASM Administrator Role at "
	  "Global through IPAM1\\IPAM ASM Administrators (1 accounts added)</message>" F("Principal", "IPAM1\\VMM Users")
	  F("Role", ASM_ROLE) F("Scope", "Global") F("Method", "local-group")
	  F("Group", "IPAM1\\IPAM ASM Administrators") "</result>", 0, NULL },
	{ "grant-ipam-role", "",
	  RES("grant-ipam-role", "present") "<message>already granted: ...</message>" F("Principal", "IPAM1\\VMM Users")
	  F("Role", ASM_ROLE) F("Scope", "Global") F("Method", "local-group")
	  F("Group", "IPAM1\\IPAM ASM Administrators") "</result>", 0, NULL },
	{ "grant-ipam-role", "",
	  RES("grant-ipam-role", "failed") "<message>cannot grant the IPAM role: no IPAM local group carries the IPAM "
	  "DHCP Administrator Role at the access scope Global\\Europe, and no Windows PowerShell cmdlet makes an IPAM "
	  "access policy. In the IPAM console: ACCESS CONTROL &gt; Access Policies &gt; Add Access Policy &gt; ..."
	  "</message>" F("Win32", "50") "</result>", -1, "50" },
	{ "grant-ipam-role", "",
	  RES("grant-ipam-role", "failed") "<message>cannot grant the IPAM role: IPAM has no role named \"Boss\". "
	  "pick one of the roles list-ipam-roles gives</message>" F("Win32", "1168") "</result>", -1, "1168" },
	{ "grant-ipam-role", "",
	  RES("grant-ipam-role", "failed") "<message>cannot grant the IPAM role: the local group IPAM1\\VMM Users has "
	  "no members, and a local group cannot itself be put in IPAM1\\IPAM ASM Administrators. add the accounts "
	  "to IPAM1\\VMM Users first (ensure-group-member), then grant the role again</message></result>", -1, NULL },
	{ "revoke-ipam-role", "",
	  RES("revoke-ipam-role", "removed") "<message>revoked ...</message>" F("Principal", "IPAM1\\VMM Users")
	  F("Role", ASM_ROLE) F("Scope", "Global") F("Method", "local-group")
	  F("Group", "IPAM1\\IPAM ASM Administrators") F("Absent", "false") "</result>", 0, NULL },
	{ "revoke-ipam-role", "",
	  RES("revoke-ipam-role", "present") "<message>absent: nothing gives ...</message>"
	  F("Principal", "IPAM1\\VMM Users") F("Role", ASM_ROLE) F("Scope", "Global") F("Method", "local-group")
	  F("Group", "IPAM1\\IPAM ASM Administrators") F("Absent", "true") "</result>", 0, NULL },
	{ "revoke-ipam-role", "",
	  RES("revoke-ipam-role", "failed") "<message>cannot revoke the IPAM role: the IPAM local group \"IPAM ASM "
	  "Administrators\" is not on IPAM1. check that ...</message>" F("Win32", "1376") "</result>", -1, "1376" },
	{ "list-ipam-roles", "list-ipam-roles: no cmdlet lists IPAM access scopes: only Global is listed",
	  RES("list-ipam-roles", "present") "<message>8 built-in roles and the access scope Global</message>"
	  F("Source", "built-in list") F("RoleCount", "8") F("ScopeCount", "1")
	  "<item>" F("Kind", "Role") F("Name", ASM_ROLE) F("Group", "IPAM ASM Administrators") "</item>"
	  "<item>" F("Kind", "Scope") F("Name", "Global") F("Path", "Global") "</item></result>", 0, NULL },
	{ "list-ipam-roles", "",
	  RES("list-ipam-roles", "failed") "<message>cannot list the IPAM roles: VMM1 does not run IPAM (no WMI "
	  "namespace root\\Microsoft\\IPAM). run it against the server that has the IPAM Server feature</message>"
	  F("Win32", "1168") "</result>", -1, "1168" },
};

START_TEST(recorded_results_are_read_and_checked)
{
	const struct recorded *c = &recorded[_i];
	struct ivm_buf out = IVM_BUF_INIT;
	if (c->detail[0] != '\0')
		ivm_buf_addf(&out, "%s\r\n", c->detail);
	ivm_buf_adds(&out, IVM_CONTRACT_RESULT_TAG);
	ivm_b64_encode(&out, c->xml, strlen(c->xml));
	ivm_buf_adds(&out, "\r\n");
	struct ivm_ps_result pr = { 0 };
	struct ivm_err err;
	ck_assert_msg(ivm_psrun_split_output(out.data, out.len, &pr, NULL, &err) == 0, "%zu: %s", (size_t)_i, err.why);
	ck_assert_uint_eq(pr.nresults, 1);
	ck_assert(tu_contains(pr.out.data ? pr.out.data : "", pr.out.len, c->detail));
	const struct ivm_result *r = &pr.results[0];
	int rc = ivm_op_check_result(ivm_op_find(c->id), r, &err);
	ck_assert_msg(rc == c->rc, "%s case %zu: rc %d (%s)", c->id, (size_t)_i, rc, rc ? err.why : "");
	const char *w = ivm_field_get(r->fields, r->nfields, "Win32");
	if (r->status == IVM_ST_FAILED) {
		ck_assert_int_eq(err.kind, IVM_E_REMOTE);
		/* the server's message reaches the user whole */
		ck_assert_ptr_nonnull(strstr(err.why, r->message));
		if (c->win32 != NULL)
			ck_assert_str_eq(w, c->win32);
		else
			ck_assert_ptr_null(w);
	} else if (rc != 0) {
		ck_assert_int_eq(err.kind, IVM_E_MALFORMED);
	}
	ivm_ps_result_release(&pr);
	ivm_buf_release(&out);
}
END_TEST

START_TEST(list_ipam_roles_records_tell_roles_from_scopes)
{
	const struct recorded *c = NULL;
	for (size_t i = 0; i < IVM_COUNT(recorded); i++)
		if (strcmp(recorded[i].id, "list-ipam-roles") == 0 && recorded[i].rc == 0)
			c = &recorded[i];
	struct ivm_buf line = IVM_BUF_INIT;
	ivm_b64_encode(&line, c->xml, strlen(c->xml));
	struct ivm_result r;
	struct ivm_err err;
	ck_assert_int_eq(ivm_contract_result_parse(line.data, line.len, &r, &err), 0);
	ck_assert_uint_eq(r.nrecords, 2);
	ck_assert_str_eq(ivm_field_get(r.records[0].fields, r.records[0].nfields, "Kind"), "Role");
	ck_assert_str_eq(ivm_field_get(r.records[1].fields, r.records[1].nfields, "Kind"), "Scope");
	ck_assert_str_eq(ivm_field_get(r.records[1].fields, r.records[1].nfields, "Path"), "Global");
	ivm_result_release(&r);
	ivm_buf_release(&line);
}
END_TEST

/* ---- on the lab ------------------------------------------------------------------ */

static struct labfix fx;
static struct ivm_ps_result res;

static void
lab_up(void)
{
	labfix_start(&fx, true);
	memset(&res, 0, sizeof(res));
}

static void
lab_down(void)
{
	ivm_ps_result_release(&res);
	labfix_stop(&fx);
}

/* Run an operation through the real client path; the answer passes its
 * row's check exactly when it is not "failed", and the exit code agrees. */
static const struct ivm_result *
run_on(struct ivm_wsman *w, const char *id, const struct ivm_param *p, size_t n)
{
	ivm_ps_result_release(&res);
	memset(&res, 0, sizeof(res));
	const struct ivm_result *r = labfix_op(w, id, p, n, &res);
	struct ivm_err err;
	int rc = ivm_op_check_result(ivm_op_find(id), r, &err);
	ck_assert_msg((rc == 0) == (r->status != IVM_ST_FAILED), "%s: %s", id, err.why);
	ck_assert_int_eq(res.exit_code, r->status == IVM_ST_FAILED ? 1 : 0);
	return r;
}

#define PARAMS(...) ((const struct ivm_param[]){ __VA_ARGS__ })
#define RUN(id, ...) run_on(fx.ipam, id, PARAMS(__VA_ARGS__), IVM_COUNT(PARAMS(__VA_ARGS__)))
#define RUN_VMM(id, ...) run_on(fx.vmm, id, PARAMS(__VA_ARGS__), IVM_COUNT(PARAMS(__VA_ARGS__)))

static const char *
field(const struct ivm_result *r, const char *name)
{
	const char *v = ivm_field_get(r->fields, r->nfields, name);
	ck_assert_msg(v != NULL, "%s: no field %s (message: %s)", r->op, name, r->message);
	return v;
}

static void
expect(const struct ivm_result *r, enum ivm_status st, const char *win32)
{
	ck_assert_msg(r->status == st, "%s: status %s, not %s: %s", r->op, ivm_status_name(r->status),
	              ivm_status_name(st), r->message);
	if (win32 != NULL)
		ck_assert_str_eq(field(r, "Win32"), win32);
}

/* An inverse that found nothing: present, "absent..." and Absent=true. */
static void
expect_absent(const struct ivm_result *r)
{
	expect(r, IVM_ST_PRESENT, NULL);
	ck_assert_msg(strncmp(r->message, "absent", 6) == 0, "%s", r->message);
	ck_assert_str_eq(field(r, "Absent"), "true");
}

static void
expect_removed(const struct ivm_result *r)
{
	expect(r, IVM_ST_REMOVED, NULL);
	ck_assert_str_eq(field(r, "Absent"), "false");
}

static struct ivm_lab_host *
ipam_host(void)
{
	struct ivm_lab_host *h = ivm_lab_host_find(fx.lab, IPAM_FQDN);
	ck_assert_ptr_nonnull(h);
	return h;
}

static bool
is_member(const char *group, const char *account)
{
	const struct ivm_lab_group *g = ivm_lab_group_find(ipam_host(), group);
	struct ivm_lab_principal p;
	struct ivm_err err;
	ck_assert_ptr_nonnull(g);
	ck_assert_int_eq(ivm_lab_resolve(fx.lab, ipam_host(), account, &p, &err), 0);
	for (size_t i = 0; i < g->nmembers; i++)
		if (strcmp(g->members[i], p.sid) == 0)
			return true;
	return false;
}

static bool
has_policy(const char *principal_sid, const char *role, const char *scope)
{
	for (size_t i = 0; i < ivm_lab_ipam_npolicies(ipam_host()); i++) {
		const struct ivm_lab_policy *p = ivm_lab_ipam_policy_at(ipam_host(), i);
		if (strcmp(p->principal_sid, principal_sid) == 0 && strcmp(p->role, role) == 0 &&
		    strcmp(p->scope, scope) == 0)
			return true;
	}
	return false;
}

START_TEST(list_groups_on_the_lab)
{
	const struct ivm_result *r = run_on(fx.ipam, "list-groups", NULL, 0);
	expect(r, IVM_ST_PRESENT, NULL);
	ck_assert_str_eq(field(r, "Computer"), "IPAM1");
	ck_assert_uint_eq(r->nrecords, ivm_lab_ngroups(ipam_host()));
	char n[16];
	snprintf(n, sizeof(n), "%zu", r->nrecords);
	ck_assert_str_eq(field(r, "Count"), n);
	bool rmu = false, asm_group = false;
	for (size_t i = 0; i < r->nrecords; i++) {
		const struct ivm_record *rec = &r->records[i];
		const char *name = ivm_field_get(rec->fields, rec->nfields, "Name");
		const char *sid = ivm_field_get(rec->fields, rec->nfields, "SID");
		ck_assert_ptr_nonnull(ivm_field_get(rec->fields, rec->nfields, "Description"));
		rmu |= strcmp(sid, "S-1-5-32-580") == 0 && strcmp(name, "Remote Management Users") == 0;
		asm_group |= strcmp(name, "IPAM ASM Administrators") == 0;
	}
	ck_assert(rmu && asm_group);
	/* a new group shows up */
	RUN("ensure-group", { "Name", VMM_USERS });
	r = run_on(fx.ipam, "list-groups", NULL, 0);
	ck_assert_uint_eq(r->nrecords, ivm_lab_ngroups(ipam_host()));
	ck_assert_str_eq(ivm_field_get(r->records[r->nrecords - 1].fields, r->records[r->nrecords - 1].nfields,
	                               "Name"), VMM_USERS);
}
END_TEST

START_TEST(resolve_account_on_the_lab)
{
	static const struct {
		const char *in, *account, *type, *enabled;
	} ok[] = {
		{ VMMUSER, VMMUSER, "User", "true" },
		{ "vmmuser@contoso.com", VMMUSER, "User", "true" },
		{ "contoso.com\\VMMUSER", VMMUSER, "User", "true" },
		{ "CONTOSO\\olduser", "CONTOSO\\olduser", "User", "false" },
		{ "CONTOSO\\Domain Users", "CONTOSO\\Domain Users", "Group", "true" },
		{ "BUILTIN\\Remote Management Users", "BUILTIN\\Remote Management Users", "Alias", "true" },
		{ "S-1-5-32-580", "BUILTIN\\Remote Management Users", "Alias", "true" },
		{ "IPAM ASM Administrators", "IPAM1\\IPAM ASM Administrators", "Alias", "true" },
		{ "Everyone", "Everyone", "WellKnownGroup", "true" },
	};
	for (size_t i = 0; i < IVM_COUNT(ok); i++) {
		const struct ivm_result *r = RUN("resolve-account", { "Account", ok[i].in });
		expect(r, IVM_ST_PRESENT, NULL);
		ck_assert_str_eq(field(r, "Account"), ok[i].account);
		ck_assert_str_eq(field(r, "Type"), ok[i].type);
		ck_assert_str_eq(field(r, "Enabled"), ok[i].enabled);
		ck_assert(strncmp(field(r, "SID"), "S-1-", 4) == 0);
	}
	/* "CONTOSO\VMM Users" once there is such a group: here, the local one */
	RUN("ensure-group", { "Name", VMM_USERS });
	const struct ivm_result *r = RUN("resolve-account", { "Account", "IPAM1\\VMM Users" });
	ck_assert_str_eq(field(r, "Type"), "Alias");
	ck_assert_str_eq(field(r, "SID"), ivm_lab_group_find(ipam_host(), VMM_USERS)->sid);
	/* it runs on any host */
	r = RUN_VMM("resolve-account", { "Account", VMMUSER });
	expect(r, IVM_ST_PRESENT, NULL);

	static const char *const missing[] = { "CONTOSO\\nobody", "CONTOSO\\VMM Users", "nobody@contoso.com",
	                                       "S-1-5-21-1-2-3-999999", "", "CONTOSO\\vmm'user", "$(whoami)" };
	for (size_t i = 0; i < IVM_COUNT(missing); i++) {
		r = RUN("resolve-account", { "Account", missing[i] });
		expect(r, IVM_ST_FAILED, "1332");
		ck_assert_msg(strstr(r->message, "cannot find an account") != NULL, "%s", r->message);
		ck_assert_msg(strstr(r->message, "DOMAIN\\name") != NULL, "%s", r->message);
	}
}
END_TEST

START_TEST(ensure_group_created_present_changed)
{
	const struct ivm_result *r = RUN("ensure-group", { "Name", VMM_USERS }, { "Description", "For VMM" });
	expect(r, IVM_ST_CREATED, NULL);
	const struct ivm_lab_group *g = ivm_lab_group_find(ipam_host(), VMM_USERS);
	ck_assert_ptr_nonnull(g);
	ck_assert_str_eq(g->description, "For VMM");
	ck_assert_str_eq(field(r, "SID"), g->sid);
	ck_assert_str_eq(field(r, "Name"), VMM_USERS);
	size_t ngroups = ivm_lab_ngroups(ipam_host());

	r = RUN("ensure-group", { "Name", VMM_USERS }, { "Description", "For VMM" });
	expect(r, IVM_ST_PRESENT, NULL);
	ck_assert_str_eq(field(r, "Description"), "For VMM");
	/* SAM ignores case: the same group, spelt as it was made */
	r = RUN("ensure-group", { "Name", "vmm users" }, { "Description", "For VMM" });
	expect(r, IVM_ST_PRESENT, NULL);
	ck_assert_str_eq(field(r, "Name"), VMM_USERS);
	/* no description: the group's own stays */
	r = RUN("ensure-group", { "Name", VMM_USERS });
	expect(r, IVM_ST_PRESENT, NULL);
	ck_assert_str_eq(field(r, "Description"), "For VMM");
	r = RUN("ensure-group", { "Name", VMM_USERS }, { "Description", "" });
	expect(r, IVM_ST_PRESENT, NULL);

	r = RUN("ensure-group", { "Name", VMM_USERS }, { "Description", "for vmm" });
	expect(r, IVM_ST_CHANGED, NULL);
	ck_assert_str_eq(field(r, "Description"), "for vmm");
	ck_assert_str_eq(ivm_lab_group_find(ipam_host(), VMM_USERS)->description, "for vmm");
	r = RUN("ensure-group", { "Name", VMM_USERS }, { "Description", "for vmm" });
	expect(r, IVM_ST_PRESENT, NULL);
	ck_assert_uint_eq(ivm_lab_ngroups(ipam_host()), ngroups);
}
END_TEST

START_TEST(ensure_group_refuses_what_windows_refuses)
{
	char long_name[258];
	memset(long_name, 'n', 257);
	long_name[257] = '\0';
	static const struct {
		const char *name, *rule;
	} names[] = {
		{ "", "the name is empty" },
		{ "a/b", "has one of the characters" },
		{ "a,b", "has one of the characters" },
		{ "say \"hi\"", "has one of the characters" },
		{ "mail@host", "has one of the characters" },
		{ "a;b|c", "has one of the characters" },
		{ "C:\\x", "has one of the characters" },
		{ "[x]=*?<>+", "has one of the characters" },
		{ "...", "only dots or spaces" },
		{ "   ", "only dots or spaces" },
		{ "ends.", "ends with a dot" },
		{ "tab\there", "control characters" },
		{ "line1\nline2", "control characters" },
		{ NULL, "longer than 256 characters" },
	};
	size_t ngroups = ivm_lab_ngroups(ipam_host());
	for (size_t i = 0; i < IVM_COUNT(names); i++) {
		const char *name = names[i].name ? names[i].name : long_name;
		const struct ivm_result *r = RUN("ensure-group", { "Name", name });
		expect(r, IVM_ST_FAILED, "1315");
		ck_assert_msg(strstr(r->message, names[i].rule) != NULL, "%zu: %s", i, r->message);
		ck_assert_ptr_nonnull(strstr(r->message, "cannot create the local group"));
		ck_assert_ptr_nonnull(strstr(r->message, "choose a name"));
	}
	/* a local user has the name: groups and users share names */
	const struct ivm_result *r = RUN("ensure-group", { "Name", "localadmin" });
	expect(r, IVM_ST_FAILED, "2224");
	ck_assert_ptr_nonnull(strstr(r->message, "localadmin"));

	char long_desc[258];
	memset(long_desc, 'd', 257);
	long_desc[257] = '\0';
	r = RUN("ensure-group", { "Name", VMM_USERS }, { "Description", long_desc });
	expect(r, IVM_ST_FAILED, "87");
	ck_assert_ptr_nonnull(strstr(r->message, "longer than 256"));
	r = RUN("ensure-group", { "Name", VMM_USERS }, { "Description", "two\nlines" });
	expect(r, IVM_ST_FAILED, "87");
	ck_assert_ptr_nonnull(strstr(r->message, "one line"));
	ck_assert_uint_eq(ivm_lab_ngroups(ipam_host()), ngroups);
	/* 256 characters is still fine */
	long_desc[256] = '\0';
	r = RUN("ensure-group", { "Name", VMM_USERS }, { "Description", long_desc });
	expect(r, IVM_ST_CREATED, NULL);
}
END_TEST

START_TEST(remove_group_removed_then_absent)
{
	RUN("ensure-group", { "Name", VMM_USERS });
	const struct ivm_result *r = RUN("remove-group", { "Name", VMM_USERS });
	expect_removed(r);
	ck_assert_str_eq(field(r, "Name"), VMM_USERS);
	ck_assert_ptr_null(ivm_lab_group_find(ipam_host(), VMM_USERS));
	r = RUN("remove-group", { "Name", VMM_USERS });
	expect_absent(r);
	ck_assert_str_eq(field(r, "Name"), VMM_USERS);
	r = RUN("remove-group", { "Name", "a/b" });
	expect_absent(r);

	static const char *const builtins[] = { "Administrators", "BUILTIN\\Users", "S-1-5-32-580" };
	for (size_t i = 0; i < IVM_COUNT(builtins); i++) {
		r = RUN("remove-group", { "Name", builtins[i] });
		expect(r, IVM_ST_FAILED, "1371");
		ck_assert_ptr_nonnull(strstr(r->message, "built-in"));
	}
	ck_assert_ptr_nonnull(ivm_lab_group_find(ipam_host(), "S-1-5-32-580"));
}
END_TEST

START_TEST(group_members_added_and_removed)
{
	RUN("ensure-group", { "Name", VMM_USERS });
	const struct ivm_result *r = RUN("ensure-group-member", { "Group", VMM_USERS }, { "Member", VMMUSER });
	expect(r, IVM_ST_CREATED, NULL);
	ck_assert_str_eq(field(r, "Group"), "IPAM1\\VMM Users");
	ck_assert_str_eq(field(r, "Member"), VMMUSER);
	ck_assert(is_member(VMM_USERS, VMMUSER));
	r = RUN("ensure-group-member", { "Group", VMM_USERS }, { "Member", "vmmuser@contoso.com" });
	expect(r, IVM_ST_PRESENT, NULL);
	ck_assert_uint_eq(ivm_lab_group_find(ipam_host(), VMM_USERS)->nmembers, 1);
	/* a domain group can be a member */
	r = RUN("ensure-group-member", { "Group", ".\\VMM Users" }, { "Member", "CONTOSO\\Domain Users" });
	expect(r, IVM_ST_CREATED, NULL);

	r = RUN("ensure-group-member", { "Group", "No Such Group" }, { "Member", VMMUSER });
	expect(r, IVM_ST_FAILED, "1376");
	ck_assert_ptr_nonnull(strstr(r->message, "No Such Group"));
	r = RUN("ensure-group-member", { "Group", VMM_USERS }, { "Member", "CONTOSO\\nobody" });
	expect(r, IVM_ST_FAILED, "1332");
	r = RUN("ensure-group-member", { "Group", VMM_USERS }, { "Member", "BUILTIN\\Users" });
	expect(r, IVM_ST_FAILED, "1388");
	ck_assert_ptr_nonnull(strstr(r->message, "local groups cannot contain local groups"));
	r = RUN("ensure-group-member", { "Group", "Administrators" }, { "Member", VMM_USERS });
	expect(r, IVM_ST_FAILED, "1388");

	r = RUN("remove-group-member", { "Group", VMM_USERS }, { "Member", VMMUSER });
	expect_removed(r);
	ck_assert_str_eq(field(r, "MemberSID"), ivm_lab_account_sid(ivm_lab_account_find(fx.lab, NULL, VMMUSER)));
	ck_assert(!is_member(VMM_USERS, VMMUSER));
	r = RUN("remove-group-member", { "Group", VMM_USERS }, { "Member", VMMUSER });
	expect_absent(r);
	/* an inverse converges: no such group, no such account: not a member */
	r = RUN("remove-group-member", { "Group", "No Such Group" }, { "Member", VMMUSER });
	expect_absent(r);
	ck_assert_str_eq(field(r, "GroupSID"), "");
	ck_assert_ptr_nonnull(strstr(r->message, "No Such Group"));
	r = RUN("remove-group-member", { "Group", VMM_USERS }, { "Member", "CONTOSO\\nobody" });
	expect_absent(r);
	ck_assert_str_eq(field(r, "MemberSID"), "");
	r = RUN("remove-group-member", { "Group", VMM_USERS }, { "Member", "BUILTIN\\Users" });
	expect_absent(r);
}
END_TEST

START_TEST(remote_management_users_by_sid)
{
	const struct ivm_result *r = RUN("ensure-rmu-member", { "Member", VMMUSER });
	expect(r, IVM_ST_CREATED, NULL);
	ck_assert_str_eq(field(r, "GroupSID"), "S-1-5-32-580");
	ck_assert_str_eq(field(r, "Group"), "BUILTIN\\Remote Management Users");
	ck_assert(is_member("S-1-5-32-580", VMMUSER));
	r = RUN("ensure-rmu-member", { "Member", "vmmuser@contoso.com" });
	expect(r, IVM_ST_PRESENT, NULL);
	r = RUN("ensure-rmu-member", { "Member", "CONTOSO\\nobody" });
	expect(r, IVM_ST_FAILED, "1332");
	r = RUN("ensure-rmu-member", { "Member", "IPAM Users" });
	expect(r, IVM_ST_FAILED, "1388");

	r = RUN("remove-rmu-member", { "Member", VMMUSER });
	expect_removed(r);
	ck_assert(!is_member("S-1-5-32-580", VMMUSER));
	r = RUN("remove-rmu-member", { "Member", VMMUSER });
	expect_absent(r);
	ck_assert_str_eq(field(r, "GroupSID"), "S-1-5-32-580");
}
END_TEST

START_TEST(ipam_role_granted_and_revoked)
{
	RUN("ensure-group", { "Name", VMM_USERS });
	const char *sid = ivm_lab_group_find(ipam_host(), VMM_USERS)->sid;
	const struct ivm_result *r = RUN("grant-ipam-role", { "Principal", VMM_USERS });
	expect(r, IVM_ST_CREATED, NULL);
	ck_assert_str_eq(field(r, "Role"), ASM_ROLE);
	ck_assert_str_eq(field(r, "Scope"), "Global");
	ck_assert_str_eq(field(r, "Method"), "access-policy");
	ck_assert_str_eq(field(r, "Principal"), "IPAM1\\VMM Users");
	ck_assert(has_policy(sid, ASM_ROLE, "Global"));
	size_t npol = ivm_lab_ipam_npolicies(ipam_host());
	r = RUN("grant-ipam-role", { "Principal", VMM_USERS }, { "Role", "ipam asm administrator role" },
	        { "Scope", "\\Global" });
	expect(r, IVM_ST_PRESENT, NULL);
	ck_assert_uint_eq(ivm_lab_ipam_npolicies(ipam_host()), npol);
	/* the lab models every role and scope as the console would make them */
	r = RUN("grant-ipam-role", { "Principal", VMMUSER }, { "Role", "IPAM DHCP Administrator Role" },
	        { "Scope", "Global\\Europe" });
	expect(r, IVM_ST_CREATED, NULL);

	r = RUN("grant-ipam-role", { "Principal", VMM_USERS }, { "Role", "Boss Role" });
	expect(r, IVM_ST_FAILED, "1168");
	ck_assert_ptr_nonnull(strstr(r->message, "Boss Role"));
	r = RUN("grant-ipam-role", { "Principal", VMM_USERS }, { "Scope", "Global\\Mars" });
	expect(r, IVM_ST_FAILED, "1168");
	r = RUN("grant-ipam-role", { "Principal", "CONTOSO\\nobody" });
	expect(r, IVM_ST_FAILED, "1332");
	r = RUN_VMM("grant-ipam-role", { "Principal", VMMUSER });
	expect(r, IVM_ST_FAILED, "1168");
	ck_assert_ptr_nonnull(strstr(r->message, "does not run IPAM"));

	r = RUN("revoke-ipam-role", { "Principal", VMM_USERS }, { "Role", ASM_ROLE }, { "Scope", "Global" });
	expect_removed(r);
	ck_assert(!has_policy(sid, ASM_ROLE, "Global"));
	r = RUN("revoke-ipam-role", { "Principal", VMM_USERS });
	expect_absent(r);
	r = RUN("revoke-ipam-role", { "Principal", VMM_USERS }, { "Role", "Boss Role" });
	expect(r, IVM_ST_FAILED, "1168");
	r = RUN("revoke-ipam-role", { "Principal", "CONTOSO\\nobody" });
	expect_absent(r);
	ck_assert_str_eq(field(r, "Principal"), "CONTOSO\\nobody");
}
END_TEST

START_TEST(ipam_roles_and_scopes_listed)
{
	const struct ivm_result *r = run_on(fx.ipam, "list-ipam-roles", NULL, 0);
	expect(r, IVM_ST_PRESENT, NULL);
	ck_assert_str_eq(field(r, "Source"), "lab model");
	size_t roles = 0, scopes = 0;
	bool asm_role = false, global = false;
	for (size_t i = 0; i < r->nrecords; i++) {
		const struct ivm_record *rec = &r->records[i];
		const char *kind = ivm_field_get(rec->fields, rec->nfields, "Kind");
		const char *name = ivm_field_get(rec->fields, rec->nfields, "Name");
		ck_assert_ptr_nonnull(name);
		if (strcmp(kind, "Role") == 0) {
			roles++;
			const char *group = ivm_field_get(rec->fields, rec->nfields, "Group");
			if (strcmp(name, ASM_ROLE) == 0) {
				asm_role = true;
				ck_assert_str_eq(group, "IPAM ASM Administrators");
			} else if (strcmp(name, "DNS Record Administrator Role") == 0) {
				ck_assert_str_eq(group, "");
			}
		} else {
			ck_assert_str_eq(kind, "Scope");
			scopes++;
			global |= strcmp(ivm_field_get(rec->fields, rec->nfields, "Path"), "Global") == 0;
		}
	}
	ck_assert_uint_eq(roles, 8);
	ck_assert_uint_eq(roles, ivm_lab_ipam_nroles(ipam_host()));
	ck_assert_uint_eq(scopes, ivm_lab_ipam_nscopes(ipam_host()));
	ck_assert_str_eq(field(r, "RoleCount"), "8");
	ck_assert(asm_role && global && scopes > 1);

	r = run_on(fx.vmm, "list-ipam-roles", NULL, 0);
	expect(r, IVM_ST_FAILED, "1168");
}
END_TEST

/* The IPAM side of design.md's procedure, its repeat, and its undo. */
START_TEST(the_ipam_side_of_the_procedure)
{
	static const struct step {
		const char *id;
		struct ivm_param p[3];
		size_t n;
	} steps[] = {
		{ "ensure-group", { { "Name", VMM_USERS }, { "Description", "Accounts VMM uses to reach IPAM" } }, 2 },
		{ "ensure-group-member", { { "Group", VMM_USERS }, { "Member", VMMUSER } }, 2 },
		{ "grant-ipam-role", { { "Principal", VMM_USERS }, { "Role", ASM_ROLE }, { "Scope", "Global" } }, 3 },
		{ "ensure-rmu-member", { { "Member", VMMUSER } }, 1 },
	}, undo[] = {
		{ "remove-rmu-member", { { "Member", VMMUSER } }, 1 },
		{ "revoke-ipam-role", { { "Principal", VMM_USERS }, { "Role", ASM_ROLE }, { "Scope", "Global" } }, 3 },
		{ "remove-group-member", { { "Group", VMM_USERS }, { "Member", VMMUSER } }, 2 },
		{ "remove-group", { { "Name", VMM_USERS } }, 1 },
	};
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < IVM_COUNT(steps); i++)
			expect(run_on(fx.ipam, steps[i].id, steps[i].p, steps[i].n), pass ? IVM_ST_PRESENT : IVM_ST_CREATED,
			       NULL);

	/* VMM's Run As for that account, made in the model: the VMM operations are not ours */
	struct ivm_lab_host *vmm = ivm_lab_host_with_role(fx.lab, IVM_LAB_ROLE_VMM);
	const struct ivm_lab_job *job = NULL;
	struct ivm_err err;
	ck_assert_int_eq(ivm_lab_vmm_runas_ensure(fx.lab, vmm, RUNAS_NAME, VMMUSER, "Vmm-User-1!", NULL, true, &job,
	                                          &err), IVM_ST_CREATED);
	struct ivm_lab_test_result t[IVM_LAB_NTESTS];
	int failed = ivm_lab_test_network_service(fx.lab, IPAM_FQDN, RUNAS_NAME, IVM_LAB_IPAM_PROVIDER, t);
	ck_assert_msg(t[IVM_LAB_TEST_CAPABILITY].passed, "%s", t[IVM_LAB_TEST_CAPABILITY].reason);
	ck_assert_str_eq(t[IVM_LAB_TEST_CAPABILITY].name, "Test capability discovery");
	ck_assert_msg(failed == 0, "open: %s; system info: %s", t[IVM_LAB_TEST_OPEN].reason,
	              t[IVM_LAB_TEST_SYSINFO].reason);

	for (size_t i = 0; i < IVM_COUNT(undo); i++)
		expect_removed(run_on(fx.ipam, undo[i].id, undo[i].p, undo[i].n));
	for (size_t i = 0; i < IVM_COUNT(undo); i++)
		expect_absent(run_on(fx.ipam, undo[i].id, undo[i].p, undo[i].n));
	ck_assert_ptr_null(ivm_lab_group_find(ipam_host(), VMM_USERS));
	ck_assert(ivm_lab_test_network_service(fx.lab, IPAM_FQDN, RUNAS_NAME, IVM_LAB_IPAM_PROVIDER, t) > 0);
	ck_assert(!t[IVM_LAB_TEST_CAPABILITY].passed);
	ck_assert(!t[IVM_LAB_TEST_OPEN].passed);
	ck_assert_ptr_nonnull(strstr(t[IVM_LAB_TEST_CAPABILITY].reason, "holds neither"));
}
END_TEST

/* The account alone in IPAM ASM Administrators is the other documented way
 * (the VMM 2016 documentation), and RBAC is additive: the provider test
 * passes without any access policy. */
START_TEST(ipam_local_group_is_enough_on_its_own)
{
	size_t npol = ivm_lab_ipam_npolicies(ipam_host());
	expect(RUN("ensure-group-member", { "Group", "IPAM ASM Administrators" }, { "Member", VMMUSER }),
	       IVM_ST_CREATED, NULL);
	expect(RUN("ensure-rmu-member", { "Member", VMMUSER }), IVM_ST_CREATED, NULL);
	struct ivm_lab_host *vmm = ivm_lab_host_with_role(fx.lab, IVM_LAB_ROLE_VMM);
	struct ivm_err err;
	ck_assert_int_eq(ivm_lab_vmm_runas_ensure(fx.lab, vmm, RUNAS_NAME, VMMUSER, "Vmm-User-1!", NULL, true, NULL,
	                                          &err), IVM_ST_CREATED);
	struct ivm_lab_test_result t[IVM_LAB_NTESTS];
	ck_assert_int_eq(ivm_lab_test_network_service(fx.lab, IPAM_FQDN, RUNAS_NAME, IVM_LAB_IPAM_PROVIDER, t), 0);
	ck_assert_uint_eq(ivm_lab_ipam_npolicies(ipam_host()), npol);
	expect_removed(RUN("remove-group-member", { "Group", "IPAM ASM Administrators" }, { "Member", VMMUSER }));
	ck_assert_int_gt(ivm_lab_test_network_service(fx.lab, IPAM_FQDN, RUNAS_NAME, IVM_LAB_IPAM_PROVIDER, t), 0);
	ck_assert(!t[IVM_LAB_TEST_CAPABILITY].passed);
}
END_TEST

/* ---- hostile values (issue 4, "Bad input and safety") --------------------------- */

#define Q_OPEN "\xe2\x80\x98"	/* ‘ */
#define Q_CLOSE "\xe2\x80\x99"	/* ’ */
#define Q_LOW "\xe2\x80\x9a"	/* ‚ */
#define Q_REV "\xe2\x80\x9b"	/* ‛ */
#define QQ_OPEN "\xe2\x80\x9c"	/* “ */
#define QQ_CLOSE "\xe2\x80\x9d"	/* ” */

START_TEST(hostile_group_names_arrive_exact_or_are_refused)
{
	char long_name[256];
	memset(long_name, 'h', 255);
	memcpy(long_name, "$(x)'", 5);
	long_name[255] = '\0';
	static const struct {
		const char *name, *refused;	/* the rule named, NULL when accepted */
	} cases[] = {
		{ "O'Brien's group", NULL },
		{ Q_OPEN "single" Q_CLOSE " " Q_LOW "low" Q_REV " " QQ_OPEN "double" QQ_CLOSE, NULL },
		{ "$(Stop-Computer -Force)", NULL },
		{ "`whoami` `$env:x", "has one of the characters" },
		{ "tick`s and ${braces}", NULL },
		{ "Gruppe f\xc3\xbcr VMM \xc3\x9c\xc3\xb1\xc3\xaf\xc3\xa7\xc3\xb8" "d\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac", NULL },
		{ "say \"hi\"", "has one of the characters" },
		{ "a; b", "has one of the characters" },
		{ "a | b", "has one of the characters" },
		{ "line1\nline2", "control characters" },
		{ "'@\nStop-Computer\n@'", "control characters" },
		{ "x'@", "has one of the characters" },
		{ NULL, NULL },	/* the 255-character name */
	};
	for (size_t i = 0; i < IVM_COUNT(cases); i++) {
		const char *name = cases[i].name ? cases[i].name : long_name;
		const char *desc = "d: ' \" " Q_OPEN Q_CLOSE QQ_OPEN QQ_CLOSE " $(x) `y` ; | \xc3\xa9";
		const struct ivm_result *r = RUN("ensure-group", { "Name", name }, { "Description", desc });
		if (cases[i].refused != NULL) {
			expect(r, IVM_ST_FAILED, "1315");
			ck_assert_msg(strstr(r->message, cases[i].refused) != NULL, "%zu: %s", i, r->message);
			ck_assert_ptr_null(ivm_lab_group_find(ipam_host(), name));
			continue;
		}
		expect(r, IVM_ST_CREATED, NULL);
		ck_assert_str_eq(field(r, "Name"), name);
		const struct ivm_lab_group *g = ivm_lab_group_find(ipam_host(), name);
		ck_assert_msg(g != NULL, "%zu: not in the model", i);
		ck_assert_str_eq(g->name, name);
		ck_assert_str_eq(g->description, desc);
		/* and it works as a group: members, a policy, then gone */
		expect(RUN("ensure-group-member", { "Group", name }, { "Member", VMMUSER }), IVM_ST_CREATED, NULL);
		expect(RUN("grant-ipam-role", { "Principal", name }), IVM_ST_CREATED, NULL);
		ck_assert(has_policy(g->sid, ASM_ROLE, "Global"));
		expect_removed(RUN("revoke-ipam-role", { "Principal", name }));
		expect_removed(RUN("remove-group", { "Name", name }));
		ck_assert_ptr_null(ivm_lab_group_find(ipam_host(), name));
	}
}
END_TEST

START_TEST(hostile_descriptions_arrive_exact_or_are_refused)
{
	static const struct {
		const char *desc;
		bool refused;
	} cases[] = {
		{ "O'Brien \"quoted\"", false },
		{ Q_OPEN Q_CLOSE Q_LOW Q_REV QQ_OPEN QQ_CLOSE, false },
		{ "$(Remove-Item C:\\ -Recurse -Force)", false },
		{ "`$env:PATH` ; | & < > @ [ ] =", false },
		{ "Beschreibung f\xc3\xbcr VMM", false },
		{ "'@\nStop-Computer\n@'", true },
		{ "tab\tinside", true },
		{ "crlf\r\n", true },
	};
	RUN("ensure-group", { "Name", VMM_USERS });
	for (size_t i = 0; i < IVM_COUNT(cases); i++) {
		const char *before = ivm_lab_group_find(ipam_host(), VMM_USERS)->description;
		char *keep = strdup(before);
		const struct ivm_result *r = RUN("ensure-group", { "Name", VMM_USERS }, { "Description", cases[i].desc });
		if (cases[i].refused) {
			expect(r, IVM_ST_FAILED, "87");
			ck_assert_str_eq(ivm_lab_group_find(ipam_host(), VMM_USERS)->description, keep);
		} else {
			expect(r, IVM_ST_CHANGED, NULL);
			ck_assert_str_eq(field(r, "Description"), cases[i].desc);
			ck_assert_str_eq(ivm_lab_group_find(ipam_host(), VMM_USERS)->description, cases[i].desc);
		}
		free(keep);
	}
}
END_TEST

START_TEST(hostile_account_names_are_not_found_never_run)
{
	static const char *const names[] = {
		"CONTOSO\\vmm'user", "CONTOSO\\\"vmmuser\"", "$(Stop-Computer)", "`whoami`", "a; b | c",
		"CONTOSO\\vmm" Q_CLOSE "user", "line1\nline2", "'@\nx\n@'", "vmmuser@contoso.com; whoami",
	};
	RUN("ensure-group", { "Name", VMM_USERS });
	size_t npol = ivm_lab_ipam_npolicies(ipam_host());
	for (size_t i = 0; i < IVM_COUNT(names); i++) {
		const struct ivm_result *r = RUN("ensure-group-member", { "Group", VMM_USERS }, { "Member", names[i] });
		expect(r, IVM_ST_FAILED, "1332");
		r = RUN("grant-ipam-role", { "Principal", names[i] });
		expect(r, IVM_ST_FAILED, "1332");
		r = RUN("ensure-rmu-member", { "Member", names[i] });
		expect(r, IVM_ST_FAILED, "1332");
		r = RUN("ensure-group-member", { "Group", names[i] }, { "Member", VMMUSER });
		expect(r, IVM_ST_FAILED, "1376");
	}
	ck_assert_uint_eq(ivm_lab_group_find(ipam_host(), VMM_USERS)->nmembers, 0);
	ck_assert_uint_eq(ivm_lab_ipam_npolicies(ipam_host()), npol);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("ops_ipam");
	TCase *tc = tcase_create("scripts");
	tcase_add_loop_test(tc, rows_match_their_scripts, 0, (int)IVM_COUNT(rows));
	tcase_add_test(tc, rmu_is_found_by_sid_never_by_name);
	tcase_add_test(tc, parameter_documents_carry_names_and_values);
	tcase_add_test(tc, parameters_a_row_does_not_list_are_refused);
	tcase_add_loop_test(tc, recorded_results_are_read_and_checked, 0, (int)IVM_COUNT(recorded));
	tcase_add_test(tc, list_ipam_roles_records_tell_roles_from_scopes);
	suite_add_tcase(s, tc);

	TCase *lab = tcase_create("lab");
	tcase_set_timeout(lab, 60);
	tcase_add_checked_fixture(lab, lab_up, lab_down);
	tcase_add_test(lab, list_groups_on_the_lab);
	tcase_add_test(lab, resolve_account_on_the_lab);
	tcase_add_test(lab, ensure_group_created_present_changed);
	tcase_add_test(lab, ensure_group_refuses_what_windows_refuses);
	tcase_add_test(lab, remove_group_removed_then_absent);
	tcase_add_test(lab, group_members_added_and_removed);
	tcase_add_test(lab, remote_management_users_by_sid);
	tcase_add_test(lab, ipam_role_granted_and_revoked);
	tcase_add_test(lab, ipam_roles_and_scopes_listed);
	tcase_add_test(lab, the_ipam_side_of_the_procedure);
	tcase_add_test(lab, ipam_local_group_is_enough_on_its_own);
	tcase_add_test(lab, hostile_group_names_arrive_exact_or_are_refused);
	tcase_add_test(lab, hostile_descriptions_arrive_exact_or_are_refused);
	tcase_add_test(lab, hostile_account_names_are_not_found_never_run);
	suite_add_tcase(s, lab);
	return tu_run_suite(s);
}

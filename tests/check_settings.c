/* tests/check_settings.c: Check suite "settings": the Windows rules, the settings model and the XML answer file. */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xmlversion.h>

#include "core/answers.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/ivm.h"
#include "core/settings.h"
#include "core/xalloc.h"
#include "tests/testutil.h"

#define FORBIDDEN_GROUP "\"/\\[]:;|=,+*?<>@"
#define FORBIDDEN_ACCOUNT "\"/\\[]:;|=,+*?<>"

/* The check's verdict and its message, for one value. */
static bool
ok(ivm_check_fn fn, const char *v, char *msg)
{
	msg[0] = '\0';
	return fn(v, msg, IVM_CHECK_MSG) == 0;
}

static char *
repeat(const char *unit, size_t n)
{
	struct ivm_buf b = IVM_BUF_INIT;
	for (size_t i = 0; i < n; i++)
		ivm_buf_adds(&b, unit);
	return ivm_buf_steal(&b);
}

static void
assert_good(ivm_check_fn fn, const char *v)
{
	char msg[IVM_CHECK_MSG];
	ck_assert_msg(ok(fn, v, msg), "'%s' refused: %s", v, msg);
}

static void
assert_bad(ivm_check_fn fn, const char *v, const char *needle)
{
	char msg[IVM_CHECK_MSG];
	ck_assert_msg(!ok(fn, v, msg), "'%s' accepted", v);
	ck_assert_msg(strstr(msg, needle) != NULL, "'%s': message \"%s\" lacks \"%s\"", v, msg, needle);
}

/* ---- the rules ---------------------------------------------------------------- */

START_TEST(group_name_forbidden_characters)
{
	for (const char *c = FORBIDDEN_GROUP; *c; c++) {
		char v[32], found[16];
		snprintf(v, sizeof(v), "VMM%cUsers", *c);
		snprintf(found, sizeof(found), "(found '%c')", *c);
		assert_bad(ivm_check_group_name, v, found);
		assert_bad(ivm_check_group_name, v, "must not contain any of " "\" / \\ [ ] : ; | = , + * ? < > @");
	}
	assert_good(ivm_check_group_name, "VMM Users");
	assert_good(ivm_check_group_name, "O'Brien ‘x’ ‚y‛ “z” $(calc) `whoami` & ü 名前 #%!~^{}");
}
END_TEST

START_TEST(group_name_lengths_and_shapes)
{
	char *at = repeat("g", 256), *over = repeat("g", 257);
	char *wide_at = repeat("é", 256), *astral = repeat("\xf0\x9f\x98\x80", 129);
	assert_good(ivm_check_group_name, at);
	assert_good(ivm_check_group_name, wide_at);	/* characters, not bytes */
	assert_bad(ivm_check_group_name, over, "at most 256 characters (it has 257)");
	/* outside the BMP a character is two UTF-16 units, as Windows counts */
	assert_bad(ivm_check_group_name, astral, "(it has 258)");
	free(at);
	free(over);
	free(wide_at);
	free(astral);
	assert_bad(ivm_check_group_name, "...", "only of periods and spaces");
	assert_bad(ivm_check_group_name, ". .", "only of periods and spaces");
	assert_bad(ivm_check_group_name, "VMM Users.", "must not end with a period");
	assert_bad(ivm_check_group_name, "", "must not be empty");
	assert_bad(ivm_check_group_name, " VMM Users", "white space");
	assert_bad(ivm_check_group_name, "VMM\tUsers", "control characters (found U+0009)");
	assert_bad(ivm_check_group_name, "VMM\xc2\x85Users", "(found U+0085)");
	assert_bad(ivm_check_group_name, "VMM\xff", "not valid UTF-8");
	assert_bad(ivm_check_group_name, "VMM\xed\xa0\x80", "not valid UTF-8");	/* a surrogate */
	assert_bad(ivm_check_group_name, "\xc0\xafx", "not valid UTF-8");	/* overlong '/' */
}
END_TEST

START_TEST(group_description_rules)
{
	char *at = repeat("d", 256), *over = repeat("d", 257);
	assert_good(ivm_check_group_description, at);
	assert_bad(ivm_check_group_description, over, "at most 256");
	free(at);
	free(over);
	assert_good(ivm_check_group_description, "line one\nline 'two' \"; | $(x)\n'@ here");
	assert_good(ivm_check_group_description, "a\ttab");
	assert_bad(ivm_check_group_description, "a\rb", "other than line breaks and tabs (found U+000D)");
	assert_bad(ivm_check_group_description, "bell\a", "U+0007");
}
END_TEST

START_TEST(account_rules)
{
	assert_good(ivm_check_account, "CONTOSO\\vmmuser");
	assert_good(ivm_check_account, "vmmuser@contoso.com");
	assert_good(ivm_check_account, "CONTOSO\\o'brien-$(x)");
	assert_good(ivm_check_account, "ABCDEFGHIJKLMNO\\abcdefghijklmnopqrst");	/* 15 and 20 */
	assert_bad(ivm_check_account, "ABCDEFGHIJKLMNOP\\u", "at most 15 characters (it has 16)");
	assert_bad(ivm_check_account, "CONTOSO\\abcdefghijklmnopqrstu", "at most 20 characters");
	assert_bad(ivm_check_account, "vmmuser", "DOMAIN\\user or user@dns.domain");
	assert_bad(ivm_check_account, "\\vmmuser", "needs a domain");
	assert_bad(ivm_check_account, "CONTOSO\\", "needs a user name");
	assert_bad(ivm_check_account, "@contoso.com", "needs a user name");
	assert_bad(ivm_check_account, "vmmuser@contoso", "fully qualified");
	assert_bad(ivm_check_account, "CONTOSO\\a\\b", "(found '\\')");
	assert_bad(ivm_check_account, "CONTOSO\\vmm\nuser", "control characters");
	for (const char *c = FORBIDDEN_ACCOUNT; *c; c++) {
		if (*c == '\\')
			continue;
		char v[32], found[16];
		snprintf(v, sizeof(v), "CONTOSO\\a%cb", *c);
		snprintf(found, sizeof(found), "(found '%c')", *c);
		assert_bad(ivm_check_account, v, found);
		snprintf(v, sizeof(v), "a%cb@contoso.com", *c);
		assert_bad(ivm_check_account, v, found);
	}
	/* an administrator may be a local account named alone */
	assert_good(ivm_check_admin_account, "localadmin");
	assert_good(ivm_check_admin_account, "IPAM1\\Administrator");
	assert_bad(ivm_check_admin_account, "local*admin", "(found '*')");
}
END_TEST

START_TEST(fqdn_rules)
{
	char *label63 = repeat("a", 63), *label64 = repeat("a", 64);
	char v[600];
	snprintf(v, sizeof(v), "%s.example", label63);
	assert_good(ivm_check_fqdn, v);
	snprintf(v, sizeof(v), "%s.example", label64);
	assert_bad(ivm_check_fqdn, v, "at most 63 characters (label 1 has 64)");
	/* 253 characters in all is the most: four labels of 63 and three dots is 255 */
	snprintf(v, sizeof(v), "%s.%s.%s.%.61s", label63, label63, label63, label63);
	ck_assert_uint_eq(strlen(v), 253);
	assert_good(ivm_check_fqdn, v);
	snprintf(v, sizeof(v), "%s.%s.%s.%.62s", label63, label63, label63, label63);
	assert_bad(ivm_check_fqdn, v, "at most 253 characters (it has 254)");
	free(label63);
	free(label64);
	assert_good(ivm_check_fqdn, "ipam1.contoso.com");
	assert_good(ivm_check_fqdn, "a.b");
	assert_good(ivm_check_fqdn, "x-1.y2");
	assert_bad(ivm_check_fqdn, "ipam1", "with a dot");
	assert_bad(ivm_check_fqdn, "-ipam.contoso.com", "hyphen (label 1)");
	assert_bad(ivm_check_fqdn, "ipam-.contoso.com", "hyphen (label 1)");
	assert_bad(ivm_check_fqdn, "ipam.contoso-.com", "hyphen (label 2)");
	assert_bad(ivm_check_fqdn, "ipam_1.contoso.com", "(found '_')");
	assert_bad(ivm_check_fqdn, "ipam..contoso.com", "empty label");
	assert_bad(ivm_check_fqdn, ".contoso.com", "empty label");
	assert_bad(ivm_check_fqdn, "ipam1.contoso.com.", "end with a dot");
	assert_bad(ivm_check_fqdn, "ïpam.contoso.com", "non-ASCII");
	assert_bad(ivm_check_fqdn, "", "must not be empty");
}
END_TEST

START_TEST(connection_string_ports)
{
	assert_good(ivm_check_fqdn_port, "ipam1.contoso.com");
	assert_good(ivm_check_fqdn_port, "ipam1.contoso.com:1");
	assert_good(ivm_check_fqdn_port, "ipam1.contoso.com:48885");
	assert_good(ivm_check_fqdn_port, "ipam1.contoso.com:65535");
	assert_bad(ivm_check_fqdn_port, "ipam1.contoso.com:0", "from 1 to 65535 (found '0')");
	assert_bad(ivm_check_fqdn_port, "ipam1.contoso.com:65536", "from 1 to 65535 (found '65536')");
	assert_bad(ivm_check_fqdn_port, "ipam1.contoso.com:", "from 1 to 65535");
	assert_bad(ivm_check_fqdn_port, "ipam1.contoso.com:+80", "from 1 to 65535");
	assert_bad(ivm_check_fqdn_port, "ipam1.contoso.com:100000", "from 1 to 65535");
	assert_bad(ivm_check_fqdn_port, "ipam1.contoso.com:80:81", "from 1 to 65535");
	assert_bad(ivm_check_fqdn_port, "ipam1:80", "with a dot");
}
END_TEST

START_TEST(url_rules)
{
	assert_good(ivm_check_url, "https://ipam1.contoso.com:5986/wsman");
	assert_good(ivm_check_url, "HTTPS://ipam1.contoso.com/wsman");
	assert_good(ivm_check_url, "http://127.0.0.1:8080/wsman");
	assert_good(ivm_check_url, "https://[::1]:5986/wsman");
	assert_good(ivm_check_url, "https://localhost:5986/wsman");
	assert_bad(ivm_check_url, "ftp://ipam1.contoso.com/wsman", "https://");
	assert_bad(ivm_check_url, "ipam1.contoso.com:5986/wsman", "https://");
	assert_bad(ivm_check_url, "https://ipam1.contoso.com:5986", "path");
	assert_bad(ivm_check_url, "https://ipam1.contoso.com:0/wsman", "from 1 to 65535");
	assert_bad(ivm_check_url, "https://ipam1.contoso.com:65536/wsman", "from 1 to 65535");
	assert_bad(ivm_check_url, "https://ipam_1.contoso.com/wsman", "(found '_')");
	assert_bad(ivm_check_url, "https://ipam1.contoso.com/ws man", "spaces");
	assert_bad(ivm_check_url, "https://[zz]/wsman", "IPv6");
}
END_TEST

START_TEST(vmm_name_and_description_rules)
{
	char *at = repeat("n", 256), *over = repeat("n", 257);
	assert_good(ivm_check_vmm_name, at);
	assert_bad(ivm_check_vmm_name, over, "at most 256");
	free(at);
	free(over);
	assert_good(ivm_check_vmm_name, "IPAM \"Run As\" ; | $(x) `y` 'z' ‘a’ “b” Ñ");
	assert_bad(ivm_check_vmm_name, "", "must not be empty");
	assert_bad(ivm_check_vmm_name, "IPAM\nRun As", "U+000A");
	assert_bad(ivm_check_vmm_name, "IPAM\x7f", "U+007F");
	assert_bad(ivm_check_vmm_name, "IPAM\x1b[31m", "U+001B");
	assert_bad(ivm_check_vmm_name, "IPAM\xef\xbf\xbe", "U+FFFE");
	assert_bad(ivm_check_vmm_name, "IPAM ", "white space");
	char *dat = repeat("d", 2048), *dover = repeat("d", 2049);
	assert_good(ivm_check_vmm_description, dat);
	assert_bad(ivm_check_vmm_description, dover, "at most 2048");
	free(dat);
	free(dover);
	assert_good(ivm_check_vmm_description, "two\nlines");
}
END_TEST

START_TEST(role_and_scope_rules)
{
	ck_assert_uint_eq(ivm_ipam_nroles, 8);
	for (size_t i = 0; i < ivm_ipam_nroles; i++)
		assert_good(ivm_check_role, ivm_ipam_roles[i]);
	assert_bad(ivm_check_role, "IPAM ASM Administrator", "not one of the eight built-in IPAM roles");
	assert_bad(ivm_check_role, "ipam asm administrator role", "IPAM ASM Administrator Role");
	assert_bad(ivm_check_role, "", "not one of");
	assert_good(ivm_check_scope, "Global");
	assert_good(ivm_check_scope, "Global\\Europe\\Dublin");
	assert_bad(ivm_check_scope, "\\Global\\Europe", "leading backslash");
	assert_bad(ivm_check_scope, "Europe", "Global or a scope under it");
	assert_bad(ivm_check_scope, "Globalx", "Global or a scope under it");
	assert_bad(ivm_check_scope, "Global\\", "empty part");
	assert_bad(ivm_check_scope, "Global\\\\Europe", "empty part");
	assert_good(ivm_check_env_name, "IPAMVMM_RUNAS_PASSWORD");
	assert_good(ivm_check_env_name, "_x1");
	assert_bad(ivm_check_env_name, "1X", "(found '1')");
	assert_bad(ivm_check_env_name, "IPAM-VMM", "(found '-')");
	assert_bad(ivm_check_env_name, "", "environment variable");
}
END_TEST

/* ---- the model ------------------------------------------------------------------ */

START_TEST(defaults_are_the_documented_ones)
{
	struct ivm_settings s;
	ivm_settings_defaults(&s);
	ck_assert(s.lab);
	ck_assert(ivm_settings_is_lab(&s));
	ck_assert_str_eq(s.group_name, "VMM Users");
	ck_assert_str_eq(s.group_description, "Accounts VMM uses to reach IPAM");
	ck_assert_ptr_null(s.account);
	ck_assert_str_eq(s.role, "IPAM ASM Administrator Role");
	ck_assert_str_eq(s.scope, "Global");
	ck_assert_int_eq(s.runas_mode, IVM_RUNAS_NEW);
	ck_assert_str_eq(s.runas_name, "IPAM Run As");
	ck_assert_int_eq(s.runas_password.src, IVM_SECRET_PROMPT);
	ck_assert_str_eq(s.service_name, "IPAM");
	ck_assert_str_eq(s.manufacturer, "Microsoft");
	ck_assert_str_eq(s.model, "Microsoft Windows Server IP Address Management");
	ck_assert_str_eq(s.provider, "Microsoft IP Address Management Provider");
	ck_assert_uint_eq(s.host_groups.n, 1);
	ck_assert_str_eq(s.host_groups.v[0], "All Hosts");
	for (int side = 0; side < IVM_SIDES; side++) {
		ck_assert_int_eq(s.target[side].auth, IVM_AUTH_NEGOTIATE);
		ck_assert(!s.target[side].insecure && !s.target[side].allow_unencrypted);
	}
	/* derived: the lab's hosts, the IPAM host as connection string, the account as Run As user */
	struct ivm_buf scratch = IVM_BUF_INIT;
	ck_assert_str_eq(ivm_settings_host(&s, IVM_SIDE_IPAM), IVM_SETTINGS_LAB_IPAM);
	ck_assert_str_eq(ivm_settings_connection_string(&s), IVM_SETTINGS_LAB_IPAM);
	ck_assert_str_eq(ivm_settings_endpoint(&s, IVM_SIDE_VMM, &scratch), "https://vmm1.contoso.com:5986/wsman");
	ck_assert_ptr_null(ivm_settings_runas_user(&s));
	/* the one setting with no default */
	struct ivm_err err;
	ck_assert_int_eq(ivm_settings_validate(&s, &err), -1);
	ck_assert_str_eq(err.what, "VMM account: is required");
	ck_assert_int_eq(ivm_settings_set(&s, "ipam/local-group/member", "CONTOSO\\vmmuser", &err), 0);
	ck_assert_int_eq(ivm_settings_validate(&s, &err), 0);
	ck_assert_str_eq(ivm_settings_runas_user(&s), "CONTOSO\\vmmuser");
	ivm_buf_clear(&scratch);
	ivm_settings_effective(&s, ivm_setting_field_find("vmm/runas/user"), &scratch);
	ck_assert_str_eq(ivm_buf_str(&scratch), "CONTOSO\\vmmuser");
	ivm_buf_release(&scratch);
	ivm_settings_release(&s);
}
END_TEST

START_TEST(field_table_is_complete)
{
	struct ivm_settings s;
	ivm_settings_defaults(&s);
	for (size_t i = 0; i < ivm_setting_nfields; i++) {
		const struct ivm_setting_field *f = &ivm_setting_fields[i];
		ck_assert_msg(f->label && f->label[0] && f->help && f->help[0] && f->rule && f->rule[0],
		              "%s lacks a label, help or rule", f->name);
		ck_assert_ptr_eq(ivm_setting_field_find(f->name), f);
		ck_assert_msg(f->type == IVM_FT_TEXT || f->type == IVM_FT_LIST ? f->check != NULL : true,
		              "%s has no rule function", f->name);
		/* every default is the value a fresh settings holds */
		if (f->def != NULL) {
			struct ivm_buf b = IVM_BUF_INIT;
			ck_assert(ivm_settings_get(&s, f, &b));
			ck_assert_str_eq(ivm_buf_str(&b), f->def);
			ivm_buf_release(&b);
		}
	}
	ck_assert_ptr_null(ivm_setting_field_find("ipam/local-group"));
	ivm_settings_release(&s);
}
END_TEST

START_TEST(set_names_the_field_and_the_rule)
{
	struct ivm_settings s;
	struct ivm_err err;
	ivm_settings_defaults(&s);
	ck_assert_int_eq(ivm_settings_set(&s, "ipam/local-group/name", "VMM:Users", &err), -1);
	ck_assert_str_eq(err.what, "IPAM group name: must not contain any of \" / \\ [ ] : ; | = , + * ? < > @ (found ':')");
	ck_assert_int_eq(err.kind, IVM_E_USAGE);
	ck_assert(strstr(err.why, "256 characters") != NULL);
	ck_assert(strstr(err.next, "ipam/local-group/name") != NULL);
	ck_assert_str_eq(s.group_name, "VMM Users");	/* unchanged */

	ck_assert_int_eq(ivm_settings_set(&s, "no/such/field", "x", &err), -1);
	ck_assert(strstr(err.why, "no/such/field") != NULL);

	ck_assert_int_eq(ivm_settings_set(&s, "targets/ipam/auth", "ntlm", &err), 0);
	ck_assert_int_eq(s.target[IVM_SIDE_IPAM].auth, IVM_AUTH_NTLM);
	ck_assert_int_eq(ivm_settings_set(&s, "targets/ipam/auth", "digest", &err), -1);
	ck_assert_int_eq(ivm_settings_set(&s, "targets/vmm/insecure", "yes", &err), 0);
	ck_assert(s.target[IVM_SIDE_VMM].insecure);
	ck_assert_int_eq(ivm_settings_set(&s, "targets/vmm/insecure", "maybe", &err), -1);
	ck_assert_int_eq(ivm_settings_set(&s, "vmm/runas/@mode", "existing", &err), 0);
	ck_assert_int_eq(s.runas_mode, IVM_RUNAS_EXISTING);

	/* password sources: never the password */
	ck_assert_int_eq(ivm_settings_set(&s, "vmm/runas/password-source", "env:IPAMVMM_RUNAS_PASSWORD", &err), 0);
	ck_assert_int_eq(s.runas_password.src, IVM_SECRET_ENV);
	ck_assert_str_eq(s.runas_password.arg, "IPAMVMM_RUNAS_PASSWORD");
	ck_assert_int_eq(ivm_settings_set(&s, "vmm/runas/password-source", "file:/run/pw", &err), 0);
	ck_assert_int_eq(s.runas_password.src, IVM_SECRET_FILE);
	ck_assert_int_eq(ivm_settings_set(&s, "vmm/runas/password-source", "Passw0rd!", &err), -1);
	ck_assert(strstr(err.what, "never the password") != NULL);
	ck_assert(strstr(err.what, "Passw0rd") == NULL);
	ck_assert_int_eq(ivm_settings_set(&s, "vmm/runas/password-source", "env:1BAD", &err), -1);
	ck_assert_str_eq(s.runas_password.arg, "/run/pw");
	ck_assert_int_eq(ivm_settings_set(&s, "vmm/runas/password-source", "prompt", &err), 0);
	ck_assert_ptr_null(s.runas_password.arg);

	/* a list takes one item a line; an optional text takes "" as "not given" */
	ck_assert_int_eq(ivm_settings_set(&s, "vmm/network-service/host-groups/host-group", "Dublin\nParis", &err), 0);
	ck_assert_uint_eq(s.host_groups.n, 2);
	ck_assert_str_eq(s.host_groups.v[1], "Paris");
	ck_assert_int_eq(ivm_settings_add(&s, "vmm/network-service/host-groups/host-group", "Bad\x01", &err), -1);
	ck_assert_uint_eq(s.host_groups.n, 2);
	ck_assert_int_eq(ivm_settings_set(&s, "ipam/local-group/description", "", &err), 0);
	ck_assert_ptr_null(s.group_description);
	ck_assert_int_eq(ivm_settings_set(&s, "ipam/local-group/name", "", &err), -1);
	ivm_settings_release(&s);
}
END_TEST

START_TEST(lab_and_cross_field_rules)
{
	struct ivm_settings s;
	struct ivm_err err;
	ivm_settings_defaults(&s);
	ck_assert_int_eq(ivm_settings_set(&s, "ipam/local-group/member", "CONTOSO\\vmmuser", &err), 0);
	ck_assert_int_eq(ivm_settings_set(&s, "targets/ipam/host", "ipam1.corp.example", &err), 0);
	ck_assert(!s.lab);
	ck_assert_int_eq(ivm_settings_validate(&s, &err), -1);
	ck_assert(strncmp(err.what, "VMM server: is required when the IPAM server is named", 53) == 0);
	ck_assert_int_eq(ivm_settings_set(&s, "targets/vmm/host", "vmm1.corp.example", &err), 0);
	ck_assert_int_eq(ivm_settings_validate(&s, &err), 0);
	ck_assert_str_eq(ivm_settings_connection_string(&s), "ipam1.corp.example");

	/* http:// with negotiate (the default) is sealed: fine; with Basic it
	 * would travel in the clear */
	ck_assert_int_eq(ivm_settings_set(&s, "targets/vmm/endpoint", "http://vmm1.corp.example:5985/wsman", &err), 0);
	ck_assert_int_eq(ivm_settings_validate(&s, &err), 0);
	ck_assert_int_eq(ivm_settings_set(&s, "targets/vmm/auth", "basic", &err), 0);
	ck_assert_int_eq(ivm_settings_validate(&s, &err), -1);
	ck_assert(strstr(err.what, "VMM WinRM endpoint: uses http:// with Basic") == err.what);
	ck_assert_int_eq(ivm_settings_set(&s, "targets/vmm/allow-unencrypted", "yes", &err), 0);
	ck_assert_int_eq(ivm_settings_validate(&s, &err), 0);

	ck_assert_int_eq(ivm_settings_set(&s, "targets/@lab", "yes", &err), 0);
	ck_assert(s.lab);
	ck_assert_str_eq(ivm_settings_host(&s, IVM_SIDE_IPAM), "ipam1.corp.example");

	/* every problem at once, for the wizard */
	ck_assert_int_eq(ivm_settings_set(&s, "vmm/network-service/host-groups/host-group", "All Hosts\nall hosts", &err), 0);
	free(s.group_name);
	s.group_name = ivm_xstrdup("bad:name");	/* written directly, as a careless caller might */
	struct ivm_problems all;
	ck_assert_uint_eq(ivm_settings_problems(&s, &all), 2);
	ck_assert_str_eq(all.v[0].field->name, "ipam/local-group/name");
	ck_assert_str_eq(all.v[1].field->name, "vmm/network-service/host-groups/host-group");
	ck_assert(strstr(all.v[1].message, "twice") != NULL);
	ivm_problems_release(&all);
	ivm_settings_clear_list(&s, ivm_setting_field_find("vmm/network-service/host-groups/host-group"));
	ck_assert_int_eq(ivm_settings_validate(&s, &err), -1);
	ck_assert(strstr(err.what, "IPAM group name") == err.what);
	ivm_settings_release(&s);
}
END_TEST

START_TEST(copy_and_equal)
{
	struct ivm_settings a, b;
	struct ivm_err err;
	ivm_settings_defaults(&a);
	ck_assert_int_eq(ivm_settings_set(&a, "ipam/local-group/member", "CONTOSO\\vmmuser", &err), 0);
	ivm_settings_copy(&b, &a);
	ck_assert(ivm_settings_equal(&a, &b));
	ck_assert_ptr_ne(a.account, b.account);
	ck_assert_int_eq(ivm_settings_set(&b, "vmm/network-service/host-groups/host-group", "All Hosts\nX", &err), 0);
	ck_assert(!ivm_settings_equal(&a, &b));
	ivm_settings_release(&b);
	ivm_settings_copy(&b, &a);
	ck_assert_int_eq(ivm_settings_set(&b, "vmm/runas/description", "x", &err), 0);
	ck_assert(!ivm_settings_equal(&a, &b));
	/* an existing Run As account has no description: it no longer counts */
	ck_assert_int_eq(ivm_settings_set(&a, "vmm/runas/@mode", "existing", &err), 0);
	ck_assert_int_eq(ivm_settings_set(&b, "vmm/runas/@mode", "existing", &err), 0);
	ck_assert(ivm_settings_equal(&a, &b));
	ivm_settings_release(&a);
	ivm_settings_release(&b);
}
END_TEST

START_TEST(control_characters_refused_in_every_text_field)
{
	struct ivm_settings s;
	struct ivm_err err;
	ivm_settings_defaults(&s);
	static const char *const controls[] = { "\x01", "\x1b", "\x7f", "\xc2\x9b", "\r" };
	for (size_t i = 0; i < ivm_setting_nfields; i++) {
		const struct ivm_setting_field *f = &ivm_setting_fields[i];
		if (f->type != IVM_FT_TEXT && f->type != IVM_FT_LIST)
			continue;
		for (size_t j = 0; j < IVM_COUNT(controls); j++) {
			char v[64];
			snprintf(v, sizeof(v), "CONTOSO\\a%sb", controls[j]);
			ck_assert_msg(ivm_settings_set(&s, f->name, v, &err) == -1, "%s took a control character", f->name);
			ck_assert_msg(strstr(err.what, f->label) == err.what, "%s: %s", f->name, err.what);
		}
	}
	ivm_settings_release(&s);
}
END_TEST

START_TEST(every_field_takes_back_its_own_text)
{
	struct ivm_settings a, b;
	struct ivm_err err;
	char src[2048];
	snprintf(src, sizeof(src), "%s/examples/contoso.xml", IVM_SRCDIR);
	ck_assert_int_eq(ivm_answers_load(&a, src, &err), 0);
	ivm_settings_defaults(&b);
	for (size_t i = 0; i < ivm_setting_nfields; i++) {
		struct ivm_buf v = IVM_BUF_INIT;
		if (ivm_settings_get(&a, &ivm_setting_fields[i], &v))
			ck_assert_msg(ivm_settings_set(&b, ivm_setting_fields[i].name, ivm_buf_str(&v), &err) == 0,
			              "%s: %s", ivm_setting_fields[i].name, err.what);
		ivm_buf_release(&v);
	}
	ck_assert(ivm_settings_equal(&a, &b));
	ivm_settings_release(&a);
	ivm_settings_release(&b);
}
END_TEST

/* ---- the answer file ------------------------------------------------------------ */

static struct ivm_err lerr;

static int
load_text(struct ivm_settings *s, const char *xml)
{
	ivm_err_clear(&lerr);
	return ivm_answers_load_mem(s, xml, strlen(xml), "t.xml", &lerr);
}

/* The load fails, and its message starts with "t.xml:LINE: PATH: ". */
static void
assert_load_error(const char *xml, long line, const char *path, const char *needle)
{
	struct ivm_settings s;
	ck_assert_msg(load_text(&s, xml) == -1, "loaded: %s", xml);
	char head[512];
	snprintf(head, sizeof(head), "t.xml:%ld: %s: ", line, path);
	ck_assert_msg(strncmp(lerr.what, head, strlen(head)) == 0, "\"%s\" does not start with \"%s\"",
	              lerr.what, head);
	ck_assert_msg(strstr(lerr.what, needle) || strstr(lerr.why, needle),
	              "\"%s\" / \"%s\" lacks \"%s\"", lerr.what, lerr.why, needle);
	ck_assert_ptr_null(s.group_name);	/* released */
}

#define HEAD "<?xml version=\"1.0\"?>\n<ipamvmm-answers version=\"1\">\n"
#define MEMBER "<ipam><local-group><member>CONTOSO\\vmmuser</member></local-group></ipam>\n"

START_TEST(example_loads_and_validates)
{
	struct ivm_settings s;
	char path[2048];
	snprintf(path, sizeof(path), "%s/examples/contoso.xml", IVM_SRCDIR);
	ck_assert_msg(ivm_answers_load(&s, path, &lerr) == 0, "%s / %s", lerr.what, lerr.why);
	ck_assert_int_eq(ivm_settings_validate(&s, &lerr), 0);
	ck_assert(s.lab);
	ck_assert_str_eq(s.target[IVM_SIDE_IPAM].host, "ipam1.contoso.com");
	ck_assert_str_eq(s.target[IVM_SIDE_VMM].host, "vmm1.contoso.com");
	ck_assert_str_eq(s.target[IVM_SIDE_VMM].admin_user, "CONTOSO\\Administrator");
	ck_assert_int_eq(s.target[IVM_SIDE_IPAM].admin_password.src, IVM_SECRET_ENV);
	ck_assert_str_eq(s.target[IVM_SIDE_IPAM].admin_password.arg, "IPAMVMM_ADMIN_PASSWORD");
	ck_assert_str_eq(s.account, "CONTOSO\\vmmuser");
	ck_assert_str_eq(s.group_name, "VMM Users");
	ck_assert_str_eq(s.role, "IPAM ASM Administrator Role");
	ck_assert_str_eq(s.scope, "Global");
	ck_assert_int_eq(s.runas_mode, IVM_RUNAS_NEW);
	ck_assert_str_eq(s.runas_name, "IPAM Run As");
	ck_assert_str_eq(ivm_settings_runas_user(&s), "CONTOSO\\vmmuser");
	ck_assert_int_eq(s.runas_password.src, IVM_SECRET_ENV);
	ck_assert_str_eq(s.runas_password.arg, "IPAMVMM_RUNAS_PASSWORD");
	ck_assert_str_eq(s.service_name, "IPAM");
	ck_assert_str_eq(ivm_settings_connection_string(&s), "ipam1.contoso.com");
	ck_assert_uint_eq(s.host_groups.n, 1);
	ck_assert_str_eq(s.host_groups.v[0], "All Hosts");
	ivm_settings_release(&s);
}
END_TEST

START_TEST(save_load_round_trip)
{
	struct ivm_settings a, b;
	char *dir = tu_mkdtemp();
	char src[2048], out[2048];
	snprintf(src, sizeof(src), "%s/examples/contoso.xml", IVM_SRCDIR);
	snprintf(out, sizeof(out), "%s/saved.xml", dir);
	ck_assert_int_eq(ivm_answers_load(&a, src, &lerr), 0);
	ck_assert_int_eq(ivm_answers_save(&a, out, &lerr), 0);
	ck_assert_msg(ivm_answers_load(&b, out, &lerr) == 0, "%s", lerr.what);
	ck_assert(ivm_settings_equal(&a, &b));
	ivm_settings_release(&b);

	/* defaults left as they are, an emptied description, an existing Run As account */
	ivm_settings_release(&a);
	ivm_settings_defaults(&a);
	ck_assert_int_eq(ivm_settings_set(&a, "ipam/local-group/member", "vmmuser@contoso.com", &lerr), 0);
	ck_assert_int_eq(ivm_settings_set(&a, "ipam/local-group/description", "", &lerr), 0);
	ck_assert_int_eq(ivm_settings_set(&a, "vmm/runas/@mode", "existing", &lerr), 0);
	ck_assert_int_eq(ivm_settings_set(&a, "vmm/runas/name", "Old Run As", &lerr), 0);
	ck_assert_int_eq(ivm_settings_set(&a, "targets/ipam/insecure", "yes", &lerr), 0);
	ck_assert_int_eq(ivm_settings_set(&a, "targets/vmm/admin/password-source", "file:/etc/ipamvmm/pw", &lerr), 0);
	ck_assert_int_eq(ivm_answers_save(&a, out, &lerr), 0);
	ck_assert_msg(ivm_answers_load(&b, out, &lerr) == 0, "%s", lerr.what);
	ck_assert(ivm_settings_equal(&a, &b));
	ck_assert_ptr_null(b.group_description);
	ck_assert_int_eq(b.target[IVM_SIDE_VMM].admin_password.src, IVM_SECRET_FILE);

	/* atomic: nothing else left in the directory, readable by others */
	struct stat st;
	ck_assert_int_eq(stat(out, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0644);
	struct ivm_buf listing = IVM_BUF_INIT;
	const char *const ls[] = { "/bin/ls", "-A", dir, NULL };
	ck_assert_int_eq(tu_spawn(ls, NULL, NULL, &listing, NULL, 5000), 0);
	ck_assert_str_eq(ivm_buf_str(&listing), "saved.xml\n");
	ivm_buf_release(&listing);

	/* a directory that does not exist */
	char bad[2100];
	snprintf(bad, sizeof(bad), "%s/no/such/dir/x.xml", dir);
	ck_assert_int_eq(ivm_answers_save(&a, bad, &lerr), -1);
	ck_assert_int_eq(lerr.kind, IVM_E_IO);
	ck_assert(strstr(lerr.why, bad) != NULL);
	ivm_settings_release(&a);
	ivm_settings_release(&b);
	tu_rmdir_r(dir);
	free(dir);
}
END_TEST

START_TEST(hostile_values_survive_byte_exact)
{
	static const struct {
		const char *field, *value;
	} hostile[] = {
		{ "ipam/local-group/name", "O'Brien ‘a’ ‚b‛ “c” $(calc) `whoami` & ü 名前 #{x} --" },
		{ "ipam/local-group/description", "it's \"quoted\"; | $(rm -rf /) `x`\n'@ at a line start\n\"@ too & <b> ]]>" },
		{ "ipam/local-group/member", "CONTOSO\\o'brien$(x)" },
		{ "vmm/runas/name", "Run \"As\" ; | $(x) `y` ‘z’ “w” Ñandú <&>" },
		{ "vmm/runas/description", "line 1\n\tline 2 ; `x` $(y) 'z' \"w\"" },
		{ "vmm/runas/user", "o'brien@contoso.com" },
		{ "vmm/runas/password-source", "file:/tmp/a dir/pw 'x' \"y\" & <z>" },
		{ "vmm/network-service/name", "IPAM '; exit 1; '\" $(x)" },
		{ "vmm/network-service/host-groups/host-group", "All Hosts\nDublin ‘1’\n$(x) `y`; | z" },
	};
	struct ivm_settings a, b;
	ivm_settings_defaults(&a);
	for (size_t i = 0; i < IVM_COUNT(hostile); i++)
		ck_assert_msg(ivm_settings_set(&a, hostile[i].field, hostile[i].value, &lerr) == 0, "%s: %s",
		              hostile[i].field, lerr.what);
	/* a 255-character group name of two-byte letters */
	char *long_name = repeat("ä", 255);
	ck_assert_int_eq(ivm_settings_set(&a, "ipam/local-group/name", long_name, &lerr), 0);
	struct ivm_buf doc = IVM_BUF_INIT;
	ivm_answers_format(&a, &doc);
	ck_assert_msg(ivm_answers_load_mem(&b, doc.data, doc.len, "saved.xml", &lerr) == 0, "%s", lerr.what);
	ck_assert(ivm_settings_equal(&a, &b));
	ck_assert_str_eq(b.group_name, long_name);
	for (size_t i = 1; i < IVM_COUNT(hostile); i++) {
		struct ivm_buf v = IVM_BUF_INIT;
		ivm_settings_get(&b, ivm_setting_field_find(hostile[i].field), &v);
		ck_assert_str_eq(ivm_buf_str(&v), hostile[i].value);
		ivm_buf_release(&v);
	}
	free(long_name);
	ivm_buf_release(&doc);
	ivm_settings_release(&a);
	ivm_settings_release(&b);
}
END_TEST

START_TEST(literal_password_refused)
{
	assert_load_error(HEAD MEMBER "<vmm>\n<runas>\n<password>Passw0rd!</password>\n</runas>\n</vmm>\n</ipamvmm-answers>\n",
	                  6, "vmm/runas/password", "password cannot be written");
	ck_assert(strstr(lerr.next, "password-source env=") != NULL);
	ck_assert(strstr(lerr.why, "never holds a password") != NULL);
	ck_assert(strstr(lerr.what, "Passw0rd") == NULL);
	/* and the schema refuses it too, for editors that check with it */
	ck_assert(strstr(ivm_answers_schema, "<element name=\"password\"") == NULL);
	assert_load_error(HEAD "<vmm><runas><password-source env=\"A\" file=\"/x\"/></runas></vmm>\n</ipamvmm-answers>\n",
	                  3, "vmm/runas/password-source", "exactly one");
	assert_load_error(HEAD "<vmm><runas><password-source prompt=\"no\"/></runas></vmm>\n</ipamvmm-answers>\n",
	                  3, "vmm/runas/password-source", "only \"yes\"");
	assert_load_error(HEAD "<vmm><runas>\n<password-source value=\"Passw0rd!\"/></runas></vmm>\n</ipamvmm-answers>\n",
	                  4, "vmm/runas/password-source", "not value=");
	ck_assert(strstr(lerr.what, "Passw0rd") == NULL);
	assert_load_error(HEAD "<vmm><runas>\n<password-source>Passw0rd!</password-source></runas></vmm>\n</ipamvmm-answers>\n",
	                  4, "vmm/runas/password-source", "must be empty");
	ck_assert(strstr(lerr.what, "Passw0rd") == NULL);
}
END_TEST

START_TEST(value_errors_carry_file_line_field)
{
	assert_load_error(HEAD "<ipam>\n<local-group>\n<name>VMM:Users</name>\n</local-group>\n</ipam>\n</ipamvmm-answers>\n",
	                  5, "ipam/local-group/name",
	                  "must not contain any of \" / \\ [ ] : ; | = , + * ? < > @ (found ':')");
	assert_load_error(HEAD MEMBER "<vmm>\n<network-service>\n\n<connection-string>ipam1.contoso.com:0</connection-string>"
	                  "</network-service></vmm>\n</ipamvmm-answers>\n",
	                  7, "vmm/network-service/connection-string", "from 1 to 65535");
	assert_load_error(HEAD "<targets lab=\"perhaps\"/>\n</ipamvmm-answers>\n", 3, "targets/@lab", "yes or no");
	/* a rule between fields: at the line of what is there */
	assert_load_error(HEAD "<ipam>\n<local-group>\n<name>G</name>\n</local-group>\n</ipam>\n</ipamvmm-answers>\n",
	                  4, "ipam/local-group/member", "is required");
	assert_load_error(HEAD MEMBER "<targets>\n<ipam><host>ipam1.corp.example</host></ipam>\n</targets>\n</ipamvmm-answers>\n",
	                  4, "targets/vmm/host", "name both servers");
	/* control characters, as XML character references or raw */
	assert_load_error(HEAD "<ipam><local-group><name>VMM\xc2\x85Users</name></local-group></ipam>\n</ipamvmm-answers>\n",
	                  3, "ipam/local-group/name", "U+0085");
	assert_load_error(HEAD "<ipam><local-group><name>VMM&#x9;Users</name></local-group></ipam>\n</ipamvmm-answers>\n",
	                  3, "ipam/local-group/name", "U+0009");
}
END_TEST

START_TEST(structure_errors_carry_line)
{
	assert_load_error(HEAD MEMBER "<vmm>\n<network-service>\n<colour>blue</colour>\n</network-service>\n</vmm>\n</ipamvmm-answers>\n",
	                  6, "vmm/network-service/colour", "unknown element <colour>");
	ck_assert(strstr(lerr.why, "<host-groups>") != NULL);
	assert_load_error(HEAD "\n\n<extra/>\n</ipamvmm-answers>\n", 5, "extra", "unknown element");
	assert_load_error(HEAD MEMBER "<ipam>\n</ipam>\n</ipamvmm-answers>\n", 4, "ipam", "appears twice (first at line 3)");
	assert_load_error(HEAD MEMBER "<vmm><runas mode=\"existing\">\n<name>R</name>\n<user>CONTOSO\\x</user>\n</runas></vmm>\n</ipamvmm-answers>\n",
	                  6, "vmm/runas/user", "only a new Run As account");
	assert_load_error(HEAD MEMBER "<vmm>\n<network-service>\n<name>IPAM<b>x</b></name>\n</network-service></vmm>\n</ipamvmm-answers>\n",
	                  6, "vmm/network-service/name", "holds text only");
	assert_load_error(HEAD MEMBER "<vmm>stray text</vmm>\n</ipamvmm-answers>\n", 4, "vmm", "only elements");
	assert_load_error(HEAD MEMBER "<vmm colour=\"x\"/>\n</ipamvmm-answers>\n", 4, "vmm", "no attribute colour=");
	assert_load_error("<answers version=\"1\"/>\n", 1, "ipamvmm-answers", "root element is <answers>");
	assert_load_error("<ipamvmm-answers version=\"2\"/>\n", 1, "@version", "version 2");
	assert_load_error("<ipamvmm-answers/>\n", 1, "@version", "is missing");
	assert_load_error(HEAD MEMBER "<vmm>\n<runas mode=\"existing\"/>\n</vmm>\n</ipamvmm-answers>\n", 5,
	                  "vmm/runas/name", "is required with mode=\"existing\"");
}
END_TEST

START_TEST(malformed_input_carries_line)
{
	assert_load_error(HEAD "<ipam>\n<local-group>\n</ipam>\n</ipamvmm-answers>\n", 5, "ipamvmm-answers", "");
	ck_assert(strstr(lerr.why, "well-formed") != NULL);
	static const char nul[] = "<ipamvmm-answers version=\"1\">\n\n<x>\0</x></ipamvmm-answers>";
	struct ivm_settings s;
	ck_assert_int_eq(ivm_answers_load_mem(&s, nul, sizeof(nul) - 1, "t.xml", &lerr), -1);
	ck_assert(strncmp(lerr.what, "t.xml:3: ", 9) == 0);
	assert_load_error(HEAD "\n<ipam>\xff</ipam>\n</ipamvmm-answers>\n", 4, "ipamvmm-answers", "not valid UTF-8");
	assert_load_error("<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY a \"b\">]>\n<ipamvmm-answers version=\"1\"/>\n",
	                  2, "ipamvmm-answers", "DOCTYPE");
	assert_load_error("", 1, "ipamvmm-answers", "empty");
}
END_TEST

START_TEST(two_mebibytes_refused)
{
	size_t big = 2u << 20;
	char *buf = ivm_xmalloc(big);
	memset(buf, ' ', big);
	memcpy(buf, HEAD, strlen(HEAD));
	struct ivm_settings s;
	ck_assert_int_eq(ivm_answers_load_mem(&s, buf, big, "big.xml", &lerr), -1);
	ck_assert_int_eq(lerr.kind, IVM_E_TOOBIG);
	ck_assert(strstr(lerr.why, "1 MiB") != NULL);
	/* the file is refused before it is read */
	char *dir = tu_mkdtemp();
	char path[2048];
	snprintf(path, sizeof(path), "%s/big.xml", dir);
	FILE *fp = fopen(path, "wb");
	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(buf, 1, big, fp), big);
	fclose(fp);
	ck_assert_int_eq(ivm_answers_load(&s, path, &lerr), -1);
	ck_assert_int_eq(lerr.kind, IVM_E_TOOBIG);
	ck_assert(strstr(lerr.why, path) != NULL);
	snprintf(path, sizeof(path), "%s/missing.xml", dir);
	ck_assert_int_eq(ivm_answers_load(&s, path, &lerr), -1);
	ck_assert_int_eq(lerr.kind, IVM_E_IO);
	ck_assert_int_eq(ivm_answers_load(&s, dir, &lerr), -1);	/* a directory */
	ck_assert_int_eq(lerr.kind, IVM_E_IO);
	tu_rmdir_r(dir);
	free(dir);
	free(buf);
}
END_TEST

START_TEST(schema_file_and_embedded_copy_identical)
{
	size_t len;
	char *file = tu_slurp_src("doc/answers.rng", &len);
	ck_assert_uint_eq(len, ivm_answers_schema_len);
	ck_assert_uint_eq(strlen(ivm_answers_schema), ivm_answers_schema_len);
	ck_assert(memcmp(file, ivm_answers_schema, len) == 0);
	free(file);
}
END_TEST

/* The libxml2 2.12 callback takes a const error; older ones do not. */
#if LIBXML_VERSION >= 21200
#define XML_ERROR_T const xmlError
#else
#define XML_ERROR_T xmlError
#endif

static void
quiet(void *ud, XML_ERROR_T *e)
{
}

/* Does the embedded schema alone accept xml? (What an editor checking with
 * doc/answers.rng would say, without the loader's own rules.) */
static bool
schema_accepts(const char *xml)
{
	xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewMemParserCtxt(ivm_answers_schema, (int)ivm_answers_schema_len);
	xmlRelaxNGSetParserStructuredErrors(pc, quiet, NULL);
	xmlRelaxNGPtr rng = xmlRelaxNGParse(pc);
	xmlRelaxNGFreeParserCtxt(pc);
	ck_assert_ptr_nonnull(rng);
	xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "t.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR);
	ck_assert_ptr_nonnull(doc);
	xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(rng);
	xmlRelaxNGSetValidStructuredErrors(vc, quiet, NULL);
	int rc = xmlRelaxNGValidateDoc(vc, doc);
	xmlRelaxNGFreeValidCtxt(vc);
	xmlRelaxNGFree(rng);
	xmlFreeDoc(doc);
	return rc == 0;
}

START_TEST(schema_alone_refuses_what_the_loader_refuses)
{
	char *example = tu_slurp_src("examples/contoso.xml", NULL);
	ck_assert(schema_accepts(example));
	free(example);
	struct ivm_settings s;
	ivm_settings_defaults(&s);
	struct ivm_buf doc = IVM_BUF_INIT;
	ivm_answers_format(&s, &doc);
	ck_assert(schema_accepts(ivm_buf_str(&doc)));
	ivm_buf_release(&doc);
	ivm_settings_release(&s);
	ck_assert(schema_accepts(HEAD MEMBER "<vmm><runas mode=\"existing\"><name>R</name></runas></vmm></ipamvmm-answers>"));
	ck_assert(!schema_accepts(HEAD "<vmm><runas><password>x</password></runas></vmm></ipamvmm-answers>"));
	ck_assert(!schema_accepts(HEAD "<vmm><runas mode=\"existing\"/></vmm></ipamvmm-answers>"));
	ck_assert(!schema_accepts(HEAD "<vmm><runas mode=\"existing\"><name>R</name><user>C\\u</user></runas></vmm></ipamvmm-answers>"));
	ck_assert(!schema_accepts(HEAD "<ipam><colour/></ipam></ipamvmm-answers>"));
	ck_assert(!schema_accepts(HEAD "<ipam><local-group><name>a</name><name>b</name></local-group></ipam></ipamvmm-answers>"));
	ck_assert(!schema_accepts(HEAD "<vmm><runas><password-source env=\"A\" file=\"B\"/></runas></vmm></ipamvmm-answers>"));
	ck_assert(!schema_accepts(HEAD "<targets><ipam><auth>digest</auth></ipam></targets></ipamvmm-answers>"));
	ck_assert(!schema_accepts(HEAD "<ipam><access-policy><role>Nobody Role</role></access-policy></ipam></ipamvmm-answers>"));
	ck_assert(!schema_accepts("<ipamvmm-answers version=\"2\"/>"));
}
END_TEST

static Suite *
settings_suite(void)
{
	Suite *s = suite_create("settings");
	TCase *rules = tcase_create("rules");
	tcase_add_test(rules, group_name_forbidden_characters);
	tcase_add_test(rules, group_name_lengths_and_shapes);
	tcase_add_test(rules, group_description_rules);
	tcase_add_test(rules, account_rules);
	tcase_add_test(rules, fqdn_rules);
	tcase_add_test(rules, connection_string_ports);
	tcase_add_test(rules, url_rules);
	tcase_add_test(rules, vmm_name_and_description_rules);
	tcase_add_test(rules, role_and_scope_rules);
	suite_add_tcase(s, rules);
	TCase *model = tcase_create("model");
	tcase_add_test(model, defaults_are_the_documented_ones);
	tcase_add_test(model, field_table_is_complete);
	tcase_add_test(model, set_names_the_field_and_the_rule);
	tcase_add_test(model, lab_and_cross_field_rules);
	tcase_add_test(model, copy_and_equal);
	tcase_add_test(model, control_characters_refused_in_every_text_field);
	tcase_add_test(model, every_field_takes_back_its_own_text);
	suite_add_tcase(s, model);
	TCase *answers = tcase_create("answers");
	tcase_add_test(answers, example_loads_and_validates);
	tcase_add_test(answers, save_load_round_trip);
	tcase_add_test(answers, hostile_values_survive_byte_exact);
	tcase_add_test(answers, literal_password_refused);
	tcase_add_test(answers, value_errors_carry_file_line_field);
	tcase_add_test(answers, structure_errors_carry_line);
	tcase_add_test(answers, malformed_input_carries_line);
	tcase_add_test(answers, two_mebibytes_refused);
	tcase_add_test(answers, schema_file_and_embedded_copy_identical);
	tcase_add_test(answers, schema_alone_refuses_what_the_loader_refuses);
	tcase_set_timeout(answers, 30);
	suite_add_tcase(s, answers);
	return s;
}

int
main(void)
{
	return tu_run_suite(settings_suite());
}

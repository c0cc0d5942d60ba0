/* screens/targets.c: the first page: which IPAM and VMM servers (or the lab), the administrator accounts, authentication and transport. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/lab/model.h"
#include "screens/ipam_util.h"

#define HELP_LAB "Ticked: rehearse on ipamvmm's embedded lab (ipam1.contoso.com and vmm1.contoso.com, " \
	"simulated in-process); nothing real is touched and every page says LAB. Untick it to work on " \
	"real servers. It is ticked at the start when no server is named."
#define HELP_HOST(L) "Fully qualified domain name of the " L " server, such as " \
	"server.contoso.com. With the lab, leave it empty (or give the lab's host)."
#define HELP_USER(L) "A member of Administrators on the " L " server: DOMAIN\\user, user@domain, or a " \
	"local account's name. Empty: your Kerberos ticket (on the lab: CONTOSO\\Administrator). The lab's " \
	"accounts (README, The lab) need no password."
#define HELP_PW(L) "The " L " administrator's password; never shown, stored or logged, and forgotten " \
	"when ipamvmm ends. Leave it empty with Kerberos, or for an account the lab publishes. Once " \
	"given, an empty field keeps it."

static const char *const lab_accounts_note =
	"Lab accounts need no password: CONTOSO\\Administrator (both servers), CONTOSO\\ipamadmin, "
	"CONTOSO\\vmmadmin.";

static const struct ivm_ctl_def ctls[] = {
	{ .kind = IVM_CTL_CHECK, .id = "lab", .label = "Use the lab (no real server)", .help = HELP_LAB },
	{ .kind = IVM_CTL_TEXT, .id = "ipam_host", .label = "IPAM server", .help = HELP_HOST("IPAM"),
	  .validate = ivm_check_fqdn },
	{ .kind = IVM_CTL_TEXT, .id = "ipam_user", .label = "IPAM administrator account", .help = HELP_USER("IPAM"),
	  .validate = ivm_check_admin_account },
	{ .kind = IVM_CTL_PASSWORD, .id = "ipam_pw", .label = "IPAM administrator password", .help = HELP_PW("IPAM") },
	{ .kind = IVM_CTL_TEXT, .id = "vmm_host", .label = "VMM server", .help = HELP_HOST("VMM"),
	  .validate = ivm_check_fqdn },
	{ .kind = IVM_CTL_TEXT, .id = "vmm_user", .label = "VMM administrator account", .help = HELP_USER("VMM"),
	  .validate = ivm_check_admin_account },
	{ .kind = IVM_CTL_PASSWORD, .id = "vmm_pw", .label = "VMM administrator password", .help = HELP_PW("VMM") },
	{ .kind = IVM_CTL_CHOICE, .id = "auth", .label = "Authentication", .height = 4,
	  .help = "How ipamvmm signs in to both servers. Negotiate uses your Kerberos ticket (kinit), or "
	  "without one NTLM with the password above; NTLM sends the account and password above; Kerberos "
	  "needs a ticket; Basic works for local accounts only and needs HTTPS. The lab always uses Basic "
	  "on loopback. When the answer file gives the two servers different schemes, a last row keeps "
	  "each one's." },
	{ .kind = IVM_CTL_CHECK, .id = "http", .label = "Use the HTTP listener (port 5985)",
	  .help = "Unticked (the default): WinRM over HTTPS on port 5986, with the server's certificate "
	  "checked. Ticked: http://SERVER:5985/wsman, the listener winrm quickconfig creates. Negotiate, "
	  "NTLM and Kerberos then encrypt every message with the sign-in, as Windows itself does; Basic "
	  "would send everything, password included, in clear text, and works only where the server "
	  "allows unencrypted traffic (AllowUnencrypted): use that on a network you trust only." },
	{ .kind = IVM_CTL_TEXT, .id = "cacert", .label = "CA certificate file (PEM, optional)",
	  .help = "The PEM file of the certification authority that signed both servers' HTTPS "
	  "certificates, when it is not in this system's store. Empty: the system's store. When the answer "
	  "file names one per server, this shows the IPAM server's, and the VMM server keeps its own "
	  "unless you change this field.",
	  .validate = ivm_check_path },
	{ .kind = IVM_CTL_NOTE, .id = "hint", .label = "Passwords", .height = 2,
	  .help = "Which accounts need no password (the lab's), and which passwords ipamvmm already holds." },
	{ .kind = IVM_CTL_NOTE, .id = "seen" },
};

static const struct ivm_form_def form = {
	.console = "ipamvmm", .title = "Servers and accounts",
	.why = "ipamvmm does the setup on two Windows servers over WinRM: the IPAM server (a local group, "
	"an IPAM access policy, Remote Management Users) and the VMM server (the IPAM network service). "
	"Name both servers and an administrator of each, or keep the lab ticked to rehearse first.",
	.ctls = ctls, .nctls = IVM_COUNT(ctls), IVM_WIZARD_BUTTONS, .default_action = IVM_ACT_NEXT,
};

/* The choice rows, in the order of enum ivm_auth: key = the setting's text form. */
static const struct {
	const char *key, *text;
} auths[] = {
	{ "negotiate", "Negotiate (Kerberos, else NTLM)" },
	{ "ntlm", "NTLM (account and password)" },
	{ "kerberos", "Kerberos (your ticket)" },
	{ "basic", "Basic (local accounts only)" },
};
/* The extra row when the answers give each server its own scheme. */
#define AUTH_EACH "each"

static const struct {
	enum ivm_side side;
	const char *host, *user, *pw, *key;
} sides[] = {
	{ IVM_SIDE_IPAM, "ipam_host", "ipam_user", "ipam_pw", "ipam" },
	{ IVM_SIDE_VMM, "vmm_host", "vmm_user", "vmm_pw", "vmm" },
};

static void
field(char *out, size_t size, size_t side, const char *rest)
{
	snprintf(out, size, "targets/%s/%s", sides[side].key, rest);
}

/* The lab's published password for user, or NULL (an empty user is the
 * lab's CONTOSO\Administrator). */
static const char *
lab_password(const char *user)
{
	if (user == NULL || user[0] == '\0')
		user = "CONTOSO\\Administrator";
	for (const struct ivm_lab_published_account *a = ivm_lab_published_accounts(); a->user; a++)
		if (strcasecmp(a->user, user) == 0)
			return a->password;
	return NULL;
}

static void
hint(struct ivm_wiz *w, struct ivm_form *f)
{
	struct ivm_ctl *c = ivm_form_ctl(f, "hint");
	char text[512];
	size_t n = 0;

	text[0] = '\0';
	if (ivm_form_ctl(f, "lab")->checked)
		n += (size_t)snprintf(text, sizeof(text), "%s", lab_accounts_note);
	for (size_t i = 0; i < IVM_COUNT(sides) && n < sizeof(text); i++)
		if (ivm_wiz_password(w, sides[i].side) != NULL)
			n += (size_t)snprintf(text + n, sizeof(text) - n, "%sThe %s administrator's password is set; "
			                      "type to replace it.", n ? " " : "", i == 0 ? "IPAM" : "VMM");
	ivm_ctl_set_text(c, text);
}

static int
enter(struct ivm_wiz *w, struct ivm_form *f)
{
	const struct ivm_settings *s = ivm_wiz_settings(w);
	char name[96];

	for (size_t i = 0; i < IVM_COUNT(sides); i++) {
		field(name, sizeof(name), i, "host");
		ivm_wiz_fill(w, f, sides[i].host, name);
		field(name, sizeof(name), i, "admin/user");
		ivm_wiz_fill(w, f, sides[i].user, name);
	}
	ivm_wiz_fill(w, f, "cacert", "targets/ipam/cacert");
	if (ivm_ipamui_first_enter(f, "seen")) {
		/* checkboxes and the choice: only the first time, later they hold what was chosen */
		ivm_form_ctl(f, "lab")->checked = ivm_settings_is_lab(s);
		const char *ep = s->target[IVM_SIDE_IPAM].endpoint;
		ivm_form_ctl(f, "http")->checked = s->target[IVM_SIDE_IPAM].allow_unencrypted ||
		                                   (ep != NULL && strncasecmp(ep, "http://", 7) == 0);
		struct ivm_ctl *a = ivm_form_ctl(f, "auth");
		ivm_ctl_clear_rows(a);
		for (size_t i = 0; i < IVM_COUNT(auths); i++)
			ivm_ctl_add_row(a, auths[i].text, auths[i].key);
		a->cur = (size_t)s->target[IVM_SIDE_IPAM].auth < IVM_COUNT(auths) ?
		         (size_t)s->target[IVM_SIDE_IPAM].auth : 0;
		/* one choice would silently give the VMM server the IPAM server's scheme */
		enum ivm_auth ia = s->target[IVM_SIDE_IPAM].auth, va = s->target[IVM_SIDE_VMM].auth;
		if (ia != va) {
			char text[160];
			snprintf(text, sizeof(text), "Each its own: IPAM %s, VMM %s", ivm_auth_name(ia),
			         ivm_auth_name(va));
			ivm_ctl_add_row(a, text, AUTH_EACH);
			a->cur = a->nrows - 1;
		}
	}
	hint(w, f);
	return 0;
}

/* The scheme a server signs in with, as chosen on this page. */
static const char *
auth_of(struct ivm_wiz *w, struct ivm_form *f, size_t side)
{
	const char *auth = ivm_form_value(f, "auth");
	if (auth == NULL)
		return "negotiate";
	if (strcmp(auth, AUTH_EACH) != 0)
		return auth;
	return ivm_auth_name(ivm_wiz_settings(w)->target[sides[side].side].auth);
}

static int
set_or_error(struct ivm_wiz *w, struct ivm_form *f, const char *ctl, const char *setting, const char *value)
{
	struct ivm_err err;
	if (ivm_ipamui_set(w, setting, value, &err) == 0)
		return 0;
	ivm_form_error(f, ctl, "%s", err.why[0] ? err.why : err.what);
	return -1;
}

/* Store every value without judging whether the whole makes sense. */
static int
store(struct ivm_wiz *w, struct ivm_form *f)
{
	bool lab = ivm_form_ctl(f, "lab")->checked, http = ivm_form_ctl(f, "http")->checked;
	const struct ivm_settings *s = ivm_wiz_settings(w);
	struct ivm_buf url = IVM_BUF_INIT;
	char name[96];
	int rc = 0;
	/* a CA file per server (answers) stays so unless the field was changed */
	const char *ca = ivm_form_value(f, "cacert"), *ipam_ca = s->target[IVM_SIDE_IPAM].cacert;
	const char *vmm_ca = s->target[IVM_SIDE_VMM].cacert;
	ipam_ca = ipam_ca ? ipam_ca : "";
	vmm_ca = vmm_ca ? vmm_ca : "";
	bool ca_each = strcmp(ca, ipam_ca) == 0 && strcmp(ipam_ca, vmm_ca) != 0;

	rc |= set_or_error(w, f, "lab", "targets/@lab", lab ? "yes" : "no");
	for (size_t i = 0; i < IVM_COUNT(sides); i++) {
		field(name, sizeof(name), i, "host");
		rc |= ivm_wiz_store(w, f, sides[i].host, name);
		field(name, sizeof(name), i, "admin/user");
		rc |= ivm_wiz_store(w, f, sides[i].user, name);
		field(name, sizeof(name), i, "cacert");
		if (!(ca_each && sides[i].side == IVM_SIDE_VMM))
			rc |= ivm_wiz_store(w, f, "cacert", name);
		const char *auth = auth_of(w, f, i);
		field(name, sizeof(name), i, "auth");
		rc |= set_or_error(w, f, "auth", name, auth);
		/* only Basic sends anything in the clear over http://; the others
		 * encrypt each message with their context */
		bool basic = strcmp(auth, "basic") == 0;
		field(name, sizeof(name), i, "allow-unencrypted");
		rc |= set_or_error(w, f, "http", name, http && basic ? "yes" : "no");
		/* the transport is the endpoint's scheme: http://HOST:5985 with the
		 * box ticked; an endpoint given otherwise (answer file) is kept */
		const char *host = ivm_form_value(f, sides[i].host);
		const char *cur = ivm_wiz_settings(w)->target[sides[i].side].endpoint;
		bool plain = cur != NULL && strncasecmp(cur, "http://", 7) == 0;
		field(name, sizeof(name), i, "endpoint");
		ivm_buf_clear(&url);
		if (http && host[0] != '\0' && (cur == NULL || (plain && strstr(cur, ":5985/wsman") != NULL))) {
			ivm_buf_addf(&url, "http://%s:5985/wsman", host);
			rc |= set_or_error(w, f, sides[i].host, name, ivm_buf_str(&url));
		} else if ((!http && plain) || (http && host[0] == '\0')) {
			rc |= set_or_error(w, f, sides[i].host, name, "");	/* back to https://HOST:5986/wsman */
		}
	}
	ivm_buf_release(&url);
	return rc ? -1 : 0;
}

/* Keep a typed password with the wizard and wipe it from the form. */
static void
take_passwords(struct ivm_wiz *w, struct ivm_form *f)
{
	for (size_t i = 0; i < IVM_COUNT(sides); i++) {
		struct ivm_ctl *c = ivm_form_ctl(f, sides[i].pw);
		if (c->text[0] != '\0')
			ivm_wiz_set_password(w, sides[i].side, c->text);
		ivm_ctl_set_text(c, "");
	}
}

static int
leave(struct ivm_wiz *w, struct ivm_form *f)
{
	bool lab = ivm_form_ctl(f, "lab")->checked, basic_http = false;

	ivm_form_clear_errors(f);
	for (size_t i = IVM_COUNT(sides); i-- > 0;) {
		const char *host = ivm_form_value(f, sides[i].host);
		const char *user = ivm_form_value(f, sides[i].user);
		bool typed = ivm_form_ctl(f, sides[i].pw)->text[0] != '\0';
		bool have_pw = typed || ivm_wiz_password(w, sides[i].side) != NULL;
		const char *auth = auth_of(w, f, i);
		basic_http |= strcmp(auth, "basic") == 0 && ivm_form_ctl(f, "http")->checked;
		if (!lab && host[0] == '\0') {
			ivm_form_error(f, sides[i].host, "required: name the server, or tick Use the lab");
			continue;
		}
		if (lab) {
			if (!have_pw && lab_password(user) == NULL)
				ivm_form_error(f, sides[i].pw, "required: %s is not one of the lab's published accounts, "
				               "so give its password (or leave the account empty)", user);
			continue;
		}
		bool needs = strcmp(auth, "ntlm") == 0 || strcmp(auth, "basic") == 0;
		if (needs && user[0] == '\0')
			ivm_form_error(f, sides[i].user, "required: %s signs in with an account and a password",
			               strcmp(auth, "ntlm") == 0 ? "NTLM" : "Basic");
		else if (needs && !have_pw)
			ivm_form_error(f, sides[i].pw, "required: %s sends this password to sign in",
			               strcmp(auth, "ntlm") == 0 ? "NTLM" : "Basic");
	}
	if (!lab && basic_http)
		ivm_form_error(f, "http", "Basic over plain HTTP sends the password in clear text: untick this box, "
		               "or choose Negotiate or NTLM");
	for (size_t i = 0; i < f->def->nctls; i++)
		if (f->ctl[i].error[0] != '\0') {
			f->focus = i;	/* the first in page order */
			ivm_form_status(f, "Correct the field marked, then press Next again.");
			return -1;
		}
	if (store(w, f) < 0)
		return -1;
	take_passwords(w, f);
	hint(w, f);
	ivm_form_status(f, "%s", "");
	return 0;
}

static void
leave_back(struct ivm_wiz *w, struct ivm_form *f)
{
	store(w, f);
	ivm_form_clear_errors(f);
}

const struct ivm_page ivm_page_targets = {
	.form = &form, .crumb = "Servers and accounts",
	.enter = enter, .leave = leave, .leave_back = leave_back,
};

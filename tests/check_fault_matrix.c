/* tests/check_fault_matrix.c: every fault kind of the lab at every request of a full `ipamvmm run`, then a clean run. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <check.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "core/buf.h"
#include "core/ivm.h"
#include "core/xalloc.h"
#include "tests/testutil.h"

/*
 * What each cell proves. A fault does not always make the run fail, and the
 * matrix does not pretend it must: a `timeout` on a Receive is "no output
 * yet" and the client asks again; a connection dropped before any reply is
 * re-sent once by libcurl; a fault on Signal or Delete comes after the work
 * and is a warning. So in every cell the run either
 *   - completes: exit 0, every step Completed, or
 *   - fails: exit 1, a step reported Failed, and its "why:" names the cause;
 * and in every cell the journal matches the lab: each step it records as
 * Completed is a fact in the lab's state, none it records as Skipped is, and
 * a step whose command's output was lost is Failed or Unknown; a second
 * run without faults completes, says where the first stopped, and leaves one
 * group, one access policy, one Run As account, one network service and no
 * duplicate member.
 */

#define BIN IVM_BUILDDIR "/ipamvmm"
#define RUNAS_PW "Vmm-User-1!"
#define RUN_TIMEOUT_MS 180000
#define MAX_REQUESTS 32

static const struct kind {
	const char *name;
	const char *cause[3]; /* one of these is in the why: line of a failed step */
} kinds[] = {
	{ "drop", { "closed the connection", "output was lost", NULL } },
	{ "http500", { "WSManFault", NULL, NULL } },
	{ "401", { "refused the credentials", NULL, NULL } },
	{ "timeout", { "operation timeout", NULL, NULL } },
	{ "malformed", { "not well-formed", NULL, NULL } },
	{ "huge", { "larger than the limit", NULL, NULL } },
	{ "slow", { "no reply arrived in time", NULL, NULL } },
};

enum outcome { OUT_NONE, OUT_COMPLETED, OUT_FAILED };

struct cell {
	const struct kind *kind;
	unsigned at;
	char dir[1100];
	/* filled by the worker */
	enum outcome outcome;
	bool warned;            /* completed, with a cleanup warning on stderr */
	unsigned lab_ahead;     /* facts the lab holds for steps the journal leaves Failed or Unknown */
	bool twice;             /* on a fresh lab, a step said "already": its command ran twice */
	char failed_step[200];
	char why[400];
	char problem[1500];     /* empty when the cell holds */
};

static char *top;
static char answers[1200];
static char **base_env;   /* the environment minus what each cell sets */
static struct cell *cells;
static size_t ncells;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static size_t next_fast, next_slow;


static bool
has(const struct ivm_buf *b, const char *needle)
{
	return tu_contains(b->data, b->len, needle);
}

/*
 * Thread-safe spawn: output to files (no pipes another thread's child could
 * inherit), the environment passed whole. Returns the exit status, 128+signal,
 * or -1 when it had to be killed.
 */
static int
spawn(const char *dir, const char *tag, const char *const *argv)
{
	char out[1200], err[1200], home[1200], xdg[1200], cfg[1200];
	snprintf(out, sizeof(out), "%s/%s.out", dir, tag);
	snprintf(err, sizeof(err), "%s/%s.err", dir, tag);
	snprintf(home, sizeof(home), "HOME=%s", dir);
	snprintf(xdg, sizeof(xdg), "XDG_STATE_HOME=%s", dir);
	snprintf(cfg, sizeof(cfg), "XDG_CONFIG_HOME=%s", dir);
	size_t n = 0;
	while (base_env[n])
		n++;
	char **env = ivm_xcalloc(n + 5, sizeof(*env));
	memcpy(env, base_env, n * sizeof(*env));
	env[n++] = home;
	env[n++] = xdg;
	env[n++] = cfg;
	env[n++] = (char *)"IPAMVMM_RUNAS_PASSWORD=" RUNAS_PW;
	int fo = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	int fe = open(err, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	int fi = open("/dev/null", O_RDONLY | O_CLOEXEC);
	pid_t pid = fo >= 0 && fe >= 0 && fi >= 0 ? fork() : -1;
	if (pid == 0) {
		dup2(fi, 0);
		dup2(fo, 1);
		dup2(fe, 2);
		setsid();
		execve(argv[0], (char *const *)argv, env);
		_exit(127);
	}
	close(fo);
	close(fe);
	close(fi);
	free(env);
	if (pid < 0)
		return -1;
	long long deadline = tu_now_ms() + RUN_TIMEOUT_MS;
	int status = 0;
	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid)
			break;
		if (r < 0 && errno != EINTR)
			return -1;
		if (tu_now_ms() > deadline) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			return -1;
		}
		struct timespec ts = { 0, 20 * 1000000L };
		nanosleep(&ts, NULL);
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int
run(struct cell *c, const char *tag, const char *fault, struct ivm_buf *out, struct ivm_buf *err)
{
	const char *argv[] = { BIN, "run", "--answers", answers, "--instant", fault ? "--lab-fault" : NULL, fault, NULL };
	int rc = spawn(c->dir, tag, argv);
	char path[1300];
	snprintf(path, sizeof(path), "%s/%s.out", c->dir, tag);
	(void)tu_slurp(path, out);
	snprintf(path, sizeof(path), "%s/%s.err", c->dir, tag);
	(void)tu_slurp(path, err);
	return rc;
}

/* --- the lab's state, read from its file ---------------------------------- */

static bool
attr_is(xmlNodePtr n, const char *name, const char *value)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST name);
	bool eq = v && strcmp((const char *)v, value) == 0;
	xmlFree(v);
	return eq;
}

/* Elements named el (anywhere under n) with attribute a equal to v (a NULL: any). */
static unsigned
count_el(xmlNodePtr n, const char *el, const char *a, const char *v)
{
	unsigned k = 0;
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)n->name, el) == 0 && (a == NULL || attr_is(n, a, v)))
			k++;
		k += count_el(n->children, el, a, v);
	}
	return k;
}

static xmlNodePtr
child_el(xmlNodePtr n, const char *el, const char *a, const char *v)
{
	for (n = n ? n->children : NULL; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, el) == 0 && attr_is(n, a, v))
			return n;
	return NULL;
}

/* A group on the IPAM server lists CONTOSO\vmmuser */
static bool
ipam_group_has_vmmuser(xmlNodePtr root, const char *group)
{
	xmlNodePtr host = child_el(root, "host", "fqdn", "ipam1.contoso.com");
	xmlNodePtr g = child_el(host, "group", "name", group);
	return child_el(g, "member", "name", "CONTOSO\\vmmuser") != NULL;
}

/* The first group (anywhere) that lists a member SID twice, or NULL. */
static xmlChar *
duplicate_member(xmlNodePtr n)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)n->name, "group") == 0) {
			for (xmlNodePtr a = n->children; a; a = a->next) {
				if (a->type != XML_ELEMENT_NODE)
					continue;
				xmlChar *sid = xmlGetProp(a, BAD_CAST "sid");
				for (xmlNodePtr b = a->next; sid && b; b = b->next)
					if (b->type == XML_ELEMENT_NODE && attr_is(b, "sid", (const char *)sid)) {
						xmlFree(sid);
						return xmlGetProp(n, BAD_CAST "name");
					}
				xmlFree(sid);
			}
		}
		xmlChar *d = duplicate_member(n->children);
		if (d)
			return d;
	}
	return NULL;
}

/* Each step of the plan that changes something, and the fact it leaves. */
enum fact { F_NONE, F_GROUP, F_MEMBER, F_POLICY, F_RMU, F_RUNAS, F_SERVICE };

static const struct {
	const char *step; /* a part of the step's name */
	enum fact fact;
} step_facts[] = {
	{ "Create local group", F_GROUP },
	{ "to the group", F_MEMBER },
	{ "Grant IPAM", F_POLICY },
	{ "to Remote Management Users", F_RMU },
	{ "Create Run As account", F_RUNAS },
	{ "Add network service", F_SERVICE },
};

static unsigned
fact_count(xmlNodePtr root, enum fact f)
{
	switch (f) {
	case F_GROUP: return count_el(root, "group", "name", "VMM Users");
	case F_MEMBER: return ipam_group_has_vmmuser(root, "VMM Users");
	case F_POLICY: return count_el(root, "policy", "principal", "IPAM1\\VMM Users");
	case F_RMU: return ipam_group_has_vmmuser(root, "Remote Management Users");
	case F_RUNAS: return count_el(root, "runas", "name", "IPAM Run As");
	case F_SERVICE: return count_el(root, "network-service", "name", "IPAM");
	default: return 0;
	}
}

static xmlDocPtr
read_xml(const char *dir, const char *file)
{
	char path[1300];
	snprintf(path, sizeof(path), "%s/ipamvmm/%s", dir, file);
	return xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

#define PROBLEM(c, ...) do { if (!(c)->problem[0]) snprintf((c)->problem, sizeof((c)->problem), __VA_ARGS__); } while (0)

/* The journal against the lab: every step it records as Completed is a fact in
 * the lab, and no step it records as Skipped is (Skipped means never sent).
 * A step left Failed or Unknown (its command's output was lost) may be either:
 * those the lab holds are counted in *ahead. Checks that the step the output
 * reported Failed (failed, or NULL) is Failed in the journal.
 * twice (or NULL): a step that changes something found its work already
 * done, on a lab that started without it: its command ran twice.
 * Returns the steps Completed. */
static unsigned
journal_vs_lab(struct cell *c, const char *when, unsigned *ahead, const char *failed, bool *twice)
{
	xmlDocPtr j = read_xml(c->dir, "journal.xml");
	xmlDocPtr lab = read_xml(c->dir, "lab.xml");
	xmlNodePtr jr = j ? xmlDocGetRootElement(j) : NULL, lr = lab ? xmlDocGetRootElement(lab) : NULL;
	unsigned completed = 0;
	bool failed_seen = failed == NULL;
	*ahead = 0;
	if (jr == NULL || lr == NULL) {
		PROBLEM(c, "%s: no %s", when, jr == NULL ? "journal" : "lab state");
		goto out;
	}
	for (xmlNodePtr s = jr->children; s; s = s->next) {
		if (s->type != XML_ELEMENT_NODE)
			continue;
		xmlChar *name = xmlGetProp(s, BAD_CAST "name");
		bool done = attr_is(s, "state", "Completed");
		bool unsent = attr_is(s, "state", "Skipped") || attr_is(s, "state", "Not started");
		completed += done;
		if (failed && name && strcmp((const char *)name, failed) == 0 && attr_is(s, "state", "Failed"))
			failed_seen = true;
		for (size_t k = 0; name && k < IVM_COUNT(step_facts); k++) {
			if (strstr((const char *)name, step_facts[k].step) == NULL)
				continue;
			bool holds = fact_count(lr, step_facts[k].fact) > 0;
			if (done && !holds)
				PROBLEM(c, "%s: the journal says '%s' Completed, the lab does not hold it", when, (const char *)name);
			if (unsent && holds)
				PROBLEM(c, "%s: the journal says '%s' Skipped, but the lab holds it", when, (const char *)name);
			else if (!done && holds)
				(*ahead)++;
			if (twice && done && attr_is(s, "status", "present"))
				*twice = true;
		}
		xmlFree(name);
	}
	if (!failed_seen)
		PROBLEM(c, "%s: the journal does not record '%s' as Failed", when, failed);
out:
	xmlFreeDoc(j);
	xmlFreeDoc(lab);
	return completed;
}

/* After the clean run: everything once, nothing twice. */
static void
converged(struct cell *c)
{
	xmlDocPtr lab = read_xml(c->dir, "lab.xml");
	xmlNodePtr lr = lab ? xmlDocGetRootElement(lab) : NULL;
	if (lr == NULL) {
		PROBLEM(c, "after the clean run: no lab state");
		return;
	}
	static const char *const what[] = { [F_GROUP] = "group VMM Users", [F_POLICY] = "access policy",
		[F_RUNAS] = "Run As account", [F_SERVICE] = "network service" };
	static const enum fact once[] = { F_GROUP, F_POLICY, F_RUNAS, F_SERVICE };
	for (size_t k = 0; k < IVM_COUNT(once); k++) {
		unsigned n = fact_count(lr, once[k]);
		if (n != 1)
			PROBLEM(c, "after the clean run: %u x %s (want 1)", n, what[once[k]]);
	}
	if (!ipam_group_has_vmmuser(lr, "VMM Users") || !ipam_group_has_vmmuser(lr, "Remote Management Users"))
		PROBLEM(c, "after the clean run: CONTOSO\\vmmuser is missing from a group");
	xmlChar *dup = duplicate_member(lr);
	if (dup)
		PROBLEM(c, "after the clean run: group %s lists a member twice", (const char *)dup);
	xmlFree(dup);
	xmlFreeDoc(lab);
}

/* The "why:" line after the first "<step>: Failed" line of the output. */
static bool
failed_step(const struct ivm_buf *out, struct cell *c)
{
	const char *p = out->data ? strstr(out->data, ": Failed") : NULL;
	if (p == NULL)
		return false;
	const char *bol = p;
	while (bol > out->data && bol[-1] != '\n')
		bol--;
	const char *name = strstr(bol, "] ");
	name = name && name < p ? name + 2 : bol;
	snprintf(c->failed_step, sizeof(c->failed_step), "%.*s", (int)(p - name), name);
	const char *why = strstr(p, "\n    why:  ");
	const char *eol = strchr(p, '\n');
	if (why == NULL || why != eol)
		return false;
	why += strlen("\n    why:  ");
	eol = strchr(why, '\n');
	snprintf(c->why, sizeof(c->why), "%.*s", (int)(eol ? eol - why : (long)strlen(why)), why);
	return c->failed_step[0] && c->why[0];
}

static bool
names_cause(const struct kind *k, const char *text, size_t len)
{
	for (size_t i = 0; i < IVM_COUNT(k->cause) && k->cause[i]; i++)
		if (text && memmem(text, len, k->cause[i], strlen(k->cause[i])))
			return true;
	return false;
}

static void
do_cell(struct cell *c)
{
	struct ivm_buf out = IVM_BUF_INIT, err = IVM_BUF_INIT;
	char fault[64];
	snprintf(fault, sizeof(fault), "%s@%u", c->kind->name, c->at);
	int rc = run(c, "faulty", fault, &out, &err);
	if (rc == 0) {
		c->outcome = OUT_COMPLETED;
		if (!has(&out, "run: every step Completed (9 of 9)"))
			PROBLEM(c, "exit 0 without every step Completed");
		c->warned = has(&err, "warning:");
		if (c->warned && !names_cause(c->kind, err.data, err.len))
			PROBLEM(c, "a warning that does not name the cause: %s", ivm_buf_str(&err));
	} else if (rc == 1) {
		c->outcome = OUT_FAILED;
		if (!failed_step(&out, c))
			PROBLEM(c, "exit 1 without a step reported Failed with its why:");
		else if (!names_cause(c->kind, c->why, strlen(c->why)))
			PROBLEM(c, "the why: of '%s' does not name the cause: %s", c->failed_step, c->why);
	} else {
		PROBLEM(c, "exit status %d (want 0 or 1); stderr: %.300s", rc, ivm_buf_str(&err));
	}
	/* every cell starts from the default world, where none of the work exists yet */
	unsigned done = journal_vs_lab(c, "after the faulty run", &c->lab_ahead,
	                               c->outcome == OUT_FAILED && c->failed_step[0] ? c->failed_step : NULL, &c->twice);
	if (c->outcome == OUT_COMPLETED && done != 9)
		PROBLEM(c, "exit 0 but the journal records %u of 9 steps Completed", done);

	rc = run(c, "clean", NULL, &out, &err);
	if (rc != 0 || !has(&out, "run: every step Completed (9 of 9)"))
		PROBLEM(c, "the clean run did not complete (exit %d): %.400s", rc, ivm_buf_str(&out));
	if (c->outcome == OUT_FAILED && !has(&out, "journal: the last run stopped with"))
		PROBLEM(c, "the clean run did not say where the faulty one stopped");
	unsigned ahead;
	if (journal_vs_lab(c, "after the clean run", &ahead, NULL, NULL) != 9)
		PROBLEM(c, "after the clean run the journal does not record 9 steps Completed");
	converged(c);
	ivm_buf_release(&out);
	ivm_buf_release(&err);
}

/* Slow cells wait out the client's HTTP timeout (30 s) doing nothing, so
 * they all run at once; the others share a few workers. */
static void *
worker(void *arg)
{
	bool slow = arg != NULL;
	for (;;) {
		struct cell *c = NULL;
		pthread_mutex_lock(&mu);
		size_t *next = slow ? &next_slow : &next_fast;
		while (*next < ncells && (strcmp(cells[*next].kind->name, "slow") == 0) != slow)
			(*next)++;
		if (*next < ncells)
			c = &cells[(*next)++];
		pthread_mutex_unlock(&mu);
		if (c == NULL)
			return NULL;
		do_cell(c);
	}
}

/* A clean run's requests: the matrix covers each of them. */
static unsigned
count_requests(void)
{
	struct cell c = { .kind = &kinds[0] };
	snprintf(c.dir, sizeof(c.dir), "%s/baseline", top);
	ck_assert_int_eq(mkdir(c.dir, 0700), 0);
	char tr[1300];
	snprintf(tr, sizeof(tr), "%s/transcript.log", c.dir);
	const char *argv[] = { BIN, "run", "--answers", answers, "--instant", "--transcript", tr, NULL };
	ck_assert_int_eq(spawn(c.dir, "baseline", argv), 0);
	struct ivm_buf t = IVM_BUF_INIT;
	(void)tu_slurp(tr, &t);
	unsigned n = strncmp(ivm_buf_str(&t), "> ", 2) == 0;
	for (const char *p = t.data; p && (p = strstr(p, "\n> ")); p += 3)
		n++;
	ivm_buf_release(&t);
	return n;
}

START_TEST(every_fault_at_every_request)
{
	long long t0 = tu_now_ms();
	unsigned nreq = count_requests();
	/* the budget check_procedure pins; a change there changes the matrix */
	ck_assert_uint_eq(nreq, 10);
	ncells = IVM_COUNT(kinds) * nreq;
	cells = ivm_xcalloc(ncells, sizeof(*cells));
	size_t k = 0, nslow = 0;
	for (size_t i = 0; i < IVM_COUNT(kinds); i++)
		for (unsigned at = 1; at <= nreq; at++, k++) {
			cells[k].kind = &kinds[i];
			cells[k].at = at;
			snprintf(cells[k].dir, sizeof(cells[k].dir), "%s/%s-%u", top, kinds[i].name, at);
			ck_assert_int_eq(mkdir(cells[k].dir, 0700), 0);
			nslow += strcmp(kinds[i].name, "slow") == 0;
		}
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t nfast = cpus < 1 ? 2 : cpus > 4 ? 8 : (size_t)cpus * 2;
	pthread_t *th = ivm_xcalloc(nfast + nslow, sizeof(*th));
	for (size_t i = 0; i < nfast + nslow; i++)
		ck_assert_int_eq(pthread_create(&th[i], NULL, worker, i < nslow ? (void *)1 : NULL), 0);
	for (size_t i = 0; i < nfast + nslow; i++)
		pthread_join(th[i], NULL);
	free(th);

	unsigned completed = 0, warned = 0, failed = 0, ahead = 0, twice = 0, bad = 0;
	printf("fault matrix: %zu cells (%zu kinds x %u requests of a full run)\n", ncells, IVM_COUNT(kinds), nreq);
	for (size_t i = 0; i < ncells; i++) {
		struct cell *c = &cells[i];
		char id[32];
		snprintf(id, sizeof(id), "%s@%u", c->kind->name, c->at);
		if (c->outcome == OUT_COMPLETED)
			printf("  %-13s completed%s", id, c->warned ? " (cleanup warning)" : "");
		else if (c->outcome == OUT_FAILED)
			printf("  %-13s failed: %s: %.110s", id, c->failed_step, c->why);
		else
			printf("  %-13s ?", id);
		if (c->lab_ahead)
			printf(" [the lab holds %u step(s) the journal leaves Failed or Unknown]", c->lab_ahead);
		if (c->twice)
			printf(" [a command ran twice: 'present' for work this run did]");
		printf("%s%s\n", c->problem[0] ? "\n      PROBLEM: " : "", c->problem);
		completed += c->outcome == OUT_COMPLETED;
		warned += c->warned;
		failed += c->outcome == OUT_FAILED;
		ahead += c->lab_ahead > 0;
		twice += c->twice;
		bad += c->problem[0] != '\0';
	}
	printf("fault matrix: %zu cells: %u completed (%u of them with a cleanup warning), %u failed naming the step "
	       "and the cause; the lab held work the journal leaves Failed or Unknown in %u; a command ran twice in %u; every clean rerun "
	       "converged: %s; %u problems; %.1f s\n",
	       ncells, completed, warned, failed, ahead, twice, bad ? "no" : "yes", bad, (double)(tu_now_ms() - t0) / 1000);
	fflush(stdout);
	for (size_t i = 0; i < ncells; i++)
		ck_assert_msg(cells[i].problem[0] == '\0', "%s@%u: %s", cells[i].kind->name, cells[i].at, cells[i].problem);
	ck_assert_uint_eq(completed + failed, ncells);
	free(cells);
	cells = NULL;
}
END_TEST

static void
setup(void)
{
	extern char **environ;
	top = tu_mkdtemp();
	snprintf(answers, sizeof(answers), "%s/examples/contoso.xml", IVM_SRCDIR);
	size_t n = 0;
	while (environ[n])
		n++;
	base_env = ivm_xcalloc(n + 1, sizeof(*base_env));
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		static const char *const drop[] = { "HOME=", "XDG_STATE_HOME=", "XDG_CONFIG_HOME=", "IPAMVMM_" };
		bool keep = true;
		for (size_t d = 0; d < IVM_COUNT(drop); d++)
			keep &= strncmp(environ[i], drop[d], strlen(drop[d])) != 0;
		if (keep)
			base_env[k++] = environ[i];
	}
	xmlInitParser();
}

static void
teardown(void)
{
	tu_rmdir_r(top);
	free(top);
	free(base_env);
}

int
main(void)
{
	Suite *s = suite_create("fault_matrix");
	TCase *tc = tcase_create("fault_matrix");
	tcase_add_checked_fixture(tc, setup, teardown);
	/* about a minute here; the slow column alone waits out a 30 s HTTP timeout */
	tcase_set_timeout(tc, 900);
	tcase_add_test(tc, every_fault_at_every_request);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}

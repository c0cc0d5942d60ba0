/* tests/check_jobs.c: the jobs engine against the lab: per-host batches, step states, failures, request counts. */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>

#include "core/http.h"
#include "core/jobs.h"
#include "core/lab/model.h"
#include "core/lab/server.h"
#include "tests/testutil.h"

static struct ivm_lab *lab;
static struct ivm_lab_server *srv;

/* fault: "KIND@N" for the lab to inject, or NULL */
static void
start_faulty(bool instant, const char *fault)
{
	struct ivm_err err;
	struct ivm_lab_fault f;
	lab = ivm_lab_new_default();
	struct ivm_lab_server_opts o = { .instant = instant };
	if (fault) {
		ck_assert_int_eq(ivm_lab_fault_parse(fault, &f, &err), 0);
		o.faults = &f;
		o.nfaults = 1;
	}
	srv = ivm_lab_server_start(lab, &o, &err);
	ck_assert_ptr_nonnull(srv);
}

static void
start(bool instant)
{
	start_faulty(instant, NULL);
}

static void
teardown(void)
{
	ivm_lab_server_stop(&srv);
	ivm_lab_free(&lab);
}

static struct ivm_wsman *
session(const char *host, const char *user, const char *pw)
{
	struct ivm_err err;
	struct ivm_http_opts ho = { .url = ivm_lab_server_url_of(srv, host), .user = user, .password = pw,
	                            .auth = IVM_AUTH_BASIC, .allow_unencrypted = true };
	struct ivm_wsman_opts wo = { .url = ho.url, .op_timeout_s = 5 };
	return ivm_wsman_new(ivm_http_new(&ho, &err), &wo);
}

/* what the notifications said, in order: "0:Running 0:Completed ..." */
static pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;
static struct ivm_buf events;
static struct ivm_jobs *current;

static void
on_change(void *ud, size_t step)
{
	struct ivm_step_snapshot s;
	ivm_jobs_snapshot(current, step, &s);
	pthread_mutex_lock(&log_mu);
	ivm_buf_addf(&events, "%zu:%s ", step, ivm_step_state_name(s.state));
	pthread_mutex_unlock(&log_mu);
}

/* Two steps on the IPAM server (signed in as ipam_user) and one on the VMM
 * server, run to the end as `current`; events logs the notifications. */
struct three {
	struct ivm_wsman *ipam, *vmm;
};

static void
run_three(struct three *t, const char *ipam_user, const char *ipam_pw)
{
	t->ipam = session("ipam1", ipam_user, ipam_pw);
	t->vmm = session("vmm1", "CONTOSO\\Administrator", "Lab-Admin-1!");
	struct ivm_jobs_host hosts[] = { { "IPAM server", t->ipam }, { "VMM server", t->vmm } };
	const struct ivm_op *hf = ivm_op_find("host-facts");
	struct ivm_step_def steps[] = {
		{ "IPAM facts", 0, hf, NULL, 0, NULL }, { "IPAM facts again", 0, hf, NULL, 0, NULL },
		{ "VMM facts", 1, hf, NULL, 0, NULL },
	};
	memset(&events, 0, sizeof(events));
	struct ivm_err err;
	current = ivm_jobs_new(hosts, 2, steps, 3, on_change, NULL);
	ck_assert_int_eq(ivm_jobs_start(current, &err), 0);
	ivm_jobs_wait(current);
}

static void
three_free(struct three *t)
{
	ivm_jobs_free(&current);
	ivm_wsman_free(&t->ipam);
	ivm_wsman_free(&t->vmm);
	ivm_buf_release(&events);
}

START_TEST(steps_complete_in_order_in_one_command_per_host)
{
	struct three t;
	start(true);
	run_three(&t, "CONTOSO\\Administrator", "Lab-Admin-1!");
	ck_assert(ivm_jobs_finished(current));
	ck_assert_uint_eq(ivm_jobs_failed(current), 0);
	ck_assert_str_eq(ivm_buf_str(&events), "0:Running 0:Completed 1:Running 1:Completed 2:Running 2:Completed ");
	struct ivm_step_snapshot s;
	ivm_jobs_snapshot(current, 2, &s);
	ck_assert_int_eq(s.state, IVM_STEP_COMPLETED);
	ck_assert_uint_eq(s.progress, 100);
	ck_assert(s.start_ms > 0 && s.end_ms >= s.start_ms);
	ck_assert(strstr(s.message, "VMM1") != NULL);
	const struct ivm_result *r = ivm_jobs_result(current, 0);
	ck_assert_str_eq(ivm_field_get(r->fields, r->nfields, "ComputerName"), "IPAM1");
	three_free(&t);
	/* per host: Create, Command, Receive, Signal, Delete; whatever the number of steps */
	ck_assert_uint_eq(ivm_lab_server_requests(srv, 0), 5);
	ck_assert_uint_eq(ivm_lab_server_requests(srv, 1), 5);
}
END_TEST

START_TEST(a_failure_stops_the_rest)
{
	struct three t;
	start(true);
	/* helpdesk may not open a shell on ipam1: the first step fails, the rest are skipped */
	run_three(&t, "CONTOSO\\helpdesk", "Help-Desk-1!");
	ck_assert_uint_eq(ivm_jobs_failed(current), 1);
	struct ivm_step_snapshot s;
	ivm_jobs_snapshot(current, 0, &s);
	ck_assert_int_eq(s.state, IVM_STEP_FAILED);
	ck_assert(strstr(s.error, "denied") != NULL || strstr(s.error, "Access") != NULL);
	ck_assert(s.action[0] != '\0');
	ivm_jobs_snapshot(current, 1, &s);
	ck_assert_int_eq(s.state, IVM_STEP_SKIPPED);
	ivm_jobs_snapshot(current, 2, &s);
	ck_assert_int_eq(s.state, IVM_STEP_SKIPPED);
	ck_assert_uint_eq(ivm_lab_server_requests(srv, 1), 0); /* the VMM server was never touched */
	three_free(&t);
}
END_TEST

/*
 * A command whose output is lost after the server may have started it leaves
 * the steps that never reported Unknown, not Skipped: the script runs on
 * without us. A refusal before anything ran leaves them Skipped. Requests,
 * all hosts together: 1 Create, 2 Command, 3 Receive on the IPAM server.
 */
static const struct {
	const char *fault;
	enum ivm_step_state second;
	const char *why; /* in the failed step's error */
} lost[] = {
	{ "malformed@3", IVM_STEP_UNKNOWN, "well-formed" },
	{ "drop@3", IVM_STEP_UNKNOWN, "" },
	{ "malformed@2", IVM_STEP_UNKNOWN, "well-formed" },
	{ "http500@2", IVM_STEP_SKIPPED, "provider failed" },
	{ "401@2", IVM_STEP_SKIPPED, "refused the credentials" },
	{ "401@1", IVM_STEP_SKIPPED, "refused the credentials" },
};

START_TEST(a_lost_reply_leaves_the_rest_unknown)
{
	struct three t;
	start_faulty(true, lost[_i].fault);
	run_three(&t, "CONTOSO\\Administrator", "Lab-Admin-1!");
	struct ivm_step_snapshot s;
	ivm_jobs_snapshot(current, 0, &s);
	ck_assert_msg(s.state == IVM_STEP_FAILED, "%s: the first step is %s", lost[_i].fault, ivm_step_state_name(s.state));
	ck_assert_msg(strstr(s.error, lost[_i].why) != NULL, "%s: %s", lost[_i].fault, s.error);
	ivm_jobs_snapshot(current, 1, &s);
	ck_assert_msg(s.state == lost[_i].second, "%s: the second step is %s", lost[_i].fault,
	              ivm_step_state_name(s.state));
	if (s.state == IVM_STEP_UNKNOWN)
		ck_assert(strstr(s.message, "may have done this step or not") != NULL);
	ivm_jobs_snapshot(current, 2, &s);
	ck_assert_int_eq(s.state, IVM_STEP_SKIPPED); /* the VMM server's command was never sent */
	ck_assert_uint_eq(ivm_jobs_failed(current), 1);
	three_free(&t);
	ck_assert_uint_eq(ivm_lab_server_requests(srv, 1), 0);
}
END_TEST

START_TEST(steps_report_one_by_one_in_simulated_time)
{
	start(false);
	struct ivm_wsman *ipam = session("ipam1", "CONTOSO\\Administrator", "Lab-Admin-1!");
	struct ivm_jobs_host hosts[] = { { "IPAM server", ipam } };
	const struct ivm_op *hf = ivm_op_find("host-facts");
	struct ivm_step_def steps[] = { { "a", 0, hf, NULL, 0, NULL }, { "b", 0, hf, NULL, 0, NULL } };
	struct ivm_err err;
	current = ivm_jobs_new(hosts, 1, steps, 2, NULL, NULL);
	ck_assert_int_eq(ivm_jobs_start(current, &err), 0);
	ivm_jobs_wait(current);
	struct ivm_step_snapshot a, b;
	ivm_jobs_snapshot(current, 0, &a);
	ivm_jobs_snapshot(current, 1, &b);
	ck_assert_int_eq(a.state, IVM_STEP_COMPLETED);
	ck_assert_int_eq(b.state, IVM_STEP_COMPLETED);
	/* the second step finished later than the first: they were reported apart */
	ck_assert(b.end_ms > a.end_ms);
	ivm_jobs_free(&current);
	ivm_wsman_free(&ipam);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("jobs");
	TCase *tc = tcase_create("jobs");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, steps_complete_in_order_in_one_command_per_host);
	tcase_add_test(tc, a_failure_stops_the_rest);
	tcase_add_test(tc, steps_report_one_by_one_in_simulated_time);
	tcase_add_loop_test(tc, a_lost_reply_leaves_the_rest_unknown, 0, (int)IVM_COUNT(lost));
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}

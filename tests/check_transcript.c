/* tests/check_transcript.c: --transcript writes every exchange readable, and never a password. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <check.h>

#include "core/b64.h"
#include "core/http.h"
#include "core/lab/model.h"
#include "core/lab/server.h"
#include "core/psrun.h"
#include "core/transcript.h"
#include "tests/testutil.h"

#define SECRET "Run-As-S3cret!<&>"

static void
run_with_transcript(bool force_stdin, struct ivm_buf *file)
{
	struct ivm_err err;
	struct ivm_lab *lab = ivm_lab_new_default();
	struct ivm_lab_server_opts o = { .instant = true };
	struct ivm_lab_server *srv = ivm_lab_server_start(lab, &o, &err);
	char *dir = tu_mkdtemp();
	char path[1024];
	snprintf(path, sizeof(path), "%s/t.log", dir);
	struct ivm_transcript *t = ivm_transcript_open(path, &err);
	ck_assert_ptr_nonnull(t);
	ivm_transcript_secret(t, "Lab-Admin-1!");
	ivm_transcript_secret(t, SECRET);
	struct ivm_http_opts ho = { .url = ivm_lab_server_url_of(srv, "vmm1"), .user = "CONTOSO\\Administrator",
	                            .password = "Lab-Admin-1!", .auth = IVM_AUTH_BASIC, .allow_unencrypted = true };
	struct ivm_wsman_opts wo = { .url = ho.url, .trace = ivm_transcript_trace, .trace_ud = t };
	struct ivm_wsman *w = ivm_wsman_new(ivm_http_new(&ho, &err), &wo);
	struct ivm_param p[] = { { "Name", "IPAM Run As" }, { "Password", SECRET } };
	struct ivm_buf s = IVM_BUF_INIT;
	ck_assert_int_eq(ivm_contract_script(&s, "host-facts", p, 2, "exit 0\r\n", &err), 0);
	/* make it long enough for the compressed path, varied enough to stay there */
	for (int i = 0; i < 400; i++)
		ivm_buf_addf(&s, "# padding line %d of a long script %x\r\n", i, i * 2654435761u);
	struct ivm_ps_opts po = { .force_stdin = force_stdin };
	struct ivm_ps_result res;
	ck_assert_int_eq(ivm_psrun(w, s.data, &po, &res, &err), 0);
	ck_assert_int_eq(res.via_stdin, force_stdin);
	ivm_ps_result_release(&res);
	ivm_wsman_free(&w);
	ivm_transcript_free(&t);
	struct stat st;
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 077, 0);
	FILE *fp = fopen(path, "r");
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		ivm_buf_add(file, chunk, n);
	fclose(fp);
	tu_rmdir_r(dir);
	free(dir);
	ivm_buf_release(&s);
	ivm_lab_server_stop(&srv);
	ivm_lab_free(&lab);
}

static void
assert_clean(const struct ivm_buf *file)
{
	ck_assert_msg(!tu_contains(file->data, file->len, "Run-As-S3cret"), "the password is in the transcript");
	ck_assert(!tu_contains(file->data, file->len, "Lab-Admin-1!"));
	/* nor in base64 (the parameter document as the script carries it) */
	struct ivm_buf b = IVM_BUF_INIT;
	ivm_b64_encode(&b, SECRET, strlen(SECRET));
	ck_assert(!tu_contains(file->data, file->len, b.data));
	ivm_buf_release(&b);
	/* but the exchange is there, readable */
	ck_assert(tu_contains(file->data, file->len, "# ipamvmm op=host-facts v=1"));
	ck_assert(tu_contains(file->data, file->len, "Name='IPAM Run As'"));
	ck_assert(tu_contains(file->data, file->len, "Password='********'"));
	ck_assert(tu_contains(file->data, file->len, "CommandResponse"));
	ck_assert(tu_contains(file->data, file->len, "IPAMVMM-RESULT "));
}

START_TEST(compressed_command_line)
{
	struct ivm_buf f = IVM_BUF_INIT;
	run_with_transcript(false, &f);
	assert_clean(&f);
	ck_assert(tu_contains(f.data, f.len, "[encoded command,"));
	ivm_buf_release(&f);
}
END_TEST

START_TEST(stdin_path)
{
	struct ivm_buf f = IVM_BUF_INIT;
	run_with_transcript(true, &f);
	assert_clean(&f);
	ck_assert(tu_contains(f.data, f.len, "bytes of stdin: shown decoded below]"));
	ivm_buf_release(&f);
}
END_TEST

START_TEST(redact_masks_every_form)
{
	struct ivm_err err;
	char *dir = tu_mkdtemp();
	char path[1024];
	snprintf(path, sizeof(path), "%s/t.log", dir);
	struct ivm_transcript *t = ivm_transcript_open(path, &err);
	ivm_transcript_secret(t, "a<b&c");
	struct ivm_buf text = IVM_BUF_INIT;
	ivm_buf_adds(&text, "x a<b&c y a&lt;b&amp;c z");
	ivm_transcript_redact(t, &text);
	ck_assert_str_eq(text.data, "x ******** y ******** z");
	ivm_buf_release(&text);
	ivm_transcript_free(&t);
	tu_rmdir_r(dir);
	free(dir);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("transcript");
	TCase *tc = tcase_create("transcript");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, compressed_command_line);
	tcase_add_test(tc, stdin_path);
	tcase_add_test(tc, redact_masks_every_form);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}

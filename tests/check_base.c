/* tests/check_base.c: the small core pieces: buffer, base64, UTF-16, errors. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <check.h>

#include "core/b64.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/utf16.h"
#include "core/xalloc.h"
#include "tests/testutil.h"

START_TEST(buf_grows_and_terminates)
{
	struct ivm_buf b = IVM_BUF_INIT;
	ck_assert_str_eq(ivm_buf_str(&b), "");
	for (int i = 0; i < 1000; i++)
		ivm_buf_addf(&b, "%d,", i);
	ck_assert_uint_eq(b.len, strlen(b.data));
	ck_assert(strncmp(b.data, "0,1,2,", 6) == 0);
	ck_assert(strstr(b.data, ",999,") != NULL);
	ivm_buf_clear(&b);
	ck_assert_str_eq(ivm_buf_str(&b), "");
	ivm_buf_add(&b, "a\0b", 3);
	ck_assert_uint_eq(b.len, 3);
	char *s = ivm_buf_steal(&b);
	ck_assert_ptr_null(b.data);
	ck_assert_mem_eq(s, "a\0b", 4);
	free(s);
}
END_TEST

static const struct {
	const char *plain, *b64;
} vectors[] = { /* RFC 4648 section 10 */
	{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" }, { "foo", "Zm9v" },
	{ "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" },
};

START_TEST(b64_rfc4648_vectors)
{
	for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		struct ivm_buf e = IVM_BUF_INIT, d = IVM_BUF_INIT;
		ivm_b64_encode(&e, vectors[i].plain, strlen(vectors[i].plain));
		ck_assert_str_eq(ivm_buf_str(&e), vectors[i].b64);
		ck_assert(ivm_b64_decode(&d, vectors[i].b64, strlen(vectors[i].b64)));
		ck_assert_str_eq(ivm_buf_str(&d), vectors[i].plain);
		ivm_buf_release(&e);
		ivm_buf_release(&d);
	}
}
END_TEST

START_TEST(b64_rejects_bad_text)
{
	const char *bad[] = { "Zg=", "Z", "Zm9v!", "Zg==Zg==", "Zh==", "=Zg=" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct ivm_buf d = IVM_BUF_INIT;
		ivm_buf_adds(&d, "keep");
		ck_assert_msg(!ivm_b64_decode(&d, bad[i], strlen(bad[i])), "accepted %s", bad[i]);
		ck_assert_str_eq(ivm_buf_str(&d), "keep");
		ivm_buf_release(&d);
	}
	struct ivm_buf d = IVM_BUF_INIT;
	ck_assert(ivm_b64_decode(&d, " Zm9v\r\nYmFy ", 12)); /* white space is skipped */
	ck_assert_str_eq(ivm_buf_str(&d), "foobar");
	ivm_buf_release(&d);
}
END_TEST

START_TEST(utf16_round_trip)
{
	const char *s = "Gr\xc3\xbc\xc3\x9f" "e \xf0\x9f\x98\x80 \xe2\x80\x9cquoted\xe2\x80\x9d";
	struct ivm_buf u = IVM_BUF_INIT, back = IVM_BUF_INIT;
	ck_assert(ivm_utf8_to_utf16le(&u, s, strlen(s)));
	ck_assert_uint_eq((unsigned char)u.data[0], 'G');
	ck_assert_uint_eq((unsigned char)u.data[1], 0);
	ck_assert(ivm_utf16le_to_utf8(&back, u.data, u.len));
	ck_assert_str_eq(ivm_buf_str(&back), s);
	ivm_buf_release(&u);
	ivm_buf_release(&back);
	/* the emoji is a surrogate pair: 4 bytes in UTF-16 too */
	ck_assert(ivm_utf8_to_utf16le(&u, "\xf0\x9f\x98\x80", 4));
	ck_assert_uint_eq(u.len, 4);
	ivm_buf_release(&u);
}
END_TEST

START_TEST(utf16_rejects_invalid)
{
	struct ivm_buf u = IVM_BUF_INIT;
	ck_assert(!ivm_utf8_to_utf16le(&u, "a\xff" "b", 3));
	ck_assert(!ivm_utf8_to_utf16le(&u, "\xed\xa0\x80", 3)); /* an encoded surrogate */
	ck_assert(!ivm_utf16le_to_utf8(&u, "\x00\xd8" "a\x00", 4)); /* lone high surrogate */
	ck_assert_uint_eq(u.len, 0);
	ivm_buf_release(&u);
}
END_TEST

START_TEST(err_has_three_parts)
{
	struct ivm_err e;
	ivm_err_set(&e, IVM_E_DNS, "connecting", "check DNS", "host %s not found", "x.invalid");
	ivm_err_prefix(&e, "probe %d: ", 1);
	ck_assert_str_eq(e.what, "probe 1: connecting");
	ck_assert_str_eq(e.why, "host x.invalid not found");
	ck_assert_str_eq(ivm_err_kind_name(e.kind), "dns");
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	ivm_err_print(&e, fp);
	fclose(fp);
	ck_assert_str_eq(text, "error: probe 1: connecting\n  why:  host x.invalid not found\n  next: check DNS\n");
	free(text);
}
END_TEST

START_TEST(secret_free_wipes_and_nulls)
{
	char *s = ivm_xstrdup("hunter2");
	ivm_secret_free(&s);
	ck_assert_ptr_null(s);
	ivm_secret_free(&s); /* twice is harmless */
	struct ivm_buf b = IVM_BUF_INIT;
	ivm_buf_adds(&b, "secret");
	ivm_buf_wipe(&b);
	ck_assert_ptr_null(b.data);
	ck_assert_uint_eq(b.len, 0);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("base");
	TCase *tc = tcase_create("base");
	tcase_add_test(tc, buf_grows_and_terminates);
	tcase_add_test(tc, b64_rfc4648_vectors);
	tcase_add_test(tc, b64_rejects_bad_text);
	tcase_add_test(tc, utf16_round_trip);
	tcase_add_test(tc, utf16_rejects_invalid);
	tcase_add_test(tc, err_has_three_parts);
	tcase_add_test(tc, secret_free_wipes_and_nulls);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}

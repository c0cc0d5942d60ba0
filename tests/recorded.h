/* tests/recorded.h: reads the WinRS exchanges recorded from real Windows servers (tests/fixtures/windows-recorded). */
#ifndef IVM_TESTS_RECORDED_H
#define IVM_TESTS_RECORDED_H

#include <stddef.h>

struct rec_message {
	char *request;
	char *response;
	int http_status;   /* 500 where the recording says transport_error code 500, else 200 */
};

struct rec_file {
	char *name;
	struct rec_message *msgs;
	size_t n;
};

/* Load one .yml file by name (e.g. "winrs_standard.yml"); NULL when it is missing or not in the
 * expected shape. The files hold one plain scalar per line, which is all this reader accepts. */
struct rec_file *rec_load(const char *name);
void rec_free(struct rec_file **f);
/* Every .yml file of the folder, sorted by name; *n set. */
char **rec_list(size_t *n);
void rec_list_free(char **names, size_t n);

#endif

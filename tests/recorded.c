/* tests/recorded.c: reads the WinRS exchanges recorded from real Windows servers (tests/fixtures/windows-recorded). */
#include "config.h"

#include "tests/recorded.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

#define DIR_PATH IVM_SRCDIR "/tests/fixtures/windows-recorded"

static char *
value_after(const char *line, const char *key)
{
	size_t k = strlen(key);
	if (strncmp(line, key, k) != 0)
		return NULL;
	const char *v = line + k;
	while (*v == ' ')
		v++;
	size_t n = strcspn(v, "\r\n");
	return ivm_xstrndup(v, n);
}

struct rec_file *
rec_load(const char *name)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", DIR_PATH, name);
	FILE *fp = fopen(path, "r");
	if (fp == NULL)
		return NULL;
	struct rec_file *f = ivm_xcalloc(1, sizeof(*f));
	f->name = ivm_xstrdup(name);
	char *line = NULL;
	size_t cap = 0;
	bool bad = false;
	while (getline(&line, &cap, fp) > 0) {
		char *v;
		if ((v = value_after(line, "- request:")) != NULL) {
			f->msgs = ivm_xrealloc(f->msgs, (f->n + 1) * sizeof(*f->msgs));
			f->msgs[f->n] = (struct rec_message){ .request = v, .http_status = 200 };
			f->n++;
		} else if ((v = value_after(line, "  response:")) != NULL) {
			if (f->n == 0 || f->msgs[f->n - 1].response)
				bad = true;
			else
				f->msgs[f->n - 1].response = v;
			if (bad)
				free(v);
		} else if ((v = value_after(line, "    code:")) != NULL) {
			if (f->n)
				f->msgs[f->n - 1].http_status = atoi(v);
			free(v);
		}
	}
	free(line);
	fclose(fp);
	for (size_t i = 0; i < f->n; i++)
		bad |= f->msgs[i].response == NULL;
	if (bad || f->n == 0)
		rec_free(&f);
	return f;
}

void
rec_free(struct rec_file **fp)
{
	if (fp == NULL || *fp == NULL)
		return;
	struct rec_file *f = *fp;
	for (size_t i = 0; i < f->n; i++) {
		free(f->msgs[i].request);
		free(f->msgs[i].response);
	}
	free(f->msgs);
	free(f->name);
	free(f);
	*fp = NULL;
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **
rec_list(size_t *n)
{
	*n = 0;
	DIR *d = opendir(DIR_PATH);
	if (d == NULL)
		return NULL;
	char **names = NULL;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (len < 5 || strcmp(e->d_name + len - 4, ".yml") != 0)
			continue;
		names = ivm_xrealloc(names, (*n + 1) * sizeof(*names));
		names[(*n)++] = ivm_xstrdup(e->d_name);
	}
	closedir(d);
	if (*n)
		qsort(names, *n, sizeof(*names), cmp);
	return names;
}

void
rec_list_free(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

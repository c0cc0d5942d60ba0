/* fuzz/driver.c: runs a libFuzzer target over every file of its corpus once, without libFuzzer. */
#include "config.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_MAX_INPUT (4u << 20)

static int
run_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (fp == NULL) {
		fprintf(stderr, "cannot open %s\n", path);
		return -1;
	}
	uint8_t *buf = malloc(FUZZ_MAX_INPUT);
	size_t n = buf ? fread(buf, 1, FUZZ_MAX_INPUT, fp) : 0;
	fclose(fp);
	if (buf == NULL)
		return -1;
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

int
main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : FUZZ_CORPUS;
	DIR *d = opendir(dir);
	if (d == NULL) {
		fprintf(stderr, "cannot open the corpus %s\n", dir);
		return 1;
	}
	unsigned count = 0, failed = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (run_file(path) < 0)
			failed++;
		count++;
	}
	closedir(d);
	printf("%s: %u inputs run, %u unreadable\n", dir, count, failed);
	/* an empty corpus proves nothing */
	return count == 0 || failed ? 1 : 0;
}

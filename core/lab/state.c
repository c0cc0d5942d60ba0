/* core/lab/state.c: the lab state file: where it lives, its lock, its atomic save, and reset. */
#include "config.h"

#include "core/lab/state.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/lab/model.h"
#include "core/xalloc.h"

#define NEXT_BUSY "stop the other ipamvmm that uses it (such as `ipamvmm lab serve`), or give " \
	"this one another file with --state"
#define NEXT_IO "check that the folder exists and that you may write to it, or give another " \
	"file with --state"
#define OURS_SCAN 4096	/* how far into a file reset looks for our root element */

struct ivm_lab_state {
	char *path;
	int lockfd;
};

static char *
joined(const char *a, const char *b)
{
	struct ivm_buf buf = IVM_BUF_INIT;
	ivm_buf_adds(&buf, a);
	ivm_buf_adds(&buf, b);
	return ivm_buf_steal(&buf);
}

static void
io_error(struct ivm_err *err, const char *what, const char *path, int e)
{
	ivm_err_set(err, IVM_E_IO, what, NEXT_IO, "%s: %s", path, strerror(e));
}

/* ---- the default path -------------------------------------------------------- */

/* mkdir -p, creating what is missing with mode 0700. */
static int
make_dirs(char *dir, struct ivm_err *err)
{
	for (char *p = dir + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;
		*p = '\0';
		int r = mkdir(dir, 0700);
		int e = errno;
		*p = c;
		if (r == -1 && e != EEXIST) {
			*p = '\0';
			io_error(err, "cannot create the folder for the lab state", dir, e);
			*p = c;
			return -1;
		}
		if (c == '\0')
			break;
	}
	struct stat st;
	if (stat(dir, &st) == -1 || !S_ISDIR(st.st_mode)) {
		ivm_err_set(err, IVM_E_IO, "cannot create the folder for the lab state", NEXT_IO,
		    "%s exists and is not a folder", dir);
		return -1;
	}
	return 0;
}

char *
ivm_lab_state_default_path(struct ivm_err *err)
{
	const char *xdg = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	struct ivm_buf dir = IVM_BUF_INIT;

	/* The XDG specification says a relative value is to be ignored. */
	if (xdg != NULL && xdg[0] == '/')
		ivm_buf_addf(&dir, "%s/ipamvmm", xdg);
	else if (home != NULL && home[0] == '/')
		ivm_buf_addf(&dir, "%s/.local/state/ipamvmm", home);
	else {
		ivm_err_set(err, IVM_E_IO, "cannot find a place for the lab state",
		    "set HOME or XDG_STATE_HOME, or give a file with --state",
		    "neither XDG_STATE_HOME nor HOME is set to an absolute path");
		return NULL;
	}
	if (make_dirs(dir.data, err) == -1) {
		ivm_buf_release(&dir);
		return NULL;
	}
	ivm_buf_adds(&dir, "/lab.xml");
	return ivm_buf_steal(&dir);
}

/* ---- the lock ---------------------------------------------------------------- */

/* Lock "<path>.lock" and write our pid into it; the fd, or -1 with err. */
static int
lock_take(const char *path, struct ivm_err *err)
{
	char *lockpath = joined(path, ".lock");
	int fd = open(lockpath, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd == -1) {
		io_error(err, "cannot lock the lab state", lockpath, errno);
		free(lockpath);
		return -1;
	}
	(void)fchmod(fd, 0600);	/* whatever the umask; someone else's lock file stays theirs */
	if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		int e = errno;
		char pid[32] = "";
		ssize_t n = pread(fd, pid, sizeof(pid) - 1, 0);
		pid[n > 0 ? n : 0] = '\0';
		pid[strcspn(pid, "\r\n")] = '\0';
		if (e == EWOULDBLOCK)
			ivm_err_set(err, IVM_E_IO, "the lab state is in use", NEXT_BUSY,
			    "%s is locked by another ipamvmm (pid %s; the lock is %s)", path,
			    pid[0] ? pid : "unknown", lockpath);
		else
			io_error(err, "cannot lock the lab state", lockpath, e);
		close(fd);
		free(lockpath);
		return -1;
	}
	char pid[32];
	int n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) == -1 || pwrite(fd, pid, (size_t)n, 0) != n) {
		io_error(err, "cannot lock the lab state", lockpath, errno);
		close(fd);
		free(lockpath);
		return -1;
	}
	free(lockpath);
	return fd;
}

/* ---- reading the file ---------------------------------------------------------- */

/* 0 with the contents, 1 when the file does not exist, -1 with err. */
static int
read_file(const char *path, struct ivm_buf *out, struct ivm_err *err)
{
	const char *what = "cannot read the lab state";
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd == -1) {
		if (errno == ENOENT)
			return 1;
		io_error(err, what, path, errno);
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		ivm_err_set(err, IVM_E_IO, what, IVM_LAB_STATE_NEXT, "%s is not a regular file", path);
		close(fd);
		return -1;
	}
	if (st.st_size > IVM_LAB_STATE_MAX_BYTES) {
		ivm_err_set(err, IVM_E_TOOBIG, what, IVM_LAB_STATE_NEXT,
		    "%s is %lld bytes; a lab state is at most %d bytes", path, (long long)st.st_size,
		    IVM_LAB_STATE_MAX_BYTES);
		close(fd);
		return -1;
	}
	char chunk[65536];
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			io_error(err, what, path, errno);
			close(fd);
			return -1;
		}
		if (n == 0)
			break;
		if (out->len + (size_t)n > IVM_LAB_STATE_MAX_BYTES) {
			ivm_err_set(err, IVM_E_TOOBIG, what, IVM_LAB_STATE_NEXT,
			    "%s is larger than %d bytes, the most a lab state may be", path,
			    IVM_LAB_STATE_MAX_BYTES);
			close(fd);
			return -1;
		}
		ivm_buf_add(out, chunk, (size_t)n);
	}
	close(fd);
	return 0;
}

struct ivm_lab_state *
ivm_lab_state_open(const char *path, struct ivm_lab **lab, struct ivm_err *err)
{
	struct ivm_buf data = IVM_BUF_INIT;

	*lab = NULL;
	int fd = lock_take(path, err);
	if (fd == -1)
		return NULL;
	int r = read_file(path, &data, err);
	if (r == 1)
		*lab = ivm_lab_new_default();
	else if (r == 0 && ivm_lab_from_xml(ivm_buf_str(&data), data.len, path, lab, err) == -1)
		r = -1;
	ivm_buf_release(&data);
	if (r == -1) {
		close(fd);
		return NULL;
	}
	struct ivm_lab_state *st = ivm_xcalloc(1, sizeof(*st));
	st->path = ivm_xstrdup(path);
	st->lockfd = fd;
	return st;
}

const char *
ivm_lab_state_path(const struct ivm_lab_state *st)
{
	return st->path;
}

void
ivm_lab_state_close(struct ivm_lab_state **st)
{
	if (st == NULL || *st == NULL)
		return;
	close((*st)->lockfd);	/* the last close of the description drops the flock */
	free((*st)->path);
	free(*st);
	*st = NULL;
}

/* ---- saving -------------------------------------------------------------------- */

static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int
fsync_dir(const char *path)
{
	char *dir = ivm_xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (slash == NULL)
		strcpy(dir, ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (fd == -1)
		return -1;
	int r = fsync(fd);
	close(fd);
	return r;
}

static int
save_to(const char *path, const struct ivm_lab *lab, struct ivm_err *err)
{
	const char *what = "cannot save the lab state";
	struct ivm_buf doc = IVM_BUF_INIT, tmp = IVM_BUF_INIT;

	ivm_lab_to_state_xml(lab, &doc);
	ivm_buf_addf(&tmp, "%s.tmp.%ld", path, (long)getpid());
	int fd = open(tmp.data, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd == -1 && errno == EEXIST) {
		/* left by a process that had our pid and died mid-save */
		unlink(tmp.data);
		fd = open(tmp.data, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	}
	int e = errno;
	if (fd == -1) {
		io_error(err, what, tmp.data, e);
		goto out;
	}
	if (fchmod(fd, 0600) == -1 || write_all(fd, doc.data, doc.len) == -1 || fsync(fd) == -1) {
		e = errno;
		close(fd);
		goto fail;
	}
	if (close(fd) == -1 || rename(tmp.data, path) == -1) {
		e = errno;
		goto fail;
	}
	if (fsync_dir(path) == -1) {
		/* the file is in place; only its durability is in doubt */
		io_error(err, "saved the lab state, but could not flush its folder", path, errno);
		goto out;
	}
	ivm_buf_release(&doc);
	ivm_buf_release(&tmp);
	return 0;
fail:
	unlink(tmp.data);
	io_error(err, what, path, e);
out:
	ivm_buf_release(&doc);
	ivm_buf_release(&tmp);
	return -1;
}

int
ivm_lab_state_save(struct ivm_lab_state *st, const struct ivm_lab *lab, struct ivm_err *err)
{
	return save_to(st->path, lab, err);
}

/* ---- reset --------------------------------------------------------------------- */

static const char *
skip_space(const char *p, const char *e)
{
	while (p < e && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	return p;
}

/* Does the document start (after a BOM, the XML declaration, comments and
 * space) with our root element? An empty file is ours too: nothing to lose. */
static bool
looks_ours(const char *p, size_t n)
{
	const char *e = p + (n < OURS_SCAN ? n : OURS_SCAN);
	static const char root[] = "<ipamvmm-lab";

	if (e - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	for (;;) {
		p = skip_space(p, e);
		if (p == e)	/* only space, declarations, comments: nothing to lose */
			return n <= OURS_SCAN;
		const char *close = NULL;
		if (e - p >= 5 && memcmp(p, "<?xml", 5) == 0)
			close = memmem(p, (size_t)(e - p), "?>", 2);
		else if (e - p >= 4 && memcmp(p, "<!--", 4) == 0)
			close = memmem(p + 4, (size_t)(e - p - 4), "-->", 3);
		else
			break;
		if (close == NULL)
			return false;
		p = close + (close[0] == '?' ? 2 : 3);
	}
	size_t rl = sizeof(root) - 1;
	return (size_t)(e - p) > rl && memcmp(p, root, rl) == 0 &&
	    strchr(" \t\r\n>/", p[rl]) != NULL;
}

int
ivm_lab_state_reset(const char *path, bool force, struct ivm_err *err)
{
	struct ivm_buf data = IVM_BUF_INIT;
	int fd = lock_take(path, err);
	if (fd == -1)
		return -1;
	int r = read_file(path, &data, err);
	if (r == -1 && force && err->kind == IVM_E_TOOBIG) {
		r = 0;	/* too big to read, but forced: replace it all the same */
		ivm_err_clear(err);
	}
	if (r == 0 && !force && !looks_ours(data.data ? data.data : "", data.len)) {
		ivm_err_set(err, IVM_E_IO, "refusing to reset the lab state",
		    "check what the file is; move it away, or run `ipamvmm lab reset --force` to replace it",
		    "%s is not an ipamvmm lab state file (no <ipamvmm-lab> root element at its start)", path);
		r = -1;
	}
	ivm_buf_release(&data);
	if (r != -1) {
		struct ivm_lab *lab = ivm_lab_new_default();
		r = save_to(path, lab, err);
		ivm_lab_free(&lab);
	}
	close(fd);
	return r == -1 ? -1 : 0;
}

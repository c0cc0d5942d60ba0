#!/usr/bin/python3
"""bench/footprint.py: the wizard's time to its first screen and its peak RSS, in curses (a pseudo-terminal)
and in plain mode (stdin from a pipe). Part of `make bench`; prints a Markdown table with --markdown.

Time: from just before fork to the first time the output holds the first screen: curses, the text "LAB";
plain, the first prompt line (an unterminated last line that ends, bar spaces, in ':', '?', '>' or ']');
either counts once no more output follows within 50 ms (the time is taken when the marker arrived). Peak RSS: the program's own high-water mark (VmHWM in
/proc/PID/status) at that point, and ru_maxrss from wait4 after it is stopped (SIGTERM, then SIGKILL).
Linux carries into ru_maxrss the resident size of the image a process replaced with execve, here a
forked copy of this Python interpreter, so ru_maxrss cannot go below the floor printed beside it (the same
for /bin/true spawned the same way); VmHWM is counted from the exec on. When the program prints its help instead of a screen
(the wizard is not built yet), or an unknown option, the mode is reported "not measured"."""
import argparse
import fcntl
import os
import re
import select
import shutil
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time

FIRST_SCREEN_TIMEOUT = 10.0
QUIET = 0.05  # s of silence after the marker that confirm it
HELP = re.compile(rb"Usage: ipamvmm|Try 'ipamvmm|unrecognized option|unknown option|not a command", re.I)
PROMPT = re.compile(rb"(?:^|\n)[^\n]*[:?>\]] *$")  # the last line, not ended: the program waits on it


def child_env(home):
    env = {k: v for k, v in os.environ.items() if not k.startswith("IPAMVMM_")}
    env.update(HOME=home, XDG_STATE_HOME=home, XDG_CONFIG_HOME=home, TERM="xterm-256color", LANG="C.UTF-8",
               LC_ALL="C.UTF-8", COLUMNS="80", LINES="24")
    return env


def stop(pid):
    """SIGTERM, then SIGKILL; returns (status, rusage) from wait4."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline:
        wpid, status, ru = os.wait4(pid, os.WNOHANG)
        if wpid == pid:
            return status, ru
        time.sleep(0.005)
    os.kill(pid, signal.SIGKILL)
    _, status, ru = os.wait4(pid, 0)
    return status, ru


def hwm_kb(pid):
    try:
        for line in open("/proc/%d/status" % pid):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def read_until(fd, done):
    """Read fd until done(output) holds, the program exits, or the timeout; returns (seconds or None, output)."""
    t0 = time.monotonic()
    out = b""
    while time.monotonic() - t0 < FIRST_SCREEN_TIMEOUT:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                return None, out
            out += chunk
            if done(out):
                t = time.monotonic()
                # the screen is whole when nothing follows at once (a chunk may end mid-line)
                r, _, _ = select.select([fd], [], [], QUIET)
                if not r:
                    return t, out
    return None, out


def curses_once(binary, argv0=None):
    home = tempfile.mkdtemp(prefix="ivm-fp-")
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = child_env(home)
    t0 = time.monotonic()
    pid = os.fork()
    if pid == 0:
        os.setsid()
        fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
        for fd in (0, 1, 2):
            os.dup2(slave, fd)
        os.close(master)
        os.close(slave)
        os.execve(binary, [binary], env)
        os._exit(127)
    os.close(slave)
    t, out = read_until(master, lambda o: b"LAB" in o)
    hwm = hwm_kb(pid)
    _, ru = stop(pid)
    os.close(master)
    shutil.rmtree(home, ignore_errors=True)
    return (t - t0 if t else None), hwm, ru.ru_maxrss, out


def plain_once(binary):
    home = tempfile.mkdtemp(prefix="ivm-fp-")
    rin, win = os.pipe()
    rout, wout = os.pipe()
    env = child_env(home)
    env.pop("TERM", None)
    t0 = time.monotonic()
    pid = os.fork()
    if pid == 0:
        os.setsid()
        os.dup2(rin, 0)
        os.dup2(wout, 1)
        os.dup2(wout, 2)
        for fd in (rin, win, rout, wout):
            os.close(fd)
        os.execve(binary, [binary, "--plain"], env)
        os._exit(127)
    os.close(rin)
    os.close(wout)

    def prompt(o):
        return PROMPT.search(o) is not None and not HELP.search(o)
    t, out = read_until(rout, prompt)
    hwm = hwm_kb(pid)
    _, ru = stop(pid)
    os.close(win)
    os.close(rout)
    shutil.rmtree(home, ignore_errors=True)
    return (t - t0 if t else None), hwm, ru.ru_maxrss, out


def floor_kb():
    """ru_maxrss of /bin/true forked from here: what any child of this interpreter starts from."""
    pid = os.fork()
    if pid == 0:
        os.execv("/bin/true", ["/bin/true"])
        os._exit(127)
    _, _, ru = os.wait4(pid, 0)
    return ru.ru_maxrss


def measure(fn, binary, runs):
    times, rss, maxrss, why = [], [], [], None
    for _ in range(runs):
        t, hwm, maxrss_kb, out = fn(binary)
        if t is None:
            why = ("not measured: wizard not built yet (ipamvmm printed its help)" if HELP.search(out) else
                   "not measured: no first screen within %.0f s (output began %r)" % (FIRST_SCREEN_TIMEOUT, out[:120]))
            break
        times.append(t)
        rss.append(hwm)
        maxrss.append(maxrss_kb)
    return times, rss, maxrss, why


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--builddir", default=".")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--markdown", action="store_true")
    a = ap.parse_args()
    binary = os.path.join(os.path.abspath(a.builddir), "ipamvmm")
    rows = []
    floor = floor_kb() / 1024
    for label, fn in (("curses, in a pseudo-terminal: `ipamvmm`", curses_once),
                      ("plain, stdin from a pipe: `ipamvmm --plain`", plain_once)):
        times, rss, maxrss, why = measure(fn, binary, a.runs)
        if why:
            rows.append((label, why, "", "", ""))
        else:
            t, m = statistics.median(times) * 1000, statistics.median(rss) / 1024
            rows.append((label, "%.1f ms" % t, "%.1f MB" % m,
                         "%.1f MB (floor %.1f MB)" % (statistics.median(maxrss) / 1024, floor),
                         "%s / %s" % ("met" if t <= 50 else "NOT met", "met" if m <= 12 else "NOT met")))
    if a.markdown:
        print("| mode | time to first screen (median of %d) | peak RSS, VmHWM (median) | ru_maxrss from wait4 (median) "
              "| targets 50 ms / 12 MB |" % a.runs)
        print("|---|---|---|---|---|")
        for r in rows:
            print("| %s | %s | %s | %s | %s |" % r)
    else:
        for r in rows:
            print("%s: %s %s %s %s" % r)
    return 0


if __name__ == "__main__":
    sys.exit(main())

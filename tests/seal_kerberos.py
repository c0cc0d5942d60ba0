#!/usr/bin/python3
"""tests/seal_kerberos.py: Kerberos message encryption (gss_wrap_iov) between `ipamvmm probe` and
`ipamvmm lab serve --deny-unencrypted`, with a throwaway MIT KDC on loopback, a test realm and keytab.
Exit 77 (skipped) only when the KDC tools are not installed. IVM_KEEP=1 keeps the work directory."""
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tapcheck import check, summary  # noqa: E402

BUILD = os.environ.get("IVM_BUILDDIR", ".")
REALM = "CONTOSO.COM"
USER, USER_PW = "Administrator@" + REALM, "Lab-Admin-1!"
TOOLS = {"krb5kdc": "krb5-kdc", "kdb5_util": "krb5-kdc", "kadmin.local": "krb5-admin-server", "kinit": "krb5-user"}


def find_tool(name):
    return shutil.which(name) or next((p for p in ("/usr/sbin/" + name, "/usr/bin/" + name) if os.path.exists(p)),
                                      None)


def free_port():
    """A port free for both TCP and UDP on loopback (the KDC listens on both)."""
    for _ in range(50):
        t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        t.bind(("127.0.0.1", 0))
        port = t.getsockname()[1]
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            u.bind(("127.0.0.1", port))
            return port
        except OSError:
            continue
        finally:
            t.close()
            u.close()
    raise RuntimeError("no free port")


def wait_listening(port, proc, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def main():
    tools = {name: find_tool(name) for name in TOOLS}
    missing = sorted({TOOLS[n] for n, p in tools.items() if p is None})
    if missing:
        print("SKIP: the MIT KDC tools are missing (%s); install the Debian packages %s to run this test"
              % (", ".join(n for n, p in tools.items() if p is None), " ".join(missing)))
        return 77

    work = tempfile.mkdtemp(prefix="ivm-seal-krb5-")
    port = free_port()
    env = dict(os.environ,
               KRB5_CONFIG=os.path.join(work, "krb5.conf"),
               KRB5_KDC_PROFILE=os.path.join(work, "kdc.conf"),
               KRB5CCNAME="FILE:" + os.path.join(work, "ccache"),
               KRB5RCACHEDIR=work,
               KRB5_TRACE=os.path.join(work, "trace.log"))
    # the service principal is HTTP/<host in the URL>: no DNS canonicalisation of 127.0.0.1
    write(env["KRB5_CONFIG"], """[libdefaults]
  default_realm = %(realm)s
  dns_lookup_kdc = false
  dns_lookup_realm = false
  rdns = false
  dns_canonicalize_hostname = false
  udp_preference_limit = 1
[realms]
  %(realm)s = {
    kdc = 127.0.0.1:%(port)d
  }
""" % {"realm": REALM, "port": port})
    write(env["KRB5_KDC_PROFILE"], """[kdcdefaults]
  kdc_ports = %(port)d
  kdc_tcp_ports = %(port)d
[realms]
  %(realm)s = {
    database_name = %(dir)s/principal
    key_stash_file = %(dir)s/stash
    acl_file = %(dir)s/kadm5.acl
    kdc_ports = %(port)d
    kdc_tcp_ports = %(port)d
    max_life = 1h
  }
[logging]
  kdc = FILE:%(dir)s/kdc.log
""" % {"realm": REALM, "port": port, "dir": work})
    write(os.path.join(work, "kadm5.acl"), "")
    kdc = lab = None
    try:
        def run(argv, stdin=None):
            p = subprocess.run(argv, env=env, input=stdin, capture_output=True, timeout=60)
            return p.returncode, p.stdout.decode(errors="replace") + p.stderr.decode(errors="replace")

        rc, out = run([tools["kdb5_util"], "create", "-s", "-r", REALM, "-P", "throwaway-master-key"])
        check("test realm created", rc == 0, out)
        keytab = os.path.join(work, "http.keytab")
        for q in ("addprinc -pw %s %s" % (USER_PW, USER), "addprinc -randkey HTTP/127.0.0.1",
                  "ktadd -k %s HTTP/127.0.0.1" % keytab):
            rc, out = run([tools["kadmin.local"], "-r", REALM, "-q", q])
            check("kadmin.local " + q.split(" -pw")[0].split(" ")[0] + " " + q.split(" ")[-1].split("/")[0],
                  rc == 0 and "error" not in out.lower(), out)
        kdc = subprocess.Popen([tools["krb5kdc"], "-n", "-r", REALM], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        check("KDC listens on 127.0.0.1:%d" % port, wait_listening(port, kdc, 20), kdc.poll())

        rc, out = run([tools["kinit"], USER], stdin=(USER_PW + "\n").encode())
        check("kinit %s" % USER, rc == 0, out)

        lab_env = dict(env, KRB5_KTNAME="FILE:" + keytab)
        lab = subprocess.Popen([os.path.join(BUILD, "ipamvmm"), "lab", "serve", "--instant", "--deny-unencrypted",
                                "--state", os.path.join(work, "lab.xml")],
                               env=lab_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        endpoints = {}
        for raw in lab.stdout:
            line = raw.decode().rstrip("\n")
            if line.startswith("endpoint "):
                _, host, url = line.split(" ", 2)
                endpoints[host] = url
            elif line == "ready":
                break
        url = endpoints.get("ipam1.contoso.com", "")
        check("lab ready", url.startswith("http://127.0.0.1:"), endpoints)

        for auth, protection in (("kerberos", "Kerberos message encryption (HTTP-Kerberos-session-encrypted)"),
                                 ("negotiate", "Negotiate message encryption (HTTP-SPNEGO-session-encrypted)")):
            p = subprocess.run([os.path.join(BUILD, "ipamvmm"), "probe", "--endpoint", url, "--auth", auth,
                                "--user", USER], env=env, capture_output=True, timeout=60)
            out = p.stdout.decode(errors="replace")
            check("probe --auth %s: ready" % auth, p.returncode == 0 and "result: ready" in out,
                  (p.returncode, out, p.stderr.decode(errors="replace")))
            check("probe --auth %s: protection" % auth, "protection: " + protection in out, out)
            check("probe --auth %s: host name" % auth, "host name:      IPAM1" in out, out)
            check("probe --auth %s: one extra request for the handshake" % auth,
                  "requests:       9 on 1 connection(s)" in out, out)

        # negotiate with a password: the ticket still wins; without a ticket, NTLM with the password
        no_ccache = dict(env, KRB5CCNAME="FILE:" + os.path.join(work, "none"), IVM_TEST_PW=USER_PW)
        for label, e, protection in (
                ("a ticket", dict(env, IVM_TEST_PW=USER_PW),
                 "Negotiate message encryption (HTTP-SPNEGO-session-encrypted)"),
                ("no ticket", no_ccache, "NTLM message encryption (Negotiate without a ticket)")):
            p = subprocess.run([os.path.join(BUILD, "ipamvmm"), "probe", "--endpoint", url, "--auth", "negotiate",
                                "--user", "CONTOSO\\Administrator" if label == "no ticket" else USER,
                                "--password-env", "IVM_TEST_PW"], env=e, capture_output=True, timeout=60)
            out = p.stdout.decode(errors="replace")
            check("negotiate with a password and %s: ready" % label, p.returncode == 0 and "result: ready" in out,
                  (p.returncode, out, p.stderr.decode(errors="replace")))
            check("negotiate with a password and %s: %s" % (label, protection), "protection: " + protection in out, out)

        with open(os.path.join(work, "kdc.log"), errors="replace") as f:
            log = f.read()
        check("the client got a service ticket for HTTP/127.0.0.1", "HTTP/127.0.0.1@" + REALM in log, log[-800:])

        # no ticket: a clear error before any request
        no_ccache = dict(env, KRB5CCNAME="FILE:" + os.path.join(work, "none"))
        p = subprocess.run([os.path.join(BUILD, "ipamvmm"), "probe", "--endpoint", url, "--auth", "kerberos",
                            "--user", USER], env=no_ccache, capture_output=True, timeout=60)
        out = p.stdout.decode(errors="replace")
        check("no ticket: not ready, says kinit", p.returncode == 1 and "kinit" in out, out)
        p = subprocess.run([os.path.join(BUILD, "ipamvmm"), "probe", "--endpoint", url, "--auth", "negotiate",
                            "--user", USER], env=no_ccache, capture_output=True, timeout=60)
        out = p.stdout.decode(errors="replace")
        check("negotiate, no ticket, no password: says kinit or a password",
              p.returncode == 1 and "kinit" in out and "--password-file" in out, out)
    finally:
        said = {}
        for proc in (lab, kdc):
            if proc is not None and proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    said[proc] = proc.communicate(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    said[proc] = proc.communicate()
        if lab is not None:
            err = said.get(lab, (b"", b""))[1] or b""
            check("lab stops cleanly", lab.returncode == 0,
                  "%s %s" % (lab.returncode, err.decode(errors="replace")[-1500:]))
        if os.environ.get("IVM_KEEP"):
            print("kept %s (IVM_KEEP): krb5.conf, kdc.log, trace.log" % work)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return summary()


if __name__ == "__main__":
    sys.exit(main())

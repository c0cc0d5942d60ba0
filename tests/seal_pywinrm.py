#!/usr/bin/python3
"""tests/seal_pywinrm.py: Debian's python3-winrm with transport='ntlm' (it encrypts every message over HTTP)
against `ipamvmm lab serve --deny-unencrypted`, which answers as a default Windows server does."""
import glob
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tapcheck import check, summary  # noqa: E402

BUILD = os.environ.get("IVM_BUILDDIR", ".")
ADMIN, ADMIN_PW = "CONTOSO\\Administrator", "Lab-Admin-1!"
OPENSSL_LEGACY = """openssl_conf = openssl_init
[openssl_init]
providers = provider_sect
[provider_sect]
default = default_sect
legacy = legacy_sect
[default_sect]
activate = 1
[legacy_sect]
activate = 1
"""


def md4_or_reexec():
    """NTLM needs MD4, which OpenSSL 3 keeps in its legacy provider: run again with it loaded."""
    import hashlib
    try:
        hashlib.new("md4", b"")
        return None
    except ValueError:
        pass
    if os.environ.get("IVM_SEAL_REEXEC"):
        print("MD4 is unavailable even with OpenSSL's legacy provider: python3-winrm cannot do NTLM here")
        sys.exit(1)
    tmp = tempfile.mkdtemp(prefix="ivm-seal-ssl-")
    conf = os.path.join(tmp, "openssl.cnf")
    with open(conf, "w") as f:
        f.write(OPENSSL_LEGACY)
    env = dict(os.environ, OPENSSL_CONF=conf, IVM_SEAL_REEXEC=tmp)
    rc = subprocess.call([sys.executable] + sys.argv, env=env)
    os.unlink(conf)
    os.rmdir(tmp)
    sys.exit(rc)


def main():
    md4_or_reexec()
    try:
        import winrm
        from winrm.exceptions import InvalidCredentialsError, WinRMTransportError
    except ImportError:
        print("python3-winrm is not importable by %s: install Debian's package (apt-get install python3-winrm)"
              " and run this with /usr/bin/python3" % sys.executable)
        return 1

    work = tempfile.mkdtemp(prefix="ivm-seal-pywinrm-")
    lab_tmp = os.path.join(work, "tmp")
    os.mkdir(lab_tmp)
    lab = subprocess.Popen([os.path.join(BUILD, "ipamvmm"), "lab", "serve", "--instant", "--stats",
                            "--deny-unencrypted", "--state", os.path.join(work, "lab.xml")],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ, TMPDIR=lab_tmp))
    endpoints = {}
    for raw in lab.stdout:
        line = raw.decode().rstrip("\n")
        if line.startswith("endpoint "):
            _, host, url = line.split(" ", 2)
            endpoints[host] = url
        elif line == "ready":
            break
    check("lab announces its endpoints", "ipam1.contoso.com" in endpoints, endpoints)
    try:
        # the lab's NTLM user file (it holds the published passwords) lives in memory, private to the lab
        fds = os.path.join("/proc", str(lab.pid), "fd")
        users = [os.path.join(fds, fd) for fd in os.listdir(fds)
                 if os.readlink(os.path.join(fds, fd)).startswith("/memfd:ivm-lab-ntlm-users")]
        check("the NTLM user file is an in-memory file of the lab", len(users) == 1, os.listdir(fds))
        if users:
            check("only its owner can read it", stat.S_IMODE(os.stat(users[0]).st_mode) == 0o600,
                  oct(os.stat(users[0]).st_mode))
        check("nothing of it on disk", glob.glob(os.path.join(lab_tmp, "*")) == [], os.listdir(lab_tmp))

        url = endpoints["ipam1.contoso.com"]
        session = winrm.Session(url, auth=(ADMIN, ADMIN_PW), transport="ntlm")
        r = session.run_cmd("hostname")
        check("sealed: hostname output", r.std_out == b"IPAM1\r\n", r.std_out)
        check("sealed: hostname exit code", r.status_code == 0, r.status_code)
        enc = session.protocol.transport.encryption
        check("python3-winrm encrypted the messages",
              enc is not None and enc.protocol_string == b"application/HTTP-SPNEGO-session-encrypted", enc)

        r = session.run_cmd("whoami", ["/groups", "/fo", "csv", "/nh"])
        check("sealed: whoami /groups names Administrators", r.status_code == 0 and b"S-1-5-32-544" in r.std_out,
              (r.status_code, r.std_out[:200]))

        r = session.run_cmd("ipconfig", ["/all"])
        check("sealed: unknown program exits 1 with cmd.exe's text",
              r.status_code == 1 and b"is not recognized" in r.std_err, (r.status_code, r.std_err))

        # the same client with encryption off: authenticated, then refused as Windows refuses it
        try:
            plain = winrm.Session(url, auth=(ADMIN, ADMIN_PW), transport="ntlm", message_encryption="never")
            plain.run_cmd("hostname")
            check("unsealed NTLM body refused", False, "it was served")
        except WinRMTransportError as e:
            check("unsealed NTLM body refused with HTTP 500", e.code == 500, (e.code, e.message))

        # Basic over HTTP: Windows with AllowUnencrypted=false answers 401
        try:
            winrm.Session(url, auth=(ADMIN, ADMIN_PW), transport="plaintext").run_cmd("hostname")
            check("Basic over HTTP refused", False, "it was served")
        except InvalidCredentialsError:
            check("Basic over HTTP refused with 401", True)

        try:
            winrm.Session(url, auth=(ADMIN, "wrong"), transport="ntlm").run_cmd("hostname")
            check("wrong NTLM password refused", False, "no error")
        except InvalidCredentialsError:
            check("wrong NTLM password refused", True)

        vmm = winrm.Session(endpoints["vmm1.contoso.com"], auth=("VMM1\\Administrator", "Local-Admin-1!"),
                            transport="ntlm")
        r = vmm.run_cmd("hostname")
        check("sealed: a local account on the other host", r.std_out == b"VMM1\r\n", (r.status_code, r.std_out))
    finally:
        lab.send_signal(signal.SIGTERM)
        out, err = lab.communicate(timeout=20)
        check("lab stops cleanly on SIGTERM", lab.returncode == 0, (lab.returncode, err[-500:]))
        check("lab prints request stats", b"stats ipam1.contoso.com requests" in out, out[-300:])
        left = os.listdir(lab_tmp)
        check("the lab left nothing in its TMPDIR", left == [], left)
        shutil.rmtree(work, ignore_errors=True)
    return summary()


if __name__ == "__main__":
    sys.exit(main())

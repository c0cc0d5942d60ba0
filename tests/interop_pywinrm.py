#!/usr/bin/python3
"""tests/interop_pywinrm.py: Debian's python3-winrm, an independent WinRM client, against `ipamvmm lab serve`."""
import base64
import os
import re
import signal
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tapcheck import check, summary  # noqa: E402

try:
    import winrm
    from winrm.exceptions import InvalidCredentialsError
except ImportError:
    print("python3-winrm is not importable by %s: install Debian's package (apt-get install python3-winrm)"
          " and run this with /usr/bin/python3" % sys.executable)
    sys.exit(1)

BUILD = os.environ.get("IVM_BUILDDIR", ".")
SRC = os.environ.get("IVM_SRCDIR", ".")
ADMIN, ADMIN_PW = "CONTOSO\\Administrator", "Lab-Admin-1!"


def host_facts_script(full):
    """A contract script as ipamvmm assembles it: header, parameter document, body. The real body
    (core/ops/host-facts.ps1) does not fit cmd.exe's 8191 characters once encoded, which is why
    ipamvmm sends it over stdin; run_cmd cannot, so the short form carries a one-line body (the
    lab, like the contract, dispatches on the header and parameters)."""
    params = '<?xml version="1.0" encoding="UTF-8"?>\n<params op="host-facts" v="1"/>\n'
    body = open(os.path.join(SRC, "core", "ops", "host-facts.ps1"), encoding="utf-8").read() if full else "exit 0\r\n"
    b64 = base64.b64encode(params.encode("utf-8")).decode("ascii")
    return ("# ipamvmm op=host-facts v=1\r\n"
            "$params = [xml][Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('%s'))\r\n%s" % (b64, body))


def result_of(stdout):
    m = re.search(rb"^IPAMVMM-RESULT (\S+)", stdout, re.M)
    if not m:
        return None
    return ET.fromstring(base64.b64decode(m.group(1)))


def main():
    state_dir = tempfile.mkdtemp(prefix="ivm-pywinrm-")
    lab = subprocess.Popen([os.path.join(BUILD, "ipamvmm"), "lab", "serve", "--instant", "--stats",
                            "--state", os.path.join(state_dir, "lab.xml")],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    endpoints, accounts = {}, 0
    for raw in lab.stdout:
        line = raw.decode().rstrip("\n")
        if line.startswith("endpoint "):
            _, host, url = line.split(" ", 2)
            endpoints[host] = url
        elif line.startswith("account "):
            accounts += 1
        elif line == "ready":
            break
    check("lab announces both endpoints", set(endpoints) == {"ipam1.contoso.com", "vmm1.contoso.com"}, endpoints)
    check("lab announces its accounts", accounts >= 6, accounts)
    try:
        url = endpoints["ipam1.contoso.com"]
        session = winrm.Session(url, auth=(ADMIN, ADMIN_PW), transport="plaintext")

        r = session.run_cmd("hostname")
        check("hostname output", r.std_out == b"IPAM1\r\n", r.std_out)
        check("hostname exit code", r.status_code == 0, r.status_code)

        r = session.run_cmd("ipconfig", ["/all"])
        check("unknown program: exit 1", r.status_code == 1, r.status_code)
        check("unknown program: cmd.exe's text", b"is not recognized" in r.std_err, r.std_err)

        encoded = base64.b64encode(host_facts_script(True).encode("utf-16-le")).decode("ascii")
        r = session.run_cmd("powershell", ["-NoProfile", "-NonInteractive", "-EncodedCommand", encoded])
        check("full script refused as cmd.exe refuses it", r.status_code == 1 and
              r.std_err == b"The command line is too long.\r\n", (r.status_code, r.std_err))

        encoded = base64.b64encode(host_facts_script(False).encode("utf-16-le")).decode("ascii")
        r = session.run_cmd("powershell", ["-NoProfile", "-NonInteractive", "-EncodedCommand", encoded])
        check("host-facts exit code", r.status_code == 0, (r.status_code, r.std_err[:300]))
        res = result_of(r.std_out)
        check("host-facts result line", res is not None, r.std_out[:200])
        if res is not None:
            fields = {f.get("n"): f.text for f in res.findall("f")}
            check("host-facts status", res.get("status") == "present", res.get("status"))
            check("host-facts computer name", fields.get("ComputerName") == "IPAM1", fields)
            check("host-facts admin", fields.get("IsAdministrator") == "true", fields)

        try:
            winrm.Session(url, auth=(ADMIN, "wrong"), transport="plaintext").run_cmd("hostname")
            check("bad password refused", False, "no error")
        except InvalidCredentialsError:
            check("bad password refused", True)
    finally:
        lab.send_signal(signal.SIGTERM)
        out, err = lab.communicate(timeout=20)
        check("lab stops cleanly on SIGTERM", lab.returncode == 0, (lab.returncode, err[-500:]))
        check("lab prints request stats", b"stats ipam1.contoso.com requests" in out, out[-300:])
        check("lab saved its state", os.path.exists(os.path.join(state_dir, "lab.xml")))
        for name in os.listdir(state_dir):
            os.unlink(os.path.join(state_dir, name))
        os.rmdir(state_dir)
    return summary()


if __name__ == "__main__":
    sys.exit(main())

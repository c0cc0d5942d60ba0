# tests/seal.mk: issue 7: WinRM over plain HTTP with NTLM and Kerberos message encryption, client and lab.
libivmcore_a_SOURCES += core/gss.c core/gss.h core/seal.c core/seal.h \
	core/http_int.h core/http_gss.c \
	core/lab/gss_accept.c core/lab/gss_accept.h
AM_CFLAGS += $(GSSAPI_CFLAGS)
CORE_LIBS += $(GSSAPI_LIBS)

# Framing, our client against the lab over sealed HTTP, and a full `run`.
# Not in CHECK_SUITES: under check-valgrind gss-ntlmssp 1.2.0 itself loses
# the OpenSSL legacy provider it loads for MD4 (definitely lost, ~4 KiB per
# NTLM logon, none of it ours), which that target's zero-leak rule counts.
check_PROGRAMS += tests/check_seal
tests_check_seal_SOURCES = tests/check_seal.c
tests_check_seal_DEPENDENCIES = ipamvmm$(EXEEXT) libivmtest.a libivmcore.a

# The Python tests (python3-winrm against the lab, and Kerberos with a
# throwaway MIT KDC, skipped with 77 only when the KDC tools are missing) are
# in Makefile.am's TESTS, run by Debian's python3.
EXTRA_DIST += tests/seal_pywinrm.py tests/seal_kerberos.py tests/tapcheck.py

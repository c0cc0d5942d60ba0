# tests/evidence.mk: issue 8's evidence: the fault matrix suite and the fuzz target for the lab's request parser.

# Every fault kind of the lab at every request index of a full `run`.
CHECK_SUITES += tests/check_fault_matrix
tests_check_fault_matrix_SOURCES = tests/check_fault_matrix.c
tests_check_fault_matrix_DEPENDENCIES = ipamvmm$(EXEEXT) libivmtest.a libivmcore.a

# The lab's request parser (core/wsman_request.c), driven over its corpus by make check.
check_PROGRAMS += fuzz/corpus_wsman_request
fuzz_corpus_wsman_request_SOURCES = fuzz/fuzz_wsman_request.c fuzz/driver.c
fuzz_corpus_wsman_request_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_CORPUS='"$(abs_top_srcdir)/fuzz/corpus/wsman_request"'
fuzz_corpus_wsman_request_LDADD = $(CORE_LIBS)

if ENABLE_FUZZ
noinst_PROGRAMS += fuzz/libfuzzer_wsman_request
fuzz_libfuzzer_wsman_request_SOURCES = fuzz/fuzz_wsman_request.c
fuzz_libfuzzer_wsman_request_CFLAGS = $(AM_CFLAGS) $(FUZZ_FLAGS)
fuzz_libfuzzer_wsman_request_LDFLAGS = $(FUZZ_FLAGS)
fuzz_libfuzzer_wsman_request_LDADD = $(CORE_LIBS)
endif

# bench/local.mk: `make bench`: the wire cost against python3-winrm and the wizard's footprint; never part of make check.

# Writes each step's script (with the lab's Run As password, which plan masks)
# for the python3-winrm side of the comparison; built only for `make bench`.
EXTRA_PROGRAMS += bench/scripts
bench_scripts_SOURCES = bench/scripts.c
bench_scripts_LDADD = $(CORE_LIBS)
CLEANFILES += bench/scripts$(EXEEXT)

# BENCH_RUNS repetitions per scenario (medians); results to bench/RESULTS.md in the source tree.
BENCH_RUNS = 5
bench: ipamvmm$(EXEEXT) bench/scripts$(EXEEXT)
	/usr/bin/python3 $(srcdir)/bench/run --builddir '$(abs_top_builddir)' --srcdir '$(abs_top_srcdir)' \
	  --runs $(BENCH_RUNS) --out '$(abs_top_srcdir)/bench/RESULTS.md'
.PHONY: bench

EXTRA_DIST += bench/run bench/footprint.py bench/RESULTS.md

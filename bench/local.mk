# make bench: a script that prints figures, never a timed test.
EXTRA_PROGRAMS = bench/loggen
bench_loggen_SOURCES = bench/loggen.c
bench_loggen_CFLAGS = $(LT_CFLAGS) -O2
CLEANFILES += bench/loggen
EXTRA_DIST += bench/run.sh

bench: leaktrail bench/loggen bench/rules_bench
	BUILDDIR=$(abs_top_builddir) $(SHELL) $(srcdir)/bench/run.sh
.PHONY: bench

# The nightly mode over 30 nights (doc/cron.md, issue 12): each night's
# wall time and RSS.
EXTRA_DIST += bench/nightly.sh
bench-nightly: leaktrail bench/loggen
	BUILDDIR=$(abs_top_builddir) $(SHELL) $(srcdir)/bench/nightly.sh
bench: bench-nightly
.PHONY: bench-nightly

# leaktrail merge of 4 shards against reading their stores once (issue 17,
# doc/performance.md "Merging shards").
EXTRA_DIST += bench/merge.sh
bench-merge: leaktrail bench/loggen
	BUILDDIR=$(abs_top_builddir) $(SHELL) $(srcdir)/bench/merge.sh
bench: bench-merge
.PHONY: bench-merge

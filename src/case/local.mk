# src/case: the use cases, the only layer that composes stages
# (doc/architecture.md).
libleaktrail_a_SOURCES += \
	src/case/ingest.c src/case/ingest.h \
	src/case/scan.c src/case/scan.h \
	src/case/scanrec.c src/case/scanrec.h \
	src/case/export.c src/case/export.h \
	src/case/seal.c src/case/seal.h \
	src/case/tzpolicy.c src/case/tzpolicy.h \
	src/case/lookback.c src/case/lookback.h \
	src/case/shard.c src/case/shard.h \
	src/case/scanrisk.c src/case/scanrisk.h
# leaktrail merge (issue 17)
libleaktrail_a_SOURCES += src/case/merge.c src/case/merge.h

# The floors of doc/architecture.md, enforced.
TESTS += tests/e2e/check_layers.sh
dist_check_SCRIPTS += tests/e2e/check_layers.sh
EXTRA_DIST += tests/e2e/lib.sh scripts/check-layers

# The time-zone policy, year inference and time warnings (issue 11)
TESTS += tests/e2e/timezones.sh
dist_check_SCRIPTS += tests/e2e/timezones.sh
if HAVE_CRITERION
check_PROGRAMS += tests/unit/test_tzpolicy
tests_unit_test_tzpolicy_SOURCES = tests/unit/test_tzpolicy.c
tests_unit_test_tzpolicy_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_tzpolicy_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test_tzpolicy
endif
# Sharded ingest (issue 17, doc/scale-out.md).
TESTS += tests/e2e/shard.sh
dist_check_SCRIPTS += tests/e2e/shard.sh
# leaktrail merge (issue 17, doc/scale-out.md)
TESTS += tests/e2e/merge.sh
dist_check_SCRIPTS += tests/e2e/merge.sh
# The scale-out recipes of doc/scale-out.md, run (issue 17)
TESTS += tests/e2e/slurm.sh tests/e2e/parallel.sh
dist_check_SCRIPTS += tests/e2e/slurm.sh tests/e2e/parallel.sh
EXTRA_DIST += tests/e2e/recipe.sh

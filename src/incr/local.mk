# Incremental (cron) runs: state, lock. See doc/cron.md.
libleaktrail_a_SOURCES += \
	src/incr/lock.c src/incr/lock.h \
	src/incr/state.c src/incr/state.h \
	src/incr/resume.c src/incr/resume.h \
	src/incr/cron.c src/incr/cron.h \
	src/incr/links.c src/incr/links.h

if HAVE_CRITERION
check_PROGRAMS += tests/unit/test_incr
tests_unit_test_incr_SOURCES = tests/unit/test_incr.c
tests_unit_test_incr_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_incr_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test_incr
check_PROGRAMS += tests/unit/test_incr_links
tests_unit_test_incr_links_SOURCES = tests/unit/test_incr_links.c
tests_unit_test_incr_links_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_incr_links_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test_incr_links
endif

TESTS += tests/e2e/cron.sh tests/e2e/cron_verify.sh tests/e2e/cron_summary.sh tests/e2e/cron_retention.sh tests/e2e/cron_property.sh tests/e2e/cron_doc.sh tests/e2e/cron_hashing.sh
dist_check_SCRIPTS += tests/e2e/cron.sh tests/e2e/cron_verify.sh tests/e2e/cron_summary.sh tests/e2e/cron_retention.sh tests/e2e/cron_property.sh tests/e2e/cron_doc.sh tests/e2e/cron_hashing.sh

# src/export: see doc/architecture.md
libleaktrail_a_SOURCES += src/export/out.c src/export/timeline.c src/export/csv.c \
	src/export/jsonl.c src/export/pseudo.c src/export/redact.c src/export/activity.c \
	src/export/html.c src/export/html_text.c src/export/exporters.c \
	src/export/ecs_bulk.c
noinst_HEADERS += src/export/out.h src/export/timeline.h src/export/csv.h \
	src/export/jsonl.h src/export/pseudo.h src/export/redact.h src/export/activity.h \
	src/export/html.h src/export/html_text.h src/export/exporters.h \
	src/export/ecs_bulk.h

# Tests (export engineer)
TESTS += tests/e2e/export.sh
dist_check_SCRIPTS += tests/e2e/export.sh
EXTRA_DIST += tests/e2e/export_fixture.py tests/e2e/export_check.py
if HAVE_CRITERION
check_PROGRAMS += tests/unit/test_export
tests_unit_test_export_SOURCES = tests/unit/test_export.c
tests_unit_test_export_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_export_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test_export
endif
TESTS += tests/e2e/run_pipeline.sh
dist_check_SCRIPTS += tests/e2e/run_pipeline.sh

TESTS += tests/e2e/report_ja.sh
dist_check_SCRIPTS += tests/e2e/report_ja.sh

TESTS += tests/e2e/report_browser.sh
dist_check_SCRIPTS += tests/e2e/report_browser.sh
TESTS += tests/e2e/ecs_bulk.sh
dist_check_SCRIPTS += tests/e2e/ecs_bulk.sh
# Pseudonymised exports replace the hosts people.csv assigns (issue 14).
TESTS += tests/e2e/pseudo_hosts.sh
dist_check_SCRIPTS += tests/e2e/pseudo_hosts.sh

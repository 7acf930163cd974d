# The parse framework (core): line splitter, probe and parser selection,
# provenance stamping and per-stream statistics.
noinst_HEADERS += src/parse/parser.h
libleaktrail_a_SOURCES += \
	src/parse/lines.c src/parse/lines.h \
	src/parse/parse.c src/parse/parse.h \
	src/parse/ingest.c src/parse/ingest.h
# Source encodings (parsers-mail)
noinst_HEADERS += src/parse/encoding.h
libleaktrail_a_SOURCES += src/parse/encoding.c

if HAVE_CRITERION
check_PROGRAMS += tests/unit/test_parse
tests_unit_test_parse_SOURCES = tests/unit/test_parse.c
tests_unit_test_parse_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_parse_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test_parse
endif

# End-to-end tests of ingest and dump (core)
TESTS += tests/e2e/ingest_samples.sh tests/e2e/bad_input.sh
dist_check_SCRIPTS += tests/e2e/ingest_samples.sh tests/e2e/bad_input.sh
TESTS += tests/e2e/parallel.sh
dist_check_SCRIPTS += tests/e2e/parallel.sh
TESTS += tests/e2e/progress.sh
dist_check_SCRIPTS += tests/e2e/progress.sh

# The parse framework (core): line splitter, probe and parser selection,
# provenance stamping and per-stream statistics.
noinst_HEADERS += src/parse/parser.h src/parse/view.h
libleaktrail_a_SOURCES += \
	src/parse/lines.c src/parse/lines.h \
	src/parse/parse.c src/parse/parse.h src/parse/parse_impl.h \
	src/parse/fallback.c \
	src/parse/registry.c \
	src/parse/encoding.c src/parse/encoding.h
# Helpers that parsers share: syslog headers and timestamps, field splitting,
# the Windows event model, user-defined formats.
libleaktrail_a_SOURCES += \
	src/parse/fields.c src/parse/fields.h \
	src/parse/syslog.c src/parse/syslog.h \
	src/parse/session.c src/parse/session.h \
	src/parse/winevent.c src/parse/winevent.h \
	src/parse/evtx_binxml.c src/parse/evtx_binxml.h \
	src/parse/userformat.c src/parse/userformat.h

if HAVE_CRITERION
check_PROGRAMS += tests/unit/test_parse
tests_unit_test_parse_SOURCES = tests/unit/test_parse.c
tests_unit_test_parse_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_parse_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test_parse
check_PROGRAMS += tests/unit/test_parse_helpers
tests_unit_test_parse_helpers_SOURCES = tests/unit/test_parse_helpers.c
tests_unit_test_parse_helpers_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_parse_helpers_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test_parse_helpers
check_PROGRAMS += tests/unit/test_encoding
tests_unit_test_encoding_SOURCES = tests/unit/test_encoding.c
tests_unit_test_encoding_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_encoding_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test_encoding
check_PROGRAMS += tests/unit/test_winevent
tests_unit_test_winevent_SOURCES = tests/unit/test_winevent.c tests/unit/winevent_harness.h
tests_unit_test_winevent_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_winevent_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test_winevent
endif

# End-to-end tests of ingest and dump (core)
TESTS += tests/e2e/ingest_samples.sh tests/e2e/bad_input.sh
dist_check_SCRIPTS += tests/e2e/ingest_samples.sh tests/e2e/bad_input.sh
TESTS += tests/e2e/parallel.sh
dist_check_SCRIPTS += tests/e2e/parallel.sh
TESTS += tests/e2e/progress.sh
dist_check_SCRIPTS += tests/e2e/progress.sh
# Accounting (recognised/generic/unparsed) and per-line fallback (issue 11)
TESTS += tests/e2e/accounting.sh
dist_check_SCRIPTS += tests/e2e/accounting.sh
# User formats: value maps, conditional set, row filters, numbers, lists (issue 11)
TESTS += tests/e2e/userformat_rules.sh
dist_check_SCRIPTS += tests/e2e/userformat_rules.sh

if HAVE_CRITERION
check_PROGRAMS += tests/unit/test_winevent_sigma
tests_unit_test_winevent_sigma_SOURCES = tests/unit/test_winevent_sigma.c tests/unit/winevent_harness.h
tests_unit_test_winevent_sigma_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_winevent_sigma_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test_winevent_sigma
endif

# leaktrail's own EVTX binary XML reader: the records libevtx refuses.
if HAVE_CRITERION
check_PROGRAMS += tests/unit/test_evtx_binxml
tests_unit_test_evtx_binxml_SOURCES = tests/unit/test_evtx_binxml.c
tests_unit_test_evtx_binxml_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_evtx_binxml_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test_evtx_binxml
endif
# EVTX record counts against an independent reader (python3-evtx).
TESTS += tests/e2e/evtx_counts.sh
dist_check_SCRIPTS += tests/e2e/evtx_counts.sh
EXTRA_DIST += scripts/evtx-counts

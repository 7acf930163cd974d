# One file per log family; registry.c lists them.
libleaktrail_a_SOURCES += \
	parsers/registry.c

# Shared parse helpers (owned by parsers-net; listed here to keep
# src/parse/local.mk, the framework's, free of merge traffic).
libleaktrail_a_SOURCES += \
	src/parse/fields.c src/parse/fields.h \
	src/parse/syslog.c src/parse/syslog.h

if HAVE_CRITERION
check_PROGRAMS += tests/unit/test_parse_helpers
tests_unit_test_parse_helpers_SOURCES = tests/unit/test_parse_helpers.c
tests_unit_test_parse_helpers_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_parse_helpers_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test_parse_helpers
endif

# parsers-mail unit tests
if HAVE_CRITERION
check_PROGRAMS += tests/unit/test_encoding
tests_unit_test_encoding_SOURCES = tests/unit/test_encoding.c
tests_unit_test_encoding_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_encoding_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test_encoding
endif

# Windows events (owned by windows): the shared event model; the EVTX, XML
# and CSV parsers join once the parse framework is on main.
libleaktrail_a_SOURCES += src/parse/winevent.c src/parse/winevent.h
if HAVE_CRITERION
check_PROGRAMS += tests/unit/test_winevent
tests_unit_test_winevent_SOURCES = tests/unit/test_winevent.c
tests_unit_test_winevent_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_winevent_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test_winevent
endif

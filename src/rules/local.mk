noinst_HEADERS += src/rules/finding.h
libleaktrail_a_SOURCES += src/rules/finding.c

if HAVE_CRITERION
check_PROGRAMS += tests/unit/test_rules
tests_unit_test_rules_SOURCES = tests/unit/test_rules.c
tests_unit_test_rules_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_rules_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test_rules
endif

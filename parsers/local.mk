# One file per log family; registry.c lists them.
libleaktrail_a_SOURCES += \
	parsers/registry.c

# parsers-mail unit tests
if HAVE_CRITERION
check_PROGRAMS += tests/unit/test_encoding
tests_unit_test_encoding_SOURCES = tests/unit/test_encoding.c
tests_unit_test_encoding_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_encoding_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test_encoding
endif

noinst_HEADERS += src/record/record.h src/record/fieldnames.h src/record/store.h
libleaktrail_a_SOURCES += src/record/record.c src/record/store.c

if HAVE_CRITERION
check_PROGRAMS += tests/unit/test_record
tests_unit_test_record_SOURCES = tests/unit/test_record.c tests/unit/test_store.c
tests_unit_test_record_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_record_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test_record
endif

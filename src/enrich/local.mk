# src/enrich: derived fields from record + context (doc/record-format.md).
noinst_HEADERS += src/enrich/enrich.h src/enrich/presence.h
libleaktrail_a_SOURCES += src/enrich/enrich.c src/enrich/enrich_time.c \
	src/enrich/enrich_person.c src/enrich/enrich_mail.c src/enrich/enrich_web.c \
	src/enrich/enrich_file.c src/enrich/presence.c

if HAVE_CRITERION
check_PROGRAMS += tests/unit/test_enrich
tests_unit_test_enrich_SOURCES = tests/unit/test_enrich.c
tests_unit_test_enrich_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_enrich_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test_enrich
endif

# src/context: organisation, calendar, people and identity, domain lists.
noinst_HEADERS += src/context/context.h src/context/context_impl.h src/context/strmap.h \
	src/context/csv.h src/context/jp_holidays.h
libleaktrail_a_SOURCES += src/context/context.c src/context/context_yaml.c \
	src/context/strmap.c src/context/csv.c src/context/people.c src/context/identity.c \
	src/context/calendar.c src/context/jp_holidays.c src/context/domains.c \
	src/context/classify.c

if HAVE_CRITERION
check_PROGRAMS += tests/unit/test_context
tests_unit_test_context_SOURCES = tests/unit/test_context.c
tests_unit_test_context_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_context_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test_context
endif

EXTRA_DIST += tests/data/context/good.yaml tests/data/context/people.csv \
	tests/data/context/bad_key.yaml tests/data/context/bad_people.csv \
	tests/data/context/bad_people.yaml tests/data/context/bad_range.yaml \
	tests/data/context/bad_re.yaml tests/data/context/bad_syntax.yaml \
	tests/data/context/bad_tz.yaml tests/data/context/empty.yaml

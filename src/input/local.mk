# src/input: the evidence input layer (walk, kinds, libarchive levels, hashing).
noinst_HEADERS += src/input/input.h src/input/internal.h
libleaktrail_a_SOURCES += \
	src/input/kind.c \
	src/input/source.c \
	src/input/stream.c \
	src/input/archive.c \
	src/input/gzip.c \
	src/input/walk.c \
	src/input/ropen.c

# A hand driver for the input layer (also the input benchmark's reader);
# built by `make check`, never run by it.
check_PROGRAMS += tests/input-walk
tests_input_walk_SOURCES = tests/input-walk.c
tests_input_walk_LDADD = libleaktrail.a $(LT_LIBS)

if HAVE_CRITERION
check_PROGRAMS += tests/unit/test_input
tests_unit_test_input_SOURCES = tests/unit/test_input.c
tests_unit_test_input_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_input_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test_input
endif

# End-to-end: every kind and nesting through the real binary; streams are
# pulled back out with the tools exactly as doc/evidence.md says.
TESTS += tests/e2e/input_formats.sh
dist_check_SCRIPTS += tests/e2e/input_formats.sh

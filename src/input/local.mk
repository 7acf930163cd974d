# src/input: the evidence input layer (walk, kinds, libarchive levels, hashing).
noinst_HEADERS += src/input/input.h src/input/internal.h
libleaktrail_a_SOURCES += \
	src/input/kind.c \
	src/input/source.c \
	src/input/stream.c \
	src/input/archive.c \
	src/input/walk.c

# A hand driver for the input layer (also the input benchmark's reader);
# built by `make check`, never run by it.
check_PROGRAMS += tests/input-walk
tests_input_walk_SOURCES = tests/input-walk.c
tests_input_walk_LDADD = libleaktrail.a $(LT_LIBS)

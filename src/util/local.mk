libleaktrail_a_SOURCES += \
	src/util/xalloc.c src/util/xalloc.h \
	src/util/buf.c src/util/buf.h \
	src/util/diag.c src/util/diag.h \
	src/util/hash.c src/util/hash.h \
	src/util/jsonesc.c src/util/jsonesc.h \
	src/util/jsontext.c src/util/jsontext.h \
	src/util/utf8.c src/util/utf8.h \
	src/util/timeutil.c src/util/timeutil.h \
	src/util/atomicfile.c src/util/atomicfile.h \
	src/util/intern.c src/util/intern.h \
	src/util/regex.c src/util/regex.h src/util/sort.h \
	src/util/escape.c src/util/escape.h \
	src/util/acmatch.c src/util/acmatch.h

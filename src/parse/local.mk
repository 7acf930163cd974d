noinst_HEADERS += src/parse/parser.h
# Source encodings (parsers-mail)
noinst_HEADERS += src/parse/encoding.h
libleaktrail_a_SOURCES += src/parse/encoding.c

noinst_HEADERS += src/parse/parser.h

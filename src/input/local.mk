noinst_HEADERS += src/input/input.h

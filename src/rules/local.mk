noinst_HEADERS += src/rules/finding.h

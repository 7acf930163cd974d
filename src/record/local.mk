noinst_HEADERS += src/record/record.h src/record/store.h

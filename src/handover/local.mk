# src/handover: hand-over packages for counsel, police or internal use
# (doc/handover.md), the examiner's notes and the custody record.
libleaktrail_a_SOURCES += src/handover/journal.c
noinst_HEADERS += src/handover/journal.h

TESTS += tests/e2e/note_custody.sh
dist_check_SCRIPTS += tests/e2e/note_custody.sh

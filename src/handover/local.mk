# src/handover: hand-over packages for counsel, police or internal use
# (doc/handover.md), the examiner's notes and the custody record.
libleaktrail_a_SOURCES += src/handover/journal.c src/handover/doc.c src/handover/pdf.c \
	src/handover/session.c src/handover/account.c src/handover/secrets.c src/handover/audience.c \
	src/handover/readme.c src/handover/zip.c src/handover/pkgsign.c src/handover/package.c \
	src/handover/pkgverify.c
noinst_HEADERS += src/handover/journal.h src/handover/doc.h src/handover/session.h \
	src/handover/secrets.h src/handover/readme.h src/handover/zip.h src/handover/pkgsign.h \
	src/handover/handover.h
# The PDF writer (pdf.c): cairo for the pages and font embedding, pango for
# Japanese shaping and line breaking (configure.ac: PANGOCAIRO).
AM_CFLAGS += $(PANGOCAIRO_CFLAGS)
LT_LIBS += $(PANGOCAIRO_LIBS)

TESTS += tests/e2e/note_custody.sh
dist_check_SCRIPTS += tests/e2e/note_custody.sh
TESTS += tests/e2e/custody_verify.sh
dist_check_SCRIPTS += tests/e2e/custody_verify.sh
TESTS += tests/e2e/handover.sh
dist_check_SCRIPTS += tests/e2e/handover.sh

# The badge (入退室) format and rules, shipped with the project.
nobase_dist_pkgdata_DATA += formats/badge.yaml rules/badge/badge.yml
TESTS += tests/e2e/badge.sh
dist_check_SCRIPTS += tests/e2e/badge.sh
TESTS += tests/e2e/badge_presence.sh
dist_check_SCRIPTS += tests/e2e/badge_presence.sh
TESTS += tests/e2e/file_denied.sh
dist_check_SCRIPTS += tests/e2e/file_denied.sh
if HAVE_CRITERION
check_PROGRAMS += tests/unit/test_handover
tests_unit_test_handover_SOURCES = tests/unit/test_handover.c
tests_unit_test_handover_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_handover_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test_handover
endif
EXTRA_DIST += tests/e2e/lsan-cairo.supp

# Unit tests are Criterion programs; end-to-end tests are shell scripts that run
# the real binary. tests/count-results sums every suite into one closing line.
TEST_EXTENSIONS = .sh
SH_LOG_COMPILER = $(SHELL)
AM_TESTS_ENVIRONMENT = LT_BIN=$(abs_top_builddir)/leaktrail; LT_SRCDIR=$(abs_top_srcdir); \
	LT_SHARED=$${LT_SHARED:-$(abs_top_srcdir)/../shared}; export LT_BIN LT_SRCDIR LT_SHARED;
TEST_CFLAGS = $(AM_CFLAGS) $(CRITERION_CFLAGS) -Wno-missing-prototypes
TEST_LDADD = libleaktrail.a $(LT_LIBS) $(CRITERION_LIBS)
dist_noinst_SCRIPTS = tests/count-results

if HAVE_CRITERION
check_PROGRAMS += tests/unit/test_util
tests_unit_test_util_SOURCES = tests/unit/test_util.c
tests_unit_test_util_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_util_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test_util
endif

# Fixtures travel with the tarball (make distcheck): whole folders, so a new
# case file needs no Makefile change.
EXTRA_DIST += tests/data tests/rules

# libFuzzer (configure --enable-fuzzing, clang): one binary for every parser
# of the table (LT_FUZZ_PARSER names it) and one for user formats;
# tests/fuzz/run-fuzz.sh runs each briefly in make check, one per parser
# that `leaktrail parsers` lists, from tests/fuzz/seeds/NAME.txt.
EXTRA_DIST += tests/fuzz/fuzz_parser.c tests/fuzz/fuzz_userformat.c tests/fuzz/fuzz_evtx_binxml.c \
	tests/fuzz/run-fuzz.sh tests/fuzz/seeds
if ENABLE_FUZZING
FUZZ_LINK = -fsanitize=fuzzer,address,undefined
check_PROGRAMS += tests/fuzz/fuzz_parser tests/fuzz/fuzz_userformat tests/fuzz/fuzz_evtx_binxml
tests_fuzz_fuzz_evtx_binxml_SOURCES = tests/fuzz/fuzz_evtx_binxml.c
tests_fuzz_fuzz_evtx_binxml_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_evtx_binxml_LDADD = libleaktrail.a $(LT_LIBS)
tests_fuzz_fuzz_parser_SOURCES = tests/fuzz/fuzz_parser.c
tests_fuzz_fuzz_parser_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_parser_LDADD = libleaktrail.a $(LT_LIBS)
tests_fuzz_fuzz_userformat_SOURCES = tests/fuzz/fuzz_userformat.c
tests_fuzz_fuzz_userformat_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_userformat_LDADD = libleaktrail.a $(LT_LIBS)
TESTS += tests/fuzz/run-fuzz.sh
endif

# Bounded regular expressions (issue 13).
if HAVE_CRITERION
check_PROGRAMS += tests/unit/test_regex
tests_unit_test_regex_SOURCES = tests/unit/test_regex.c
tests_unit_test_regex_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_regex_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test_regex
endif

# Test artefacts kept for a person to look at (screenshots, the printed
# report) live in the build tree under NAME.out/; distcheck requires that
# clean removes them.
clean-local: clean-test-artefacts
clean-test-artefacts:
	-rm -rf tests/e2e/*.out
.PHONY: clean-test-artefacts

# util/acmatch: the rule index's multi-literal search (issue 18)
if HAVE_CRITERION
check_PROGRAMS += tests/unit/test_acmatch
tests_unit_test_acmatch_SOURCES = tests/unit/test_acmatch.c
tests_unit_test_acmatch_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_acmatch_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test_acmatch
endif

# The hostile-input suite (issue 13): one script per class of hostile input,
# each asserting the located message, the exit status, that nothing else was
# lost, and that no raw control byte reached the output.
HOSTILE_TESTS = tests/hostile/regex.sh tests/hostile/context_regex.sh tests/hostile/verify.sh tests/hostile/escape.sh tests/hostile/encoding.sh tests/hostile/small.sh tests/hostile/passing.sh tests/hostile/ub_calls.sh tests/hostile/bombs.sh
TESTS += $(HOSTILE_TESTS)
dist_check_SCRIPTS += $(HOSTILE_TESTS)
EXTRA_DIST += tests/hostile/lib.sh

# libFuzzer targets for the loaders (tests/fuzz/fuzz_loaders.c, one binary
# per target) and their short run in make check.
EXTRA_DIST += tests/fuzz/fuzz_loaders.c tests/fuzz/run-fuzz-loaders.sh tests/fuzz/seeds/userformat-loader.yaml
if ENABLE_FUZZING
check_PROGRAMS += tests/fuzz/fuzz_rules tests/fuzz/fuzz_context tests/fuzz/fuzz_uformat_loader
tests_fuzz_fuzz_rules_SOURCES = tests/fuzz/fuzz_loaders.c
tests_fuzz_fuzz_rules_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_TARGET_RULES=1
tests_fuzz_fuzz_rules_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_rules_LDADD = libleaktrail.a $(LT_LIBS)
tests_fuzz_fuzz_context_SOURCES = tests/fuzz/fuzz_loaders.c
tests_fuzz_fuzz_context_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_TARGET_CONTEXT=1
tests_fuzz_fuzz_context_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_context_LDADD = libleaktrail.a $(LT_LIBS)
tests_fuzz_fuzz_uformat_loader_SOURCES = tests/fuzz/fuzz_loaders.c
tests_fuzz_fuzz_uformat_loader_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_uformat_loader_LDADD = libleaktrail.a $(LT_LIBS)
TESTS += tests/fuzz/run-fuzz-loaders.sh
endif

# The hostile-input suite (issue 13): one script per class of hostile input,
# each asserting the located message, the exit status, that nothing else was
# lost, and that no raw control byte reached the output.
HOSTILE_TESTS = tests/hostile/regex.sh tests/hostile/verify.sh tests/hostile/escape.sh tests/hostile/encoding.sh tests/hostile/small.sh tests/hostile/passing.sh
TESTS += $(HOSTILE_TESTS)
dist_check_SCRIPTS += $(HOSTILE_TESTS)
EXTRA_DIST += tests/hostile/lib.sh

noinst_HEADERS += src/rules/modifier.h src/rules/finding.h src/rules/rule.h src/rules/yamldoc.h src/rules/smap.h src/rules/engine.h src/rules/engine_impl.h \
	src/rules/incident.h src/rules/vocab.h
libleaktrail_a_SOURCES += src/rules/finding.c src/rules/yamldoc.c src/rules/match.c src/rules/cond.c \
	src/rules/loader.c src/rules/ruleset.c src/rules/smap.c src/rules/engine.c \
	src/rules/engine_refs.c src/rules/engine_findings.c src/rules/engine_correlate.c \
	src/rules/engine_baseline.c src/rules/engine_coverage.c src/rules/lsmap.c \
	src/rules/modifier.c src/rules/incident.c src/rules/vocab.c \
	src/rules/engine_limits.c src/rules/lint.c src/rules/lint.h \
	src/rules/engine_prefilter.c \
	src/rules/risk.c src/rules/risk.h

if HAVE_CRITERION
check_PROGRAMS += tests/unit/test_rules
tests_unit_test_rules_SOURCES = tests/unit/test_rules.c tests/unit/rules_cases.c
tests_unit_test_rules_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_rules_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test_rules
endif

# The rule cases are data: the whole folder is distributed, so adding a case
# is adding files (tests/unit/rules_cases.c walks it).
EXTRA_DIST += tests/rules

# make bench-rules: rule engine throughput (a figure, not a test). Built with
# the tests so that it keeps compiling, never run by make check.
check_PROGRAMS += bench/rules_bench
bench_rules_bench_SOURCES = bench/rules_bench.c
bench_rules_bench_LDADD = libleaktrail.a $(LT_LIBS)
bench-rules: bench/rules_bench
	./bench/rules_bench
.PHONY: bench-rules

TESTS += tests/e2e/scan.sh
dist_check_SCRIPTS += tests/e2e/scan.sh

# SigmaHQ's regression suite and rule set (skip where ../shared/peer is absent)
TESTS += tests/e2e/sigmahq_regression.sh
dist_check_SCRIPTS += tests/e2e/sigmahq_regression.sh
TESTS += tests/e2e/sigmahq_rules_check.sh
dist_check_SCRIPTS += tests/e2e/sigmahq_rules_check.sh
TESTS += tests/e2e/rules_placeholders.sh
dist_check_SCRIPTS += tests/e2e/rules_placeholders.sh

if HAVE_CRITERION
check_PROGRAMS += tests/unit/test_incident
tests_unit_test_incident_SOURCES = tests/unit/test_incident.c
tests_unit_test_incident_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_incident_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test_incident
endif

TESTS += tests/e2e/incidents.sh
dist_check_SCRIPTS += tests/e2e/incidents.sh
TESTS += tests/e2e/sigmahq_rule_index.sh
dist_check_SCRIPTS += tests/e2e/sigmahq_rule_index.sh
TESTS += tests/e2e/rules_expand_context.sh
dist_check_SCRIPTS += tests/e2e/rules_expand_context.sh

# The risk model (issue 14, doc/rules-default.md "Risk per person").
if HAVE_CRITERION
check_PROGRAMS += tests/unit/test_risk
tests_unit_test_risk_SOURCES = tests/unit/test_risk.c
tests_unit_test_risk_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_risk_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test_risk
endif
TESTS += tests/e2e/risk.sh
dist_check_SCRIPTS += tests/e2e/risk.sh
# The evaluation organisation (issue 14): the slowest e2e test.
TESTS += tests/e2e/evaluation.sh
dist_check_SCRIPTS += tests/e2e/evaluation.sh
EXTRA_DIST += tests/e2e/evalorg.py tests/e2e/evalscore.py

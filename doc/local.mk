# doc
dist_doc_DATA += doc/rules.md
dist_doc_DATA += doc/context.md doc/rules-default.md
dist_doc_DATA += doc/input.md doc/evidence.md doc/performance.md
dist_doc_DATA += doc/parsers.md doc/user-formats.md doc/record-format.md
dist_doc_DATA += doc/privacy.md doc/cron.md doc/architecture.md
dist_doc_DATA += doc/time-zones.md
dist_doc_DATA += doc/hostile-input.md
dist_man_MANS += doc/leaktrail.1

dist_doc_DATA += doc/handover.md
dist_doc_DATA += doc/scale-out.md doc/opensearch-template.json

# Every shell example of README.md, samples/README.md and doc/*.md, run
# (tests/e2e/doc_examples.sh; doc/cron.md's by tests/e2e/cron_doc.sh).
TESTS += tests/e2e/doc_examples.sh
dist_check_SCRIPTS += tests/e2e/doc_examples.sh

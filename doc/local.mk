# doc
dist_doc_DATA += doc/rules.md
dist_doc_DATA += doc/context.md doc/enrichment.md doc/rules-default.md
dist_doc_DATA += doc/input.md doc/evidence.md doc/performance.md

# doc
dist_doc_DATA += doc/rules.md

# src/evidence: see doc/architecture.md
# (export engineer: chain, casefile, audit, outputs, sign, verify)
libleaktrail_a_SOURCES += src/evidence/chain.c src/evidence/casefile.c src/evidence/audit.c
noinst_HEADERS += src/evidence/chain.h src/evidence/casefile.h src/evidence/audit.h

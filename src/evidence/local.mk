# src/evidence: the evidence manifest (core); see doc/evidence.md
libleaktrail_a_SOURCES += src/evidence/manifest.c src/evidence/manifest.h

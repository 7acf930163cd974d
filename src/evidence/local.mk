# src/evidence: see doc/architecture.md
# (core: the evidence manifest; see doc/evidence.md)
libleaktrail_a_SOURCES += src/evidence/manifest.c src/evidence/manifest.h
# (export engineer: chain, casefile, audit, outputs, sign, verify)
libleaktrail_a_SOURCES += src/evidence/chain.c src/evidence/casefile.c src/evidence/audit.c \
	src/evidence/outputs.c src/evidence/sign.c src/evidence/verify.c src/evidence/storerec.c \
	src/evidence/tlrow.c src/evidence/tlcheck.c \
	src/evidence/ecsrow.c
noinst_HEADERS += src/evidence/chain.h src/evidence/casefile.h src/evidence/audit.h \
	src/evidence/outputs.h src/evidence/sign.h src/evidence/verify.h src/evidence/storerec.h \
	src/evidence/tlrow.h src/evidence/tlcheck.h \
	src/evidence/ecsrow.h

# One file per log family; registry.c lists them.
libleaktrail_a_SOURCES += \
	parsers/registry.c

# Shared parse helpers (owned by parsers-net; listed here to keep
# src/parse/local.mk, the framework's, free of merge traffic).
libleaktrail_a_SOURCES += \
	src/parse/fields.c src/parse/fields.h \
	src/parse/syslog.c src/parse/syslog.h

if HAVE_CRITERION
check_PROGRAMS += tests/unit/test_parse_helpers
tests_unit_test_parse_helpers_SOURCES = tests/unit/test_parse_helpers.c
tests_unit_test_parse_helpers_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_parse_helpers_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test_parse_helpers
endif

# parsers-mail: Samba audit, CUPS, USB kernel, Postfix, Exchange, RFC 5322, user formats
libleaktrail_a_SOURCES += \
	parsers/mailcommon.c parsers/mailcommon.h \
	parsers/samba_audit.c \
	parsers/cups_page_log.c \
	parsers/usb_kernel.c \
	parsers/exchange_msgtrk.c \
	parsers/postfix.c \
	parsers/mime.c parsers/mime.h \
	parsers/mail_rfc5322.c \
	src/parse/userformat.c src/parse/userformat.h

# parsers-mail unit tests
if HAVE_CRITERION
check_PROGRAMS += tests/unit/test_parsers_mail
tests_unit_test_parsers_mail_SOURCES = tests/unit/test_parsers_mail.c tests/unit/mail_harness.h
tests_unit_test_parsers_mail_CFLAGS = $(TEST_CFLAGS) -I$(top_srcdir)/parsers
tests_unit_test_parsers_mail_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test_parsers_mail
check_PROGRAMS += tests/unit/test_corpus_mail
tests_unit_test_corpus_mail_SOURCES = tests/unit/test_corpus_mail.c tests/unit/mail_harness.h
tests_unit_test_corpus_mail_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_corpus_mail_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test_corpus_mail
EXTRA_DIST += tests/data/mail/japanese.mbox tests/data/mail/make-japanese-mbox.py \
	tests/data/mail/assets-cp932.csv
check_PROGRAMS += tests/unit/test_encoding
tests_unit_test_encoding_SOURCES = tests/unit/test_encoding.c
tests_unit_test_encoding_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_encoding_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test_encoding
endif

# parsers-net: proxy, logon and VPN families
libleaktrail_a_SOURCES += \
	parsers/squid.c \
	parsers/linux_auth.c \
	parsers/access_log.c \
	parsers/w3c.c \
	parsers/zscaler_nss.c \
	parsers/openvpn.c \
	parsers/cisco_asa.c \
	parsers/fortigate.c \
	parsers/panos_globalprotect.c \
	parsers/strongswan.c
if HAVE_CRITERION
check_PROGRAMS += tests/unit/test_parsers_net
tests_unit_test_parsers_net_SOURCES = tests/unit/test_parsers_net.c \
	tests/unit/parser_harness.c tests/unit/parser_harness.h
tests_unit_test_parsers_net_CFLAGS = $(TEST_CFLAGS) -I$(top_srcdir)/tests/unit
tests_unit_test_parsers_net_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test_parsers_net
endif
if HAVE_CRITERION
check_PROGRAMS += tests/unit/test_corpus_net
tests_unit_test_corpus_net_SOURCES = tests/unit/test_corpus_net.c \
	tests/unit/corpus_compare.c tests/unit/corpus_compare.h \
	tests/unit/parser_harness.c tests/unit/parser_harness.h
tests_unit_test_corpus_net_CFLAGS = $(TEST_CFLAGS) -I$(top_srcdir)/tests/unit
tests_unit_test_corpus_net_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test_corpus_net
endif
# Windows events (owned by windows): the shared event model and the EVTX,
# XML and CSV parsers.
libleaktrail_a_SOURCES += src/parse/winevent.c src/parse/winevent.h \
	parsers/windows_evtx.c parsers/windows_xml.c parsers/windows_csv.c
if HAVE_CRITERION
check_PROGRAMS += tests/unit/test_winevent tests/unit/test_windows_parsers
tests_unit_test_winevent_SOURCES = tests/unit/test_winevent.c
tests_unit_test_winevent_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_winevent_LDADD = $(TEST_LDADD)
tests_unit_test_windows_parsers_SOURCES = tests/unit/test_windows_parsers.c
tests_unit_test_windows_parsers_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_windows_parsers_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test_winevent tests/unit/test_windows_parsers
endif
TESTS += tests/e2e/windows_ingest.sh
dist_check_SCRIPTS += tests/e2e/windows_ingest.sh

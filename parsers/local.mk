# One file per log family, each a const struct lt_parser; registry.c is the
# table (doc/architecture.md, "Adding a parser").
libleaktrail_a_SOURCES += \
	parsers/registry.c \
	parsers/windows_evtx.c \
	parsers/windows_xml.c \
	parsers/windows_csv.c \
	parsers/exchange_msgtrk.c \
	parsers/postfix.c \
	parsers/mail_rfc5322.c \
	parsers/samba_audit.c \
	parsers/cups_page_log.c \
	parsers/usb_kernel.c \
	parsers/squid.c \
	parsers/linux_auth.c \
	parsers/access_log.c \
	parsers/w3c.c \
	parsers/zscaler_nss.c \
	parsers/openvpn.c \
	parsers/cisco_asa.c \
	parsers/fortigate.c \
	parsers/panos_globalprotect.c \
	parsers/strongswan.c \
	parsers/cef.c \
	parsers/iis_native.c \
	parsers/json_access.c \
	parsers/journald.c
# OpenVPN status files (issue 11: sessions at any verbosity)
libleaktrail_a_SOURCES += parsers/openvpn_status.c
# Helpers shared by parsers: the mail parsers', Squid's logformat templates.
libleaktrail_a_SOURCES += \
	parsers/mailcommon.c parsers/mailcommon.h \
	parsers/mime.c parsers/mime.h \
	parsers/squid_fmt.c parsers/squid_fmt.h

if HAVE_CRITERION
check_PROGRAMS += tests/unit/test_parsers_mail tests/unit/test_corpus_mail
tests_unit_test_parsers_mail_SOURCES = tests/unit/test_parsers_mail.c tests/unit/mail_harness.h
tests_unit_test_parsers_mail_CFLAGS = $(TEST_CFLAGS) -I$(top_srcdir)/parsers
tests_unit_test_parsers_mail_LDADD = $(TEST_LDADD)
tests_unit_test_corpus_mail_SOURCES = tests/unit/test_corpus_mail.c tests/unit/mail_harness.h
tests_unit_test_corpus_mail_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_corpus_mail_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test_parsers_mail tests/unit/test_corpus_mail

check_PROGRAMS += tests/unit/test_parsers_net tests/unit/test_corpus_net
tests_unit_test_parsers_net_SOURCES = tests/unit/test_parsers_net.c \
	tests/unit/parser_harness.c tests/unit/parser_harness.h
tests_unit_test_parsers_net_CFLAGS = $(TEST_CFLAGS) -I$(top_srcdir)/tests/unit
tests_unit_test_parsers_net_LDADD = $(TEST_LDADD)
tests_unit_test_corpus_net_SOURCES = tests/unit/test_corpus_net.c \
	tests/unit/corpus_compare.c tests/unit/corpus_compare.h \
	tests/unit/parser_harness.c tests/unit/parser_harness.h
tests_unit_test_corpus_net_CFLAGS = $(TEST_CFLAGS) -I$(top_srcdir)/tests/unit
tests_unit_test_corpus_net_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test_parsers_net tests/unit/test_corpus_net

check_PROGRAMS += tests/unit/test_windows_parsers
tests_unit_test_windows_parsers_SOURCES = tests/unit/test_windows_parsers.c
tests_unit_test_windows_parsers_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_windows_parsers_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test_windows_parsers
endif

# End to end: Windows inputs, autodetection of the corpus, user formats,
# every variant fixture under tests/data/variants (autodetected), and
# scripts/corpus-report over ../shared/corpus, as a report.
TESTS += tests/e2e/windows_ingest.sh tests/e2e/detect_net.sh tests/e2e/userformats.sh \
	tests/e2e/variants.sh tests/e2e/corpus_report.sh
dist_check_SCRIPTS += tests/e2e/windows_ingest.sh tests/e2e/detect_net.sh tests/e2e/userformats.sh \
	tests/e2e/variants.sh tests/e2e/corpus_report.sh
EXTRA_DIST += scripts/corpus-report
TESTS += tests/e2e/parser_options.sh
dist_check_SCRIPTS += tests/e2e/parser_options.sh

# Sessions at any verbosity: OpenVPN logs and status files, GlobalProtect, ssh (issue 11)
TESTS += tests/e2e/sessions.sh
dist_check_SCRIPTS += tests/e2e/sessions.sh

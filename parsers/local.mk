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
	tests/data/mail/assets-cp932.csv \
	tests/fuzz/seeds/postfix.txt tests/fuzz/seeds/samba_audit.txt tests/fuzz/seeds/cups_page_log.txt \
	tests/fuzz/seeds/usb_kernel.txt tests/fuzz/seeds/exchange_msgtrk.txt tests/fuzz/seeds/mail_rfc5322.txt \
	tests/fuzz/fuzz_userformat.c tests/fuzz/seeds/userformat.txt
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

# libFuzzer targets, one per parser (configure --enable-fuzzing, clang).
# tests/fuzz/run-fuzz.sh runs each briefly in make check.
EXTRA_DIST += tests/fuzz/fuzz_parser.c tests/fuzz/run-fuzz.sh \
	tests/fuzz/seeds/squid.txt \
	tests/fuzz/seeds/linux_auth.txt \
	tests/fuzz/seeds/access_log.txt \
	tests/fuzz/seeds/w3c.txt \
	tests/fuzz/seeds/zscaler_nss.txt \
	tests/fuzz/seeds/openvpn.txt \
	tests/fuzz/seeds/cisco_asa.txt \
	tests/fuzz/seeds/fortigate.txt \
	tests/fuzz/seeds/panos_globalprotect.txt \
	tests/fuzz/seeds/strongswan.txt
if ENABLE_FUZZING
FUZZ_LINK = -fsanitize=fuzzer,address,undefined
check_PROGRAMS += tests/fuzz/fuzz_squid tests/fuzz/fuzz_linux_auth tests/fuzz/fuzz_access_log tests/fuzz/fuzz_w3c tests/fuzz/fuzz_zscaler_nss tests/fuzz/fuzz_openvpn tests/fuzz/fuzz_cisco_asa tests/fuzz/fuzz_fortigate tests/fuzz/fuzz_panos_globalprotect tests/fuzz/fuzz_strongswan
tests_fuzz_fuzz_squid_SOURCES = tests/fuzz/fuzz_parser.c
tests_fuzz_fuzz_squid_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_PARSER='"squid"'
tests_fuzz_fuzz_squid_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_squid_LDADD = libleaktrail.a $(LT_LIBS)
tests_fuzz_fuzz_linux_auth_SOURCES = tests/fuzz/fuzz_parser.c
tests_fuzz_fuzz_linux_auth_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_PARSER='"linux_auth"'
tests_fuzz_fuzz_linux_auth_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_linux_auth_LDADD = libleaktrail.a $(LT_LIBS)
tests_fuzz_fuzz_access_log_SOURCES = tests/fuzz/fuzz_parser.c
tests_fuzz_fuzz_access_log_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_PARSER='"access_log"'
tests_fuzz_fuzz_access_log_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_access_log_LDADD = libleaktrail.a $(LT_LIBS)
tests_fuzz_fuzz_w3c_SOURCES = tests/fuzz/fuzz_parser.c
tests_fuzz_fuzz_w3c_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_PARSER='"w3c"'
tests_fuzz_fuzz_w3c_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_w3c_LDADD = libleaktrail.a $(LT_LIBS)
tests_fuzz_fuzz_zscaler_nss_SOURCES = tests/fuzz/fuzz_parser.c
tests_fuzz_fuzz_zscaler_nss_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_PARSER='"zscaler_nss"'
tests_fuzz_fuzz_zscaler_nss_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_zscaler_nss_LDADD = libleaktrail.a $(LT_LIBS)
tests_fuzz_fuzz_openvpn_SOURCES = tests/fuzz/fuzz_parser.c
tests_fuzz_fuzz_openvpn_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_PARSER='"openvpn"'
tests_fuzz_fuzz_openvpn_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_openvpn_LDADD = libleaktrail.a $(LT_LIBS)
tests_fuzz_fuzz_cisco_asa_SOURCES = tests/fuzz/fuzz_parser.c
tests_fuzz_fuzz_cisco_asa_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_PARSER='"cisco_asa"'
tests_fuzz_fuzz_cisco_asa_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_cisco_asa_LDADD = libleaktrail.a $(LT_LIBS)
tests_fuzz_fuzz_fortigate_SOURCES = tests/fuzz/fuzz_parser.c
tests_fuzz_fuzz_fortigate_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_PARSER='"fortigate"'
tests_fuzz_fuzz_fortigate_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_fortigate_LDADD = libleaktrail.a $(LT_LIBS)
tests_fuzz_fuzz_panos_globalprotect_SOURCES = tests/fuzz/fuzz_parser.c
tests_fuzz_fuzz_panos_globalprotect_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_PARSER='"panos_globalprotect"'
tests_fuzz_fuzz_panos_globalprotect_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_panos_globalprotect_LDADD = libleaktrail.a $(LT_LIBS)
tests_fuzz_fuzz_strongswan_SOURCES = tests/fuzz/fuzz_parser.c
tests_fuzz_fuzz_strongswan_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_PARSER='"strongswan"'
tests_fuzz_fuzz_strongswan_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_strongswan_LDADD = libleaktrail.a $(LT_LIBS)
TESTS += tests/fuzz/run-fuzz.sh
endif

# parsers-net: autodetection of every corpus file of these families via ingest
TESTS += tests/e2e/detect_net.sh
dist_check_SCRIPTS += tests/e2e/detect_net.sh

# parsers-mail libFuzzer targets (driver and runner: tests/fuzz, parsers-net's)
if ENABLE_FUZZING
check_PROGRAMS += tests/fuzz/fuzz_postfix tests/fuzz/fuzz_samba_audit tests/fuzz/fuzz_cups_page_log tests/fuzz/fuzz_usb_kernel tests/fuzz/fuzz_exchange_msgtrk tests/fuzz/fuzz_mail_rfc5322
tests_fuzz_fuzz_postfix_SOURCES = tests/fuzz/fuzz_parser.c
tests_fuzz_fuzz_postfix_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_PARSER='"postfix"'
tests_fuzz_fuzz_postfix_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_postfix_LDADD = libleaktrail.a $(LT_LIBS)
tests_fuzz_fuzz_samba_audit_SOURCES = tests/fuzz/fuzz_parser.c
tests_fuzz_fuzz_samba_audit_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_PARSER='"samba_audit"'
tests_fuzz_fuzz_samba_audit_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_samba_audit_LDADD = libleaktrail.a $(LT_LIBS)
tests_fuzz_fuzz_cups_page_log_SOURCES = tests/fuzz/fuzz_parser.c
tests_fuzz_fuzz_cups_page_log_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_PARSER='"cups_page_log"'
tests_fuzz_fuzz_cups_page_log_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_cups_page_log_LDADD = libleaktrail.a $(LT_LIBS)
tests_fuzz_fuzz_usb_kernel_SOURCES = tests/fuzz/fuzz_parser.c
tests_fuzz_fuzz_usb_kernel_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_PARSER='"usb_kernel"'
tests_fuzz_fuzz_usb_kernel_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_usb_kernel_LDADD = libleaktrail.a $(LT_LIBS)
tests_fuzz_fuzz_exchange_msgtrk_SOURCES = tests/fuzz/fuzz_parser.c
tests_fuzz_fuzz_exchange_msgtrk_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_PARSER='"exchange_msgtrk"'
tests_fuzz_fuzz_exchange_msgtrk_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_exchange_msgtrk_LDADD = libleaktrail.a $(LT_LIBS)
tests_fuzz_fuzz_mail_rfc5322_SOURCES = tests/fuzz/fuzz_parser.c
tests_fuzz_fuzz_mail_rfc5322_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_PARSER='"mail_rfc5322"'
tests_fuzz_fuzz_mail_rfc5322_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_mail_rfc5322_LDADD = libleaktrail.a $(LT_LIBS)
check_PROGRAMS += tests/fuzz/fuzz_userformat
tests_fuzz_fuzz_userformat_SOURCES = tests/fuzz/fuzz_userformat.c
tests_fuzz_fuzz_userformat_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_userformat_LDADD = libleaktrail.a $(LT_LIBS)
endif

# Windows parser fuzz targets (run by tests/fuzz/run-fuzz.sh with the others)
EXTRA_DIST += tests/fuzz/seeds/windows_evtx.txt tests/fuzz/seeds/windows_xml.txt \
	tests/fuzz/seeds/windows_csv.txt
if ENABLE_FUZZING
check_PROGRAMS += tests/fuzz/fuzz_windows_evtx tests/fuzz/fuzz_windows_xml tests/fuzz/fuzz_windows_csv
tests_fuzz_fuzz_windows_evtx_SOURCES = tests/fuzz/fuzz_parser.c
tests_fuzz_fuzz_windows_evtx_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_PARSER='"windows_evtx"'
tests_fuzz_fuzz_windows_evtx_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_windows_evtx_LDADD = libleaktrail.a $(LT_LIBS)
tests_fuzz_fuzz_windows_xml_SOURCES = tests/fuzz/fuzz_parser.c
tests_fuzz_fuzz_windows_xml_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_PARSER='"windows_xml"'
tests_fuzz_fuzz_windows_xml_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_windows_xml_LDADD = libleaktrail.a $(LT_LIBS)
tests_fuzz_fuzz_windows_csv_SOURCES = tests/fuzz/fuzz_parser.c
tests_fuzz_fuzz_windows_csv_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_PARSER='"windows_csv"'
tests_fuzz_fuzz_windows_csv_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_windows_csv_LDADD = libleaktrail.a $(LT_LIBS)
endif

# parsers-mail: user formats through the binary, and corpus autodetection via ingest
TESTS += tests/e2e/userformats.sh
dist_check_SCRIPTS += tests/e2e/userformats.sh

# leaktrail's own EVTX binary XML reader (windows): the records libevtx refuses
libleaktrail_a_SOURCES += src/parse/evtx_binxml.c src/parse/evtx_binxml.h
if HAVE_CRITERION
check_PROGRAMS += tests/unit/test_evtx_binxml
tests_unit_test_evtx_binxml_SOURCES = tests/unit/test_evtx_binxml.c
tests_unit_test_evtx_binxml_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_evtx_binxml_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test_evtx_binxml
endif
TESTS += tests/e2e/evtx_counts.sh
dist_check_SCRIPTS += tests/e2e/evtx_counts.sh
EXTRA_DIST += scripts/evtx-counts
# libFuzzer target of the EVTX BinXML reader (run by tests/fuzz/run-fuzz.sh)
EXTRA_DIST += tests/fuzz/fuzz_evtx_binxml.c tests/fuzz/seeds/evtx_binxml.txt tests/fuzz/seeds/make-evtx-binxml.py
if ENABLE_FUZZING
check_PROGRAMS += tests/fuzz/fuzz_evtx_binxml
tests_fuzz_fuzz_evtx_binxml_SOURCES = tests/fuzz/fuzz_evtx_binxml.c
tests_fuzz_fuzz_evtx_binxml_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_evtx_binxml_LDADD = libleaktrail.a $(LT_LIBS)
endif

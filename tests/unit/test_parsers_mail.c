/* Unit tests for the parsers-mail parsers, on lines written here for the
 * quirks each format has (see doc/parsers.md). */
#include "mail_harness.h"

extern const struct lt_parser lt_parser_samba_audit, lt_parser_cups_page_log, lt_parser_usb_kernel,
	lt_parser_exchange_msgtrk, lt_parser_postfix;

/* ---- Samba vfs_full_audit ---- */

Test(samba_audit, syslog_prefix_guess_and_operations)
{
	struct run r;
	run_text(&r, &lt_parser_samba_audit,
		 "Nov 24 09:15:02 fs1 smbd_audit: tanaka|192.0.2.10|PC-TANAKA|keiri|openat|ok|r|2026/給与/社外秘.xlsx\n"
		 "Nov 24 09:15:03 fs1 smbd_audit: tanaka|192.0.2.10|PC-TANAKA|keiri|openat|ok|w|memo.txt\n"
		 "Nov 24 09:15:04 fs1 smbd_audit: tanaka|192.0.2.10|PC-TANAKA|keiri|create_file|ok|0x100080|file|create|new.docx\n"
		 "Nov 24 09:15:05 fs1 smbd_audit: tanaka|192.0.2.10|PC-TANAKA|keiri|unlinkat|ok|old.docx\n"
		 "Nov 24 09:15:06 fs1 smbd_audit: tanaka|192.0.2.10|PC-TANAKA|keiri|renameat|ok|a.txt|b.txt\n"
		 "Nov 24 09:15:07 fs1 smbd_audit: tanaka|192.0.2.10|PC-TANAKA|keiri|mkdirat|fail (Permission denied)|dir1\n"
		 "Nov 24 09:15:08 fs1 smbd_audit: tanaka|192.0.2.10|PC-TANAKA|keiri|pwrite|ok|memo.txt\n"
		 "Nov 24 09:15:09 fs1 smbd_audit: tanaka|192.0.2.10|PC-TANAKA|keiri|connect|ok|keiri\n"
		 "Nov 24 09:15:10 fs1 smbd_audit: tanaka|192.0.2.10|PC-TANAKA|keiri|fsync|ok|memo.txt\n"
		 "Nov 24 09:15:11 fs1 smbd_audit: this is not an audit line\n");
	cr_assert_eq(r.n, 9);
	expect_field(&r, 0, "@timestamp", "2026-11-24T00:15:02.000000Z");
	expect_field(&r, 0, "host.name", "fs1");
	expect_field(&r, 0, "user.name", "tanaka");
	expect_field(&r, 0, "source.ip", "192.0.2.10");
	expect_field(&r, 0, "source.domain", "PC-TANAKA");
	expect_field(&r, 0, "leaktrail.share.name", "keiri");
	expect_field(&r, 0, "event.action", "read");
	expect_field(&r, 0, "event.outcome", "success");
	expect_field(&r, 0, "file.path", "2026/給与/社外秘.xlsx");
	expect_field(&r, 0, "file.name", "社外秘.xlsx");
	expect_field(&r, 1, "event.action", "write");
	expect_field(&r, 2, "event.action", "create");
	expect_field(&r, 2, "leaktrail.access.mask", "0x100080");
	expect_field(&r, 2, "leaktrail.access.list", "ReadAttributes,SYNCHRONIZE");
	expect_field(&r, 2, "file.path", "new.docx");
	expect_field(&r, 3, "event.action", "delete");
	expect_field(&r, 3, "file.path", "old.docx");
	expect_field(&r, 4, "event.action", "rename");
	expect_field(&r, 4, "file.path", "a.txt");
	expect_field(&r, 4, "leaktrail.file.new_path", "b.txt");
	expect_field(&r, 5, "event.action", "create");
	expect_field(&r, 5, "event.outcome", "failure");
	expect_field(&r, 5, "event.reason", "Permission denied");
	expect_field(&r, 5, "file.type", "dir");
	expect_field(&r, 6, "event.action", "write");
	expect_field(&r, 7, "event.action", "connect");
	expect_field(&r, 7, "leaktrail.share.name", "keiri");
	/* an operation we do not know keeps its name and arguments */
	expect_field(&r, 8, "event.action", "fsync");
	expect_field(&r, 8, "leaktrail.samba.args", "memo.txt");
	cr_expect_eq(r.res.stats.unparsed, 1);
	run_free(&r);
}

Test(samba_audit, default_prefix_no_header_pipe_in_name_and_domain_user)
{
	struct run r;
	run_text(&r, &lt_parser_samba_audit,
		 "smbd_audit: nobody|192.168.234.1|create_file|fail (No such file or directory)|0x1|file|open|/ts/doesNotExist\n"
		 "smbd_audit: CORP\\suzuki|2001:db8::5|open|ok|r|a|b.txt\r\n");
	cr_assert_eq(r.n, 2);
	expect_absent(&r, 0, "@timestamp");
	expect_field(&r, 0, "user.name", "nobody");
	expect_field(&r, 0, "event.action", "read");
	expect_field(&r, 0, "event.outcome", "failure");
	expect_field(&r, 0, "event.reason", "No such file or directory");
	expect_field(&r, 0, "file.path", "/ts/doesNotExist");
	expect_field(&r, 1, "user.name", "suzuki");
	expect_field(&r, 1, "user.domain", "CORP");
	expect_field(&r, 1, "source.ip", "2001:db8::5");
	expect_field(&r, 1, "file.path", "a|b.txt");
	run_free(&r);
}

Test(samba_audit, prefix_option_and_debug_log_form)
{
	struct run r;
	const char *opts[] = { "samba_audit.prefix=%S|%u", NULL };
	const char *text = "Nov 24 09:15:02 fs1 audit: eigyo|sato|unlinkat|ok|見積.pdf\n";
	run_text_opts(&r, &lt_parser_samba_audit, text, strlen(text), opts, NULL, NULL);
	cr_assert_eq(r.n, 1);
	expect_field(&r, 0, "leaktrail.share.name", "eigyo");
	expect_field(&r, 0, "user.name", "sato");
	expect_field(&r, 0, "event.action", "delete");
	run_free(&r);

	run_text(&r, &lt_parser_samba_audit,
		 "[2026/11/24 18:00:01.250000,  0] ../../source3/modules/vfs_full_audit.c:1102(do_log)\n"
		 "  sato|192.0.2.20|unlinkat|ok|keiri/x.xlsx\n");
	cr_assert_eq(r.n, 1);
	expect_field(&r, 0, "@timestamp", "2026-11-24T09:00:01.250000Z");
	expect_field(&r, 0, "leaktrail.time.zone", "Asia/Tokyo");
	expect_field(&r, 0, "file.path", "keiri/x.xlsx");
	expect_field(&r, 0, "leaktrail.line", "2");
	cr_expect_eq(r.res.stats.meta, 1);
	run_free(&r);
}

Test(samba_audit, autodetect)
{
	struct run r;
	run_text(&r, NULL, "Jan 31 15:57:04 ubuntu202 smbd_audit: macaco|192.168.100.113|opendir|ok|./\n");
	cr_assert_not_null(r.res.parser);
	cr_expect_str_eq(r.res.parser->name, "samba_audit");
	run_free(&r);
}

/* ---- CUPS page_log ---- */

Test(cups_page_log, default_format_with_spaces_in_job_name)
{
	struct run r;
	run_text(&r, &lt_parser_cups_page_log,
		 "DeskJet root 1 [20/May/1999:19:21:06 +0000] total 2 acme-123 localhost myjob na_letter_8.5x11in one-sided\n"
		 "MFP-3F tanaka 77 [24/Nov/2026:18:05:00 +0900] total 12 - 192.0.2.10 顧客リスト 2026 最終版.xlsx iso_a4_210x297mm two-sided-long-edge\n"
		 "ML1640 alice 28 [18/Aug/2014:11:28:50 -0300] 1 1 - 192.168.0.105 Test Page - -\n");
	cr_assert_eq(r.n, 3);
	expect_field(&r, 0, "@timestamp", "1999-05-20T19:21:06.000000Z");
	expect_field(&r, 0, "leaktrail.print.printer", "DeskJet");
	expect_field(&r, 0, "user.name", "root");
	expect_field(&r, 0, "leaktrail.print.job_id", "1");
	expect_field(&r, 0, "leaktrail.print.pages", "2");
	expect_field(&r, 0, "leaktrail.print.billing", "acme-123");
	expect_field(&r, 0, "source.domain", "localhost");
	expect_field(&r, 0, "file.name", "myjob");
	expect_field(&r, 0, "leaktrail.print.media", "na_letter_8.5x11in");
	expect_field(&r, 0, "leaktrail.print.sides", "one-sided");
	expect_field(&r, 1, "@timestamp", "2026-11-24T09:05:00.000000Z");
	expect_field(&r, 1, "leaktrail.time.zone", "+09:00");
	expect_field(&r, 1, "file.name", "顧客リスト 2026 最終版.xlsx");
	expect_field(&r, 1, "source.ip", "192.0.2.10");
	expect_absent(&r, 1, "leaktrail.print.billing");
	expect_field(&r, 2, "leaktrail.print.page", "1");
	expect_field(&r, 2, "leaktrail.print.copies", "1");
	expect_field(&r, 2, "file.name", "Test Page");
	expect_absent(&r, 2, "leaktrail.print.media");
	run_free(&r);
}

Test(cups_page_log, old_per_page_form_and_garbage)
{
	struct run r;
	run_text(&r, &lt_parser_cups_page_log,
		 "tec_IS2027 kurt 401 [22/Apr/2003:10:28:43 +0100] 1 3 #marketing\r\n"
		 "tec_IS2027 kurt 401 [22/Apr/2003:10:28:43 +0100] 2 3 #marketing\r\n"
		 "printer user x [22/Apr/2003:10:28:43 +0100] 1 3\r\n"
		 "Dig9110 boss 402 [32/Apr/2003:10:33:22 +0100] 1 440 finance-dep\r\n");
	cr_assert_eq(r.n, 2);
	expect_field(&r, 0, "@timestamp", "2003-04-22T09:28:43.000000Z");
	expect_field(&r, 1, "leaktrail.print.page", "2");
	expect_field(&r, 1, "leaktrail.print.pages", "3");
	expect_field(&r, 1, "leaktrail.print.billing", "#marketing");
	cr_expect_eq(r.res.stats.unparsed, 2);
	run_free(&r);
}

/* ---- Linux kernel USB ---- */

Test(usb_kernel, dmesg_attach_joined_and_detach)
{
	struct run r;
	run_text(&r, &lt_parser_usb_kernel,
		 "[  195.612345] usb 1-1: new high-speed USB device number 2 using xhci_hcd\n"
		 "[  195.634715] usb 1-1: New USB device found, idVendor=0930, idProduct=6544, bcdDevice= 1.00\n"
		 "[  195.634720] usb 1-1: New USB device strings: Mfr=1, Product=2, SerialNumber=3\n"
		 "[  195.634722] usb 1-1: Product: TransMemory\n"
		 "[  195.634724] usb 1-1: Manufacturer: TOSHIBA\n"
		 "[  195.634726] usb 1-1: SerialNumber: 0022CFF6B8A6C2A1C00002E7\n"
		 "[  195.640000] usb-storage 1-1:1.0: USB Mass Storage device detected\n"
		 "[  195.640100] scsi host6: usb-storage 1-1:1.0\n"
		 "[  259.373865] usb 1-1: USB disconnect, device number 2\n"
		 "[  260.000000] EXT4-fs (sda1): mounted filesystem\n");
	cr_assert_eq(r.n, 2);
	expect_field(&r, 0, "event.action", "attach");
	expect_field(&r, 0, "leaktrail.usb.vendor_id", "0930");
	expect_field(&r, 0, "leaktrail.usb.product_id", "6544");
	expect_field(&r, 0, "leaktrail.usb.vendor", "TOSHIBA");
	expect_field(&r, 0, "leaktrail.usb.product", "TransMemory");
	expect_field(&r, 0, "leaktrail.usb.serial", "0022CFF6B8A6C2A1C00002E7");
	expect_field(&r, 0, "leaktrail.usb.storage", "true");
	expect_field(&r, 0, "leaktrail.usb.port", "1-1");
	expect_field(&r, 0, "leaktrail.kernel.uptime", "195.612345");
	expect_field(&r, 0, "leaktrail.line", "1");
	expect_field(&r, 0, "leaktrail.lines", "1,2,3,4,5,6,7");
	expect_absent(&r, 0, "@timestamp");
	expect_field(&r, 1, "event.action", "detach");
	expect_field(&r, 1, "leaktrail.usb.serial", "0022CFF6B8A6C2A1C00002E7");
	expect_field(&r, 1, "leaktrail.usb.device_number", "2");
	cr_expect_eq(r.res.stats.unparsed, 1);
	run_free(&r);
}

Test(usb_kernel, syslog_forms_and_flush_at_end)
{
	struct run r;
	run_text(&r, &lt_parser_usb_kernel,
		 "Mar 23 15:04:52 manager kernel: usb 1-1: New USB device found, idVendor=0930, idProduct=6544\n"
		 "Mar 15 23:14:34 manager kernel: [ 195.634715] usb 2-1.4: New USB device found, idVendor=0bda, idProduct=568a, bcdDevice=65.10\n"
		 "Mar 23 15:05:23 manager kernel: [62859.373865] usb 1-1: USB disconnect, device number 2\n"
		 "Jul  1 11:49:29 authorMacBook-Pro kernel[0]: USBMSC Identifier (non-unique): 000000000820 0x5ac 0x8406 0x820, 3\n");
	cr_assert_eq(r.n, 4);
	/* the 1-1 attach is flushed by its disconnect; 2-1.4 at the end */
	expect_field(&r, 0, "leaktrail.usb.port", "1-1");
	expect_field(&r, 0, "@timestamp", "2026-03-23T06:04:52.000000Z");
	expect_field(&r, 0, "host.name", "manager");
	expect_field(&r, 1, "event.action", "detach");
	expect_field(&r, 1, "leaktrail.usb.vendor_id", "0930");
	expect_field(&r, 2, "event.action", "attach");
	expect_field(&r, 2, "leaktrail.usb.serial", "000000000820");
	expect_field(&r, 2, "leaktrail.usb.vendor_id", "0x5ac");
	expect_field(&r, 3, "leaktrail.usb.port", "2-1.4");
	expect_field(&r, 3, "leaktrail.usb.revision", "65.10");
	expect_field(&r, 3, "leaktrail.kernel.uptime", "195.634715");
	run_free(&r);
}

Test(usb_kernel, same_port_on_two_hosts)
{
	struct run r;
	run_text(&r, &lt_parser_usb_kernel,
		 "Nov 24 10:00:00 pc-a kernel: usb 1-1: New USB device found, idVendor=0781, idProduct=5581\n"
		 "Nov 24 10:00:00 pc-b kernel: usb 1-1: New USB device found, idVendor=0951, idProduct=1666\n"
		 "Nov 24 10:00:00 pc-a kernel: usb 1-1: SerialNumber: AAA\n"
		 "Nov 24 10:00:00 pc-b kernel: usb 1-1: SerialNumber: BBB\n"
		 "Nov 24 10:00:01 pc-a kernel: usb-storage 1-1:1.0: USB Mass Storage device detected\n"
		 "Nov 24 10:00:01 pc-b kernel: usb-storage 1-1:1.0: USB Mass Storage device detected\n");
	cr_assert_eq(r.n, 2);
	expect_field(&r, 0, "host.name", "pc-a");
	expect_field(&r, 0, "leaktrail.usb.serial", "AAA");
	expect_field(&r, 0, "leaktrail.usb.vendor_id", "0781");
	expect_field(&r, 1, "host.name", "pc-b");
	expect_field(&r, 1, "leaktrail.usb.serial", "BBB");
	expect_field(&r, 1, "leaktrail.usb.vendor_id", "0951");
	run_free(&r);
}

Test(usb_kernel, dmesg_T_time)
{
	struct run r;
	run_text(&r, &lt_parser_usb_kernel,
		 "[Tue Nov 24 18:30:00 2026] usb 3-2: New USB device found, idVendor=0781, idProduct=5581\n"
		 "[Tue Nov 24 18:30:00 2026] usb 3-2: SerialNumber: 4C530001\n");
	cr_assert_eq(r.n, 1);
	expect_field(&r, 0, "@timestamp", "2026-11-24T09:30:00.000000Z");
	expect_field(&r, 0, "leaktrail.usb.serial", "4C530001");
	expect_field(&r, 0, "leaktrail.usb.storage", "false");
	run_free(&r);
}

/* ---- Exchange message tracking ---- */

Test(exchange_msgtrk, fields_header_quotes_and_lists)
{
	struct run r;
	run_text(&r, &lt_parser_exchange_msgtrk,
		 "\xef\xbb\xbf#Software: Microsoft Exchange Server\r\n"
		 "#Version: 15.01.2507.039\r\n"
		 "#Log-type: Message Tracking Log\r\n"
		 "#Date: 2026-11-24T00:00:00.000Z\r\n"
		 "#Fields: date-time,client-ip,client-hostname,server-ip,server-hostname,source-context,connector-id,source,event-id,internal-message-id,message-id,network-message-id,recipient-address,recipient-status,total-bytes,recipient-count,related-recipient-address,reference,message-subject,sender-address,return-path,message-info,directionality,tenant-id,original-client-ip,original-server-ip,custom-data\r\n"
		 "2026-11-24T09:10:11.123Z,2001:db8::7,PC-TANAKA,192.0.2.1,EX01,\"MDB:1, Mailbox:2\",,STOREDRIVER,SEND,12345,<a@b.example>,,x@rival.example;y@rival.example,\"250 2.0.0 OK, queued;250 OK\",2048576,2,,,\"見積, 最終\",tanaka@example.co.jp,tanaka@example.co.jp,,Originating,,,,\r\n");
	cr_assert_eq(r.n, 1);
	expect_field(&r, 0, "@timestamp", "2026-11-24T09:10:11.123000Z");
	expect_field(&r, 0, "source.ip", "2001:db8::7");
	expect_field(&r, 0, "event.action", "SEND");
	expect_field(&r, 0, "email.to.address", "x@rival.example,y@rival.example");
	expect_field(&r, 0, "leaktrail.email.recipient_status", "250 2.0.0 OK, queued,250 OK");
	expect_field(&r, 0, "email.subject", "見積, 最終");
	expect_field(&r, 0, "email.from.address", "tanaka@example.co.jp");
	expect_field(&r, 0, "leaktrail.email.size", "2048576");
	expect_field(&r, 0, "leaktrail.exchange.source_context", "MDB:1, Mailbox:2");
	expect_field(&r, 0, "email.direction", "Originating");
	cr_expect_eq(r.res.stats.meta, 5);
	run_free(&r);
}

/* ---- Postfix ---- */

#define PFX "Nov 24 10:00:0"
Test(postfix, join_queue_id_into_one_message)
{
	struct run r;
	run_text(&r, &lt_parser_postfix,
		 PFX "1 mx1 postfix/smtpd[100]: 4F1A2B3C: client=pc12.example.co.jp[192.0.2.7], sasl_method=PLAIN, sasl_username=tanaka\n"
		 PFX "1 mx1 postfix/cleanup[101]: 4F1A2B3C: message-id=<20261124.1@example.co.jp>\n"
		 PFX "2 mx1 postfix/qmgr[102]: 4F1A2B3C: from=<tanaka@example.co.jp>, size=10482, nrcpt=2 (queue active)\n"
		 PFX "2 mx1 postfix/smtpd[100]: disconnect from pc12.example.co.jp[192.0.2.7]\n"
		 PFX "3 mx1 postfix/smtp[103]: 4F1A2B3C: to=<a@rival.example>, relay=mx.rival.example[198.51.100.5]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=4.4.1, status=deferred (connect timed out)\n"
		 PFX "4 mx1 postfix/smtp[103]: 4F1A2B3C: to=<a@rival.example>, relay=mx.rival.example[198.51.100.5]:25, delay=2, delays=0.1/0/0.5/0.6, dsn=2.0.0, status=sent (250 2.0.0 Ok)\n"
		 PFX "4 mx1 postfix/smtp[103]: 4F1A2B3C: to=<b@rival.example>, orig_to=<b@alias>, relay=mx.rival.example[198.51.100.5]:25, delay=2, delays=0.1/0/0.5/0.6, dsn=2.0.0, status=sent (250 2.0.0 Ok)\n"
		 PFX "5 mx1 postfix/qmgr[102]: 4F1A2B3C: removed\n"
		 PFX "6 mx1 dovecot: imap-login: Login: user=<x>\n");
	cr_assert_eq(r.n, 1);
	expect_field(&r, 0, "@timestamp", "2026-11-24T01:00:01.000000Z");
	expect_field(&r, 0, "email.local_id", "4F1A2B3C");
	expect_field(&r, 0, "email.from.address", "tanaka@example.co.jp");
	expect_field(&r, 0, "email.to.address", "a@rival.example,b@rival.example");
	expect_field(&r, 0, "leaktrail.email.recipient_status", "sent,sent");
	expect_field(&r, 0, "email.message_id", "20261124.1@example.co.jp");
	expect_field(&r, 0, "leaktrail.email.size", "10482");
	expect_field(&r, 0, "leaktrail.email.recipient_count", "2");
	expect_field(&r, 0, "source.ip", "192.0.2.7");
	expect_field(&r, 0, "source.domain", "pc12.example.co.jp");
	expect_field(&r, 0, "user.name", "tanaka");
	expect_field(&r, 0, "leaktrail.email.relay", "mx.rival.example[198.51.100.5]:25");
	expect_field(&r, 0, "email.original_to.address", "b@alias");
	expect_field(&r, 0, "leaktrail.email.status", "sent");
	expect_field(&r, 0, "event.outcome", "success");
	expect_field(&r, 0, "leaktrail.line", "1");
	expect_field(&r, 0, "leaktrail.lines", "1,2,3,5,6,7,8");
	expect_absent(&r, 0, "leaktrail.email.incomplete");
	cr_expect_eq(r.res.stats.unparsed, 1);
	cr_expect_eq(r.res.stats.pending, 6);
	run_free(&r);
}

Test(postfix, rejects_auth_failures_incomplete_and_eviction)
{
	struct run r;
	const char *opts[] = { "postfix.max_open=1", NULL };
	const char *text =
		"Jul 12 07:47:48 saturn postfix/smtpd[8738]: NOQUEUE: reject: RCPT from 1-2-3-4-example.com[1.2.3.4]: 554 5.7.1 <smtp@example.com>: Relay access denied; from=<john@example.com> to=<smtp@example.org> proto=SMTP helo=<198.51.100.17>\n"
		"Jul 12 07:47:49 saturn postfix/smtpd[8738]: warning: unknown[2001:db8::9]: SASL LOGIN authentication failed: UGFzc3dvcmQ6\n"
		"Jul 12 07:47:50 saturn postfix/pickup[9]: AAAA1: uid=1000 from=<yamada>\n"
		"Jul 12 07:47:51 saturn postfix/pickup[9]: BBBB2: uid=1000 from=<yamada>\n"
		"Jul 12 07:47:52 saturn postfix/qmgr[9]: BBBB2: from=<>, size=1, nrcpt=1 (queue active)\n";
	run_text_opts(&r, &lt_parser_postfix, text, strlen(text), opts, NULL, NULL);
	cr_assert_eq(r.n, 4);
	expect_field(&r, 0, "event.action", "reject");
	expect_field(&r, 0, "source.ip", "1.2.3.4");
	expect_field(&r, 0, "email.from.address", "john@example.com");
	expect_field(&r, 0, "email.to.address", "smtp@example.org");
	expect_field(&r, 0, "event.reason", "554 5.7.1 <smtp@example.com>: Relay access denied");
	expect_field(&r, 0, "leaktrail.email.smtp_stage", "RCPT");
	expect_field(&r, 1, "event.action", "sasl-auth");
	expect_field(&r, 1, "event.outcome", "failure");
	expect_field(&r, 1, "source.ip", "2001:db8::9");
	/* AAAA1 is evicted by BBBB2 (max_open=1): incomplete, reported */
	expect_field(&r, 2, "email.local_id", "AAAA1");
	expect_field(&r, 2, "leaktrail.email.incomplete", "true");
	expect_field(&r, 2, "email.from.address", "yamada");
	expect_field(&r, 3, "email.local_id", "BBBB2");
	expect_field(&r, 3, "leaktrail.email.null_sender", "true");
	expect_field(&r, 3, "leaktrail.email.incomplete", "true");
	cr_expect_eq(r.res.stats.unparsed, 1);
	run_free(&r);
}

/* ---- RFC 5322 / mbox ---- */

extern const struct lt_parser lt_parser_mail_rfc5322;

static char *slurp(const char *rel, size_t *n)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", LT_SRCDIR, rel);
	FILE *f = fopen(path, "rb");
	cr_assert_not_null(f, "cannot open %s", path);
	struct lt_buf b = LT_BUF_INIT;
	char chunk[4096];
	size_t k;
	while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
		lt_buf_append(&b, chunk, k);
	fclose(f);
	*n = b.len;
	return lt_buf_detach(&b);
}

/* tests/data/mail/japanese.mbox was written by Python's own encoders
 * (base64, quopri, iso2022_jp, cp932): the names, sizes and SHA-256 below
 * are Python's, not ours. */
Test(mail_rfc5322, mbox_japanese_names_and_attachment_hashes)
{
	size_t n;
	char *text = slurp("tests/data/mail/japanese.mbox", &n);
	struct run r;
	run_text_opts(&r, NULL, text, n, NULL, "japanese.mbox", NULL);
	cr_assert_not_null(r.res.parser);
	cr_expect_str_eq(r.res.parser->name, "mail_rfc5322");
	cr_assert_eq(r.n, 2);
	expect_field(&r, 0, "@timestamp", "2026-11-24T01:02:03.000000Z");
	expect_field(&r, 0, "leaktrail.time.zone", "+09:00");
	expect_field(&r, 0, "email.from.address", "tanaka@example.co.jp");
	expect_field(&r, 0, "leaktrail.email.from.name", "田中 太郎");
	expect_field(&r, 0, "email.to.address", "buyer@rival.example,plain@rival.example,self@gmail.example");
	expect_field(&r, 0, "email.bcc.address", "self@gmail.example");
	expect_absent(&r, 0, "email.cc.address");
	expect_field(&r, 0, "email.subject", "【社外秘】顧客リスト送付");
	expect_field(&r, 0, "email.message_id", "20261124100203.ABC@example.co.jp");
	expect_field(&r, 0, "email.attachments.file.name", "社外秘_顧客.xlsx,見積書.txt,議事録メモ.txt");
	expect_field(&r, 0, "email.attachments.file.size", "777,23,26");
	expect_field(&r, 0, "email.attachments.file.hash.sha256",
		     "3f2fd377d090dfae1ea14ae36041667418bb97f26361b96e9c4ab92c2c37af18,"
		     "d427178a337ed2d05a2b7766718e5983c421b23907e70f141906916ff2811319,"
		     "9514cae5ace63776d244ca9f13d934ad7edc23d842849bc1e01bcc4f55e31001");
	expect_field(&r, 0, "leaktrail.line", "1");
	expect_field(&r, 0, "leaktrail.offset", "0");
	expect_absent(&r, 0, "leaktrail.email.incomplete");
	/* raw is the header block, byte for byte */
	const char *raw = field(&r, 0, "leaktrail.raw");
	cr_expect_eq(strlen(raw), 550);
	cr_expect_eq(memcmp(raw, text, 550), 0);
	expect_field(&r, 1, "email.subject", "①報告");
	expect_field(&r, 1, "@timestamp", "2026-11-24T02:00:00.000000Z");
	expect_field(&r, 1, "leaktrail.time.source", "mbox From line");
	expect_absent(&r, 1, "email.attachments.file.name");
	run_free(&r);
	free(text);
}

Test(mail_rfc5322, single_eml_lf_and_incomplete)
{
	struct run r;
	run_text(&r, &lt_parser_mail_rfc5322,
		 "Received: from pc12 ([192.0.2.7])\n"
		 "From: Sato <sato@example.co.jp>\n"
		 "To: x@rival.example\n"
		 "Subject: =?UTF-8?Q?=E8=A8=AD=E8=A8=88=E5=9B=B3?= v2\n"
		 "Content-Type: multipart/mixed; boundary=b1\n"
		 "\n"
		 "--b1\n"
		 "Content-Type: application/pdf; name=\"=?UTF-8?B?6Kit6KiI5Zuz?=.pdf\"\n"
		 "Content-Transfer-Encoding: base64\n"
		 "\n"
		 "aGVsbG8=\n");
	cr_assert_eq(r.n, 1);
	expect_field(&r, 0, "email.subject", "設計図 v2");
	expect_field(&r, 0, "email.attachments.file.name", "設計図.pdf");
	expect_field(&r, 0, "email.attachments.file.size", "5");
	/* sha256("hello") */
	expect_field(&r, 0, "email.attachments.file.hash.sha256",
		     "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
	expect_field(&r, 0, "leaktrail.email.incomplete", "true");
	expect_absent(&r, 0, "@timestamp");
	run_free(&r);
}

/* ---- user-defined formats ---- */

#include "parse/userformat.h"

static const char formats_yaml[] =
	"formats:\n"
	"  - name: acme_dlp\n"
	"    family: fileserver\n"
	"    type: regex\n"
	"    pattern: '^(?<date>\\d{4}年\\d{1,2}月\\d{1,2}日) (?<time>\\S+) user=(?<user>\\S+) op=(?<op>\\w+) path=\"(?<path>[^\"]*)\" bytes=(?<bytes>\\d+)$'\n"
	"    fields:\n"
	"      date: '@timestamp'\n"
	"      time: '@timestamp'\n"
	"      user: user.name\n"
	"      op: event.action\n"
	"      path: file.path\n"
	"      bytes: file.size\n"
	"    time_format: '%Y年%m月%d日 %H:%M:%S'\n"
	"    time_zone: Asia/Tokyo\n"
	"    set:\n"
	"      event.category: file\n"
	"  - name: asset_csv\n"
	"    family: usb\n"
	"    type: csv\n"
	"    encoding: CP932\n"
	"    columns:\n"
	"      日時: '@timestamp'\n"
	"      ユーザー名: user.name\n"
	"      PC名: host.name\n"
	"      操作: event.action\n"
	"      ファイル名: file.path\n"
	"      サイズ: file.size\n"
	"    time_format: '%Y/%m/%d %H:%M:%S'\n"
	"  - name: legacy_tsv\n"
	"    type: tsv\n"
	"    header: false\n"
	"    columns:\n"
	"      '1': '@timestamp'\n"
	"      '3': user.name\n"
	"    time_format: epoch\n";

Test(userformat, regex_csv_cp932_and_autodetect)
{
	char err[512];
	cr_assert_eq(lt_userformat_load_string(formats_yaml, sizeof formats_yaml - 1, "t.yaml", err, sizeof err), 0,
		     "%s", err);
	const struct lt_parser *dlp = lt_parser_find("acme_dlp");
	cr_assert_not_null(dlp);
	struct run r;
	run_text(&r, NULL,
		 "2026年11月24日 9:05:01 user=tanaka op=copy path=\"\\\\fs1\\keiri\\社外秘.xlsx\" bytes=2048\n"
		 "2026年11月24日 9:05:02 user=tanaka op=copy path=\"b.txt\" bytes=1\n"
		 "garbage\n"
		 "2026年11月24日 9:05:03 user=sato op=delete path=\"c.txt\" bytes=0\n"
		 "2026年11月24日 9:05:04 user=sato op=delete path=\"c.txt\" bytes=0\n"
		 "2026年11月24日 9:05:05 user=sato op=delete path=\"c.txt\" bytes=0\n");
	cr_assert_not_null(r.res.parser);
	cr_expect_str_eq(r.res.parser->name, "acme_dlp");
	cr_assert_eq(r.n, 5);
	expect_field(&r, 0, "@timestamp", "2026-11-24T00:05:01.000000Z");
	expect_field(&r, 0, "leaktrail.time.original", "2026年11月24日 9:05:01");
	expect_field(&r, 0, "user.name", "tanaka");
	expect_field(&r, 0, "event.action", "copy");
	expect_field(&r, 0, "file.path", "\\\\fs1\\keiri\\社外秘.xlsx");
	expect_field(&r, 0, "file.size", "2048");
	expect_field(&r, 0, "event.category", "file");
	expect_field(&r, 0, "event.dataset", "user.acme_dlp");
	expect_field(&r, 0, "leaktrail.parser", "acme_dlp");
	cr_expect_eq(r.res.stats.unparsed, 1);
	run_free(&r);

	size_t n;
	char *csv = slurp("tests/data/mail/assets-cp932.csv", &n);
	run_text_opts(&r, NULL, csv, n, NULL, "assets.csv", NULL);
	cr_assert_not_null(r.res.parser);
	cr_expect_str_eq(r.res.parser->name, "asset_csv");
	cr_assert_eq(r.n, 2);
	expect_field(&r, 0, "@timestamp", "2026-11-24T09:05:12.000000Z");
	expect_field(&r, 0, "user.name", "田中 太郎");
	expect_field(&r, 0, "host.name", "PC-TANAKA");
	expect_field(&r, 0, "event.action", "USBコピー");
	expect_field(&r, 0, "file.path", "D:\\顧客リスト, 最新.xlsx");
	expect_field(&r, 0, "file.size", "204800");
	expect_field(&r, 1, "file.path", "①設計図.pdf");
	expect_absent(&r, 1, "file.size");
	/* the raw bytes stay CP932 */
	const struct lt_value *raw = lt_rec_get(&r.recs[0], "leaktrail.raw");
	cr_assert_not_null(raw);
	cr_expect_eq(raw->type, LT_V_BYTES);
	run_free(&r);
	free(csv);

	const char tsv[] = "1795597200\tx\tyamada\n";
	run_text_opts(&r, lt_parser_find("legacy_tsv"), tsv, sizeof tsv - 1, NULL, NULL, NULL);
	cr_assert_eq(r.n, 1);
	expect_field(&r, 0, "@timestamp", "2026-11-25T09:00:00.000000Z");
	expect_field(&r, 0, "user.name", "yamada");
	run_free(&r);
	lt_userformat_unload();
	cr_expect_null(lt_parser_find("acme_dlp"));
}

Test(userformat, errors_name_the_place)
{
	char err[512];
	const char bad_group[] = "formats:\n  - name: x\n    type: regex\n    pattern: '(?<a>.)'\n    fields:\n      b: user.name\n";
	cr_expect_eq(lt_userformat_load_string(bad_group, sizeof bad_group - 1, "f.yaml", err, sizeof err), -1);
	cr_expect(strstr(err, "no group named 'b'"), "%s", err);
	const char bad_re[] = "formats:\n  - name: x\n    type: regex\n    pattern: '(unclosed'\n    fields:\n      a: user.name\n";
	cr_expect_eq(lt_userformat_load_string(bad_re, sizeof bad_re - 1, "f.yaml", err, sizeof err), -1);
	cr_expect(strstr(err, "f.yaml:2: pattern error"), "%s", err);
	const char bad_key[] = "formats:\n  - name: x\n    type: csv\n    colums:\n      a: b\n";
	cr_expect_eq(lt_userformat_load_string(bad_key, sizeof bad_key - 1, "f.yaml", err, sizeof err), -1);
	cr_expect(strstr(err, "unknown key 'colums'"), "%s", err);
	const char taken[] = "formats:\n  - name: postfix\n    type: csv\n    columns:\n      a: b\n";
	cr_expect_eq(lt_userformat_load_string(taken, sizeof taken - 1, "f.yaml", err, sizeof err), -1);
	cr_expect(strstr(err, "already taken"), "%s", err);
	const char bad_time[] = "formats:\n  - name: x\n    type: csv\n    time_format: '%Q'\n    columns:\n      a: b\n";
	cr_expect_eq(lt_userformat_load_string(bad_time, sizeof bad_time - 1, "f.yaml", err, sizeof err), -1);
	cr_expect(strstr(err, "unknown conversion"), "%s", err);
	cr_expect_null(lt_parser_find("x"));
}

Test(userformat, time_formats)
{
	const struct lt_tz *tokyo = lt_tz_load("Asia/Tokyo");
	lt_time_us t;
	bool hz;
	int32_t off;
	char s[LT_ISO_LEN];
	cr_assert_eq(lt_time_parse_format("%d/%b/%Y:%H:%M:%S %z", "24/Nov/2026:10:00:00 +0900", 26, NULL, &t, &hz, &off), 0);
	lt_time_format_utc(t, s);
	cr_expect_str_eq(s, "2026-11-24T01:00:00.000000Z");
	cr_expect(hz);
	cr_assert_eq(lt_time_parse_format("%Y-%m-%d %I:%M:%S.%f %p", "2026-11-24 01:02:03.5 PM", 24, tokyo, &t, &hz, &off), 0);
	lt_time_format_utc(t, s);
	cr_expect_str_eq(s, "2026-11-24T04:02:03.500000Z");
	cr_expect_not(hz);
	cr_assert_eq(lt_time_parse_format("epoch_ms", "1795564800123", 13, NULL, &t, &hz, &off), 0);
	cr_expect_eq(t, INT64_C(1795564800123000));
	cr_expect_eq(lt_time_parse_format("%Y-%m-%d", "2026-13-01", 10, NULL, &t, &hz, &off), -1);
	cr_expect_eq(lt_time_parse_format("%Y-%m-%d", "2026-11-01x", 11, NULL, &t, &hz, &off), -1);
}

/* ---- MIME helpers ---- */

#include "mime.h"

static void check_header(const char *in, const char *want)
{
	struct lt_buf b = LT_BUF_INIT;
	lt_mime_decode_header(in, strlen(in), &b);
	cr_expect_str_eq(b.data ? b.data : "", want, "decode '%s'", in);
	lt_buf_free(&b);
}

static void check_param(const char *in, const char *name, const char *want)
{
	struct lt_buf b = LT_BUF_INIT;
	bool found = lt_mime_param(in, strlen(in), name, &b);
	if (!want) {
		cr_expect_not(found, "param %s in '%s'", name, in);
	} else {
		cr_expect(found, "param %s in '%s'", name, in);
		cr_expect_str_eq(b.data ? b.data : "", want, "param %s in '%s'", name, in);
	}
	lt_buf_free(&b);
}

Test(mime, encoded_words_and_parameters)
{
	check_header("plain text", "plain text");
	check_header("=?utf-8?q?caf=C3=A9_au_lait?=", "café au lait");
	check_header("a =?UTF-8?B?5pel5pys?= b", "a 日本 b");
	/* whitespace between two words goes, between a word and text stays */
	check_header("=?UTF-8?B?5pel?= =?UTF-8?B?5pys?=", "日本");
	check_header("=?x-unknown?B?YWJj?=", "abc");
	check_header("=?UTF-8?B?broken", "=?UTF-8?B?broken");
	check_header("\x93\xfa\x96\x7b", "日本");	/* raw CP932 bytes */
	check_param("attachment; filename=\"a b.txt\"", "filename", "a b.txt");
	check_param("attachment; filename=plain.txt; size=3", "filename", "plain.txt");
	check_param("attachment; FILENAME*=utf-8''%E6%97%A5.txt", "filename", "日.txt");
	check_param("attachment; filename*0=\"ab\"; filename*1=\"cd.txt\"", "filename", "abcd.txt");
	check_param("attachment; filename*1*=%E6%9C%AC.txt; filename*0*=UTF-8'ja'%E6%97%A5", "filename", "日本.txt");
	check_param("attachment; filename=\"=?ISO-2022-JP?B?GyRCRnxLXBsoQg==?=.pdf\"", "filename", "日本.pdf");
	check_param("attachment; name=\"x\"", "filename", NULL);
	check_param("text/plain; charset=\"a\\\"b\"", "charset", "a\"b");
	lt_time_us t;
	int32_t off;
	cr_assert_eq(lt_mime_date("Tue, 24 Nov 2026 10:02:03 +0900 (JST)", 37, &t, &off), 0);
	cr_expect_eq(t, INT64_C(1795482123) * LT_US_PER_SEC);
	cr_expect_eq(off, 9 * 3600);
	cr_assert_eq(lt_mime_date("24 Nov 26 01:02 GMT", 19, &t, &off), 0);
	cr_expect_eq(t, INT64_C(1795482120) * LT_US_PER_SEC);
	cr_expect_eq(lt_mime_date("yesterday", 9, &t, &off), -1);
	struct lt_buf b = LT_BUF_INIT;
	cr_expect(lt_qp_line("soft=", 5, &b));
	cr_expect_not(lt_qp_line("=E6=97=A5 end  ", 15, &b));
	cr_expect_str_eq(b.data, "soft日 end");
	lt_buf_reset(&b);
	struct lt_b64 d;
	lt_b64_init(&d);
	lt_b64_feed(&d, "aGVs", 4, &b);
	lt_b64_feed(&d, "bG8=\r\n", 6, &b);
	cr_expect_str_eq(b.data, "hello");
	lt_buf_free(&b);
}

Test(postfix, crlf_duplicated_lines_ipv6_client)
{
	struct run r;
	run_text(&r, &lt_parser_postfix,
		 "Nov 24 10:00:01 mx1 postfix/smtpd[1]: AB12CD: client=unknown[IPv6:2001:db8::1]\r\n"
		 "Nov 24 10:00:01 mx1 postfix/smtpd[1]: AB12CD: client=unknown[IPv6:2001:db8::1]\r\n"
		 "Nov 24 10:00:02 mx1 postfix/qmgr[2]: AB12CD: from=<a@example.co.jp>, size=1, nrcpt=1 (queue active)\r\n"
		 "Nov 24 10:00:03 mx1 postfix/smtp[3]: AB12CD: to=<x@y.example>, relay=none, delay=1, status=bounced (Host not found)\r\n"
		 "Nov 24 10:00:03 mx1 postfix/smtp[3]: AB12CD: to=<x@y.example>, relay=none, delay=1, status=bounced (Host not found)\r\n"
		 "Nov 24 10:00:04 mx1 postfix/qmgr[2]: AB12CD: removed\r\n");
	cr_assert_eq(r.n, 1);
	expect_field(&r, 0, "source.ip", "2001:db8::1");
	expect_absent(&r, 0, "source.domain");
	expect_field(&r, 0, "email.to.address", "x@y.example");
	expect_field(&r, 0, "leaktrail.email.status", "bounced");
	expect_field(&r, 0, "event.outcome", "failure");
	expect_field(&r, 0, "leaktrail.lines", "1,2,3,4,5,6");
	run_free(&r);
}

/* Unit tests for the Windows event model (src/parse/winevent.c): XML
 * reading, SystemTime/FILETIME, access masks and %% codes, device ids, and
 * the mapping of logon, file share, removable media and print events.
 * Every event here was written for the test after the documented layouts. */
#include <criterion/criterion.h>
#include <string.h>

#include "parse/winevent.h"
#include "record/record.h"
#include "winevent_harness.h"

#define SYS(id, prov, extra)                                                                     \
	"<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\"><System>"         \
	"<Provider Name=\"" prov "\" Guid=\"{54849625-5478-4994-A5BA-3E3B0328C30D}\"/>"          \
	"<EventID>" #id "</EventID><Version>2</Version><Level>0</Level><Task>12544</Task>"        \
	"<Keywords>" extra "</Keywords>"                                                          \
	"<TimeCreated SystemTime=\"2026-11-25T08:01:02.123456789Z\"/>"                            \
	"<EventRecordID>4711</EventRecordID><Channel>Security</Channel>"                          \
	"<Computer>FS01.corp.example</Computer><Security/></System>"
#define SEC "Microsoft-Windows-Security-Auditing"
#define OK_KW "0x8020000000000000"
#define FAIL_KW "0x8010000000000000"

TestSuite(winevent, .init = wev_setup, .fini = wev_teardown);

Test(winevent, systemtime_forms_and_filetime)
{
	lt_time_us t;
	cr_assert_eq(lt_winevent_parse_systemtime("2019-03-29T21:10:39.786832100Z", 30, &t), 0);
	cr_assert_eq(t, INT64_C(1553893839786832));
	cr_assert_eq(lt_winevent_parse_systemtime("2021-01-14 13:41:45.4788422", 27, &t), 0);
	cr_assert_eq(t % LT_US_PER_SEC, 478842);
	cr_assert_eq(lt_winevent_parse_systemtime("2021-01-14T13:41:45Z", 20, &t), 0);
	cr_assert_eq(lt_winevent_parse_systemtime("2021-01-14T13:41:45.Z", 21, &t), -1);
	cr_assert_eq(lt_winevent_parse_systemtime("2021-13-14T13:41:45Z", 20, &t), -1);
	cr_assert_eq(lt_winevent_parse_systemtime("2021-01-14T13:41:45+09:00", 25, &t), -1);
	/* 2019-03-29T21:10:39.7868321Z as FILETIME */
	cr_assert_eq(lt_filetime_to_us(UINT64_C(131983674397868321)), INT64_C(1553893839786832));
}

Test(winevent, logon_4624_remote_interactive)
{
	load(SYS(4624, SEC, OK_KW) "<EventData>"
	     "<Data Name=\"SubjectUserSid\">S-1-5-18</Data><Data Name=\"SubjectUserName\">FS01$</Data>"
	     "<Data Name=\"TargetUserSid\">S-1-5-21-1-2-3-1104</Data><Data Name=\"TargetUserName\">tanaka</Data>"
	     "<Data Name=\"TargetDomainName\">CORP</Data><Data Name=\"TargetLogonId\">0x00000000003A4F1c</Data>"
	     "<Data Name=\"LogonType\">10</Data><Data Name=\"LogonProcessName\">User32 </Data>"
	     "<Data Name=\"WorkstationName\">PC-0042</Data>"
	     "<Data Name=\"ProcessId\">0x1f0</Data><Data Name=\"ProcessName\">C:\\Windows\\System32\\svchost.exe</Data>"
	     "<Data Name=\"IpAddress\">::ffff:192.0.2.15</Data><Data Name=\"IpPort\">50123</Data>"
	     "<Data Name=\"ImpersonationLevel\">%%1833</Data><Data Name=\"Unheard\">x</Data>"
	     "</EventData></Event>");
	want_str("event.code", "4624");
	want_str("event.provider", SEC);
	want_str("winlog.channel", "Security");
	want_int("winlog.record_id", 4711);
	want_str("host.name", "FS01.corp.example");
	lt_time_us t;
	cr_assert(lt_rec_get_time(&rec, LT_F_TIMESTAMP, &t));
	cr_assert_eq(t % LT_US_PER_SEC, 123456);
	want_str(LT_F_TIME_TEXT, "2026-11-25T08:01:02.123456789Z");
	want_str(LT_F_TIME_ZONE, "+00:00");
	want_str("event.action", "logged-in");
	want_str("event.outcome", "success");
	const char *cat[] = { "authentication" };
	want_list("event.category", cat, 1);
	want_str("user.name", "tanaka");
	want_str("user.domain", "CORP");
	want_str("user.id", "S-1-5-21-1-2-3-1104");
	want_str("source.ip", "192.0.2.15");
	want_int("source.port", 50123);
	want_str("source.domain", "PC-0042");
	want_str("winlog.logon.type", "RemoteInteractive");
	want_int("leaktrail.logon.type_id", 10);
	want_str("winlog.logon.id", "0x3a4f1c");
	want_str("process.name", "svchost.exe");
	want_int("process.pid", 0x1f0);
	/* raw insertion strings stay as they were */
	want_str("winlog.event_data.LogonProcessName", "User32 ");
	want_str("winlog.event_data.ImpersonationLevel", "%%1833");
	const char *other[] = { "Unheard=x" };
	want_list("leaktrail.windows.data", other, 1);
	cr_assert(want_bool("leaktrail.windows.mapped"));
	want_str("leaktrail.family", "logon");
	want_absent("leaktrail.windows.system_account");
	/* the same logon by SYSTEM, by a window manager session, by a machine */
	const char *who[][2] = { { "S-1-5-18", "SYSTEM" }, { "S-1-5-90-0-2", "DWM-2" }, { "S-1-5-21-9-1-1", "PC-0042$" } };
	for (size_t i = 0; i < 3; i++) {
		char x[1024];
		snprintf(x, sizeof(x), SYS(4624, SEC, OK_KW) "<EventData><Data Name=\"TargetUserSid\">%s</Data>"
			 "<Data Name=\"TargetUserName\">%s</Data><Data Name=\"LogonType\">2</Data></EventData></Event>",
			 who[i][0], who[i][1]);
		load(x);
		cr_assert(want_bool("leaktrail.windows.system_account"), "%s", who[i][1]);
	}
}

Test(winevent, logon_4625_failure_reason_and_dash_address)
{
	load(SYS(4625, SEC, FAIL_KW) "<EventData>"
	     "<Data Name=\"TargetUserSid\">S-1-0-0</Data><Data Name=\"TargetUserName\">suzuki</Data>"
	     "<Data Name=\"TargetDomainName\">CORP</Data><Data Name=\"Status\">0xc000006d</Data>"
	     "<Data Name=\"FailureReason\">%%2313</Data><Data Name=\"SubStatus\">0xc000006a</Data>"
	     "<Data Name=\"LogonType\">3</Data><Data Name=\"IpAddress\">-</Data><Data Name=\"IpPort\">-</Data>"
	     "</EventData></Event>");
	want_str("event.outcome", "failure");
	want_str("event.action", "logon-failed");
	want_str("event.reason", "Unknown user name or bad password.");
	want_str("winlog.logon.failure.status", "0xc000006d");
	want_str("winlog.logon.type", "Network");
	want_absent("source.ip");
	want_absent("source.port");
}

Test(winevent, rdp_reconnect_4778_and_credential_validation_4776)
{
	load(SYS(4778, SEC, OK_KW) "<EventData><Data Name=\"AccountName\">at_adm</Data>"
	     "<Data Name=\"AccountDomain\">TEST</Data><Data Name=\"LogonID\">0x76fea87</Data>"
	     "<Data Name=\"SessionName\">RDP-Tcp#127</Data><Data Name=\"ClientName\">EQP01777</Data>"
	     "<Data Name=\"ClientAddress\">10.100.150.9</Data></EventData></Event>");
	want_str("event.action", "session-reconnected");
	const char *cat[] = { "authentication", "session" };
	want_list("event.category", cat, 2);
	want_str("user.name", "at_adm");
	want_str("source.ip", "10.100.150.9");
	want_str("source.domain", "EQP01777");
	load(SYS(4776, SEC, FAIL_KW) "<EventData><Data Name=\"PackageName\">MICROSOFT_AUTHENTICATION_PACKAGE_V1_0</Data>"
	     "<Data Name=\"TargetUserName\">admin</Data><Data Name=\"Workstation\">KALI</Data>"
	     "<Data Name=\"Status\">0xc000006a</Data></EventData></Event>");
	want_str("event.action", "credential-validated");
	want_str("event.outcome", "failure");
	want_str("user.name", "admin");
	want_str("source.domain", "KALI");
}

Test(winevent, lockout_4740_names_the_target)
{
	load(SYS(4740, SEC, OK_KW) "<EventData><Data Name=\"TargetUserName\">elastictest1</Data>"
	     "<Data Name=\"TargetDomainName\">WIN-41OB2LO92CR</Data><Data Name=\"TargetSid\">S-1-5-21-9-1005</Data>"
	     "<Data Name=\"SubjectUserSid\">S-1-5-18</Data><Data Name=\"SubjectUserName\">WIN-41OB2LO92CR$</Data>"
	     "<Data Name=\"SubjectDomainName\">WORKGROUP</Data><Data Name=\"SubjectLogonId\">0x3e7</Data>"
	     "</EventData></Event>");
	want_str("event.action", "locked-out-user-account");
	want_str("user.name", "WIN-41OB2LO92CR$");
	want_str("user.target.name", "elastictest1");
	want_str("user.target.id", "S-1-5-21-9-1005");
}

Test(winevent, share_5145_mask_words_and_path)
{
	load(SYS(5145, SEC, OK_KW) "<EventData>"
	     "<Data Name=\"SubjectUserSid\">S-1-5-21-1-2-3-1104</Data><Data Name=\"SubjectUserName\">dadmin</Data>"
	     "<Data Name=\"SubjectDomainName\">CONTOSO</Data><Data Name=\"SubjectLogonId\">0x38d34</Data>"
	     "<Data Name=\"ObjectType\">File</Data><Data Name=\"IpAddress\">fe80::31ea:6c3c:f40d:1973</Data>"
	     "<Data Name=\"IpPort\">56926</Data><Data Name=\"ShareName\">\\\\*\\Documents</Data>"
	     "<Data Name=\"ShareLocalPath\">\\??\\C:\\Documents</Data>"
	     "<Data Name=\"RelativeTargetName\">Plans\\2027 budget.xlsx</Data>"
	     "<Data Name=\"AccessMask\">0x100081</Data><Data Name=\"AccessList\">%%1541 %%4416 %%4423</Data>"
	     "</EventData></Event>");
	want_str("event.action", "read");
	want_str("event.outcome", "success");
	const char *words[] = { "ReadData", "ReadAttributes", "SYNCHRONIZE" };
	want_list("leaktrail.access.list", words, 3);
	want_str("leaktrail.access.mask", "0x100081");
	want_str("file.path", "C:\\Documents\\Plans\\2027 budget.xlsx");
	want_str("file.name", "2027 budget.xlsx");
	want_str("leaktrail.share.name", "\\\\*\\Documents");
	want_str("leaktrail.share.path", "\\??\\C:\\Documents");
	want_str("leaktrail.family", "fileserver");
	want_str("source.ip", "fe80::31ea:6c3c:f40d:1973");
	want_str("user.name", "dadmin");
	want_str("winlog.logon.id", "0x38d34");
}

Test(winevent, share_5140_failure_and_write_delete_classes)
{
	load(SYS(5140, SEC, FAIL_KW) "<EventData><Data Name=\"SubjectUserName\">guest</Data>"
	     "<Data Name=\"ShareName\">\\\\*\\ADMIN$</Data><Data Name=\"AccessMask\">0x1</Data>"
	     "<Data Name=\"IpAddress\">10.0.0.9</Data></EventData></Event>");
	want_str("event.outcome", "failure");
	want_str("event.action", "read");
	/* write wins over read, delete over write */
	load(SYS(4656, SEC, OK_KW) "<EventData><Data Name=\"ObjectType\">File</Data>"
	     "<Data Name=\"ObjectName\">C:\\Secret\\list.csv</Data><Data Name=\"AccessMask\">0x6</Data>"
	     "</EventData></Event>");
	want_str("event.action", "write");
	const char *w[] = { "WriteData", "AppendData" };
	want_list("leaktrail.access.list", w, 2);
	want_str("file.path", "C:\\Secret\\list.csv");
	want_str("file.name", "list.csv");
	/* no mask: the %% codes of AccessList decide */
	load(SYS(4663, SEC, OK_KW) "<EventData><Data Name=\"ObjectName\">C:\\Secret\\old.docx</Data>"
	     "<Data Name=\"AccessList\">%%1537\n\t\t\t\t%%4423</Data></EventData></Event>");
	want_str("event.action", "delete");
	const char *d[] = { "DELETE", "ReadAttributes" };
	want_list("leaktrail.access.list", d, 2);
	/* the words of a rendered message (CSV), long forms included */
	load(SYS(4663, SEC, OK_KW) "<EventData><Data Name=\"ObjectName\">C:\\Secret\\run.bat</Data>"
	     "<Data Name=\"AccessList\">ReadData (or ListDirectory) Execute/Traverse AppendData (or AddSubdirectory or CreatePipeInstance)</Data>"
	     "</EventData></Event>");
	want_str("event.action", "write");
	const char *lw[] = { "ReadData", "Execute", "AppendData" };
	want_list("leaktrail.access.list", lw, 3);
	load(SYS(4660, SEC, OK_KW) "<EventData><Data Name=\"ObjectServer\">Security</Data>"
	     "<Data Name=\"HandleId\">0x1a8</Data></EventData></Event>");
	want_str("event.action", "delete");
}

Test(winevent, access_words_and_msgtable)
{
	const char *w[16];
	size_t n = lt_winevent_access_words(0x1F01FF, w, 16);
	cr_assert_eq(n, 14);
	cr_assert_str_eq(w[0], "ReadData");
	cr_assert_str_eq(w[8], "WriteAttributes");
	cr_assert_str_eq(w[9], "DELETE");
	cr_assert_str_eq(w[13], "SYNCHRONIZE");
	cr_assert_str_eq(lt_winevent_msgtable(1537), "DELETE");
	cr_assert_str_eq(lt_winevent_msgtable(4417), "WriteData");
	cr_assert_str_eq(lt_winevent_msgtable(1542), "ACCESS_SYS_SEC");
	cr_assert_null(lt_winevent_msgtable(9999));
	cr_assert_str_eq(lt_winevent_logon_type_name(3), "Network");
	cr_assert_null(lt_winevent_logon_type_name(6));
	cr_assert_null(lt_winevent_logon_type_name(99));
}

Test(winevent, usb_6416_device_id)
{
	load(SYS(6416, SEC, OK_KW) "<EventData><Data Name=\"SubjectUserSid\">S-1-5-18</Data>"
	     "<Data Name=\"SubjectUserName\">PC$</Data>"
	     "<Data Name=\"DeviceId\">USBSTOR\\Disk&amp;Ven_JetFlash&amp;Prod_Transcend_64GB&amp;Rev_1100\\1234567890ABCDEF&amp;0</Data>"
	     "<Data Name=\"DeviceDescription\">JetFlash Transcend 64GB USB Device</Data>"
	     "<Data Name=\"ClassName\">DiskDrive</Data></EventData></Event>");
	want_str("event.action", "device-recognized");
	want_str("leaktrail.family", "usb");
	want_str("leaktrail.usb.vendor", "JetFlash");
	want_str("leaktrail.usb.product", "Transcend_64GB");
	want_str("leaktrail.usb.revision", "1100");
	want_str("leaktrail.usb.serial", "1234567890ABCDEF");
	want_str("leaktrail.usb.class", "DiskDrive");
	want_str("leaktrail.usb.description", "JetFlash Transcend 64GB USB Device");
	want_absent("user.name");	/* the machine account is nobody */
	/* a serial Windows made up (second character '&') is not a serial */
	load(SYS(410, "Microsoft-Windows-Kernel-PnP", "0x4000000000000000")
	     "<EventData><Data Name=\"DeviceInstanceId\">USB\\VID_0781&amp;PID_5567\\6&amp;2c8a1e2&amp;0&amp;1</Data>"
	     "<Data Name=\"DriverName\">usbstor.inf</Data></EventData></Event>");
	want_str("event.action", "device-started");
	want_str("leaktrail.usb.vendor_id", "0781");
	want_str("leaktrail.usb.product_id", "5567");
	want_absent("leaktrail.usb.serial");
}

Test(winevent, usb_umdf_2003_instance_attribute)
{
	load("<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\"><System>"
	     "<Provider Name=\"Microsoft-Windows-DriverFrameworks-UserMode\"/><EventID>2003</EventID>"
	     "<TimeCreated SystemTime=\"2026-11-20T01:02:03.000000000Z\"/><EventRecordID>7</EventRecordID>"
	     "<Channel>Microsoft-Windows-DriverFrameworks-UserMode/Operational</Channel><Computer>PC-0042</Computer>"
	     "<Security UserID=\"S-1-5-18\"/></System><UserData>"
	     "<UMDFHostDeviceArrivalBegin lifetime=\"{AFD1A6B4-0000-0000-0000-000000000000}\" "
	     "instance=\"WPDBUSENUMROOT\\UMB\\2&amp;37C186B&amp;1&amp;STORAGE#VOLUME#_??_USBSTOR#DISK&amp;VEN_SANDISK&amp;PROD_CRUZER&amp;REV_1.26#20043512220D8A41C1CD&amp;0#\" "
	     "xmlns=\"http://www.microsoft.com/DriverFrameworks/UserMode/Event\"/>"
	     "</UserData></Event>");
	want_str("event.action", "device-arrival");
	want_str("leaktrail.usb.vendor", "SANDISK");
	want_str("leaktrail.usb.product", "CRUZER");
	want_str("leaktrail.usb.revision", "1.26");
	want_str("leaktrail.usb.serial", "20043512220D8A41C1CD");
	want_str("winlog.user.identifier", "S-1-5-18");
}

Test(winevent, partition_1006_disk_and_removal)
{
	load("<Event><System><Provider Name=\"Microsoft-Windows-Partition\"/><EventID>1006</EventID>"
	     "<TimeCreated SystemTime=\"2026-11-20 01:02:03.5\"/><Channel>Microsoft-Windows-Partition/Diagnostic</Channel>"
	     "<Computer>PC-0042</Computer></System><EventData>"
	     "<Data Name=\"Capacity\">0</Data>"	/* removal: no capacity */
	     "<Data Name=\"BusType\">7</Data><Data Name=\"Manufacturer\">SanDisk</Data>"
	     "<Data Name=\"Model\">Ultra</Data><Data Name=\"SerialNumber\">4C530001230528110412</Data>"
	     "<Data Name=\"ParentId\">USB\\VID_0781&amp;PID_5581\\4C530001230528110412</Data>"
	     "</EventData></Event>");
	want_str("event.action", "disk-removed");
	load("<Event><System><Provider Name=\"Microsoft-Windows-Partition\"/><EventID>1006</EventID>"
	     "<TimeCreated SystemTime=\"2026-11-20 01:02:03.5\"/><Computer>PC-0042</Computer></System><EventData>"
	     "<Data Name=\"Capacity\">61530439680</Data><Data Name=\"BusType\">7</Data>"
	     "<Data Name=\"Manufacturer\">SanDisk</Data><Data Name=\"Model\">Ultra</Data>"
	     "<Data Name=\"Revision\">1.00</Data><Data Name=\"SerialNumber\">4C530001230528110412</Data>"
	     "<Data Name=\"ParentId\">USB\\VID_0781&amp;PID_5581\\4C530001230528110412</Data>"
	     "<Data Name=\"Mbr\"></Data></EventData></Event>");
	want_str("event.action", "disk-attached");
	want_int("leaktrail.usb.capacity", INT64_C(61530439680));
	want_str("leaktrail.usb.bus_type", "USB");
	cr_assert(want_bool("leaktrail.usb.storage"));
	want_str("leaktrail.usb.vendor", "SanDisk");
	want_str("leaktrail.usb.product", "Ultra");
	want_str("leaktrail.usb.serial", "4C530001230528110412");
	want_str("leaktrail.usb.vendor_id", "0781");
	want_str("leaktrail.usb.product_id", "5581");
}

Test(winevent, print_307_userdata)
{
	load("<Event><System><Provider Name=\"Microsoft-Windows-PrintService\"/><EventID>307</EventID>"
	     "<TimeCreated SystemTime=\"2026-11-25T08:01:02.1Z\"/><EventRecordID>29</EventRecordID>"
	     "<Channel>Microsoft-Windows-PrintService/Operational</Channel><Computer>PRN01</Computer>"
	     "<Security UserID=\"S-1-5-21-1-2-3-1001\"/></System><UserData>"
	     "<DocumentPrinted xmlns=\"http://manifests.microsoft.com/win/2005/08/windows/printing/spooler/core/events\">"
	     "<Param1>12</Param1><Param2>顧客名簿.xlsx</Param2><Param3>sato</Param3><Param4>\\\\PC-0042</Param4>"
	     "<Param5>Floor2-MFP</Param5><Param6>IP_10.0.0.50</Param6><Param7>772216</Param7><Param8>31</Param8>"
	     "</DocumentPrinted></UserData></Event>");
	want_str("event.action", "document-printed");
	want_str("leaktrail.family", "print");
	want_int("leaktrail.print.job_id", 12);
	want_str("leaktrail.print.document", "顧客名簿.xlsx");
	want_str("user.name", "sato");
	want_str("leaktrail.print.client", "PC-0042");
	want_str("leaktrail.print.printer", "Floor2-MFP");
	want_str("leaktrail.print.port", "IP_10.0.0.50");
	want_int("leaktrail.print.bytes", 772216);
	want_int("leaktrail.print.pages", 31);
	want_str("winlog.user.identifier", "S-1-5-21-1-2-3-1001");
}

Test(winevent, unknown_event_is_kept_and_marked)
{
	load("<Event><System><Provider Name=\"Contoso-Agent\"/><EventID Qualifiers=\"16384\">9001</EventID>"
	     "<TimeCreated SystemTime=\"2026-11-25T08:01:02Z\"/><Computer>PC-0042</Computer></System>"
	     "<EventData><Data>first</Data><Data>second</Data><Binary>DEADBEEF</Binary></EventData>"
	     "<RenderingInfo Culture=\"en-US\"><Message>Agent started.</Message></RenderingInfo></Event>");
	cr_assert_not(want_bool("leaktrail.windows.mapped"));
	want_str("leaktrail.family", "windows");
	want_str("event.code", "9001");
	want_str("event.provider", "Contoso-Agent");
	want_str("host.name", "PC-0042");
	want_str("message", "Agent started.");
	const char *d[] = { "param1=first", "param2=second", "Binary=DEADBEEF" };
	want_list("leaktrail.windows.data", d, 3);
	want_absent("event.action");
}

Test(winevent, audit_log_cleared_1102)
{
	load("<Event><System><Provider Name=\"Microsoft-Windows-Eventlog\"/><EventID>1102</EventID>"
	     "<TimeCreated SystemTime=\"2026-11-25T20:00:00Z\"/><Channel>Security</Channel><Computer>FS01</Computer>"
	     "</System><UserData><LogFileCleared xmlns=\"http://manifests.microsoft.com/win/2004/08/windows/eventlog\">"
	     "<SubjectUserSid>S-1-5-21-1-2-3-1104</SubjectUserSid><SubjectUserName>tanaka</SubjectUserName>"
	     "<SubjectDomainName>CORP</SubjectDomainName><SubjectLogonId>0x3a4f1c</SubjectLogonId>"
	     "</LogFileCleared></UserData></Event>");
	cr_assert(want_bool("leaktrail.windows.mapped"));
	want_str("leaktrail.family", "windows");
	want_str("event.action", "audit-log-cleared");
	want_str("user.name", "tanaka");
	want_str("user.domain", "CORP");
	want_str("winlog.logon.id", "0x3a4f1c");
}

Test(winevent, security_event_ids_need_the_security_provider)
{
	/* 4624 from some other provider is not a logon */
	load("<Event><System><Provider Name=\"Contoso-Agent\"/><EventID>4624</EventID></System>"
	     "<EventData><Data Name=\"TargetUserName\">x</Data></EventData></Event>");
	cr_assert_not(want_bool("leaktrail.windows.mapped"));
	want_absent("user.name");
	want_str("winlog.event_data.TargetUserName", "x");
}

Test(winevent, bad_xml_is_refused_with_a_reason)
{
	const char *why = NULL;
	const char *bad[] = {
		"<Event><System><EventID>1</EventID></System>",		/* cut */
		"<Events><Event/></Events>",				/* not an event */
		"<Event><System><Provider Name=\"x\"/></System></Event>",	/* no id */
		"<Event><System><EventID>99999999999</EventID></System></Event>",
		"",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		cr_assert_eq(lt_winevent_from_xml(&ev, bad[i], strlen(bad[i]), &why), -1, "case %zu", i);
		cr_assert_not_null(why, "case %zu has no reason", i);
	}
}

Test(winevent, pool_survives_growth)
{
	lt_winevent_clear(&ev);
	char name[32], val[64];
	for (int i = 0; i < 500; i++) {
		snprintf(name, sizeof(name), "N%d", i);
		snprintf(val, sizeof(val), "value-%d", i);
		lt_winevent_add_data(&ev, name, strlen(name), val, strlen(val));
	}
	lt_winevent_set(&ev, LT_WE_COMPUTER, "HOST", 4);
	size_t n;
	cr_assert_str_eq(lt_winevent_data(&ev, "N0", &n), "value-0");
	cr_assert_str_eq(lt_winevent_data(&ev, "N499", &n), "value-499");
	cr_assert_eq(n, 9);
	cr_assert_str_eq(lt_winevent_str(&ev, LT_WE_COMPUTER, NULL), "HOST");
	cr_assert_null(lt_winevent_data(&ev, "N500", NULL));
	/* a property set from a string inside the pool, while the pool grows */
	for (int i = 0; i < 300; i++) {
		const char *v = lt_winevent_data(&ev, "N499", &n);
		lt_winevent_set(&ev, LT_WE_KEYWORDS, v, n);
		cr_assert_str_eq(lt_winevent_str(&ev, LT_WE_KEYWORDS, NULL), "value-499");
	}
}

/* 4663 on a registry key is registry access, not file access: file rules
 * (event.category file) must not count it. */
Test(winevent, registry_key_4663_is_not_file_access)
{
	load(SYS(4663, SEC, OK_KW) "<EventData><Data Name=\"SubjectUserName\">sato</Data>"
	     "<Data Name=\"SubjectDomainName\">CORP</Data><Data Name=\"ObjectType\">Key</Data>"
	     "<Data Name=\"ObjectName\">\\REGISTRY\\MACHINE\\SOFTWARE\\Example</Data>"
	     "<Data Name=\"ProcessName\">C:\\Windows\\regedit.exe</Data></EventData></Event>");
	const char *cat[] = { "registry" };
	want_list("event.category", cat, 1);
	want_str("event.action", "registry-key-accessed");
	want_str("registry.path", "\\REGISTRY\\MACHINE\\SOFTWARE\\Example");
	want_absent("file.path");
	want_str("leaktrail.family", "windows");
	cr_assert(want_bool("leaktrail.windows.mapped"));
}

/* A named pipe on IPC$ (5145) is network, not a file on a share. */
Test(winevent, ipc_pipe_5145_is_not_file_access)
{
	load(SYS(5145, SEC, OK_KW) "<EventData><Data Name=\"SubjectUserName\">sato</Data>"
	     "<Data Name=\"ObjectType\">File</Data><Data Name=\"ShareName\">\\\\*\\IPC$</Data>"
	     "<Data Name=\"RelativeTargetName\">srvsvc</Data><Data Name=\"IpAddress\">10.1.2.3</Data>"
	     "<Data Name=\"IpPort\">50123</Data></EventData></Event>");
	const char *cat[] = { "network" };
	want_list("event.category", cat, 1);
	want_str("event.action", "named-pipe-accessed");
	want_str("leaktrail.pipe.name", "srvsvc");
	want_absent("file.path");
}

Test(winevent, process_creation_4688)
{
	load(SYS(4688, SEC, OK_KW) "<EventData><Data Name=\"SubjectUserName\">sato</Data>"
	     "<Data Name=\"NewProcessName\">C:\\Windows\\System32\\robocopy.exe</Data>"
	     "<Data Name=\"CommandLine\">robocopy \\\\fs01\\design E:\\ /E</Data>"
	     "<Data Name=\"ParentProcessName\">C:\\Windows\\System32\\cmd.exe</Data></EventData></Event>");
	const char *cat[] = { "process" };
	want_list("event.category", cat, 1);
	want_str("event.action", "created-process");
	want_str("process.name", "robocopy.exe");
	want_str("process.command_line", "robocopy \\\\fs01\\design E:\\ /E");
	want_str("process.parent.executable", "C:\\Windows\\System32\\cmd.exe");
	want_str("user.name", "sato");
}

Test(winevent, group_member_4732_and_kerberos_4768)
{
	load(SYS(4732, SEC, OK_KW) "<EventData><Data Name=\"SubjectUserName\">admin1</Data>"
	     "<Data Name=\"MemberName\">CN=sato,OU=Staff,DC=corp</Data>"
	     "<Data Name=\"TargetUserName\">Administrators</Data></EventData></Event>");
	want_str("event.action", "added-member-to-group");
	want_str("group.name", "Administrators");
	want_str("user.target.name", "CN=sato,OU=Staff,DC=corp");
	want_str("user.name", "admin1");
	lt_winevent_free(&ev);
	lt_winevent_init(&ev);
	load(SYS(4768, SEC, FAIL_KW) "<EventData><Data Name=\"TargetUserName\">sato</Data>"
	     "<Data Name=\"TargetDomainName\">CORP</Data><Data Name=\"Status\">0x18</Data>"
	     "<Data Name=\"IpAddress\">10.1.2.3</Data></EventData></Event>");
	want_str("event.action", "kerberos-authentication-ticket-requested");
	want_str("event.outcome", "failure");
	want_str("user.name", "sato");
}

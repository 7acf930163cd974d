/* Unit tests for Sigma's Windows field names on records
 * (src/parse/winevent.c, doc/record-format.md): System properties, every
 * EventData/UserData name as its own field, empty values kept, unnamed
 * <Data> as the list "Data", repeated names numbered. Events written for the
 * test after the documented layouts. */
#include <criterion/criterion.h>
#include <string.h>

#include "parse/winevent.h"
#include "record/record.h"
#include "winevent_harness.h"

#define HEAD(id, prov, chan)                                                                      \
	"<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\"><System>"         \
	"<Provider Name=\"" prov "\"/>"                                                           \
	"<EventID>" #id "</EventID><Version>5</Version><Level>4</Level><Task>1</Task>"            \
	"<Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords>"                               \
	"<TimeCreated SystemTime=\"2026-03-02T01:02:03.5Z\"/>"                                    \
	"<EventRecordID>77</EventRecordID><Channel>" chan "</Channel>"                            \
	"<Computer>pc07.corp.example</Computer></System>"

TestSuite(winevent_sigma, .init = wev_setup, .fini = wev_teardown);

Test(winevent_sigma, system_properties_under_sigma_names)
{
	load(HEAD(1, "Microsoft-Windows-Sysmon", "Microsoft-Windows-Sysmon/Operational")
	     "<EventData><Data Name=\"Image\">C:\\Tools\\x.exe</Data></EventData></Event>");
	int64_t v;
	cr_assert(lt_rec_get_int(&rec, "EventID", &v) && v == 1);
	cr_assert(lt_rec_get_int(&rec, "EventRecordID", &v) && v == 77);
	want_str("Channel", "Microsoft-Windows-Sysmon/Operational");
	want_str("Provider_Name", "Microsoft-Windows-Sysmon");
	want_str("Computer", "pc07.corp.example");
	want_str("Level", "4");
	want_str("Task", "1");
	want_str("Opcode", "0");
	want_str("Keywords", "0x8000000000000000");
	want_str("TimeCreated", "2026-03-02T01:02:03.5Z");
	want_str("Image", "C:\\Tools\\x.exe");
	/* the ECS fields stay */
	want_str("event.code", "1");
	want_str("winlog.channel", "Microsoft-Windows-Sysmon/Operational");
}

Test(winevent_sigma, empty_values_are_kept)
{
	load(HEAD(4688, "Microsoft-Windows-Security-Auditing", "Security")
	     "<EventData><Data Name=\"NewProcessName\">C:\\Windows\\cmd.exe</Data>"
	     "<Data Name=\"CommandLine\"></Data><Data Name=\"ParentProcessName\"/></EventData></Event>");
	want_str("NewProcessName", "C:\\Windows\\cmd.exe");
	want_str("CommandLine", "");
	want_str("ParentProcessName", "");
}

Test(winevent_sigma, unnamed_data_is_the_list_Data)
{
	load(HEAD(400, "PowerShell", "Windows PowerShell")
	     "<EventData><Data>Available</Data><Data>None</Data>"
	     "<Data>HostName=ConsoleHost\n\tHostApplication=powershell.exe -enc AAAA</Data></EventData></Event>");
	const struct lt_value *d = lt_rec_get(&rec, "Data");
	cr_assert(d && d->type == LT_V_LIST && d->v.list.count == 3);
	struct lt_str s = lt_rec_list_item(&rec, d, 2);
	cr_assert(s.n > 20 && memcmp(s.p, "HostName=ConsoleHost", 20) == 0);
	s = lt_rec_list_item(&rec, d, 0);
	cr_assert(s.n == 9 && memcmp(s.p, "Available", 9) == 0);
}

Test(winevent_sigma, repeated_names_are_numbered)
{
	load(HEAD(4104, "Microsoft-Windows-PowerShell", "Microsoft-Windows-PowerShell/Operational")
	     "<EventData><Data Name=\"Path\">a.ps1</Data><Data Name=\"Path\">b.ps1</Data>"
	     "<Data Name=\"Path\">c.ps1</Data><Data Name=\"Channel\">inner</Data></EventData></Event>");
	want_str("Path", "a.ps1");
	want_str("Path_1", "b.ps1");
	want_str("Path_2", "c.ps1");
	/* a data item never replaces a System property */
	want_str("Channel", "Microsoft-Windows-PowerShell/Operational");
	want_str("Channel_1", "inner");
}

Test(winevent_sigma, userdata_leaves_become_fields)
{
	load(HEAD(307, "Microsoft-Windows-PrintService", "Microsoft-Windows-PrintService/Operational")
	     "<UserData><DocumentPrinted xmlns=\"http://manifests.microsoft.com/win/2005/08/windows/printing/spooler/core/events\">"
	     "<Param2>Plan.docx</Param2><Param3>tanaka</Param3></DocumentPrinted></UserData></Event>");
	want_str("Param2", "Plan.docx");
	want_str("Param3", "tanaka");
}

Test(winevent_sigma, spaces_leave_data_names)
{
	load(HEAD(1116, "Microsoft-Windows-Windows Defender", "Microsoft-Windows-Windows Defender/Operational")
	     "<EventData><Data Name=\"Threat Name\">Virus:DOS/EICAR_Test_File</Data>"
	     "<Data Name=\"Process Name\">C:\\x\\a.exe</Data></EventData></Event>");
	want_str("ThreatName", "Virus:DOS/EICAR_Test_File");
	want_str("ProcessName", "C:\\x\\a.exe");
	cr_assert_null(lt_rec_get(&rec, "Threat Name"));
}

/* Rule engine throughput: feed synthetic, already-enriched records through a
 * rule set and print records per second. A figure, not a test.
 * usage: bench/rules_bench [-w] [-n N] [RULES-DIR...] (default: the shipped rules)
 * -w: Windows event records (Sysmon, Security, PowerShell) with Sigma's field
 * names, as the EVTX reader gives them, instead of the handbook's records.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "record/record.h"
#include "rules/engine.h"
#include "rules/rule.h"

static const char *const cats[] = { "file", "web", "email", "authentication", "print", "network" };
static const char *const actions[] = { "open", "read", "write", "copy", "delete", "logon", "print", "send" };
static const char *const users[] = { "tanaka", "sato", "suzuki", "takahashi", "watanabe", "ito", "yamamoto", "nakamura" };

/* One of eight Windows event shapes, with invented but realistic values. */
static void windows_record(struct lt_record *r, int i)
{
	static const struct { const char *channel, *provider; int id; } ev[] = {
		{ "Microsoft-Windows-Sysmon/Operational", "Microsoft-Windows-Sysmon", 1 },
		{ "Microsoft-Windows-Sysmon/Operational", "Microsoft-Windows-Sysmon", 3 },
		{ "Microsoft-Windows-Sysmon/Operational", "Microsoft-Windows-Sysmon", 11 },
		{ "Microsoft-Windows-Sysmon/Operational", "Microsoft-Windows-Sysmon", 13 },
		{ "Security", "Microsoft-Windows-Security-Auditing", 4624 },
		{ "Security", "Microsoft-Windows-Security-Auditing", 4688 },
		{ "Security", "Microsoft-Windows-Security-Auditing", 5145 },
		{ "Microsoft-Windows-PowerShell/Operational", "Microsoft-Windows-PowerShell", 4104 },
	};
	static const char *const images[] = { "C:\\Windows\\System32\\svchost.exe", "C:\\Program Files\\Office\\EXCEL.EXE",
					     "C:\\Windows\\explorer.exe", "C:\\Users\\tanaka\\AppData\\Local\\app.exe" };
	char buf[256];
	int k = i % 8;
	lt_rec_set_cstr(r, "leaktrail.family", "windows");
	lt_rec_set_bool(r, "leaktrail.windows.mapped", true);
	lt_rec_set_cstr(r, "Channel", ev[k].channel);
	lt_rec_set_cstr(r, "Provider_Name", ev[k].provider);
	lt_rec_set_int(r, "EventID", ev[k].id);
	lt_rec_set_cstr(r, "Computer", "pc-0042.example.local");
	lt_rec_set_cstr(r, "User", users[i % 8]);
	lt_rec_set_cstr(r, LT_F_USER_NAME, users[i % 8]);
	const char *img = images[i % 4];
	switch (ev[k].id) {
	case 1:
	case 4688:
		lt_rec_set_cstr(r, ev[k].id == 1 ? "Image" : "NewProcessName", img);
		snprintf(buf, sizeof buf, "\"%s\" /task %d --config C:\\ProgramData\\app\\cfg%d.xml", img, i, i % 13);
		lt_rec_set_cstr(r, "CommandLine", buf);
		lt_rec_set_cstr(r, ev[k].id == 1 ? "ParentImage" : "ParentProcessName", images[(i + 1) % 4]);
		lt_rec_set_cstr(r, "IntegrityLevel", "Medium");
		lt_rec_set_cstr(r, "OriginalFileName", "app.exe");
		break;
	case 3:
		lt_rec_set_cstr(r, "Image", img);
		snprintf(buf, sizeof buf, "10.0.%d.%d", i % 7, i % 250);
		lt_rec_set_cstr(r, "DestinationIp", buf);
		lt_rec_set_int(r, "DestinationPort", 443);
		break;
	case 11:
		lt_rec_set_cstr(r, "Image", img);
		snprintf(buf, sizeof buf, "C:\\Users\\%s\\Documents\\report%d.xlsx", users[i % 8], i);
		lt_rec_set_cstr(r, "TargetFilename", buf);
		break;
	case 13:
		lt_rec_set_cstr(r, "Image", img);
		snprintf(buf, sizeof buf, "HKU\\S-1-5-21-1\\Software\\Vendor\\App\\Setting%d", i % 17);
		lt_rec_set_cstr(r, "TargetObject", buf);
		lt_rec_set_cstr(r, "Details", "DWORD (0x00000001)");
		break;
	case 4624:
		lt_rec_set_cstr(r, "TargetUserName", users[i % 8]);
		lt_rec_set_int(r, "LogonType", i % 2 ? 3 : 10);
		lt_rec_set_cstr(r, "IpAddress", "10.0.3.4");
		break;
	case 5145:
		lt_rec_set_cstr(r, "ShareName", "\\\\*\\share");
		snprintf(buf, sizeof buf, "dept%d\\doc%d.docx", i % 5, i);
		lt_rec_set_cstr(r, "RelativeTargetName", buf);
		lt_rec_set_cstr(r, "AccessMask", "0x1");
		break;
	default:
		snprintf(buf, sizeof buf, "Get-ChildItem -Path C:\\Users\\%s -Recurse | Measure-Object # %d", users[i % 8], i);
		lt_rec_set_cstr(r, "ScriptBlockText", buf);
		break;
	}
}

int main(int argc, char **argv)
{
	long n = 2000000;
	bool windows = false;
	struct lt_ruleset *rs = lt_ruleset_new();
	rs->skip_placeholders = true;
	int given = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-n") && i + 1 < argc) {
			n = atol(argv[++i]);
			continue;
		}
		if (!strcmp(argv[i], "-w")) {
			windows = true;
			continue;
		}
		lt_ruleset_add_path(rs, argv[i]);
		given = 1;
	}
	if (!given)
		lt_ruleset_add_path(rs, lt_rules_default_dir());
	/* A community collection has files leaktrail refuses: measure the rules
	 * that load, and say how many files were left out. */
	if (lt_ruleset_finish(rs)) {
		if (!rs->n) {
			for (size_t i = 0; i < rs->nerrors; i++)
				fprintf(stderr, "%s\n", rs->errors[i]);
			return 1;
		}
		fprintf(stderr, "rules_bench: %zu files refused, %zu skipped (%zu errors); measuring the %zu rules loaded\n",
			rs->nfiles_failed, rs->nfiles_skipped, rs->nerrors, rs->n);
	}
	/* a pool of distinct records, reused round robin */
	enum { POOL = 512 };
	static struct lt_record pool[POOL];
	char buf[256];
	for (int i = 0; i < POOL; i++) {
		struct lt_record *r = &pool[i];
		lt_rec_init(r);
		lt_rec_set_time(r, LT_F_TIMESTAMP, 0);
		lt_rec_set_cstr(r, LT_F_SOURCE_PATH, "logs/server.log");
		lt_rec_set_cstr(r, LT_F_SOURCE_SHA256, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
		lt_rec_set_int(r, LT_F_OFFSET, i * 120);
		lt_rec_set_int(r, LT_F_LINE, i + 1);
		lt_rec_set_cstr(r, LT_F_RAW, "2026-11-02 10:00:00 fs01 open \\\\fs01\\share\\dept\\plan.xlsx by tanaka");
		if (windows) {
			windows_record(r, i);
			continue;
		}
		lt_rec_set_cstr(r, LT_F_EVENT_CATEGORY, cats[i % 6]);
		lt_rec_set_cstr(r, LT_F_EVENT_ACTION, actions[i % 8]);
		lt_rec_set_cstr(r, LT_F_EVENT_OUTCOME, i % 7 ? "success" : "failure");
		lt_rec_set_cstr(r, LT_F_USER_NAME, users[i % 8]);
		lt_rec_set_cstr(r, "leaktrail.person.id", users[i % 8]);
		/* flags set on a few records only, as in real logs */
		lt_rec_set_bool(r, "leaktrail.person.departing", i % 97 == 0);
		lt_rec_set_bool(r, "leaktrail.calendar.off_hours", i % 89 == 0);
		lt_rec_set_bool(r, "leaktrail.file.classified", i % 101 == 0);
		snprintf(buf, sizeof buf, "\\\\fs01\\share\\dept%d\\doc%d.xlsx", i % 5, i);
		lt_rec_set_cstr(r, LT_F_FILE_PATH, buf);
		lt_rec_set_cstr(r, LT_F_FILE_NAME, strrchr(buf, '\\') + 1);
		lt_rec_set_int(r, LT_F_FILE_SIZE, i * 1000);
		snprintf(buf, sizeof buf, "https://host%d.example.com/upload?id=%d", i % 40, i);
		lt_rec_set_cstr(r, LT_F_URL_ORIGINAL, buf);
		lt_rec_set_cstr(r, LT_F_SOURCE_IP, i % 2 ? "10.0.3.4" : "203.0.113.9");
		lt_rec_set_cstr(r, "leaktrail.family", i % 3 ? "fileserver" : "proxy");
	}
	struct lt_engine *e = lt_engine_new(rs, NULL);
	struct timespec t0, t1, c0, c1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
	lt_time_us base = INT64_C(1793000000) * 1000000;
	for (long i = 0; i < n; i++) {
		struct lt_record *r = &pool[i % POOL];
		/* 100 records per second of event time */
		r->fields[0].val.v.t = base + i * 10000;
		lt_engine_feed(e, r);
	}
	lt_engine_finish(e, NULL, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	double cpu = (double)(c1.tv_sec - c0.tv_sec) + (double)(c1.tv_nsec - c0.tv_nsec) / 1e9;
	/* CPU time is the figure to compare: wall time depends on the machine's load. */
	printf("rules: %zu rules, %ld records, %llu findings: %.3f s CPU = %.0f records/s (wall %.3f s), "
	       "%.1f rules evaluated per record\n", rs->n, n, (unsigned long long)lt_engine_nfindings(e), cpu,
	       (double)n / cpu, secs, n ? (double)lt_engine_evaluations(e) / (double)n : 0.0);
	/* which rules fired, so that a figure dominated by findings is visible */
	for (size_t i = 0; i < rs->n; i++)
		if (lt_engine_rule_findings(e, i))
			fprintf(stderr, "rules_bench: %s: %llu findings\n", rs->rules[i]->file_base,
				(unsigned long long)lt_engine_rule_findings(e, i));
	lt_engine_free(e);
	for (int i = 0; i < POOL; i++)
		lt_rec_free(&pool[i]);
	lt_ruleset_free(rs);
	return 0;
}

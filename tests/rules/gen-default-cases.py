#!/usr/bin/env python3
"""Write the data-driven cases for the default rules (rules/default/) in the
rule suite's folder format (doc/rules.md, "Tests for rules"): for every
default rule file, a positive and a negative case. The rule file is a
symbolic link to rules/default/, so the cases always test the shipped rule.

Records carry the enrichment fields lt_enrich would add (doc/record-format.md, "Enrichment");
the full pipeline (parsers + enrichment + rules) is tested on samples/ by
tests/e2e/samples.sh. expected.jsonl files are written by hand and checked
in; this script only writes rules links, options.json and records.jsonl.
"""
import datetime as dt
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
JST = dt.timezone(dt.timedelta(hours=9))
HOLIDAYS = ["2026-11-03", "2026-11-23"]


def ts(s):
    """Local JST "2026-11-04 19:05:00" -> ISO UTC."""
    d = dt.datetime.strptime(s, "%Y-%m-%d %H:%M:%S").replace(tzinfo=JST)
    return d.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def person(pid, ptype="employee", **kw):
    r = {"leaktrail.person.id": pid, "leaktrail.person.resolved": True,
         "leaktrail.person.type": ptype, "user.name": pid.lower()}
    r.update(kw)
    return r


def local(s, off_hours):
    iso = s.replace(" ", "T") + ".000000+09:00"
    r = {"leaktrail.local.time": iso, "leaktrail.local.date": s[:10],
         "leaktrail.local.hour": int(s[11:13]), "leaktrail.calendar.off_hours": off_hours}
    if off_hours:
        r["leaktrail.calendar.off_hours_time"] = iso
    return r


def file_read(when, pid, path, off_hours, ptype="employee", area=None, **kw):
    r = {"@timestamp": ts(when), "event.category": "file", "event.action": "read",
         "event.outcome": "success", "file.path": path}
    r.update(person(pid, ptype))
    r.update(local(when, off_hours))
    if area:
        r["leaktrail.file.business_area"] = area
    r.update(kw)
    return r


def write_case(name, rule_file, records, options=None):
    d = os.path.join(HERE, name)
    os.makedirs(d, exist_ok=True)
    link = os.path.join(d, "rule.yml")
    if os.path.lexists(link):
        os.remove(link)
    os.symlink(os.path.join("..", "..", "..", "rules", "default", rule_file), link)
    opts = {"tz": "Asia/Tokyo", "holidays": HOLIDAYS}
    opts.update(options or {})
    with open(os.path.join(d, "options.json"), "w") as f:
        json.dump(opts, f, ensure_ascii=False, sort_keys=True)
        f.write("\n")
    with open(os.path.join(d, "records.jsonl"), "w") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def workdays(start, n):
    d = dt.date.fromisoformat(start)
    out = []
    while len(out) < n:
        if d.weekday() < 5 and d.isoformat() not in HOLIDAYS:
            out.append(d.isoformat())
        d += dt.timedelta(days=1)
    return out


def main():
    # R01a off-hours bulk files (files=5 for a small case)
    pos = [file_read("2026-11-04 17:30:00", "E1", "/s/設計/a0", False)]
    pos += [file_read(f"2026-11-04 19:0{i}:00", "E1", f"/s/設計/a{i % 6}", True) for i in range(8)]
    write_case("default-r01-offhours-bulk-pos", "r01_offhours_bulk_files.yml", pos,
               {"set": ["lt-offhours-bulk-files.files=5"]})
    neg = [file_read(f"2026-11-04 19:0{i}:00", "S1", f"/s/設計/b{i}", True, "service") for i in range(8)]
    neg += [file_read(f"2026-11-04 10:0{i}:00", "E2", f"/s/設計/c{i}", False) for i in range(8)]
    neg += [file_read(f"2026-11-04 20:0{i}:00", "E3", f"/s/設計/d{i % 4}", True) for i in range(8)]
    neg += [file_read(f"2026-11-04 21:0{i}:00", "E4", f"/s/設計/e{i}", True, event_outcome=None)
            for i in range(0)]
    neg += [dict(file_read(f"2026-11-04 22:0{i}:00", "E5", f"/s/設計/f{i}", True), **{"event.outcome": "failure"})
            for i in range(8)]
    write_case("default-r01-offhours-bulk-neg", "r01_offhours_bulk_files.yml", neg,
               {"set": ["lt-offhours-bulk-files.files=5"]})

    # R01b off-hours broad access
    pos = [file_read("2026-11-04 19:00:00", "E1", "/s/設計/a", True, area="設計"),
           file_read("2026-11-04 19:01:00", "E1", "/s/設計/b", True, area="設計"),
           file_read("2026-11-05 02:00:00", "E1", "/s/経営企画/x", True, area="経営企画")]
    write_case("default-r01-offhours-broad-pos", "r01_offhours_broad_access.yml", pos)
    neg = [file_read(f"2026-11-04 19:0{i}:00", "E2", f"/s/設計/{i}", True, area="設計") for i in range(5)]
    neg += [file_read("2026-11-04 10:00:00", "E3", "/s/設計/a", False, area="設計"),
            file_read("2026-11-04 10:01:00", "E3", "/s/経営企画/a", False, area="経営企画"),
            file_read("2026-11-04 19:00:00", "E4", "/s/設計/a", True, area="設計"),
            file_read("2026-11-05 19:00:01", "E4", "/s/経営企画/a", True, area="経営企画"),
            file_read("2026-11-04 23:00:00", "S1", "/s/設計/a", True, "service", area="設計"),
            file_read("2026-11-04 23:01:00", "S1", "/s/経営企画/a", True, "service", area="経営企画")]
    write_case("default-r01-offhours-broad-neg", "r01_offhours_broad_access.yml", neg)

    # R02 access surge (floor and min_history small; factor 5)
    days = workdays("2026-10-19", 10)
    sets = ["lt-access-surge.floor=10", "lt-access-surge.min_history=5"]
    pos, neg = [], []
    for d in days:
        pos += [file_read(f"{d} 10:0{i}:00", "E1", f"/s/設計/usual{i}", False) for i in range(2)]
        neg += [file_read(f"{d} 10:{i:02d}:00", "E2", f"/s/設計/usual{i}", False) for i in range(10)]
    pos += [file_read(f"2026-11-04 19:{i:02d}:00", "E1", f"/s/設計/surge{i}", True) for i in range(15)]
    neg += [file_read(f"2026-11-04 19:{i:02d}:00", "E2", f"/s/設計/more{i}", True) for i in range(15)]
    neg += [file_read(f"2026-11-04 11:{i:02d}:00", "E3", f"/s/設計/new{i}", False) for i in range(15)]
    write_case("default-r02-access-surge-pos", "r02_access_surge.yml", pos, {"set": sets})
    write_case("default-r02-access-surge-neg", "r02_access_surge.yml", neg, {"set": sets})

    # R03 secret repository outside one's own area
    pos = [file_read("2026-11-05 10:00:00", "E1", "/s/経営企画/plan.pptx", False, area="経営企画",
                     **{"leaktrail.file.own_area": False}),
           file_read("2026-11-05 10:05:00", "E1", "/s/経営企画/budget.xlsx", False, area="経営企画",
                     **{"leaktrail.file.own_area": False}),
           file_read("2026-11-05 10:06:00", "E1", "/s/品質保証/lot1.pdf", False, area="品質保証",
                     **{"leaktrail.file.own_area": False}),
           file_read("2026-11-06 09:00:00", "E1", "/s/経営企画/plan.pptx", False, area="経営企画",
                     **{"leaktrail.file.own_area": False})]
    write_case("default-r03-outside-area-pos", "r03_secret_repo_outside_area.yml", pos)
    neg = [file_read("2026-11-05 10:00:00", "E2", "/s/経営企画/plan.pptx", False, area="経営企画",
                     **{"leaktrail.file.own_area": True}),
           file_read("2026-11-05 02:00:00", "S1", "/s/経営企画/plan.pptx", True, "service", area="経営企画",
                     **{"leaktrail.file.own_area": False}),
           dict(file_read("2026-11-05 10:00:00", "E3", "/s/経営企画/plan.pptx", False, area="経営企画",
                          **{"leaktrail.file.own_area": False}), **{"event.outcome": "failure"}),
           file_read("2026-11-05 10:00:00", "U1", "/s/営業/list.xlsx", False)]
    write_case("default-r03-outside-area-neg", "r03_secret_repo_outside_area.yml", neg)

    # R04a departing bulk files (files=5)
    dep = {"leaktrail.person.departing": True}
    pos = [file_read(f"2026-11-10 1{i % 10}:00:00", "E1", f"/s/設計/{i}", False, **dep) for i in range(6)]
    write_case("default-r04-departing-bulk-pos", "r04_departing_bulk_files.yml", pos,
               {"set": ["lt-departing-bulk-files.files=5"]})
    neg = [file_read(f"2026-11-10 1{i % 10}:00:00", "E2", f"/s/設計/{i}", False,
                     **{"leaktrail.person.departing": False}) for i in range(9)]
    neg += [file_read(f"2026-11-10 1{i % 10}:30:00", "E3", f"/s/設計/{i % 4}", False, **dep) for i in range(9)]
    neg += [file_read(f"2026-11-1{i}T10:00:00".replace("T", " "), "E4", f"/s/設計/{i}", False, **dep)
            for i in range(1, 6)]
    write_case("default-r04-departing-bulk-neg", "r04_departing_bulk_files.yml", neg,
               {"set": ["lt-departing-bulk-files.files=5"]})

    # R04b departing broad access
    pos = [file_read("2026-11-10 10:00:00", "E1", "/s/設計/a", False, area="設計", **dep),
           file_read("2026-11-10 11:00:00", "E1", "/s/品質保証/b", False, area="品質保証", **dep)]
    write_case("default-r04-departing-broad-pos", "r04_departing_broad_access.yml", pos)
    neg = [file_read("2026-11-10 10:00:00", "E2", "/s/設計/a", False, area="設計",
                     **{"leaktrail.person.departing": False}),
           file_read("2026-11-10 10:01:00", "E2", "/s/品質保証/a", False, area="品質保証",
                     **{"leaktrail.person.departing": False}),
           file_read("2026-11-10 10:02:00", "E3", "/s/設計/a", False, area="設計", **dep),
           file_read("2026-11-10 10:03:00", "E3", "/s/設計/b", False, area="設計", **dep),
           file_read("2026-11-10 10:04:00", "E3", "/s/営業/c", False, **dep)]
    write_case("default-r04-departing-broad-neg", "r04_departing_broad_access.yml", neg)

    # R05 activity after the last day
    def logon(when, pid, off_hours, ptype="employee", **kw):
        r = {"@timestamp": ts(when), "event.category": "authentication", "event.action": "ssh_login",
             "event.outcome": "success", "host.name": "dev01"}
        r.update(person(pid, ptype))
        r.update(local(when, off_hours))
        r.update(kw)
        return r
    after = {"leaktrail.person.after_last_day": True, "leaktrail.person.days_to_last_day": -4}
    pos = [logon("2026-11-24 21:40:12", "E1", True, **after),
           logon("2026-11-24 21:41:00", "E1", True, **after),
           logon("2026-11-25 08:00:00", "E1", True, **dict(after, **{"leaktrail.person.days_to_last_day": -5}))]
    write_case("default-r05-after-last-day-pos", "r05_after_last_day.yml", pos)
    neg = [logon("2026-11-20 17:00:00", "E1", False, **{"leaktrail.person.after_last_day": False,
                                                        "leaktrail.person.days_to_last_day": 0}),
           logon("2026-11-24 09:00:00", "E2", False)]
    write_case("default-r05-after-last-day-neg", "r05_after_last_day.yml", neg)
    write_case("default-r05-after-last-day-no-people", "r05_after_last_day.yml", pos[:1],
               {"context": ["business_hours"]})

    # R14 vendor outside its contract window
    pos = [logon("2026-11-16 10:05:00", "V1", False, "vendor", **{"leaktrail.person.outside_contract": True,
                                                                  "leaktrail.person.after_last_day": True})]
    write_case("default-r14-vendor-pos", "r14_vendor_outside_contract.yml", pos)
    neg = [logon("2026-11-10 10:30:00", "V1", False, "vendor", **{"leaktrail.person.outside_contract": False,
                                                                  "leaktrail.person.after_last_day": False}),
           logon("2026-11-16 10:05:00", "E1", False)]
    write_case("default-r14-vendor-neg", "r14_vendor_outside_contract.yml", neg)

    # R06 unapproved USB
    def usb(when, host, serial, approved, action="attach"):
        r = {"@timestamp": ts(when), "event.category": "host", "event.action": action,
             "host.name": host, "leaktrail.usb.vendor": "Kingston", "leaktrail.usb.product": "DataTraveler",
             "leaktrail.usb.approved": approved}
        if serial:
            r["leaktrail.usb.serial"] = serial
        return r
    pos = [usb("2026-11-10 19:40:11", "pc-suzuki", "E0D55EA57433F6A0B9A1B2C3", False),
           usb("2026-11-11 09:00:00", "pc-ito", None, False)]
    write_case("default-r06-usb-pos", "r06_usb_unapproved.yml", pos)
    neg = [usb("2026-11-09 10:15:02", "pc-sato", "SSK-USB-0001", True),
           usb("2026-11-10 19:55:00", "pc-suzuki", "E0D55EA57433F6A0B9A1B2C3", False, "detach"),
           {"@timestamp": ts("2026-11-10 10:00:00"), "event.category": "host", "event.action": "attach",
            "host.name": "pc-x"}]
    write_case("default-r06-usb-neg", "r06_usb_unapproved.yml", neg)

    # R07 external mail with attachments (score 3-4 medium, >= 5 high)
    def mail(when, pid, score, external=True, outbound=True, att=1, why=()):
        r = {"@timestamp": ts(when), "event.category": "email", "event.action": "message",
             "email.from.address": pid.lower() + "@sample-seiki.co.jp",
             "email.to.address": ["x@gmail.com"], "leaktrail.mail.outbound": outbound,
             "leaktrail.mail.external": external, "leaktrail.mail.external_recipients": ["x@gmail.com"],
             "leaktrail.mail.attachment_count": att, "leaktrail.mail.score": score,
             "leaktrail.mail.score_reasons": list(why)}
        r.update(person(pid))
        return r
    pos = [mail("2026-11-09 12:10:00", "C1", 3, why=("freemail", "classified_attachment")),
           mail("2026-11-05 19:32:10", "E1", 8, why=("personal_address", "freemail", "classified_attachment",
                                                      "off_hours", "departing"))]
    write_case("default-r07-mail-pos", "r07_mail_external_attachment.yml", pos)
    neg = [mail("2026-11-05 10:02:00", "E2", -2, why=("partner_only",)),
           mail("2026-11-05 11:00:00", "E3", 2, why=("name_like",)),
           mail("2026-11-05 12:00:00", "E4", 5, external=False),
           mail("2026-11-05 13:00:00", "E5", 5, att=0),
           mail("2026-11-05 14:00:00", "E6", 5, outbound=False)]
    write_case("default-r07-mail-neg", "r07_mail_external_attachment.yml", neg)

    # R08 auto-forwarding
    def fwd(when, forwarded):
        return {"@timestamp": ts(when), "event.category": "email", "event.action": "message",
                "email.from.address": "tantou@client-corp.example",
                "email.to.address": ["ichiro.suzuki.1988@gmail.com"],
                "leaktrail.mail.external_recipients": ["ichiro.suzuki.1988@gmail.com"],
                "leaktrail.mail.forwarded_external": forwarded}
    write_case("default-r08-autoforward-pos", "r08_mail_autoforward_external.yml",
               [fwd("2026-11-12 08:05:03", True)])
    write_case("default-r08-autoforward-neg", "r08_mail_autoforward_external.yml",
               [fwd("2026-11-12 08:05:03", False),
                {"@timestamp": ts("2026-11-12 09:00:00"), "event.category": "email",
                 "email.from.address": "a@sample-seiki.co.jp"}])

    # R09 uploads and file-sharing access
    def web(when, pid, domain, cat, approved, upload, method="POST", outcome="success"):
        r = {"@timestamp": ts(when), "event.category": "web", "event.action": "TCP_MISS",
             "event.outcome": outcome, "http.request.method": method, "url.domain": domain,
             "url.original": f"https://{domain}/x", "leaktrail.web.upload": upload}
        if cat:
            r["leaktrail.web.category"] = cat
            r["leaktrail.web.approved"] = approved
        r.update(person(pid))
        return r
    pos = [web("2026-11-04 21:10:00", "E1", "xfer7.gigafile.nu", "file-sharing", False, True),
           web("2026-11-04 21:02:00", "E1", "www.dropbox.com", "online-storage", False, False, "CONNECT"),
           web("2026-11-04 21:20:00", "E1", "mail.google.com", "webmail", False, True)]
    pos.sort(key=lambda r: r["@timestamp"])
    write_case("default-r09-web-pos", "r09_web_upload.yml", pos)
    neg = [web("2026-11-05 11:20:00", "E2", "upload.app.box.com", "online-storage", True, True),
           web("2026-11-05 11:21:00", "E2", "app.box.com", "online-storage", True, False, "GET"),
           web("2026-11-05 11:22:00", "E2", "mail.google.com", "webmail", False, False, "GET"),
           web("2026-11-05 11:23:00", "E2", "www.jisc.go.jp", None, None, True),
           web("2026-11-05 11:24:00", "E3", "xfer7.gigafile.nu", "file-sharing", False, True, outcome="failure")]
    write_case("default-r09-web-neg", "r09_web_upload.yml", neg)

    # R10 printing (pages=150 for a small case: 172 pages for E1, at most 101 for the others)
    def pr(when, pid, pages, doc="図面.pdf", classified=False):
        r = {"@timestamp": ts(when), "event.category": "print", "event.action": "print",
             "leaktrail.print.pages": pages, "leaktrail.print.document": doc, "file.name": doc,
             "leaktrail.file.classified": classified}
        if classified:
            r["leaktrail.file.label"] = "社外秘"
        r.update(person(pid))
        r.update(local(when, False))
        return r
    pos = [pr(f"2026-11-06 1{i}:00:00", "E1", 3) for i in range(6)]
    pos.insert(2, pr("2026-11-06 11:30:00", "E1", 150))
    pos.append(pr("2026-11-06 17:00:00", "E1", 4, "【社外秘】組立図.pdf", True))
    write_case("default-r10-print-pos", "r10_print.yml", pos, {"set": ["lt-print-mass-daily.pages=150"]})
    neg = [pr(f"2026-11-06 1{i}:00:00", "E2", 3) for i in range(3)]
    neg += [pr(f"2026-11-09 1{i}:00:00", "E2", 3) for i in range(3)]
    neg += [pr("2026-11-06 10:30:00", "E3", 99), pr("2026-11-06 10:40:00", "E3", 2, "秘書室便り.pdf", False)]
    write_case("default-r10-print-neg", "r10_print.yml", neg, {"set": ["lt-print-mass-daily.pages=150"]})

    # R12 off-hours logons; the baseline variant needs history
    hist = workdays("2026-10-19", 10)
    pos = [logon(f"{d} 09:10:00", "E1", False) for d in hist]
    pos.append(logon("2026-11-03 20:14:09", "E1", True, **{"leaktrail.calendar.holiday": True,
                                                            "leaktrail.calendar.holiday_name": "文化の日"}))
    def vpn(when, pid, action, cat, **kw):
        r = logon(when, pid, True, **kw)
        r.update({"event.category": cat, "event.action": action, "host.name": "vpn01",
                  "leaktrail.vpn.assigned_ip": "10.8.0.21"})
        return r
    # one VPN connection: login, session start and a duplicated syslog copy -> one finding
    pos.append(vpn("2026-11-04 19:00:00", "E1", "vpn_login", "authentication"))
    pos.append(vpn("2026-11-04 19:00:00", "E1", "vpn_login", "authentication", **{"leaktrail.duplicate_of_line": 12}))
    pos.append(vpn("2026-11-04 19:00:01", "E1", "vpn_session_start", "session"))
    pos.append(vpn("2026-11-04 19:00:01", "E1", "vpn_session_start", "session", **{"leaktrail.duplicate_of_line": 14}))
    write_case("default-r12-offhours-logon-pos", "r12_offhours_logon.yml", pos)
    neg = []
    for d in hist + ["2026-11-04"]:
        neg.append(logon(f"{d} 19:30:00", "E2", True))
    neg.append(logon("2026-11-04 09:00:00", "E3", False))
    neg.append(logon("2026-11-04 22:00:00", "E5", True))  # first record ever: no history, no baseline
    neg.append(logon("2026-11-04 02:00:00", "S1", True, "service"))
    neg.append(dict(logon("2026-11-04 03:03:03", "E4", True), **{"event.outcome": "failure"}))
    neg.append(dict(logon("2026-11-04 03:04:00", "PC-SUZUKI$", True), **{"user.name": "PC-SUZUKI$"}))
    neg.sort(key=lambda r: r["@timestamp"])
    write_case("default-r12-offhours-logon-neg", "r12_offhours_logon.yml", neg)


if __name__ == "__main__":
    main()

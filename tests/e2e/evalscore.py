#!/usr/bin/env python3
"""Score a scan of the evaluation organisation (tests/e2e/evalorg.py):
recall (a story counts when its person has a person alert raised within a
day after its first malicious act, or an alert already open that the act
joined) and the false-alert rate (benign people with a person alert).

usage: evalscore.py TRUTH.json FINDINGS.jsonl
Prints one line per story, the figures, and exits 1 when a story is missed
or more than 2 % of benign people got an alert."""
import datetime as dt
import json
import sys


def t(s):
    return dt.datetime.fromisoformat(s.replace("Z", "+00:00"))


truth = json.load(open(sys.argv[1]))
alerts, findings = [], {}
for line in open(sys.argv[2], encoding="utf-8"):
    f = json.loads(line)
    if f.get("kind") == "person_alert":
        raised = [v["values"][0] for v in f["values"] if v["field"] == "leaktrail.risk.raised_at"][0]
        alerts.append((f["person"], t(raised), t(f["last"]), f["risk"]))
    else:
        findings[f["id"]] = f
stories = {s["person"]: s for s in truth["stories"]}
hit = 0
for s in truth["stories"]:
    act = t(s["first_act"])
    ok = [a for a in alerts if a[0] == s["person"] and
          (act <= a[1] <= act + dt.timedelta(days=1) or (a[1] < act <= a[2]))]
    hit += bool(ok)
    print(f"{s['story']} {s['person']}: " + (f"alerted at {ok[0][1].isoformat()} (risk {ok[0][3]:.1f})"
                                             if ok else "MISSED"))
benign_alerted = sorted({a[0] for a in alerts if a[0] not in stories})
nbenign = truth["people"] - len(stories)
rate = 100.0 * len(benign_alerted) / nbenign
print(f"recall: {hit}/{len(truth['stories'])}")
print(f"false alerts: {len(benign_alerted)} of {nbenign} benign people ({rate:.2f} %): {' '.join(benign_alerted)}")
print(f"incidents: {len(findings)}, person alerts: {len(alerts)}")
sys.exit(0 if hit == len(truth["stories"]) and rate <= 2.0 else 1)

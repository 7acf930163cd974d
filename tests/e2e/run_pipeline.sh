#!/bin/sh
# leaktrail run on samples/: one command gives the case, the reports and a
# summary; run twice, every export is byte-identical (only the manifest
# carries run times); verify passes; audit log has the run.
set -u
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_init run
here="$LT_SRCDIR/tests/e2e"
logs="$LT_SRCDIR/samples/logs"
[ -d "$logs" ] || e2e_skip_all "samples/logs is missing"
e2e_need python3
C="$W/case"
ctx="$LT_SRCDIR/samples/context.yaml"
[ -f "$ctx" ] && set -- --context "$ctx" || set --

"$LT_BIN" run -o "$C" "$@" --tz Asia/Tokyo --examiner "Examiner A" --case-id CASE-7 "$logs" >"$W/summary" 2>"$W/err"
st=$?
check_cmd "run exits 0, 1 or 2 (clean, findings, faults)" test "$st" -le 2
check_cmd "summary names sources, records, unparsed lines, findings by level, report" sh -c "
	grep -q 'sources:' '$W/summary' && grep -q 'records:' '$W/summary' && grep -q 'unparsed' '$W/summary' &&
	grep -q 'findings: .*critical .*high' '$W/summary' && grep -q 'report: .*report.ja.html' '$W/summary'"
for f in report.ja.html report.en.html timeline.csv timeline.jsonl; do
	check_cmd "run wrote exports/$f" test -s "$C/exports/$f"
done
check_cmd "manifest has case id, examiner, scan digests, outputs" python3 - "$C/manifest.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
assert m["case"]["id"] == "CASE-7" and m["case"]["examiner"] == "Examiner A", m["case"]
assert len(m["scan"]["ruleset_digest"]) == 64 and m["scan"]["rule_files"], m["scan"]
assert m["scan"]["ruleset_digest"] == m["rules"]["digest"]
assert m["store"]["files"] and all(len(f["sha256"]) == 64 for f in m["store"]["files"]), m.get("store")
assert len(m["outputs"]["findings.jsonl"]["sha256"]) == 64
assert all(k in m["outputs"] for k in ("exports/report.ja.html", "exports/timeline.csv", "exports/timeline.jsonl"))
PY
check_cmd "html report is well-formed and self-contained" python3 "$here/export_check.py" html "$C/exports/report.ja.html"
check_cmd "html report names case, examiner, rule set digest" sh -c "grep -q CASE-7 '$C/exports/report.en.html' && grep -q 'Examiner A' '$C/exports/report.en.html' && grep -q \"\$(python3 -c \"import json;print(json.load(open('$C/manifest.json'))['scan']['ruleset_digest'])\")\" '$C/exports/report.en.html'"
check_cmd "csv reads back" python3 "$here/export_check.py" csv "$C/exports/timeline.csv" bom
check_cmd "every event cites its evidence file's SHA-256, and the cited line is in it" python3 - "$C/exports/timeline.csv" <<'PY'
import csv, gzip, hashlib, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")) if r["entry_type"] == "event"]
assert rows, "no events"
seen = {}
for r in rows:
    p = r["source_path"]
    if p not in seen:
        seen[p] = hashlib.sha256(open(p, "rb").read()).hexdigest()
    assert r["source_sha256"] == seen[p], (p, r["source_sha256"])
    if not r["member"] and p.endswith(".log"):
        data = open(p, "rb").read()
        off = int(r["offset"])
        line = data[off:].split(b"\n", 1)[0].rstrip(b"\r").decode("utf-8", "replace")
        raw = r["raw"][1:] if r["raw"][:1] == "'" and r["raw"][1:2] in "=+-@\t\r'" else r["raw"]
        assert line == raw, (p, off, line[:60], raw[:60])
PY
if [ "$(wc -l <"$C/exports/timeline.jsonl")" -ge 3 ]; then
	check_cmd "jsonl for Timesketch" python3 "$here/export_check.py" jsonl "$C/exports/timeline.jsonl"
fi
check_cmd "verify the fresh case" "$LT_BIN" verify "$C"
check_cmd "audit log has the run" grep -q '"argv":\["run"' "$C/audit.log"

mkdir "$W/first"
cp "$C/exports/"* "$W/first/"
cp "$C/findings.jsonl" "$W/first/"
rm -rf "$C"
"$LT_BIN" run -o "$C" "$@" --tz Asia/Tokyo --examiner "Examiner A" --case-id CASE-7 "$logs" >/dev/null 2>&1
for f in report.ja.html report.en.html timeline.csv timeline.jsonl; do
	check_cmd "determinism: $f byte-identical on a second run" cmp "$W/first/$f" "$C/exports/$f"
done
check_cmd "determinism: findings byte-identical" cmp "$W/first/findings.jsonl" "$C/findings.jsonl"
flip() { python3 -c "import sys; p=sys.argv[1]; o=int(sys.argv[2]); b=bytearray(open(p,'rb').read()); b[o]^=1; open(p,'wb').write(bytes(b))" "$1" "$2"; }
run1=$(ls "$C"/records/* | head -n 1)
cp "$run1" "$W/keep"
flip "$run1" 40
check_cmd "verify: flipped byte in the record store -> 3, names the run file" sh -c "'$LT_BIN' verify '$C' >'$W/st' 2>&1; [ \$? -eq 3 ] && grep -q 'first difference: case file records/' '$W/st'"
cp "$W/keep" "$run1"
cp "$C/findings.jsonl" "$W/keep"
flip "$C/findings.jsonl" 30
check_cmd "verify: flipped byte in findings.jsonl -> 3, names it" sh -c "'$LT_BIN' verify '$C' >'$W/st' 2>&1; [ \$? -eq 3 ] && grep -q 'findings.jsonl' '$W/st'"
cp "$W/keep" "$C/findings.jsonl"
check_cmd "run on an existing case is refused (64)" sh -c "'$LT_BIN' run -o '$C' '$logs' >/dev/null 2>&1; [ \$? -eq 64 ]"
check_cmd "verify still passes after the refused run" "$LT_BIN" verify -q "$C"

e2e_finish

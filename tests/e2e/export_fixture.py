#!/usr/bin/env python3
"""Build a small case for the export tests: evidence files (a plain log and
a tar with one member), a manifest in the core layout, and findings.jsonl in
the layout of src/rules/finding.c, citing real lines of the evidence.

usage: export_fixture.py WORKDIR  -> WORKDIR/evidence/..., WORKDIR/case/...
"""
import hashlib, io, json, os, sys, tarfile

work = sys.argv[1]
ev = os.path.join(work, "evidence")
case = os.path.join(work, "case")
os.makedirs(ev, exist_ok=True)
os.makedirs(case, exist_ok=True)

proxy_lines = [
    "1764043200.123 120 10.0.0.5 TCP_MISS/200 5120000 POST https://storage.example.net/upload tanaka DIRECT/1.2.3.4 application/octet-stream",
    '1764043260.456 80 10.0.0.5 TCP_MISS/200 20480 GET "https://mail.example.org/?q=Project-Tsubasa,a" tanaka DIRECT/1.2.3.5 text/html',
    "=HYPERLINK(\"http://evil\") 1764046800.000 5 10.0.0.9 TCP_MISS/200 100 GET https://x.example/ suzuki DIRECT/1.2.3.6 -",
]
file_lines = [
    "Nov 25 02:10:00 fs1 smbd_audit: tanaka|10.0.0.5|pc1|share|openat|ok|r|設計/Project-Tsubasa/図面.dwg",
    "Nov 25 02:11:00 fs1 smbd_audit: tanaka|10.0.0.5|pc1|share|openat|ok|r|設計/Project-Tsubasa/仕様書.xlsx",
]
proxy = os.path.join(ev, "proxy.log")
with open(proxy, "wb") as f:
    f.write(("\n".join(proxy_lines) + "\n").encode())
member_bytes = ("\n".join(file_lines) + "\n").encode()
tpath = os.path.join(ev, "fileserver.tar")
with tarfile.open(tpath, "w", format=tarfile.USTAR_FORMAT) as t:
    info = tarfile.TarInfo("audit/smb.log")
    info.size = len(member_bytes)
    info.mtime = 1764000000
    t.addfile(info, io.BytesIO(member_bytes))

def sha(b):
    return hashlib.sha256(b).hexdigest()

def fsha(p):
    with open(p, "rb") as f:
        return sha(f.read())

manifest = {
    "case_id": "CASE-2026-042",
    "examiner": "Test Examiner",
    "tz": "Asia/Tokyo",
    "sources": [
        {"path": proxy, "sha256": fsha(proxy), "size": os.path.getsize(proxy),
         "parser": "squid", "lines": 3, "parsed": 3, "unparsed": 0},
        {"path": tpath, "sha256": fsha(tpath), "size": os.path.getsize(tpath),
         "streams": [{"member": "audit/smb.log", "sha256": sha(member_bytes), "size": len(member_bytes)}],
         "parser": "samba", "lines": 2, "parsed": 2, "unparsed": 0},
    ],
}
with open(os.path.join(case, "manifest.json"), "w") as f:
    json.dump(manifest, f, indent=2, sort_keys=True)

def offsets(lines):
    out, off = [], 0
    for l in lines:
        out.append(off)
        off += len(l.encode()) + 1
    return out

po, fo = offsets(proxy_lines), offsets(file_lines)

def ref(time, path, digest, member, off, line, raw, summary):
    return {"time": time, "source_path": path, "source_sha256": digest, "member": member,
            "offset": off, "line": line, "raw": raw, "summary": summary}

findings = [
    {"id": "f1a1", "rule_id": "lt-upload-storage", "rule_version": "2026-11-01", "rule_sha256": "ab" * 32,
     "rule_file": "upload.yml", "rule_title_en": "Upload to online storage", "rule_title_ja": "オンラインストレージへのアップロード",
     "level": "high", "person": "tanaka", "group_key": "tanaka",
     "first": "2026-11-25T04:00:00.123000Z", "last": "2026-11-25T04:01:00.456000Z",
     "message_en": "tanaka (tanaka@example.co.jp) uploaded 5 MB", "message_ja": "tanaka が 5 MB をアップロード",
     "references": ["handbook 3-4"], "nrefs_total": 3,
     "refs": [ref("2026-11-25T04:00:00.123000Z", proxy, fsha(proxy), None, po[0], 1, proxy_lines[0], "POST https://storage.example.net/upload 5120000 bytes"),
              ref("2026-11-25T04:01:00.456000Z", proxy, fsha(proxy), None, po[1], 2, proxy_lines[1], None)]},
    {"id": "f2b2", "rule_id": "lt-secret-repo", "rule_version": "1", "rule_sha256": "cd" * 32,
     "rule_file": "repo.yml", "rule_title_en": "Off-hours access to a secret repository", "rule_title_ja": "時間外の機密フォルダへのアクセス",
     "level": "critical", "person": "tanaka", "group_key": "tanaka",
     "first": "2026-11-24T17:10:00.000000Z", "last": "2026-11-24T17:11:00.000000Z",
     "message_en": "2 files read in Project-Tsubasa at night", "message_ja": "深夜に Project-Tsubasa のファイル 2 件を閲覧",
     "references": [], "nrefs_total": 2,
     "refs": [ref("2026-11-24T17:10:00.000000Z", tpath, fsha(tpath), "audit/smb.log", fo[0], 1, file_lines[0], "read 設計/Project-Tsubasa/図面.dwg"),
              ref("2026-11-24T17:11:00.000000Z", tpath, fsha(tpath), "audit/smb.log", fo[1], 2, file_lines[1], "read 設計/Project-Tsubasa/仕様書.xlsx")]},
    {"id": "f3c3", "rule_id": "lt-formula", "rule_version": "1", "rule_sha256": "ef" * 32,
     "rule_file": "x.yml", "rule_title_en": "=cmd title", "rule_title_ja": "=cmd タイトル",
     "level": "low", "person": "suzuki", "group_key": "suzuki",
     "first": "2026-11-25T05:00:00.000000Z", "last": "2026-11-25T05:00:00.000000Z",
     "message_en": "+1 \"quoted\", comma", "message_ja": "-1 \"引用\", カンマ",
     "references": [], "nrefs_total": 1,
     "refs": [ref("2026-11-25T05:00:00.000000Z", proxy, fsha(proxy), None, po[2], 3, proxy_lines[2], "@SUM(1)")]},
]
with open(os.path.join(case, "findings.jsonl"), "w") as f:
    for x in findings:
        f.write(json.dumps(x, ensure_ascii=False) + "\n")

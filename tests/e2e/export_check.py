#!/usr/bin/env python3
"""Checks for the export e2e test, one sub-command per check; each exits 0
when the file passes and prints why it does not otherwise.

  csv FILE [bom|nobom]   RFC 4180 read back by Python's csv module; CRLF; BOM;
                         header; the hash chain recomputed (doc/evidence.md)
  jsonl FILE             Timesketch's required fields (message, datetime with
                         microseconds, timestamp_desc), >= 3 lines; the chain
  html FILE              well-formed (balanced tags) and self-contained (no
                         scripts, external links, images, fonts, url(), @import)
  absent FILE WORD...    none of the words occurs in FILE (case-insensitive)
  present FILE WORD...   every word occurs in FILE
"""
import csv, hashlib, io, json, re, sys
from html.parser import HTMLParser

CHAINED = ["seq", "datetime", "datetime_local", "timestamp", "timestamp_desc", "entry_type",
           "message", "person", "rule_id", "rule_title", "level", "finding_id", "source_path",
           "source_sha256", "member", "offset", "line", "raw"]


def esc(s):
    return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")


def entry_hash(row):
    canon = "\n".join([esc(row["prev_hash"])] + [esc(row[c]) for c in CHAINED])
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()


def check_chain(rows):
    prev = "0" * 64
    for i, r in enumerate(rows, 1):
        if r["prev_hash"] != prev:
            sys.exit(f"entry {i}: prev_hash does not link")
        if entry_hash(r) != r["hash"]:
            sys.exit(f"entry {i}: hash does not match its content")
        prev = r["hash"]


def unguard(v):
    return v[1:] if len(v) > 1 and v[0] == "'" and v[1] in "=+-@\t\r'" else v


def do_csv(path, bom="bom"):
    data = open(path, "rb").read()
    has_bom = data.startswith(b"\xef\xbb\xbf")
    if (bom == "bom") != has_bom:
        sys.exit(f"BOM expected={bom} present={has_bom}")
    text = data.decode("utf-8-sig")
    if data.count(b"\n") != data.count(b"\r\n") or not data.endswith(b"\r\n"):
        sys.exit("records do not all end with CRLF")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    if not rows:
        sys.exit("no rows")
    for r in rows:
        for k, v in r.items():
            if v and v[0] in "=+-@" :
                sys.exit(f"unguarded formula-like cell in {k}: {v[:20]}")
    rows = [{k: unguard(v) for k, v in r.items()} for r in rows]
    check_chain(rows)
    print(f"csv ok: {len(rows)} rows")


def do_jsonl(path):
    lines = open(path, encoding="utf-8").read().splitlines()
    if len(lines) < 3:
        sys.exit("Timesketch needs at least 3 lines (timesketch#2467)")
    rows = []
    for n, l in enumerate(lines, 1):
        o = json.loads(l)
        for k in ("message", "datetime", "timestamp_desc"):
            if not isinstance(o.get(k), str) or not o[k]:
                sys.exit(f"line {n}: missing {k}")
        if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}(Z|[+-]\d\d:\d\d)", o["datetime"]):
            sys.exit(f"line {n}: datetime {o['datetime']} is not ISO 8601 with microseconds")
        if not isinstance(o.get("timestamp"), int):
            sys.exit(f"line {n}: timestamp is not an integer")
        rows.append({k: ("" if o.get(k) is None else str(o.get(k))) for k in CHAINED + ["prev_hash", "hash"]})
    check_chain(rows)
    print(f"jsonl ok: {len(rows)} lines")


VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source", "embed", "param", "track"}
SVG_SELF = {"rect", "line", "circle", "path", "polyline", "polygon", "ellipse"}


class Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.in_style = [], [], False

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "link", "img", "iframe", "object", "embed", "base", "image", "use"):
            self.errors.append(f"forbidden element <{tag}>")
        for k, v in attrs:
            v = v or ""
            if k == "src" or k.startswith("on"):
                self.errors.append(f"attribute {k}= on <{tag}>")
            if k in ("href", "xlink:href", "action") and not v.startswith("#"):
                self.errors.append(f"external {k}={v}")
            if k == "style" and ("url(" in v or "@import" in v):
                self.errors.append("url() in a style attribute")
        if tag not in VOID:
            self.stack.append(tag)
        self.in_style = tag == "style"

    def handle_startendtag(self, tag, attrs):
        if tag not in VOID and tag not in SVG_SELF:
            self.errors.append(f"self-closed <{tag}/>")
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> does not close <{self.stack[-1] if self.stack else ''}>")
            return
        self.stack.pop()
        self.in_style = False

    def handle_data(self, data):
        if self.in_style and ("url(" in data or "@import" in data or "@font-face" in data):
            self.errors.append("url()/@import/@font-face in CSS")


def do_html(path):
    text = open(path, encoding="utf-8").read()
    if not text.startswith("<!DOCTYPE html>"):
        sys.exit("no doctype")
    c = Checker()
    c.feed(text)
    c.close()
    if c.stack:
        c.errors.append(f"unclosed {c.stack}")
    if c.errors:
        sys.exit("; ".join(c.errors[:5]))
    if "@media print" not in text:
        sys.exit("no print style")
    print("html ok")


def do_absent(path, *words):
    text = open(path, encoding="utf-8-sig").read().lower()
    for w in words:
        if w.lower() in text:
            sys.exit(f"{w} occurs in {path}")


def do_present(path, *words):
    text = open(path, encoding="utf-8-sig").read()
    for w in words:
        if w not in text:
            sys.exit(f"{w} missing from {path}")


{"csv": do_csv, "jsonl": do_jsonl, "html": do_html, "absent": do_absent,
 "present": do_present}[sys.argv[1]](*sys.argv[2:])

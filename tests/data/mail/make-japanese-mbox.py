#!/usr/bin/env python3
"""How tests/data/mail/japanese.mbox was made (kept for transparency; the
test reads the committed file). Python's own encoders produce the encoded
words, RFC 2231 parameters, base64 and quoted-printable bodies, so the
expected names, sizes and SHA-256 in tests/unit/test_parsers_mail.c come
from Python, not from leaktrail. Run: python3 make-japanese-mbox.py > japanese.mbox"""
import base64, hashlib, quopri, sys

def bword(s, cs):
    return "=?%s?B?%s?=" % (cs, base64.b64encode(s.encode('cp932' if cs == 'Shift_JIS' else cs)).decode())

def b64lines(data):
    e = base64.b64encode(data).decode()
    return "\r\n".join(e[i:i + 76] for i in range(0, len(e), 76))

att1 = bytes(range(256)) * 3 + "社外秘".encode()
att2 = "見積書\r\n金額: 100万円\r\n".encode('cp932')
att3 = "line one = café\r\nline two".encode('utf-8')
qp = quopri.encodestring(att3.replace(b"\r\n", b"\n")).decode().replace("\n", "\r\n")
j = "【社外秘】顧客リスト送付".encode('iso2022_jp')
w1 = "=?ISO-2022-JP?B?%s?=" % base64.b64encode(j[:9]).decode()   # cut inside a character
w2 = "=?ISO-2022-JP?B?%s?=" % base64.b64encode(j[9:]).decode()
fn1 = "UTF-8''" + "".join("%%%02X" % c for c in "社外秘_顧客.xlsx".encode())
pct = "".join("%%%02X" % c for c in "議事録メモ.txt".encode('iso2022_jp'))
msg = ("From tanaka@example.co.jp Tue Nov 24 01:02:03 2026\r\n"
       "Return-Path: <tanaka@example.co.jp>\r\n"
       "Date: Tue, 24 Nov 2026 10:02:03 +0900 (JST)\r\n"
       "From: " + bword("田中 太郎", "ISO-2022-JP") + " <tanaka@example.co.jp>\r\n"
       "To: \"Rival, Inc.\" <buyer@rival.example>, plain@rival.example (comment)\r\n"
       "Cc: undisclosed-recipients:;\r\n"
       "Bcc: self@gmail.example\r\n"
       "Subject: " + w1 + "\r\n " + w2 + "\r\n"
       "Message-ID: <20261124100203.ABC@example.co.jp>\r\n"
       "MIME-Version: 1.0\r\n"
       "Content-Type: multipart/mixed;\r\n boundary=\"==outer==\"\r\n"
       "\r\n"
       "preamble\r\n"
       "--==outer==\r\n"
       "Content-Type: multipart/alternative; boundary=inner\r\n"
       "\r\n"
       "--inner\r\n"
       "Content-Type: text/plain; charset=ISO-2022-JP\r\n"
       "\r\n"
       "body text\r\n"
       "From the body, not a separator (no blank line before)\r\n"
       "--inner--\r\n"
       "\r\n"
       "--==outer==\r\n"
       "Content-Type: application/vnd.ms-excel; name=\"x.xlsx\"\r\n"
       "Content-Transfer-Encoding: base64\r\n"
       "Content-Disposition: attachment;\r\n filename*=" + fn1 + "\r\n"
       "\r\n" + b64lines(att1) + "\r\n"
       "--==outer==\r\n"
       "Content-Type: text/plain; name=\"" + bword("見積書.txt", "Shift_JIS") + "\"\r\n"
       "Content-Transfer-Encoding: base64\r\n"
       "\r\n" + b64lines(att2) + "\r\n"
       "--==outer==\r\n"
       "Content-Type: text/plain; charset=utf-8\r\n"
       "Content-Transfer-Encoding: quoted-printable\r\n"
       "Content-Disposition: attachment;\r\n filename*0*=ISO-2022-JP''" + pct[:30] + ";\r\n filename*1*=" + pct[30:] + "\r\n"
       "\r\n" + qp + "\r\n"
       "--==outer==--\r\n"
       "epilogue\r\n"
       "\r\n"
       "From suzuki@example.co.jp Tue Nov 24 02:00:00 2026\r\n"
       "From: suzuki@example.co.jp\r\n"
       "To: a@b.example\r\n"
       "Subject: =?Shift_JIS?B?" + base64.b64encode("①報告".encode('cp932')).decode() + "?=\r\n"
       "\r\n"
       ">From escaped\r\n")
sys.stdout.buffer.write(msg.encode())
for a in (att1, att2, att3):
    print(hashlib.sha256(a).hexdigest(), len(a), file=sys.stderr)

#!/usr/bin/env python3
"""Generate the sample case's logs (samples/logs/) deterministically.

株式会社サンプル精機 (fictional). The story (times are JST, +09:00):
- 鈴木 一郎 (isuzuki, 設計) gives notice on 2026-10-30; last day 2026-11-20.
  Until then he reads a handful of 設計 files per working day. On 文化の日
  (2026-11-03, a national holiday) he connects by VPN in the evening; on
  2026-11-04 after hours he bulk-reads 設計, 品質保証 and 経営企画 files, and
  uploads to a file-sharing site; on 2026-11-05 he mails a 社外秘 attachment
  to his own gmail address; on 2026-11-06 he prints many jobs, one of them
  large and one 社外秘; on 2026-11-10 he plugs an unknown USB stick into his
  PC; on 2026-11-12 his mailbox forwards a customer's mail to gmail; on
  2026-11-24, after his last day, he still logs on over SSH.
- Normal staff (田中 htanaka, 佐藤 ksato, 高橋 mtakahashi) work in business
  hours inside their own areas: nothing should fire for them.
- The contractor 伊藤 (c-ito) reads 設計 files in business hours and mails a
  部外秘 drawing to a supplier's free-mail address (a medium-score mail).
- The maintenance vendor account (vendor-maint) works inside its window
  (2026-11-01..13) and once after it (2026-11-16).
- The backup service (svc-backup) reads hundreds of files at night: excluded.

Output is byte-for-byte reproducible: fixed seed, gzip -n, sorted tar with
fixed mtime and owner.
"""
import datetime as dt
import gzip
import io
import os
import random
import subprocess
import sys
import tarfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "logs")
JST = dt.timezone(dt.timedelta(hours=9))
rnd = random.Random(20261125)

IP = {"isuzuki": "192.168.10.21", "htanaka": "192.168.10.22", "ksato": "192.168.10.23",
      "mtakahashi": "192.168.10.24", "c-ito": "192.168.10.25", "svc-backup": "192.168.10.5",
      "vendor-maint": "192.168.10.80"}
PC = {"isuzuki": "PC-SUZUKI", "htanaka": "PC-TANAKA", "ksato": "PC-SATO",
      "mtakahashi": "PC-TAKAHASHI", "c-ito": "PC-ITO", "svc-backup": "BACKUP01",
      "vendor-maint": "PC-MAINT"}

HOLIDAYS = {dt.date(2026, 11, 3), dt.date(2026, 11, 23)}


def t(y, mo, d, h, mi, s=0, us=0):
    return dt.datetime(y, mo, d, h, mi, s, us, tzinfo=JST)


def iso(ts):
    return ts.isoformat(timespec="microseconds")


def workdays(start, end):
    d = start
    while d <= end:
        if d.weekday() < 5 and d not in HOLIDAYS:
            yield d
        d += dt.timedelta(days=1)


# ---------------------------------------------------------------- files
PRODUCTS = ["製品A", "製品B", "新型ポンプX"]
KINDS = ["組立図", "部品図", "設計仕様書", "強度計算書", "試験成績書"]


def design_files(n, prefix="設計"):
    out = []
    for i in range(n):
        p = PRODUCTS[i % len(PRODUCTS)]
        k = KINDS[(i // len(PRODUCTS)) % len(KINDS)]
        label = "社外秘_" if i % 7 == 0 else ""
        out.append(f"{prefix}/{p}/図面/{label}{p}_{k}_{i:03d}.dwg")
    return out


def samba_line(ts, user, path, op="openat", mode="r"):
    return (f"{iso(ts)} fs01 smbd_audit: {user}|{IP[user]}|{PC[user]}|share|"
            f"{op}|ok|{mode}|{path}\n")


def samba_logs():
    lines = []
    everyday = {"isuzuki": design_files(40), "c-ito": design_files(40),
                "ksato": [f"品質保証/検査記録/2026/ロット{i:04d}_検査成績書.pdf" for i in range(40)],
                "mtakahashi": [f"経営企画/2026年度/中期経営計画_{i:02d}.pptx" for i in range(30)],
                "htanaka": [f"営業/見積/2026/見積書_{i:03d}.xlsx" for i in range(40)]}
    for day in workdays(dt.date(2026, 10, 13), dt.date(2026, 11, 20)):
        for user, files in sorted(everyday.items()):
            if user == "isuzuki" and day == dt.date(2026, 11, 4):
                continue
            k = rnd.randint(4, 8)
            for j, f in enumerate(rnd.sample(files, k)):
                ts = t(day.year, day.month, day.day, 9 + j, rnd.randint(0, 59), rnd.randint(0, 59))
                lines.append(samba_line(ts, user, f))
    # 2026-11-04 after hours: bulk, broad
    bulk = design_files(180) + \
        [f"品質保証/検査記録/2026/ロット{i:04d}_検査成績書.pdf" for i in range(40)] + \
        [f"経営企画/2026年度/部外秘_事業譲渡検討_{i:02d}.pptx" for i in range(20)]
    ts = t(2026, 11, 4, 19, 5)
    for f in bulk:
        ts += dt.timedelta(seconds=rnd.randint(5, 20))
        lines.append(samba_line(ts, "isuzuki", f))
    # the backup service: Saturday night, 300 files
    ts = t(2026, 11, 7, 2, 0)
    for f in design_files(300):
        ts += dt.timedelta(seconds=2)
        lines.append(samba_line(ts, "svc-backup", f))
    lines.sort()
    cut = iso(t(2026, 11, 9, 0, 0))
    older = [l for l in lines if l < cut]
    newer = [l for l in lines if l >= cut]
    return older, newer


# ---------------------------------------------------------------- auth.log (sshd)
def auth_logs():
    lines = []
    pid = 4100
    def ssh(ts, user, host="dev01", ip=None):
        nonlocal pid
        pid += 7
        ip = ip or IP.get(user, "10.8.0.21")
        lines.append(f"{iso(ts)} {host} sshd[{pid}]: Accepted publickey for {user} from {ip} "
                     f"port {40000 + pid % 20000} ssh2: ED25519 SHA256:sample{pid}\n")
        lines.append(f"{iso(ts + dt.timedelta(seconds=1))} {host} sshd[{pid}]: pam_unix(sshd:session): "
                     f"session opened for user {user}(uid={1000 + len(user)}) by (uid=0)\n")
    for day in workdays(dt.date(2026, 10, 13), dt.date(2026, 11, 20)):
        ssh(t(day.year, day.month, day.day, 9, 12, 3), "isuzuki")
        ssh(t(day.year, day.month, day.day, 8, 51, 40), "htanaka")
        ssh(t(day.year, day.month, day.day, 10, 2, 11), "c-ito")
    # 文化の日 evening through the VPN address
    ssh(t(2026, 11, 3, 20, 14, 9), "isuzuki", ip="10.8.0.21")
    ssh(t(2026, 11, 4, 19, 1, 30), "isuzuki", ip="10.8.0.21")
    # vendor maintenance: inside the window, then after it
    ssh(t(2026, 11, 10, 10, 30), "vendor-maint", host="mfg01")
    ssh(t(2026, 11, 16, 10, 5), "vendor-maint", host="mfg01")
    # after the last day (2026-11-20)
    ssh(t(2026, 11, 24, 21, 40, 12), "isuzuki", ip="10.8.0.21")
    # a stranger trying passwords: unresolved, failed
    lines.append(f"{iso(t(2026, 11, 14, 3, 3, 3))} dev01 sshd[9001]: Failed password for invalid user "
                 f"admin from 203.0.113.50 port 51515 ssh2\n")
    lines.sort()
    return lines


# ---------------------------------------------------------------- squid
def squid_line(ts, user, method, url, status=200, size=None, ctype="-", code="TCP_MISS"):
    size = size if size is not None else rnd.randint(800, 60000)
    epoch = ts.timestamp()
    host = url.split("//")[-1].split("/")[0].split(":")[0]
    return (f"{epoch:.3f} {rnd.randint(20, 900):6d} {IP[user]} {code}/{status} {size} {method} {url} "
            f"{user} HIER_DIRECT/{host} {ctype}\n")


def squid_logs():
    lines = []
    for day in workdays(dt.date(2026, 11, 2), dt.date(2026, 11, 20)):
        for user in ("htanaka", "ksato", "mtakahashi", "isuzuki"):
            ts = t(day.year, day.month, day.day, 10, rnd.randint(0, 59))
            lines.append(squid_line(ts, user, "GET", "https://www.google.co.jp/search?q=JIS+B+0001", ctype="text/html"))
            lines.append(squid_line(ts + dt.timedelta(minutes=3), user, "GET", "https://www.jisc.go.jp/", ctype="text/html"))
    # 田中: the approved company storage (box.com), upload in business hours
    lines.append(squid_line(t(2026, 11, 5, 11, 20), "htanaka", "POST",
                            "https://upload.app.box.com/api/2.0/files/content", ctype="application/json"))
    # 鈴木: dropbox without TLS inspection (CONNECT), then a file-sharing upload
    lines.append(squid_line(t(2026, 11, 4, 21, 2), "isuzuki", "CONNECT", "www.dropbox.com:443",
                            size=5120, ctype="-"))
    for i in range(3):
        lines.append(squid_line(t(2026, 11, 4, 21, 10 + i), "isuzuki", "POST",
                                f"https://xfer7.gigafile.nu/upload_chunk?id=2611a{i}", size=412,
                                ctype="application/json"))
    # 鈴木: a job-search site and a leak site at lunch before the upload:
    # contributions to the risk score only (doc/rules-default.md, "Risk per
    # person"). Written without rnd so that every later log stays the same.
    for hh, mm, host, path in ((12, 15, "doda.jp", "/DodaFront/View/JobSearchList.action"),
                               (12, 31, "wikileaks.org", "/")):
        lines.append(f"{t(2026, 11, 4, hh, mm).timestamp():.3f}    120 {IP['isuzuki']} TCP_MISS/200 31200 GET "
                     f"https://{host}{path} isuzuki HIER_DIRECT/{host} text/html\n")
    lines.sort(key=lambda l: float(l.split()[0]))
    return lines


# ---------------------------------------------------------------- CUPS page_log
def cups_logs():
    lines = []
    job = 1200
    def pr(ts, user, name, pages, printer="MFP-2F"):
        nonlocal job
        job += 1
        stamp = ts.strftime("%d/%b/%Y:%H:%M:%S +0900")
        lines.append(f"{printer} {user} {job} [{stamp}] total {pages} - {IP[user]} {name} "
                     f"iso_a4_210x297mm one-sided\n")
    for day in workdays(dt.date(2026, 11, 2), dt.date(2026, 11, 20)):
        pr(t(day.year, day.month, day.day, 11, 5), "ksato", f"作業手順書 {day:%m%d}.pdf", 3, "MFP-1F")
        pr(t(day.year, day.month, day.day, 14, 40), "htanaka", f"見積書_{day:%m%d}.xlsx", 2)
    # 鈴木, 2026-11-06: 55 jobs in one day, one large, one 社外秘
    ts = t(2026, 11, 6, 17, 0)
    for i, f in enumerate(design_files(55)):
        ts += dt.timedelta(seconds=50)
        name = f.split("/")[-1].replace(".dwg", ".pdf")
        pages = 150 if i == 10 else rnd.randint(2, 12)
        pr(ts, "isuzuki", name, pages)
    lines.sort(key=lambda l: dt.datetime.strptime(l.split("[")[1].split("]")[0], "%d/%b/%Y:%H:%M:%S %z"))
    return lines


# ---------------------------------------------------------------- kernel USB
def usb_logs():
    def attach(ts, host, port, num, vid, pid, prod, mfr, serial):
        up = 3000 + num * 1.25
        pre = f"{iso(ts)} {host} kernel: [{up:11.6f}] "
        return [
            pre + f"usb {port}: new high-speed USB device number {num} using xhci_hcd\n",
            pre + f"usb {port}: New USB device found, idVendor={vid}, idProduct={pid}, bcdDevice= 1.00\n",
            pre + f"usb {port}: New USB device strings: Mfr=1, Product=2, SerialNumber=3\n",
            pre + f"usb {port}: Product: {prod}\n",
            pre + f"usb {port}: Manufacturer: {mfr}\n",
            pre + f"usb {port}: SerialNumber: {serial}\n",
            pre + f"usb-storage {port}:1.0: USB Mass Storage device detected\n",
        ]
    lines = []
    lines += attach(t(2026, 11, 9, 10, 15, 2), "pc-sato", "1-2", 4, "0781", "5581", "Ultra",
                    "SanDisk", "SSK-USB-0001")
    lines += attach(t(2026, 11, 10, 19, 40, 11), "pc-suzuki", "1-1", 7, "0951", "1666",
                    "DataTraveler 3.0", "Kingston", "E0D55EA57433F6A0B9A1B2C3")
    return lines


# ---------------------------------------------------------------- Postfix
def postfix_logs():
    lines = []
    qn = [0]
    def msg(ts, qid, sender, rcpts, user=None, client=None, size=4096, orig=None, inbound=False):
        pid = 2000 + len(lines)
        if inbound:
            lines.append(f"{iso(ts)} mx01 postfix/smtpd[{pid}]: {qid}: client=mail.client-corp.example[198.51.100.25]\n")
        else:
            lines.append(f"{iso(ts)} mx01 postfix/smtpd[{pid}]: {qid}: client={client}[{IP[user]}], "
                         f"sasl_method=PLAIN, sasl_username={user}\n")
        lines.append(f"{iso(ts + dt.timedelta(seconds=1))} mx01 postfix/cleanup[{pid + 1}]: {qid}: "
                     f"message-id=<{qid.lower()}@{'client-corp.example' if inbound else 'sample-seiki.co.jp'}>\n")
        lines.append(f"{iso(ts + dt.timedelta(seconds=1))} mx01 postfix/qmgr[900]: {qid}: from=<{sender}>, "
                     f"size={size}, nrcpt={len(rcpts)} (queue active)\n")
        for r in rcpts:
            o = f", orig_to=<{orig}>" if orig else ""
            relay = "gmail-smtp-in.l.google.com[142.250.157.26]:25" if r.endswith("gmail.com") else \
                f"mx.{r.split('@')[1]}[203.0.113.25]:25"
            lines.append(f"{iso(ts + dt.timedelta(seconds=3))} mx01 postfix/smtp[{pid + 2}]: {qid}: to=<{r}>{o}, "
                         f"relay={relay}, delay=2.1, delays=0.1/0/0.9/1.1, dsn=2.0.0, status=sent (250 2.0.0 OK)\n")
        lines.append(f"{iso(ts + dt.timedelta(seconds=4))} mx01 postfix/qmgr[900]: {qid}: removed\n")
    msg(t(2026, 11, 5, 10, 2), "4C1A20B0E1", "htanaka@sample-seiki.co.jp", ["sales@kyoei-buhin.co.jp"],
        "htanaka", "pc-tanaka.sample-seiki.co.jp", 180331)
    msg(t(2026, 11, 5, 19, 32, 10), "4C1A20B0F2", "isuzuki@sample-seiki.co.jp", ["ichiro.suzuki.1988@gmail.com"],
        "isuzuki", "pc-suzuki.sample-seiki.co.jp", 2411789)
    msg(t(2026, 11, 12, 8, 5), "4C1A20B103", "tantou@client-corp.example", ["ichiro.suzuki.1988@gmail.com"],
        inbound=True, size=35120, orig="isuzuki@sample-seiki.co.jp")
    msg(t(2026, 11, 12, 9, 40), "4C1A20B114", "tantou@client-corp.example", ["htanaka@sample-seiki.co.jp"],
        inbound=True, size=20480)
    return lines


# ---------------------------------------------------------------- .eml
def b64_lines(data):
    import base64
    s = base64.b64encode(data).decode()
    return "\r\n".join(s[i:i + 76] for i in range(0, len(s), 76))


def eml(date, frm, to, subject_b, att_name, body, msgid):
    import urllib.parse
    from email.header import Header
    subj = Header(subject_b, "iso-2022-jp").encode(linesep="\r\n")
    name_2047 = Header(att_name, "utf-8").encode(linesep="\r\n")
    name_2231 = urllib.parse.quote(att_name, safe="")
    sender = Header(frm[0], "iso-2022-jp").encode(linesep="\r\n")
    payload = ("サンプル精機 添付資料 " + att_name + "\n").encode("utf-8") * 40
    boundary = "==sample-boundary-" + msgid.split("@")[0]
    return (f"Return-Path: <{frm[1]}>\r\n"
            f"Date: {date}\r\n"
            f"From: {sender} <{frm[1]}>\r\n"
            f"To: {to}\r\n"
            f"Subject: {subj}\r\n"
            f"Message-ID: <{msgid}>\r\n"
            f"MIME-Version: 1.0\r\n"
            f"Content-Type: multipart/mixed; boundary=\"{boundary}\"\r\n"
            f"\r\n"
            f"--{boundary}\r\n"
            f"Content-Type: text/plain; charset=ISO-2022-JP\r\n"
            f"Content-Transfer-Encoding: 7bit\r\n"
            f"\r\n" + body.encode("iso-2022-jp").decode("ascii").replace("\n", "\r\n") + "\r\n"
            f"--{boundary}\r\n"
            f"Content-Type: application/octet-stream; name=\"{name_2047}\"\r\n"
            f"Content-Disposition: attachment; filename*=UTF-8''{name_2231}\r\n"
            f"Content-Transfer-Encoding: base64\r\n"
            f"\r\n" + b64_lines(payload) + "\r\n"
            f"--{boundary}--\r\n")


def emls():
    return {
        "20261105-1932_isuzuki.eml": eml(
            "Thu, 05 Nov 2026 19:32:10 +0900", ("鈴木 一郎", "isuzuki@sample-seiki.co.jp"),
            "ichiro.suzuki.1988@gmail.com", "資料", "【社外秘】新型ポンプX_設計仕様書.xlsx",
            "自宅確認用。\n", "4c1a20b0f2@sample-seiki.co.jp"),
        "20261105-1002_htanaka.eml": eml(
            "Thu, 05 Nov 2026 10:02:00 +0900", ("田中 花子", "htanaka@sample-seiki.co.jp"),
            "sales@kyoei-buhin.co.jp", "お見積書の送付", "御見積書_2026-1105.pdf",
            "共栄部品 ご担当者様\nお見積書をお送りします。\n", "4c1a20b0e1@sample-seiki.co.jp"),
        "20261109-1210_c-ito.eml": eml(
            "Mon, 09 Nov 2026 12:10:00 +0900", ("伊藤 誠", "c-ito@sample-seiki.co.jp"),
            "cad-support@yahoo.co.jp", "治具図面の件", "部外秘_治具図面_J-104.pdf",
            "治具の図面を送ります。\n", "4c1a20c001@sample-seiki.co.jp"),
    }


# ---------------------------------------------------------------- OpenVPN
def openvpn_logs():
    lines = []
    def session(start, end, user, pub, port, vip):
        pid = 812
        peer = f"{pub}:{port}"
        lines.append(f"{iso(start)} vpn01 openvpn[{pid}]: {peer} [{user}] Peer Connection Initiated with [AF_INET]{peer}\n")
        lines.append(f"{iso(start + dt.timedelta(seconds=1))} vpn01 openvpn[{pid}]: {user}/{peer} MULTI: "
                     f"primary virtual IP for {user}/{peer}: {vip}\n")
        lines.append(f"{iso(end)} vpn01 openvpn[{pid}]: {user}/{peer} SIGTERM[soft,remote-exit] received, "
                     f"client-instance exiting\n")
    session(t(2026, 11, 3, 20, 12, 55), t(2026, 11, 3, 21, 40, 2), "isuzuki", "203.0.113.77", 51820, "10.8.0.21")
    session(t(2026, 11, 4, 18, 58, 40), t(2026, 11, 4, 22, 30, 11), "isuzuki", "203.0.113.77", 51911, "10.8.0.21")
    session(t(2026, 11, 6, 9, 1, 3), t(2026, 11, 6, 17, 45, 0), "htanaka", "198.51.100.140", 40022, "10.8.0.22")
    session(t(2026, 11, 24, 21, 38, 2), t(2026, 11, 24, 22, 10, 40), "isuzuki", "203.0.113.77", 52004, "10.8.0.21")
    lines.sort()
    return lines


# ---------------------------------------------------------------- Windows Security (wevtutil qe /f:xml)
def win_event(rid, when, eid, data, computer="PC-SUZUKI.sample-seiki.co.jp"):
    utc = when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f") + "00Z"
    fields = "".join(f"<Data Name='{k}'>{v}</Data>" for k, v in data)
    task = {4624: 12544, 4634: 12545}.get(eid, 12544)
    return ("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
            "<Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-a5ba-3e3b0328c30d}'/>"
            f"<EventID>{eid}</EventID><Version>2</Version><Level>0</Level><Task>{task}</Task><Opcode>0</Opcode>"
            f"<Keywords>0x8020000000000000</Keywords><TimeCreated SystemTime='{utc}'/>"
            f"<EventRecordID>{rid}</EventRecordID><Correlation/><Execution ProcessID='812' ThreadID='4410'/>"
            f"<Channel>Security</Channel><Computer>{computer}</Computer><Security/></System>"
            f"<EventData>{fields}</EventData></Event>")


def windows_logs():
    def logon(rid, when, user, domain, ltype, ip="-", sid="S-1-5-21-3623811015-3361044348-30300820-1104"):
        return win_event(rid, when, 4624, [
            ("SubjectUserSid", "S-1-5-18"), ("SubjectUserName", "PC-SUZUKI$"), ("SubjectDomainName", "SAMPLE"),
            ("SubjectLogonId", "0x3e7"), ("TargetUserSid", sid), ("TargetUserName", user),
            ("TargetDomainName", domain), ("TargetLogonId", f"0x{rid * 4099:x}"), ("LogonType", ltype),
            ("LogonProcessName", "User32 "), ("AuthenticationPackageName", "Negotiate"),
            ("WorkstationName", "PC-SUZUKI"), ("ProcessId", "0x2c4"),
            ("ProcessName", "C:\\Windows\\System32\\svchost.exe"), ("IpAddress", ip), ("IpPort", "0")])
    ev = []
    rid = 88120
    for day in workdays(dt.date(2026, 11, 2), dt.date(2026, 11, 20)):
        rid += 1
        ev.append(logon(rid, t(day.year, day.month, day.day, 8, 55, 12), "isuzuki", "SAMPLE", "2"))
    rid += 1
    ev.append(logon(rid, t(2026, 11, 9, 3, 0, 0), "PC-SUZUKI$", "SAMPLE", "3", "192.168.10.5",
                    "S-1-5-21-3623811015-3361044348-30300820-2201"))
    rid += 1
    ev.append(logon(rid, t(2026, 11, 24, 22, 5, 31), "isuzuki", "SAMPLE", "11"))
    return "\r\n".join(ev) + "\r\n"


# ---------------------------------------------------------------- write
def write(path, text, mode="w"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def gz_bytes(text):
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0) as g:
        g.write(text.encode("utf-8"))
    return buf.getvalue()


def write_gz(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(gz_bytes(text))


def tar_gz(path, members):
    """members: {name: bytes}; sorted, fixed mtime/owner, gzip without name or time."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.USTAR_FORMAT) as tf:
        for name in sorted(members):
            data = members[name]
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = int(dt.datetime(2026, 11, 25, tzinfo=dt.timezone.utc).timestamp())
            info.uid = info.gid = 0
            info.uname = info.gname = "root"
            info.mode = 0o644
            tf.addfile(info, io.BytesIO(data))
    with open(path, "wb") as f:
        f.write(gz_bytes_raw(raw.getvalue()))


def gz_bytes_raw(data):
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0) as g:
        g.write(data)
    return buf.getvalue()


def main():
    older, newer = samba_logs()
    write_gz(os.path.join(OUT, "fileserver/fs01/samba-audit.log.1.gz"), "".join(older))
    write(os.path.join(OUT, "fileserver/fs01/samba-audit.log"), "".join(newer))
    write(os.path.join(OUT, "servers/dev01/auth.log"), "".join(auth_logs()))
    sq = squid_logs()
    half = len(sq) // 2
    write_gz(os.path.join(OUT, "proxy/access.log.1.gz"), "".join(sq[:half]))
    write(os.path.join(OUT, "proxy/access.log"), "".join(sq[half:]))
    write(os.path.join(OUT, "print/page_log"), "".join(cups_logs()))
    write(os.path.join(OUT, "endpoints/kern.log"), "".join(usb_logs()))
    pf = postfix_logs()
    cut = iso(t(2026, 11, 9, 0, 0))
    tar_gz(os.path.join(OUT, "mail/mx01-maillog.tar.gz"), {
        "var/log/mail.log": "".join(l for l in pf if l >= cut).encode("utf-8"),
        "var/log/mail.log.1.gz": gz_bytes("".join(l for l in pf if l < cut)),
    })
    write(os.path.join(OUT, "vpn/openvpn.log"), "".join(openvpn_logs()))
    write(os.path.join(OUT, "windows/PC-SUZUKI-Security.xml"), windows_logs())
    for name, text in emls().items():
        write(os.path.join(OUT, "mail/eml", name), text)


if __name__ == "__main__":
    main()

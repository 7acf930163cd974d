#!/usr/bin/env python3
"""The evaluation organisation (issue 14, doc/rules-default.md "Evaluation"):
a generated company of PEOPLE staff over eight weeks of logs, with ordinary
benign variety and planted insider stories, to measure the risk model's
recall (every story alerted on the right person within a day of its first
malicious act) and false-alert rate (benign people with a person alert).

usage: evalorg.py OUTDIR [PEOPLE] [SEED]

Writes OUTDIR/context.yaml, OUTDIR/people.csv, OUTDIR/logs/... (Samba audit,
Squid, sshd auth.log, kernel USB, CUPS page_log, Postfix and .eml) and
OUTDIR/truth.json (the stories: person, first malicious act). The same
arguments always give the same bytes (random.Random(SEED), no clock).

Everything here is invented: 株式会社評価工業 does not exist. The stories
were written first, from the handbook's scenarios (秘密情報の保護ハンドブック
第3章 3-4(1) 従業員, 3-4(2) 退職者, 3-4(3) 取引先, 3-4(4) 外部者; 第6章
6-1(2)), before the rules' weights were looked at; they differ from the
sample case (samples/):

 S01 departing sales rep: after the notice reads the customer ledger (120
     files in a day) and mails a 社外秘 customer list to a free-mail
     address (3-4(2), D8 「個人メールアドレスにメールを送信」).
 S02 design engineer, not leaving: a Saturday night, logs on and reads 250
     design files (3-4(1) E1 「深夜帯や休日」「大量のダウンロード」).
 S03 planner: uploads to an online storage that is not approved, two
     evenings in a row (3-4(1) E8 「企業が許可した以外のオンラインストレージ」).
 S04 production engineer: after hours plugs in a private USB stick and
     reads quality and design secrets of areas not his own (E9, E1 複数分野).
 S05 accountant: prints 620 pages of 社外秘 ledgers in one day, one job of
     180 pages (E11 「1日当たりに印刷できる枚数」).
 S06 leaver: logs on over SSH three days after the last day (D1
     「遅滞なく」 account removal not done).
 S07 maintenance vendor: its account used two weeks after the contract
     ended (3-4(4) 外部者, O3).
 S08 quality manager: two days of access to design and planning
     repositories, outside the own area, with a surge of files (3-4(1),
     参考資料2 第1 アクセス権者の限定).
 S09 departing designer: the mailbox forwards customer mail to a free-mail
     address (6-1(2), D8).
 S10 disgruntled clerk: reads a leak site, then posts to a paste site
     (E8 「アップローダー」).
 S11 departing engineer: in the two weeks before the notice, job-search
     visits, then one evening reads three business areas (3-4(2)
     「退職の申出があった後だけでなく、以前のもも含めて」).
 S12 sales rep: uploads to a file-sharing site after hours and mails a
     社外秘 drawing to a name-alike free-mail address the next day (E8, D8).

Benign variety (nothing malicious): office staff reading their own area's
files; evening and night shifts and weekend workers in production; heavy
USB users (machine maintenance, with approved and unapproved sticks); sales
staff mailing customers with attachments and receiving files through
file-sharing sites; IT night maintenance over SSH; backup service accounts
reading hundreds of files every night; departing staff (notice, handover
overtime, job-search visits) who take nothing; occasional overtime for
anyone; job-search visits by a few; rare uploads to an unapproved
file-sharing site for a big customer file.
"""
import datetime as dt
import json
import os
import random
import sys

JST = dt.timezone(dt.timedelta(hours=9))
START = dt.date(2026, 9, 28)          # a Monday
DAYS = 56                             # eight weeks
HOLIDAYS = {dt.date(2026, 10, 12), dt.date(2026, 11, 3)}   # スポーツの日, 文化の日
DOMAIN = "hyoka-kogyo.co.jp"

DEPTS = [  # name, share of staff, has file access, repository prefix
    ("製造", 0.33, False, None), ("営業", 0.20, True, "営業/顧客"), ("設計", 0.15, True, "設計"),
    ("品質保証", 0.08, True, "品質保証"), ("経営企画", 0.03, True, "経営企画"), ("総務", 0.06, True, "総務"),
    ("経理", 0.05, True, "経理"), ("人事", 0.03, True, "人事"), ("情報システム", 0.03, True, "情報システム"),
    ("購買", 0.04, True, "購買"),
]
SURNAMES = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田",
            "佐々木", "山口", "松本", "井上", "木村", "林", "斎藤", "清水"]
GIVEN = ["太郎", "花子", "一郎", "美咲", "健", "陽子", "翔", "由美", "大輔", "直子", "誠", "裕子"]
LATIN_S = ["Sato", "Suzuki", "Takahashi", "Tanaka", "Ito", "Watanabe", "Yamamoto", "Nakamura", "Kobayashi",
           "Kato", "Yoshida", "Yamada", "Sasaki", "Yamaguchi", "Matsumoto", "Inoue", "Kimura", "Hayashi",
           "Saito", "Shimizu"]
LATIN_G = ["Taro", "Hanako", "Ichiro", "Misaki", "Ken", "Yoko", "Sho", "Yumi", "Daisuke", "Naoko", "Makoto",
           "Yuko"]
JOB_SITES = ["doda.jp", "www.bizreach.jp", "next.rikunabi.com", "tenshoku.mynavi.jp", "jp.indeed.com"]
ORDINARY = ["www.google.co.jp", "www.yahoo.co.jp", "www.jisc.go.jp", "news.example.jp", "www.nikkei.com",
            "weather.example.jp", "intra." + DOMAIN, "www.e-gov.go.jp"]
CUSTOMERS = ["abc-shoji.co.jp", "kita-denki.co.jp", "minami-kikai.jp", "tokai-trading.co.jp", "nishi-seiko.co.jp"]


def day_of(i):
    return START + dt.timedelta(days=i)


def workday(d):
    return d.weekday() < 5 and d not in HOLIDAYS


def at(d, h, m, s=0):
    """A local time; hours past 24 fall on the next day."""
    return dt.datetime(d.year, d.month, d.day, tzinfo=JST) + dt.timedelta(hours=h, minutes=m, seconds=s)


def iso(ts):
    return ts.isoformat(timespec="microseconds")


class Org:
    def __init__(self, n, seed):
        self.r = random.Random(seed)
        self.people = []
        self.logs = {k: [] for k in ("samba", "squid", "auth", "usb", "cups", "postfix")}
        self.emls = {}
        self.truth = []
        self.job = 5000
        self.pid = 3000
        self.usbnum = 1
        self.make_people(n)

    # ---------------------------------------------------------------- people
    def make_people(self, n):
        r = self.r
        k = 0
        for name, share, files, repo in DEPTS:
            for _ in range(max(1, round(n * share))):
                if len(self.people) >= n:
                    break
                k += 1
                s, g = r.randrange(len(SURNAMES)), r.randrange(len(GIVEN))
                p = {"id": f"E{k:04d}", "user": f"u{k:04d}", "name": f"{SURNAMES[s]} {GIVEN[g]}",
                     "latin": f"{LATIN_G[g]} {LATIN_S[s]}", "dept": name, "files": files, "repo": repo,
                     "type": "employee", "ip": f"10.{1 + k // 250}.{k % 250}.{10 + k % 200}",
                     "pc": f"PC-{k:04d}", "notice": "", "last": "", "kind": "office", "story": None}
                p["mail"] = f"{p['user']}@{DOMAIN}"
                self.people.append(p)
        while len(self.people) < n:        # rounding: fill up with office staff
            k += 1
            self.people.append(dict(self.people[-1], id=f"E{k:04d}", user=f"u{k:04d}", pc=f"PC-{k:04d}",
                                    ip=f"10.9.{k % 250}.{10 + k % 200}", mail=f"u{k:04d}@{DOMAIN}"))
        for p in self.people:
            roll = r.random()
            if p["dept"] == "製造":
                p["kind"] = "night" if roll < 0.25 else "weekend" if roll < 0.35 else \
                    "usb" if roll < 0.50 else "line"
            elif p["dept"] == "情報システム":
                p["kind"] = "it"
            elif p["dept"] == "営業":
                p["kind"] = "sales"
            elif p["dept"] == "総務" and roll < 0.3:
                p["kind"] = "usb"
        # departing staff who do nothing wrong: notice in week 3-6, last day 2-4 weeks later
        for p in r.sample([p for p in self.people if p["kind"] != "it"], 25):
            notice = day_of(r.randrange(14, 42))
            p["notice"] = notice.isoformat()
            p["last"] = (notice + dt.timedelta(days=r.randrange(14, 30))).isoformat()
            p["departing_benign"] = True
        self.services = [{"id": f"S{i:03d}", "user": f"svc-backup{i}", "name": f"バックアップ{i}",
                          "latin": "", "dept": "情報システム", "type": "service", "ip": f"10.0.0.{5 + i}",
                          "pc": f"BACKUP0{i}", "notice": "", "last": "", "mail": ""} for i in range(1, 4)]
        self.vendors = [{"id": f"V{i:03d}", "user": f"vendor{i}", "name": f"保守業者{i}", "latin": "",
                         "dept": "外部", "type": "vendor", "ip": f"10.0.8.{i}", "pc": f"PC-V{i}",
                         "hire": "2026-04-01", "notice": "", "last": "2027-03-31", "mail": ""}
                        for i in range(1, 5)]

    # ---------------------------------------------------------------- log lines
    def samba(self, ts, p, path):
        self.logs["samba"].append((ts, f"{iso(ts)} fs01 smbd_audit: {p['user']}|{p['ip']}|{p['pc']}|share|"
                                       f"openat|ok|r|{path}\n"))

    def squid(self, ts, p, method, url, size=None):
        host = url.split("//")[-1].split("/")[0].split(":")[0]
        size = size if size is not None else self.r.randint(800, 60000)
        self.logs["squid"].append((ts, f"{ts.timestamp():.3f} {self.r.randint(20, 900):6d} {p['ip']} "
                                       f"TCP_MISS/200 {size} {method} {url} {p['user']} HIER_DIRECT/{host} "
                                       f"text/html\n"))

    def ssh(self, ts, p, host="srv01", ip=None):
        self.pid += 7
        ip = ip or p["ip"]
        self.logs["auth"].append((ts, f"{iso(ts)} {host} sshd[{self.pid}]: Accepted publickey for {p['user']} "
                                      f"from {ip} port {40000 + self.pid % 20000} ssh2: ED25519 "
                                      f"SHA256:k{self.pid}\n"))

    def usb(self, ts, p, serial, vid="0781", pid="5581", prod="Ultra", mfr="SanDisk"):
        self.usbnum += 1
        pre = f"{iso(ts)} {p['pc'].lower()} kernel: [{3000 + self.usbnum * 1.25:11.6f}] "
        port = "1-1"
        for s in (f"usb {port}: new high-speed USB device number {self.usbnum % 120 + 2} using xhci_hcd",
                  f"usb {port}: New USB device found, idVendor={vid}, idProduct={pid}, bcdDevice= 1.00",
                  f"usb {port}: New USB device strings: Mfr=1, Product=2, SerialNumber=3",
                  f"usb {port}: Product: {prod}", f"usb {port}: Manufacturer: {mfr}",
                  f"usb {port}: SerialNumber: {serial}",
                  f"usb-storage {port}:1.0: USB Mass Storage device detected"):
            self.logs["usb"].append((ts, pre + s + "\n"))

    def cups(self, ts, p, name, pages):
        self.job += 1
        stamp = ts.strftime("%d/%b/%Y:%H:%M:%S +0900")
        self.logs["cups"].append((ts, f"MFP-{p['dept']} {p['user']} {self.job} [{stamp}] total {pages} - "
                                      f"{p['ip']} {name} iso_a4_210x297mm one-sided\n"))

    def postfix(self, ts, qid, sender, rcpt, user=None, p=None, orig=None, size=40960):
        pid = 2000 + len(self.logs["postfix"])
        L = self.logs["postfix"]
        if p is None:
            L.append((ts, f"{iso(ts)} mx01 postfix/smtpd[{pid}]: {qid}: client=mail.example-client.jp[198.51.100.25]\n"))
        else:
            L.append((ts, f"{iso(ts)} mx01 postfix/smtpd[{pid}]: {qid}: client=pc.{DOMAIN}[{p['ip']}], "
                          f"sasl_method=PLAIN, sasl_username={user}\n"))
        t1 = ts + dt.timedelta(seconds=1)
        L.append((t1, f"{iso(t1)} mx01 postfix/cleanup[{pid + 1}]: {qid}: message-id=<{qid.lower()}@{DOMAIN}>\n"))
        L.append((t1, f"{iso(t1)} mx01 postfix/qmgr[900]: {qid}: from=<{sender}>, size={size}, nrcpt=1 "
                      f"(queue active)\n"))
        t3 = ts + dt.timedelta(seconds=3)
        o = f", orig_to=<{orig}>" if orig else ""
        L.append((t3, f"{iso(t3)} mx01 postfix/smtp[{pid + 2}]: {qid}: to=<{rcpt}>{o}, relay=mx.{rcpt.split('@')[1]}"
                      f"[203.0.113.25]:25, delay=2.1, delays=0.1/0/0.9/1.1, dsn=2.0.0, status=sent (250 2.0.0 OK)\n"))
        t4 = ts + dt.timedelta(seconds=4)
        L.append((t4, f"{iso(t4)} mx01 postfix/qmgr[900]: {qid}: removed\n"))

    def eml(self, ts, p, to, att_name):
        import base64
        payload = base64.b64encode(("評価工業 添付 " + att_name + "\n").encode() * 30).decode()
        body = "\r\n".join(payload[i:i + 76] for i in range(0, len(payload), 76))
        from email.header import Header
        import urllib.parse
        b = "==b-" + p["user"] + ts.strftime("%m%d%H%M")
        date = ts.strftime("%a, %d %b %Y %H:%M:%S +0900")
        self.emls[f"{ts:%Y%m%d-%H%M}_{p['user']}.eml"] = (
            f"Date: {date}\r\nFrom: {p['user']} <{p['mail']}>\r\nTo: {to}\r\nSubject: "
            f"{Header('資料', 'iso-2022-jp').encode()}\r\nMessage-ID: <{b[4:]}@{DOMAIN}>\r\nMIME-Version: 1.0\r\n"
            f"Content-Type: multipart/mixed; boundary=\"{b}\"\r\n\r\n--{b}\r\nContent-Type: text/plain; "
            f"charset=us-ascii\r\n\r\nsee attached\r\n--{b}\r\nContent-Type: application/octet-stream\r\n"
            f"Content-Disposition: attachment; filename*=UTF-8''{urllib.parse.quote(att_name, safe='')}\r\n"
            f"Content-Transfer-Encoding: base64\r\n\r\n{body}\r\n--{b}--\r\n")

    # ---------------------------------------------------------------- benign days
    def files_of(self, p, n, prefix=None):
        prefix = prefix or p["repo"]
        return [f"{prefix}/{p['dept']}資料/文書_{self.r.randrange(400):03d}.xlsx" for _ in range(n)]

    def benign(self):
        r = self.r
        for i in range(DAYS):
            d = day_of(i)
            wd = workday(d)
            for p in self.people:
                if p.get("last") and d > dt.date.fromisoformat(p["last"]):
                    continue
                self.benign_day(p, d, wd, r)
            for s in self.services:       # backups: every night, hundreds of files
                ts = at(d, 2, 0)
                for k in range(120):
                    ts += dt.timedelta(seconds=3)
                    self.samba(ts, s, f"{DEPTS[k % 9 + 1][3]}/{DEPTS[k % 9 + 1][0]}資料/文書_{k:03d}.xlsx")
            for v in self.vendors:        # maintenance within the contract, twice a month
                if wd and d.day in (10, 25):
                    self.ssh(at(d, 10, 30), v, host="mfg01")

    def benign_day(self, p, d, wd, r):
        kind = p["kind"]
        departing = p.get("notice") and d >= dt.date.fromisoformat(p["notice"])
        if kind == "night":
            if wd:
                self.ssh(at(d, 22, r.randint(0, 20)), p, host="mes01")
            return
        if kind == "weekend":
            if d.weekday() >= 5:
                self.ssh(at(d, 8, r.randint(0, 30)), p, host="mes01")
            return
        if not wd:
            if kind == "it" and r.random() < 0.3:        # weekend maintenance on call
                self.ssh(at(d, 10, r.randint(0, 59)), p, host="srv0" + str(r.randint(1, 4)))
            return
        self.ssh(at(d, 8, r.randint(30, 59)), p, host="fs01" if p["files"] else "mes01")
        if kind == "it" and d.weekday() in (1, 3):       # night maintenance, from the first week
            self.ssh(at(d, 23, r.randint(0, 50)), p, host="srv0" + str(r.randint(1, 4)))
        if p["files"]:
            for j, f in enumerate(self.files_of(p, r.randint(2, 6))):
                self.samba(at(d, 9 + j, r.randint(0, 59), r.randint(0, 59)), p, f)
        if kind != "line":
            for j in range(r.randint(1, 2)):
                self.squid(at(d, 12, r.randint(0, 59)), p, "GET", f"https://{r.choice(ORDINARY)}/")
        if kind == "usb" and r.random() < 0.4:          # machine maintenance sticks
            serial = f"EVAL-USB-{int(p['id'][1:]) % 40:04d}" if r.random() < 0.5 else f"MAINT{p['id']}X{r.randint(1, 3)}"
            self.usb(at(d, 10, r.randint(0, 59)), p, serial)
        if kind == "sales":
            if r.random() < 0.05:                        # a customer's shared file
                self.squid(at(d, 15, r.randint(0, 59)), p, "CONNECT", "www.dropbox.com:443", 5120)
            if r.random() < 0.02:                        # a big file for a customer: gigafile
                self.squid(at(d, 16, r.randint(0, 59)), p, "POST", "https://xfer5.gigafile.nu/upload", 2400000)
            if r.random() < 0.3:
                self.cups(at(d, 14, r.randint(0, 59)), p, f"見積書_{d:%m%d}.pdf", r.randint(1, 6))
        if p["dept"] == "設計" and r.random() < 0.5:
            self.cups(at(d, 16, r.randint(0, 59)), p, f"図面_{r.randrange(400):03d}.pdf", r.randint(1, 8))
        # overtime now and then; more for people handing over before leaving
        if r.random() < (0.15 if departing else 0.02):
            self.ssh(at(d, 19, r.randint(0, 59)), p, host="fs01" if p["files"] else "mes01")
        # a few look at job sites; most departing staff did so before the notice
        if (p.get("departing_benign") and not departing and r.random() < 0.1) or r.random() < 0.003:
            self.squid(at(d, 12, r.randint(0, 59)), p, "GET", f"https://{r.choice(JOB_SITES)}/")

    # ---------------------------------------------------------------- stories
    def pick(self, dept, kind=None):
        for p in self.people:
            if p["dept"] == dept and p["story"] is None and not p.get("departing_benign") and \
                    (kind is None or p["kind"] == kind) and p["files"] == (dept != "製造"):
                return p
        raise SystemExit(f"no one left in {dept}")

    def story(self, sid, p, first):
        p["story"] = sid
        self.truth.append({"story": sid, "person": p["id"], "first_act": iso(first)})

    def stories(self):
        r = self.r
        # S01
        p = self.pick("営業", "sales")
        p["notice"], p["last"] = "2026-10-19", "2026-11-13"
        d = dt.date(2026, 10, 27)
        ts = at(d, 17, 30)
        self.story("S01", p, ts)
        for k in range(120):
            ts += dt.timedelta(seconds=r.randint(5, 25))
            self.samba(ts, p, f"営業/顧客/顧客台帳/顧客_{k:03d}.xlsx")
        mt = at(dt.date(2026, 10, 28), 12, 40)
        self.eml(mt, p, f"{p['user']}.home@gmail.com", "【社外秘】顧客リスト_2026.xlsx")
        # S02
        p = self.pick("設計")
        d = dt.date(2026, 10, 31)          # a Saturday
        ts = at(d, 22, 10)
        self.story("S02", p, ts)
        self.ssh(ts, p, host="fs01", ip="10.8.0.99")
        for k in range(250):
            ts += dt.timedelta(seconds=r.randint(3, 12))
            self.samba(ts, p, f"設計/製品群/図面/部品図_{k:03d}.dwg")
        # S03
        p = self.pick("経営企画")
        for n, d in enumerate((dt.date(2026, 11, 4), dt.date(2026, 11, 5))):
            ts = at(d, 19, 20)
            if n == 0:
                self.story("S03", p, ts)
            for k in range(4):
                self.squid(ts + dt.timedelta(minutes=k), p, "POST", f"https://mega.nz/upload/{k}", 3000000)
        # S04
        p = self.pick("製造", "line")
        p["files"] = True
        d = dt.date(2026, 10, 21)
        ts = at(d, 20, 5)
        self.story("S04", p, ts)
        self.ssh(ts - dt.timedelta(minutes=3), p, host="fs01")
        self.usb(ts, p, "PRIVATE0042X", vid="0951", pid="1666", prod="DataTraveler", mfr="Kingston")
        for k in range(60):
            ts += dt.timedelta(seconds=20)
            area = ("品質保証/検査記録", "設計/製品群/図面")[k % 2]
            self.samba(ts, p, f"{area}/資料_{k:03d}.pdf")
        # S05
        p = self.pick("経理")
        d = dt.date(2026, 11, 11)
        ts = at(d, 13, 0)
        self.story("S05", p, ts)
        self.cups(ts, p, "【社外秘】元帳_2026上期.pdf", 180)
        for k in range(22):
            ts += dt.timedelta(minutes=6)
            self.cups(ts, p, f"社外秘_取引明細_{k:02d}.pdf", 20)
        # S06
        p = self.pick("購買")
        p["notice"], p["last"] = "2026-10-01", "2026-10-30"
        ts = at(dt.date(2026, 11, 2), 21, 15)
        self.story("S06", p, ts)
        self.ssh(ts, p, host="fs01", ip="203.0.113.80")
        # S07
        v = self.vendors[3]
        v["last"] = "2026-10-16"
        ts = at(dt.date(2026, 10, 30), 14, 0)
        self.story("S07", v, ts)
        self.ssh(ts, v, host="mfg01")
        # S08
        p = self.pick("品質保証")
        for n, d in enumerate((dt.date(2026, 11, 16), dt.date(2026, 11, 17))):
            ts = at(d, 10, 0)
            if n == 0:
                self.story("S08", p, ts)
            for k in range(70):
                ts += dt.timedelta(seconds=40)
                area = ("設計/製品群/図面", "経営企画/中期計画")[k % 2]
                self.samba(ts, p, f"{area}/資料_{n}_{k:03d}.pdf")
        # S09
        p = self.pick("設計")
        p["notice"], p["last"] = "2026-11-02", "2026-11-27"
        ts = at(dt.date(2026, 11, 9), 9, 12)
        self.story("S09", p, ts)
        for k in range(3):
            self.postfix(ts + dt.timedelta(hours=k * 3), f"7A1B{k:02d}C{p['id'][1:]}", f"tanto@{CUSTOMERS[k]}",
                         f"{p['latin'].split()[0].lower()}.{k}x@gmail.com", orig=p["mail"])
        # S10
        p = self.pick("総務")
        d = dt.date(2026, 10, 14)
        ts = at(d, 12, 10)
        self.story("S10", p, ts)
        self.squid(ts, p, "GET", "https://wikileaks.org/")
        self.squid(ts + dt.timedelta(minutes=50), p, "POST", "https://pastebin.com/api/api_post.php", 90000)
        # S11
        p = self.pick("設計")
        p["notice"], p["last"] = "2026-11-09", "2026-12-04"
        for k, d in enumerate((dt.date(2026, 10, 26), dt.date(2026, 10, 28), dt.date(2026, 10, 30))):
            self.squid(at(d, 12, 20 + k), p, "GET", f"https://{JOB_SITES[k]}/")
        ts = at(dt.date(2026, 11, 2), 18, 40)
        self.story("S11", p, ts)
        for k in range(45):
            ts += dt.timedelta(seconds=30)
            area = ("設計/製品群/図面", "品質保証/検査記録", "経営企画/中期計画")[k % 3]
            self.samba(ts, p, f"{area}/資料_{k:03d}.pdf")
        # S12
        p = self.pick("営業", "sales")
        d = dt.date(2026, 11, 18)
        ts = at(d, 20, 30)
        self.story("S12", p, ts)
        for k in range(3):
            self.squid(ts + dt.timedelta(minutes=k), p, "POST", "https://wetransfer.com/api/v4/transfers", 5000000)
        self.eml(at(d + dt.timedelta(days=1), 11, 0), p,
                 f"{p['latin'].split()[0].lower()}.{p['latin'].split()[1].lower()}@yahoo.co.jp",
                 "社外秘_製品図面_A12.pdf")

    # ---------------------------------------------------------------- write
    def write(self, out):
        os.makedirs(os.path.join(out, "logs"), exist_ok=True)
        paths = {"samba": "fileserver/samba-audit.log", "squid": "proxy/access.log", "auth": "servers/auth.log",
                 "usb": "endpoints/kern.log", "cups": "print/page_log", "postfix": "mail/maillog"}
        for k, rel in paths.items():
            path = os.path.join(out, "logs", rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            lines = sorted(self.logs[k], key=lambda x: x[0])
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write("".join(l for _, l in lines))
        os.makedirs(os.path.join(out, "logs", "mail", "eml"), exist_ok=True)
        for name, text in sorted(self.emls.items()):
            with open(os.path.join(out, "logs", "mail", "eml", name), "w", encoding="utf-8", newline="") as f:
                f.write(text)
        with open(os.path.join(out, "people.csv"), "w", encoding="utf-8", newline="") as f:
            f.write("id,name,name_latin,department,role,type,aliases,personal_addresses,areas,hire_date,"
                    "notice_date,last_day,hosts\n")
            for p in self.people + self.services + self.vendors:
                areas = {"営業": "営業", "設計": "設計", "品質保証": "品質保証", "経営企画": "経営企画"}.get(p["dept"], "")
                f.write(f"{p['id']},{p['name']},{p.get('latin', '')},{p['dept']},,{p['type']},"
                        f"{p['user']}{';' + p['mail'] if p.get('mail') else ''},,{areas},{p.get('hire', '2015-04-01')},"
                        f"{p['notice']},{p['last']},{p['pc']}\n")
        serials = ", ".join(f"EVAL-USB-{i:04d}" for i in range(40))
        with open(os.path.join(out, "context.yaml"), "w", encoding="utf-8") as f:
            f.write(f"""# The evaluation organisation (tests/e2e/evalorg.py): invented.
organisation:
  name: 株式会社評価工業
  time_zone: Asia/Tokyo
  business_hours:
    weekdays: "08:30-18:00"
    sat: closed
    sun: closed
  departing_lookback_days: 90
mail:
  internal_domains: [{DOMAIN}]
  partner_domains: [{CUSTOMERS[0]}]
web:
  approved: [box.com]
usb:
  approved_serials: [{serials}]
classification:
  pattern: '極秘|厳秘|社外秘|部外秘'
secret_repositories:
  - {{ name: 顧客台帳, area: 営業, pattern: '(^|/)営業/顧客/' }}
  - {{ name: 設計図面, area: 設計, pattern: '(^|/)設計/' }}
  - {{ name: 品質保証記録, area: 品質保証, pattern: '(^|/)品質保証/' }}
  - {{ name: 経営企画資料, area: 経営企画, pattern: '(^|/)経営企画/' }}
people: people.csv
""")
        with open(os.path.join(out, "truth.json"), "w") as f:
            json.dump({"people": len(self.people) + len(self.services) + len(self.vendors),
                       "stories": self.truth}, f, indent=1, ensure_ascii=False)


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 20261207
    org = Org(n, seed)
    org.stories()
    org.benign()
    org.write(out)


if __name__ == "__main__":
    main()

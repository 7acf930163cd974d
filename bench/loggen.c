/* loggen: deterministic synthetic logs for the benchmark (make bench).
 *
 * usage: loggen FAMILY MEGABYTES [SEED]
 * FAMILY: proxy, fileserver, vpn, print, mail, logon.
 * Writes about MEGABYTES MiB of log lines to stdout. The same arguments always
 * give the same bytes: a fixed xorshift generator, no clock. Lines follow the
 * real formats (Squid native, Samba vfs_full_audit via syslog, OpenVPN
 * syslog, CUPS page_log, Postfix syslog, sshd syslog), one month from
 * 2026-10-01 in Asia/Tokyo.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state;

static uint64_t rng(void)
{
	uint64_t x = rng_state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	rng_state = x;
	return x;
}

static unsigned pick(unsigned n)
{
	return (unsigned)(rng() % n);
}

static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
				      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
/* Ordinary destinations; a file-sharing site only now and then (about one
 * request in 2,000), as in a company's real proxy log. */
static const char *const hosts[] = { "www.example.com", "intra.sample-seiki.co.jp", "news.example.jp",
				     "cdn.example.net", "api.example.org", "www.yahoo.co.jp",
				     "static.example.com", "docs.example.org", "www.example.net", "img.example.jp" };
static const char *const sharing_hosts[] = { "drive.google.com", "www.dropbox.com", "gigafile.nu" };
static const char *const exts[] = { "docx", "xlsx", "pdf", "dwg", "txt", "pptx" };
static const char *const dirs[] = { "設計/量産", "営業/見積", "総務", "開発/試作", "品質/検査", "社外秘/図面" };
static const char *const ops[] = { "openat|ok|r", "openat|ok|w", "unlinkat|ok", "renameat|ok", "mkdirat|ok" };

/* Event time: seconds since 2026-10-01T00:00:00+09:00. It never goes back:
 * the step is chosen so that the whole output spans October. */
static uint64_t t_now, t_now_us, step_us;
static const uint64_t T0 = 1790780400; /* 2026-09-30T15:00:00Z */

static void advance(void)
{
	t_now_us += step_us / 2 + pick((unsigned)step_us + 1);
	t_now = t_now_us / 1000000;
}

/* "Oct  1 09:00:00" in JST for year-less syslog stamps. */
static void syslog_stamp(char *out, size_t n)
{
	uint64_t jst = T0 + t_now + 9 * 3600;
	uint64_t day = jst / 86400;
	uint64_t sod = jst % 86400;
	/* days since 1970-01-01 to month/day: only Oct-Nov 2026 occur here */
	int64_t d_oct1 = 20727; /* 2026-10-01 */
	int64_t rel = (int64_t)day - d_oct1;
	int mon = rel < 31 ? 9 : 10;
	int mday = rel < 31 ? (int)rel + 1 : (int)(rel - 31) + 1;
	snprintf(out, n, "%s %2d %02u:%02u:%02u", months[mon], mday, (unsigned)(sod / 3600),
		 (unsigned)(sod / 60 % 60), (unsigned)(sod % 60));
}

static void ip(char *out, size_t n)
{
	snprintf(out, n, "10.%u.%u.%u", 1 + pick(3), pick(250), 1 + pick(250));
}

static int gen_proxy(void)
{
	char cip[32];
	ip(cip, sizeof cip);
	const char *host = pick(2000) == 0 ? sharing_hosts[pick(3)] : hosts[pick(10)];
	const char *method = pick(10) == 0 ? "POST" : "GET";
	return printf("%llu.%03u %6u %s TCP_%s/%03u %u %s https://%s/p/%u/%u user%04u HIER_DIRECT/93.184.%u.%u text/html\n",
		      (unsigned long long)(T0 + t_now), pick(1000), pick(5000), cip,
		      pick(8) ? "MISS" : "DENIED", pick(8) ? 200 : 403, 200 + pick(90000), method, host,
		      pick(100000), pick(100), pick(200), pick(255), pick(255));
}

static int gen_fileserver(void)
{
	char ts[32], cip[32];
	syslog_stamp(ts, sizeof ts);
	ip(cip, sizeof cip);
	return printf("%s fs01 smbd_audit: user%04u|%s|pc%03u|share|%s|/srv/share/%s/doc%05u.%s\n", ts,
		      pick(200), cip, pick(200), ops[pick(5)], dirs[pick(6)], pick(50000), exts[pick(6)]);
}

static int gen_vpn(void)
{
	char ts[32];
	syslog_stamp(ts, sizeof ts);
	unsigned u = pick(200), port = 1024 + pick(60000), a = pick(250), b = pick(250);
	switch (pick(3)) {
	case 0:
		return printf("%s vpn01 openvpn[812]: TLS: Username/Password authentication succeeded for username 'user%04u'\n", ts, u);
	case 1:
		return printf("%s vpn01 openvpn[812]: user%04u/203.0.%u.%u:%u MULTI_sva: pool returned IPv4=10.8.%u.%u, IPv6=(Not enabled)\n",
			      ts, u, a, b, port, pick(250), 2 + pick(250));
	default:
		return printf("%s vpn01 openvpn[812]: user%04u/203.0.%u.%u:%u SIGTERM[soft,remote-exit] received, client-instance exiting\n",
			      ts, u, a, b, port);
	}
}

static int gen_print(void)
{
	uint64_t jst = T0 + t_now + 9 * 3600;
	uint64_t sod = jst % 86400;
	int mday = (int)((jst / 86400) - 20727);
	const char *mon = mday < 31 ? "Oct" : "Nov";
	mday = mday < 31 ? mday + 1 : mday - 30;
	return printf("prn%02u user%04u %u [%02d/%s/2026:%02u:%02u:%02u +0900] total %u 1 - 10.1.%u.%u 見積書 第%u版.%s A4 one-sided\n",
		      pick(10), pick(200), 1000 + pick(900000), mday, mon, (unsigned)(sod / 3600),
		      (unsigned)(sod / 60 % 60), (unsigned)(sod % 60), 1 + pick(40), pick(250), 1 + pick(250),
		      pick(9), exts[pick(6)]);
}

static int gen_mail(void)
{
	char ts[32];
	syslog_stamp(ts, sizeof ts);
	unsigned q = (unsigned)rng() & 0xfffffff, u = pick(200);
	int n = 0;
	n += printf("%s mail01 postfix/smtpd[2101]: %07X: client=pc%03u.sample-seiki.co.jp[10.1.%u.%u]\n", ts, q, u, pick(250), 1 + pick(250));
	n += printf("%s mail01 postfix/cleanup[2102]: %07X: message-id=<%u.%u@sample-seiki.co.jp>\n", ts, q, pick(1000000), u);
	n += printf("%s mail01 postfix/qmgr[2103]: %07X: from=<user%04u@sample-seiki.co.jp>, size=%u, nrcpt=1 (queue active)\n", ts, q, u, 1000 + pick(5000000));
	n += printf("%s mail01 postfix/smtp[2104]: %07X: to=<%s%04u@%s>, relay=mx.example.net[198.51.100.%u]:25, delay=0.%u, delays=0.1/0/0.1/0.1, dsn=2.0.0, status=sent (250 2.0.0 Ok)\n",
		    ts, q, pick(2) ? "partner" : "friend", pick(500), pick(3) ? "example.co.jp" : "gmail.com", 1 + pick(250), pick(10));
	n += printf("%s mail01 postfix/qmgr[2103]: %07X: removed\n", ts, q);
	return n;
}

static int gen_logon(void)
{
	char ts[32], cip[32];
	syslog_stamp(ts, sizeof ts);
	ip(cip, sizeof cip);
	unsigned u = pick(200), port = 1024 + pick(60000);
	if (pick(10) == 0)
		return printf("%s srv01 sshd[%u]: Failed password for user%04u from %s port %u ssh2\n", ts, 1000 + pick(30000), u, cip, port);
	return printf("%s srv01 sshd[%u]: Accepted publickey for user%04u from %s port %u ssh2\n", ts, 1000 + pick(30000), u, cip, port);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fputs("usage: loggen FAMILY MEGABYTES [SEED]\n", stderr);
		return 64;
	}
	static const struct {
		const char *name;
		int (*gen)(void);
	} families[] = { { "proxy", gen_proxy }, { "fileserver", gen_fileserver }, { "vpn", gen_vpn },
			 { "print", gen_print }, { "mail", gen_mail }, { "logon", gen_logon } };
	int (*gen)(void) = NULL;
	for (size_t i = 0; i < sizeof families / sizeof families[0]; i++)
		if (strcmp(argv[1], families[i].name) == 0)
			gen = families[i].gen;
	if (!gen) {
		fprintf(stderr, "loggen: unknown family '%s'\n", argv[1]);
		return 64;
	}
	uint64_t limit = strtoull(argv[2], NULL, 10) << 20;
	rng_state = 0x9e3779b97f4a7c15ULL ^ (argc > 3 ? strtoull(argv[3], NULL, 10) : 1);
	static char obuf[1 << 20];
	setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
	uint64_t expected_lines = limit / 110 + 1;
	step_us = 31ULL * 86400 * 1000000 / expected_lines;
	uint64_t written = 0;
	while (written < limit) {
		int n = gen();
		if (n < 0)
			return 74;
		written += (uint64_t)n;
		advance();
	}
	return fflush(stdout) == 0 ? 0 : 74;
}

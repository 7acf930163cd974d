#!/bin/sh
# End-to-end tests of the exports, verify, signing and time-stamps, the
# audit log, determinism, pseudonymisation and redaction, on a small case
# built by export_fixture.py (evidence files made at test time).
set -u
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_init export
e2e_need python3
here="$LT_SRCDIR/tests/e2e"
py() { python3 "$here/export_check.py" "$@"; }
flip() { python3 -c "import sys; p=sys.argv[1]; o=int(sys.argv[2]); b=bytearray(open(p,'rb').read()); b[o]^=1; open(p,'wb').write(bytes(b))" "$1" "$2"; }

python3 "$here/export_fixture.py" "$W" || { bad "fixture"; e2e_finish; }
C="$W/case"
E="$C/exports"

# --- formats ---
check_cmd "timeline csv (default: BOM, CRLF, chain)" "$LT_BIN" timeline "$C" --format csv
check_cmd "csv read back by python csv" py csv "$E/timeline.csv" bom
check_cmd "csv formula guard: '= kept as text" py present "$E/timeline.csv" "\"'=cmd" "\"'@SUM(1)\"" "\"'=HYPERLINK"
check_cmd "timeline csv --no-bom" "$LT_BIN" timeline "$C" --no-bom -o "$W/plain.csv"
check_cmd "--no-bom has no BOM" py csv "$W/plain.csv" nobom
check_cmd "timeline jsonl" "$LT_BIN" timeline "$C" --format jsonl --lang en
check_cmd "jsonl has Timesketch fields, µs, chain" py jsonl "$E/timeline.jsonl"
check_cmd "timeline html ja" "$LT_BIN" timeline "$C" --format html --lang ja
check_cmd "timeline html en, requested person" "$LT_BIN" timeline "$C" --format html --lang en --person yamada --person tanaka
check_cmd "html ja well-formed, self-contained" py html "$E/report.ja.html"
check_cmd "html en well-formed, self-contained" py html "$E/report.en.html"
check_cmd "html ja: summary, evidence hash, raw line, methodology" py present "$E/report.ja.html" "1. 概要" \
	"$(sha256sum "$W/evidence/proxy.log" | cut -c1-64)" "smbd_audit: tanaka" "調査方法" "<svg"
check_cmd "html en: cleared person said so" py present "$E/report.en.html" "No indicator found for" "yamada"
check_cmd "html en: only requested people have sections" py absent "$E/report.en.html" "suzuki"
check_cmd "filters: --rule and --min-level" sh -c "'$LT_BIN' timeline '$C' --rule lt-formula -o - | grep -c lt-formula | grep -qx 2 && \
	'$LT_BIN' timeline '$C' --min-level critical -o - | grep -c critical | grep -qx 3"
check_cmd "filters: --from/--to in the case's zone" sh -c "'$LT_BIN' timeline '$C' --from 2026-11-25T13:00 --to 2026-11-25 -o - | grep -c 'Finding window' | grep -qx 2"
check_cmd "stdout export is not recorded" sh -c "! grep -q '\"-\"' '$C/manifest.json'"

# --- determinism: same case, same bytes, in every format ---
mkdir -p "$W/first"
cp "$E/timeline.csv" "$E/timeline.jsonl" "$E/report.ja.html" "$W/first/"
"$LT_BIN" timeline "$C" --format csv >/dev/null 2>&1
"$LT_BIN" timeline "$C" --format jsonl --lang en >/dev/null 2>&1
"$LT_BIN" timeline "$C" --format html --lang ja >/dev/null 2>&1
check_cmd "determinism: csv byte-identical" cmp "$W/first/timeline.csv" "$E/timeline.csv"
check_cmd "determinism: jsonl byte-identical" cmp "$W/first/timeline.jsonl" "$E/timeline.jsonl"
check_cmd "determinism: html byte-identical" cmp "$W/first/report.ja.html" "$E/report.ja.html"
python3 - "$C/findings.jsonl" <<'PY'
import sys; p = sys.argv[1]; l = open(p).read().splitlines(); open(p, "w").write("\n".join(reversed(l)) + "\n")
PY
"$LT_BIN" timeline "$C" --format csv -o "$W/reordered.csv" >/dev/null 2>&1
check_cmd "determinism: order does not depend on the findings file's order" cmp "$W/first/timeline.csv" "$W/reordered.csv"
python3 - "$C/findings.jsonl" <<'PY'
import sys; p = sys.argv[1]; l = open(p).read().splitlines(); open(p, "w").write("\n".join(reversed(l)) + "\n")
PY
check_cmd "verify: clean case" sh -c "'$LT_BIN' verify '$C' >'$W/v' 2>&1 || { cat '$W/v'; exit 1; }"
check_cmd "verify checks outputs written outside the case too" grep -q "output   $W/reordered.csv" "$W/v"

# --- verify: one flipped byte at a time ---
cp "$W/evidence/proxy.log" "$W/keep"
flip "$W/evidence/proxy.log" 10
check_cmd "verify: flipped byte in evidence -> 3, names it" sh -c "'$LT_BIN' verify '$C' >'$W/st' 2>&1; [ \$? -eq 3 ] && grep -q 'first difference: evidence $W/evidence/proxy.log' '$W/st'"
cp "$W/keep" "$W/evidence/proxy.log"

cp "$W/evidence/fileserver.tar" "$W/keep"
flip "$W/evidence/fileserver.tar" 600
check_cmd "verify: flipped byte in an archive member -> 3, names file" sh -c "'$LT_BIN' verify '$C' >'$W/st' 2>&1; [ \$? -eq 3 ] && grep -q 'first difference: evidence $W/evidence/fileserver.tar' '$W/st'"
cp "$W/keep" "$W/evidence/fileserver.tar"

cp "$E/timeline.csv" "$W/keep"
off=$(grep -abo 'uploaded' "$E/timeline.csv" | head -1 | cut -d: -f1)
flip "$E/timeline.csv" "${off:-400}"
check_cmd "verify: flipped byte in an output -> 3, names entry" sh -c "'$LT_BIN' verify '$C' >'$W/st' 2>&1; [ \$? -eq 3 ] && grep -q 'first difference: output exports/timeline.csv: chain broken at entry' '$W/st'"
cp "$W/keep" "$E/timeline.csv"

cp "$C/audit.log" "$W/keep"
flip "$C/audit.log" 200
check_cmd "verify: flipped byte in the audit log -> 3, names line 1" sh -c "'$LT_BIN' verify '$C' >'$W/st' 2>&1; [ \$? -eq 3 ] && grep -q 'first difference: audit.log line 1' '$W/st'"
cp "$W/keep" "$C/audit.log"

cp "$C/audit.log" "$W/keep"
head -n 2 "$W/keep" >"$C/audit.log"
check_cmd "verify: audit log cut short -> 3" sh -c "'$LT_BIN' verify '$C' >'$W/st' 2>&1; [ \$? -eq 3 ] && grep -q 'audit.log' '$W/st'"
cp "$W/keep" "$C/audit.log"

cp "$C/manifest.json" "$W/keep"
off=$(grep -abo '"case_id"' "$C/manifest.json" | head -1 | cut -d: -f1)
flip "$C/manifest.json" $((off + 14))
check_cmd "verify: flipped byte in the manifest -> 3, names it" sh -c "'$LT_BIN' verify '$C' >'$W/st' 2>&1; [ \$? -eq 3 ] && grep -q 'first difference: manifest.json' '$W/st'"
cp "$W/keep" "$C/manifest.json"
check_cmd "verify: restored case matches again" "$LT_BIN" verify -q "$C"

# --- audit log ---
check_cmd "audit log: one line per command, chained, with user and outputs" python3 - "$C/audit.log" <<'PY'
import hashlib, json, sys
prev = "0" * 64
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
assert len(lines) >= 8, len(lines)
for n, l in enumerate(lines, 1):
    cut = l.rindex(',"hash":"')
    o = json.loads(l)
    assert o["prev"] == prev, n
    assert hashlib.sha256(l[:cut].encode()).hexdigest() == o["hash"], n
    for k in ("time", "user", "host", "argv", "inputs", "outputs", "exit"):
        assert k in o, (n, k)
    prev = o["hash"]
assert any(x["path"].endswith("timeline.csv") for x in json.loads(lines[0])["outputs"])
PY
check_cmd "audit log: hand recipe (sed + sha256sum) gives the recorded hash" sh -c "
	l=\$(sed -n 1p '$C/audit.log'); want=\$(printf '%s' \"\$l\" | sed 's/.*,\"hash\":\"\\([0-9a-f]*\\)\"}\$/\\1/')
	got=\$(printf '%s' \"\$l\" | sed 's/,\"hash\":\"[0-9a-f]*\"}\$//' | tr -d '\\n' | sha256sum | cut -c1-64)
	[ \"\$got\" = \"\$want\" ]"
if command -v jq >/dev/null 2>&1; then
	check_cmd "timeline chain: hand recipe (jq + sha256sum) gives entry 3's hash" sh -c "
		want=\$(sed -n 3p '$E/timeline.jsonl' | jq -r .hash)
		got=\$(sed -n 3p '$E/timeline.jsonl' | jq -j '[.prev_hash, (.seq|tostring), .datetime, .datetime_local, (.timestamp|tostring), .timestamp_desc, .entry_type, .message, .person, .rule_id, .rule_title, .level, .finding_id, .source_path, .source_sha256, .member, ((.offset // \"\")|tostring), ((.line // \"\")|tostring), .raw] | map(gsub(\"\\\\\\\\\"; \"\\\\\\\\\\\\\\\\\") | gsub(\"\\n\"; \"\\\\\\\\n\") | gsub(\"\\r\"; \"\\\\\\\\r\")) | join(\"\\n\")' | sha256sum | cut -c1-64)
		[ \"\$got\" = \"\$want\" ]"
else
	skip "jq recipe (no jq)"
fi

# --- pseudonymisation ---
printf '%s\n' 0123456789abcdef0123456789abcdef >"$W/key"
check_cmd "pseudonymised csv" "$LT_BIN" timeline "$C" --pseudonymize "$W/key"
check_cmd "pseudonymised: no person id or mail address left" py absent "$E/timeline.pseudo.csv" tanaka suzuki "@example.co.jp"
check_cmd "pseudonymised: tokens present, chain intact" sh -c "grep -q 'PSN-[0-9a-f]\{16\}' '$E/timeline.pseudo.csv' && python3 '$here/export_check.py' csv '$E/timeline.pseudo.csv' bom"
tok=$(python3 -c "import hmac,hashlib,sys; print('PSN-'+hmac.new(sys.argv[1].encode(),b'tanaka',hashlib.sha256).hexdigest()[:16])" 0123456789abcdef0123456789abcdef)
check_cmd "pseudonym = HMAC-SHA-256(key, id) truncated (documented)" grep -q "$tok" "$E/timeline.pseudo.csv"
check_cmd "reidentify with the key" sh -c "'$LT_BIN' reidentify '$C' --key '$W/key' '$tok' | grep -q 'tanaka'"
printf '%s\n' ffffffffffffffffffffffffffffffff >"$W/key2"
check_cmd "reidentify with another key finds nothing" sh -c "! '$LT_BIN' reidentify '$C' --key '$W/key2' '$tok' | grep -q 'tanaka'"
check_cmd "pseudonymised html" sh -c "'$LT_BIN' timeline '$C' --format html --pseudonymize '$W/key' && python3 '$here/export_check.py' absent '$E/report.ja.pseudo.html' tanaka suzuki"

# --- redaction ---
printf '# secret terms\nProject-Tsubasa\t本件製品A\n図面\t本件図面\n' >"$W/terms.tsv"
check_cmd "redacted jsonl" "$LT_BIN" timeline "$C" --format jsonl --redact "$W/terms.tsv"
check_cmd "redacted: terms gone (any case), aliases in" sh -c "python3 '$here/export_check.py' absent '$E/timeline.redacted.jsonl' project-tsubasa /図面 && python3 '$here/export_check.py' present '$E/timeline.redacted.jsonl' 本件製品A 本件図面"
check_cmd "redacted: chain intact" py jsonl "$E/timeline.redacted.jsonl"
check_cmd "redaction table lists term, entry and field" python3 - "$E/timeline.redacted.terms.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
cols = {(r["term"], r["column"]) for r in rows}
assert ("Project-Tsubasa", "raw") in cols and ("Project-Tsubasa", "message") in cols, cols
assert ("図面", "raw") in cols, cols
assert all(r["seq"] and r["finding_id"] for r in rows)
assert any(r["source_sha256"] and r["line"] for r in rows)
PY
check_cmd "redacted html" sh -c "'$LT_BIN' timeline '$C' --format html --redact '$W/terms.tsv' && python3 '$here/export_check.py' absent '$E/report.ja.redacted.html' project-tsubasa"
check_cmd "verify after all exports" "$LT_BIN" verify -q "$C"

# --- signing and time-stamps ---
if command -v openssl >/dev/null 2>&1; then
	openssl genpkey -algorithm ed25519 -out "$W/key.pem" 2>/dev/null
	openssl pkey -in "$W/key.pem" -pubout -out "$W/pub.pem" 2>/dev/null
	openssl genpkey -algorithm ed25519 -out "$W/other.pem" 2>/dev/null
	openssl pkey -in "$W/other.pem" -pubout -out "$W/otherpub.pem" 2>/dev/null
	check_cmd "sign" "$LT_BIN" sign "$C" --sign-key "$W/key.pem"
	check_cmd "verify --pubkey: good signature" "$LT_BIN" verify -q "$C" --pubkey "$W/pub.pem"
	check_cmd "openssl pkeyutl verifies manifest.sig" openssl pkeyutl -verify -pubin -inkey "$W/pub.pem" -rawin -in "$C/manifest.json" -sigfile "$C/manifest.sig"
	check_cmd "verify --pubkey with another key -> 3" sh -c "'$LT_BIN' verify '$C' --pubkey '$W/otherpub.pem' >'$W/st' 2>&1; [ \$? -eq 3 ] && grep -q 'first difference: manifest.sig' '$W/st'"
	# A local TSA: self-signed CA, a TSA certificate with the timeStamping EKU.
	cat >"$W/ts.cnf" <<CNF
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
serial = $W/tsaserial
crypto_device = builtin
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256
accuracy = secs:1
ordering = yes
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
[ tsaext ]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = critical,timeStamping
[ caext ]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
CNF
	echo 01 >"$W/tsaserial"
	if openssl req -x509 -newkey rsa:2048 -nodes -keyout "$W/ca.key" -out "$W/ca.pem" -days 2 -subj "/CN=Test CA" -extensions caext -config "$W/ts.cnf" >/dev/null 2>&1 &&
	   openssl req -newkey rsa:2048 -nodes -keyout "$W/tsa.key" -out "$W/tsa.csr" -subj "/CN=Test TSA" >/dev/null 2>&1 &&
	   openssl x509 -req -in "$W/tsa.csr" -CA "$W/ca.pem" -CAkey "$W/ca.key" -CAcreateserial -out "$W/tsa.pem" -days 2 -extfile "$W/ts.cnf" -extensions tsaext >/dev/null 2>&1 &&
	   openssl ts -reply -config "$W/ts.cnf" -queryfile "$C/manifest.tsq" -signer "$W/tsa.pem" -inkey "$W/tsa.key" -out "$C/manifest.tsr" >/dev/null 2>&1; then
		check_cmd "openssl ts -verify accepts the reply to our request" openssl ts -verify -queryfile "$C/manifest.tsq" -in "$C/manifest.tsr" -CAfile "$W/ca.pem" -untrusted "$W/tsa.pem"
		check_cmd "verify --ca: good time-stamp" "$LT_BIN" verify -q "$C" --pubkey "$W/pub.pem" --ca "$W/ca.pem" --tsa-cert "$W/tsa.pem"
		cp "$C/manifest.tsr" "$W/keep"
		flip "$C/manifest.tsr" 100
		check_cmd "verify --ca: flipped byte in the .tsr -> 3" sh -c "'$LT_BIN' verify '$C' --ca '$W/ca.pem' --tsa-cert '$W/tsa.pem' >'$W/st' 2>&1; [ \$? -eq 3 ] && grep -q 'first difference: manifest.tsr' '$W/st'"
		cp "$W/keep" "$C/manifest.tsr"
		"$LT_BIN" timeline "$C" --format jsonl >/dev/null 2>&1   # changes the manifest after sealing
		check_cmd "verify after a later export: signature and time-stamp no longer match -> 3" sh -c "'$LT_BIN' verify '$C' --pubkey '$W/pub.pem' --ca '$W/ca.pem' --tsa-cert '$W/tsa.pem' >'$W/st' 2>&1; [ \$? -eq 3 ] && grep -q 'manifest.sig' '$W/st' && grep -q 'manifest.tsr' '$W/st'"
		check_cmd "timeline --sign-key re-seals" sh -c "'$LT_BIN' timeline '$C' --format jsonl --sign-key '$W/key.pem' && '$LT_BIN' verify -q '$C' --pubkey '$W/pub.pem'"
	else
		skip "could not set up a local TSA with openssl"
	fi
else
	skip=$((skip + 4)); echo "skip: signing tests (no openssl command)"
fi

# --- usage errors ---
check_cmd "unknown format -> 64" sh -c "'$LT_BIN' timeline '$C' --format pdf >/dev/null 2>&1; [ \$? -eq 64 ]"
check_cmd "verify without a case -> 74" sh -c "'$LT_BIN' verify '$W/nonexistent' >/dev/null 2>&1; [ \$? -eq 74 ]"

e2e_finish

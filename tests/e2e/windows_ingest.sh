#!/bin/sh
# End-to-end: Windows event logs through the real binary. EVTX files given
# plainly and inside tar.gz and zip archives (streams, no temp files), their
# XML renderings, no --format anywhere: the right parser is picked, record
# counts match the corpus, and each EVTX record's offset points at its bytes
# in the evidence ("**" record signature, checked with tail -c / head -c).
set -u
: "${LT_SHARED:=}"
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_init win
C=${LT_SHARED:+$LT_SHARED/corpus}
[ -n "$C" ] && [ -d "$C/auth/omerbenamram-evtx" ] || e2e_skip_all "corpus not found (\$LT_SHARED/corpus)"
e2e_need jq tar gzip zip

mkdir -p "$W/ev/plain" "$W/ev/arch"
cp "$C/auth/omerbenamram-evtx/Security_with_size_t.evtx" "$W/ev/plain/Security.evtx"
cp "$C/auth/beats-winlogbeat-security/security-windows2012r2-logon.evtx.libevtx.xml" "$W/ev/plain/logon.xml"
cp "$C/fileserver/evtx-attack-samples/LM_5145_Remote_FileCopy.evtx" "$W/ev/arch/files.evtx"
cp "$C/usb/ericzimmerman-evtx-maps/Security_Microsoft-Windows-Security-Auditing_6416.example.xml" "$W/ev/arch/usb.xml"
(cd "$W/ev/arch" && tar -czf ../logs.tar.gz files.evtx usb.xml && zip -q ../logs.zip files.evtx) || {
	bad "cannot build the archives"
	e2e_finish
}
rm -rf "$W/ev/arch"

"$LT_BIN" ingest -q -o "$W/case" --tz Asia/Tokyo "$W/ev" >"$W/out" 2>"$W/err"
st=$?
if [ "$st" -eq 0 ] || [ "$st" -eq 2 ]; then ok "ingest exits $st"; else bad "ingest exits $st"; sed 's/^/  | /' "$W/err" | head; fi
"$LT_BIN" dump "$W/case" >"$W/dump.jsonl" 2>"$W/err" || bad "dump failed"

count() {	# jq filter -> number of matching records
	jq -c "select($1)" "$W/dump.jsonl" | wc -l | tr -d ' '
}
check_eq "Security.evtx: 636 records (SOURCE.md)" \
	"$(count '(."leaktrail.source.path" | endswith("Security.evtx")) and ."leaktrail.parser" == "windows_evtx"')" 636
check_eq "Security.evtx: 126 logons 4624" \
	"$(count '(."leaktrail.source.path" | endswith("Security.evtx")) and ."event.code" == "4624" and ."event.action" == "logged-in"')" 126
check_eq "XML rendering: 18 events, windows_xml" \
	"$(count '(."leaktrail.source.path" | endswith("logon.xml")) and ."leaktrail.parser" == "windows_xml"')" 18
check_eq "EVTX inside tar.gz: 869 share accesses 5145" \
	"$(count '(."leaktrail.source.path" | endswith("logs.tar.gz")) and ."leaktrail.member" == "files.evtx" and ."event.code" == "5145" and (."leaktrail.windows.recovered" | not)')" 869
check_eq "EVTX inside zip: same 5145 count" \
	"$(count '(."leaktrail.source.path" | endswith("logs.zip")) and ."event.code" == "5145" and (."leaktrail.windows.recovered" | not)')" 869
check_eq "XML inside tar.gz: the 6416 device" \
	"$(count '."leaktrail.member" == "usb.xml" and ."leaktrail.usb.vendor" == "JetFlash"')" 1
check_eq "every 5145 from the archive has a path and a read/write/delete action" \
	"$(count '(."leaktrail.source.path" | endswith("logs.tar.gz")) and ."leaktrail.member" == "files.evtx" and ."event.code" == "5145" and (."leaktrail.windows.recovered" | not) and ."file.path" != null and (."event.action" | IN("read", "write", "delete"))')" 869

# offsets: the first, a middle and the last record of Security.evtx start
# with the record signature "**\0\0" at their offset in the evidence file
fails=0
for rid in 1 300 636; do
	off=$(jq -r "select((.\"leaktrail.source.path\" | endswith(\"Security.evtx\")) and .\"winlog.record_id\" == $rid) | .\"leaktrail.offset\"" "$W/dump.jsonl" | head -1)
	sig=$(tail -c +$((off + 1)) "$W/ev/plain/Security.evtx" | head -c 4 | od -An -c | tr -d ' \n')
	[ "$sig" = '**\0\0' ] || { fails=$((fails + 1)); echo "  | record $rid at $off: '$sig'"; }
done
check_eq "EVTX offsets point at the records' bytes" "$fails" 0

# the logon times are UTC SystemTimes, untouched by --tz
check_eq "EVTX time is UTC whatever --tz says" \
	"$(jq -r 'select((."leaktrail.source.path" | endswith("logon.xml")) and ."winlog.record_id" == 1535) | ."@timestamp"' "$W/dump.jsonl")" \
	"2019-03-29T21:10:39.786832Z"

e2e_finish

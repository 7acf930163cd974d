#!/bin/bash
# make bench: speed and memory of leaktrail against the floor (cat, zcat) and
# GoAccess, on deterministic synthetic logs. Prints one table. Not a test.
#
# Environment:
#   BENCH_MB    decompressed MiB in total over the six families (default 2048)
#   BENCH_DIR   work folder (default: a temporary folder, removed afterwards)
#   BENCH_FILES files per family (default 4), so -j has files to share
#   BENCH_RUN_MB  decompressed MiB for the end-to-end `run` (default 256): the
#               exports walk every record, so the whole input would take long
#   BENCH_BIG   if set to N, also ingest N MiB of proxy log and report peak RSS only
#   BENCH_RULES_N  records for the rule-engine lines (default 1000000): the
#               shipped rules over handbook records and over Windows records,
#               and every loadable SigmaHQ rule over Windows records (read
#               from $LT_SHARED/peer/sigmahq, default ../shared; skipped with a
#               message when absent). CPU time of bench/rules_bench, one core.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
builddir=${BUILDDIR:-$(pwd)}
lt="$builddir/leaktrail"
gen="$builddir/bench/loggen"
total_mb=${BENCH_MB:-2048}
files=${BENCH_FILES:-4}
[ -x "$lt" ] || { echo "bench: $lt not built (run make first)" >&2; exit 1; }
[ -x "$gen" ] || { echo "bench: $gen not built" >&2; exit 1; }
work=${BENCH_DIR:-$(mktemp -d /tmp/leaktrail-bench.XXXXXX)}
[ -n "${BENCH_DIR:-}" ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work/logs"
families="proxy fileserver vpn print mail logon"
per_file=$(( total_mb / 6 / files ))
[ "$per_file" -ge 1 ] || per_file=1

echo "bench: generating $((per_file * files * 6)) MiB in $work (gzip -1)" >&2
for f in $families; do
	for i in $(seq 1 "$files"); do
		out="$work/logs/$f-$i.log.gz"
		[ -s "$out" ] || "$gen" "$f" "$per_file" "$i" | gzip -1 -n > "$out"
		touch -d '2026-11-05 00:00:00' "$out"
	done
done
"$gen" proxy "$((per_file * files))" 7 | tr -s ' ' > "$work/squid-squeezed.log"

raw_bytes=$(cat "$work"/logs/*.gz | wc -c)
plain_bytes=$(zcat "$work"/logs/*.gz | wc -c)

# seconds with /usr/bin/time; peak RSS in KiB
measure() { # label, command...
	local label=$1; shift
	local rc=0
	/usr/bin/time -f '%e %M' -o "$work/time.$label" "$@" >/dev/null 2>"$work/err.$label" || rc=$?
	# a failing command makes time(1) add a line first: the figures are last
	read -r secs rss < <(tail -n 1 "$work/time.$label")
	if [ "$rc" -gt 2 ]; then
		echo "bench: $label failed (exit $rc): $(tail -n 3 "$work/err.$label")" >&2
	fi
	eval "T_$label=$secs; M_$label=$rss"
}

measure cat cat "$work"/logs/*.gz
measure zcat zcat "$work"/logs/*.gz
measure ingest1 "$lt" ingest -q -j 1 -o "$work/case1" "$work/logs"
measure ingest2 "$lt" ingest -q -j 2 -o "$work/case2" "$work/logs"
records=$("$lt" dump "$work/case1" 2>/dev/null | wc -l || echo 0)
store_bytes=$(du -sb "$work/case1/records" 2>/dev/null | cut -f1 || echo 0)
if "$lt" scan --help >/dev/null 2>&1; then
	measure scan "$lt" scan "$work/case1"
else
	T_scan=; M_scan=
fi
run_mb=${BENCH_RUN_MB:-256}
mkdir -p "$work/run-logs"
for f in $families; do
	[ -s "$work/run-logs/$f.log.gz" ] || "$gen" "$f" "$((run_mb / 6 + 1))" 11 | gzip -1 -n > "$work/run-logs/$f.log.gz"
	touch -d '2026-11-05 00:00:00' "$work/run-logs/$f.log.gz"
done
run_bytes=$(zcat "$work"/run-logs/*.gz | wc -c)
measure run "$lt" run -q -o "$work/case3" "$work/run-logs"
squid_bytes=$(wc -c < "$work/squid-squeezed.log")
measure goaccess goaccess "$work/squid-squeezed.log" --no-global-config \
	--log-format='%d.%^ %^ %h %^/%s %b %m %U %e %^ %M' --date-format=%s --time-format=%s \
	-o "$work/goaccess.json"
gzip -1 -n -c "$work/squid-squeezed.log" > "$work/squid.log.gz"
measure squid "$lt" ingest -q -j 1 -o "$work/case-squid" "$work/squid.log.gz"

rate() { # bytes secs -> MB/s
	awk -v b="$1" -v s="$2" 'BEGIN { if (s == "" || s <= 0) print "n/a"; else printf "%.1f", b / 1e6 / s }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "n/a" || b == "n/a" || b == 0) print "n/a"; else printf "%.2f", a / b }'; }
per_s() { awk -v n="$1" -v s="$2" 'BEGIN { if (s == "" || s <= 0) print "n/a"; else printf "%.0f", n / s }'; }

r_cat=$(rate "$plain_bytes" "$T_cat"); r_zcat=$(rate "$plain_bytes" "$T_zcat")
r_i1=$(rate "$plain_bytes" "$T_ingest1"); r_i2=$(rate "$plain_bytes" "$T_ingest2")
r_ga=$(rate "$squid_bytes" "$T_goaccess"); r_sq=$(rate "$squid_bytes" "$T_squid")

printf '\nleaktrail %s on %s (%s cores), input %s MB compressed, %s MB decompressed, %s records\n' \
	"$("$lt" --version | cut -d' ' -f2)" "$(uname -m)" "$(nproc)" \
	"$((raw_bytes / 1000000))" "$((plain_bytes / 1000000))" "$records"
printf '%-34s %10s %10s %12s %10s\n' measure seconds MB/s records/s "peak MiB"
row() { printf '%-34s %10s %10s %12s %10s\n' "$1" "${2:-n/a}" "${3:-n/a}" "${4:-n/a}" "${5:-n/a}"; }
mib() { [ -n "$1" ] && echo $(( $1 / 1024 )) || echo n/a; }
row "cat >/dev/null (floor)" "$T_cat" "$r_cat" "" "$(mib "$M_cat")"
row "zcat >/dev/null (floor)" "$T_zcat" "$r_zcat" "" "$(mib "$M_zcat")"
row "ingest -j1" "$T_ingest1" "$r_i1" "$(per_s "$records" "$T_ingest1")" "$(mib "$M_ingest1")"
row "ingest -j2" "$T_ingest2" "$r_i2" "$(per_s "$records" "$T_ingest2")" "$(mib "$M_ingest2")"
row "scan, default rules" "$T_scan" "" "$(per_s "$records" "$T_scan")" "$(mib "$M_scan")"
row "run, $((run_bytes / 1000000)) MB (ingest+scan+exports)" "$T_run" "$(rate "$run_bytes" "$T_run")" "" "$(mib "$M_run")"
row "goaccess, squid log" "$T_goaccess" "$r_ga" "" "$(mib "$M_goaccess")"
row "ingest -j1, same squid log (.gz)" "$T_squid" "$r_sq" "" "$(mib "$M_squid")"
printf '\nratios (targets in doc/performance.md):\n'
printf '  ingest -j1 / zcat            %s  (target >= 0.50)\n' "$(ratio "$r_i1" "$r_zcat")"
printf '  ingest -j2 / ingest -j1      %s  (target >= 1.70)\n' "$(ratio "$r_i2" "$r_i1")"
printf '  ingest squid / goaccess      %s  (target >= 5.00)\n' "$(ratio "$r_sq" "$r_ga")"
printf '  record store / compressed in %s  (target <= 1.00)\n' "$(ratio "$store_bytes" "$raw_bytes")"
printf '  scan records/s               %s  (target >= 2000000)\n' "$(per_s "$records" "$T_scan")"
if [ -n "${BENCH_BIG:-}" ]; then
	rm -rf "$work/case1" "$work/case2" "$work/case3"
	"$gen" proxy "$BENCH_BIG" 9 | gzip -1 -n > "$work/big.log.gz"
	measure big "$lt" ingest -q -o "$work/case-big" "$work/big.log.gz"
	printf '  ingest of %s MiB proxy log: %s s, peak RSS %s MiB\n' "$BENCH_BIG" "$T_big" "$(mib "$M_big")"
fi

# The rule engine alone (bench/rules_bench, doc/performance.md "Rules").
rb="$builddir/bench/rules_bench"
rules_n=${BENCH_RULES_N:-1000000}
srcrules="$here/../rules"
sigmahq=${LT_SHARED:-$here/../../shared}/peer/sigmahq
rules_rate() { # label, rules_bench arguments...
	local label=$1; shift
	local line
	line=$("$rb" -n "$rules_n" "$@" 2>/dev/null | grep '^rules:' || true)
	printf '  %-28s %s\n' "$label" "${line:-failed}"
}
if [ -x "$rb" ]; then
	printf '\nrule engine, %s records, CPU time (targets: default >= 2000000/s, SigmaHQ >= 200000/s):\n' "$rules_n"
	rules_rate "default rules" "$srcrules"
	rules_rate "default rules, Windows" -w "$srcrules"
	if [ -d "$sigmahq/rules" ]; then
		rules_rate "all SigmaHQ rules, Windows" -w "$sigmahq/rules" "$sigmahq/rules-threat-hunting" \
			"$sigmahq/rules-emerging-threats" "$srcrules/logsources"
	else
		echo "  all SigmaHQ rules: skipped, $sigmahq not found (set LT_SHARED)"
	fi
else
	echo "bench: $rb not built (make -C build check builds it)" >&2
fi

# Hostile regular expressions (issue 13, doc/performance.md "Hostile
# regular expressions"): 10,000 records on which `^(a+)+$|secret` gives up,
# through the engine; the figure of the unit test that asserts the bound.
tr="$builddir/tests/unit/test_rules"
if [ -x "$tr" ]; then
	fig=$("$tr" --filter 'engine/ten_thousand_hostile_records_are_bounded_and_reported' 2>/dev/null | grep '^figure:' || true)
	printf '\nhostile regular expressions (target < 1 s of CPU):\n  %s\n' "${fig:-failed}"
else
	echo "bench: $tr not built (make -C build check builds it)" >&2
fi

#!/bin/sh
# Both reports of the sample case in a real browser (Debian's chromium,
# headless): no console errors and no request leaving the file (the report
# is self-contained), a screenshot of the first screen of each kept as a
# test artefact, and the Japanese report printed to PDF: its first page
# holds the ranked persons and the first of the most serious incidents, the
# page count is bounded, and page 1 renders to PNG (pdftoppm). The
# artefacts stay in the build tree: tests/e2e/report_browser.out/.
# Chromium is slow on a loaded machine: each run gets up to 240 s.
set -u
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_init report_browser
e2e_need pdftotext pdftoppm pdfinfo
BROWSER=$(command -v chromium || command -v chromium-browser || true)
[ -n "$BROWSER" ] || e2e_skip_all "chromium is needed (scripts/deps.sh installs it)"
OUT="$(pwd)/tests/e2e/report_browser.out"
rm -rf "$OUT"
mkdir -p "$OUT"
S="$LT_SRCDIR/samples"
C="$W/case"
expect "run the sample case" 1 "$LT_BIN" run -o "$C" --context "$S/context.yaml" --tz Asia/Tokyo "$S/logs"

# browser ARGS... URL: one headless run with its own profile, stderr in $W/err
browser() {
	prof=$(mktemp -d "$W/profile.XXXXXX")
	timeout 240 "$BROWSER" --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$prof" --enable-logging=stderr --v=0 "$@" >"$W/out" 2>"$W/err"
}
# Console messages of the page, and requests to anything but the file
console_errors() { grep -E 'CONSOLE|Failed to load resource|net::ERR_' "$W/err" | grep -v 'dbus' || true; }

for lang in ja en; do
	R="$C/exports/report.$lang.html"
	browser --window-size=1280,900 --screenshot="$OUT/first-screen.$lang.png" "file://$R"
	check "$lang: the first screen is rendered ($OUT/first-screen.$lang.png)" "[ -s '$OUT/first-screen.$lang.png' ]"
	console_errors >"$W/console.$lang"
	check "$lang: no console error or network request" "[ ! -s '$W/console.$lang' ]"
	[ -s "$W/console.$lang" ] && sed 's/^/  | /' "$W/console.$lang" | head -5
done

R="$C/exports/report.ja.html"
browser --no-pdf-header-footer --print-to-pdf="$OUT/report.ja.pdf" "file://$R"
check "ja: printed to PDF" "[ -s '$OUT/report.ja.pdf' ]"
pages=$(pdfinfo "$OUT/report.ja.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
check "ja: the PDF has 1 to 150 pages (${pages:-?})" "[ \"\${pages:-0}\" -ge 1 ] && [ \"\${pages:-0}\" -le 150 ]"
pdftotext -f 1 -l 1 "$OUT/report.ja.pdf" "$W/page1.txt" 2>/dev/null
check "ja: page 1 names the ranked persons" "grep -q 'E1001' '$W/page1.txt' && grep -q 'C2001' '$W/page1.txt'"
check "ja: page 1 shows the most serious incidents" "grep -q '重大度の高い検知' '$W/page1.txt' && grep -q '退職予定者による' '$W/page1.txt'"
pdftoppm -f 1 -l 1 -r 60 -png "$OUT/report.ja.pdf" "$OUT/page" 2>/dev/null
check "ja: page 1 renders to PNG" "ls '$OUT'/page-*1.png >/dev/null 2>&1"
e2e_finish

#!/bin/bash
# Every shell example of README.md, samples/README.md and doc/*.md, run
# (issue 14), so that the documents cannot drift from the program: each
# fenced code block marked `sh` (or `shell`, `bash`) is taken from the
# document itself and run; any command in it that exits with a status above
# 1 (1 is leaktrail's "findings") fails the test, named by file:line.
#
# A block is preceded, where needed, by an HTML comment the reader does not
# see and this test honours:
#   <!-- doc-test: skip REASON -->     not run, printed as skipped with REASON
#                                      (apt-get, crontab, a network service,
#                                      a build of the source tree)
#   <!-- doc-test: before COMMANDS --> run first, in the same shell (makes the
#                                      files the example names, e.g. proxy.log)
# Each document runs in a folder of its own, in order, so that a later block
# may use what an earlier one made; there `leaktrail` is the built binary,
# `samples`, `doc` and `rules` are the source tree's, `CASE` is a case made
# from the samples (leaktrail run), `context.yaml` and `people.csv` are the
# samples', and the system paths the examples name (/evidence, /var,
# /etc/leaktrail, /cases, /tmp/lt-*) are moved under the folder. doc/cron.md
# shows its examples as indented blocks: tests/e2e/cron_doc.sh runs them,
# with the checks they need (state layout, verify lines, retention).
set -u
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_init doc-examples
e2e_need python3 jq openssl

mkdir "$W/bin" "$W/base"
ln -s "$LT_BIN" "$W/bin/leaktrail"
export PATH="$W/bin:$PATH" TZ=Asia/Tokyo LEAKTRAIL_RULES="$LT_SRCDIR/rules/default"
B=$W/base
for d in samples doc rules tests; do ln -s "$LT_SRCDIR/$d" "$B/$d"; done
cp "$LT_SRCDIR/samples/context.yaml" "$LT_SRCDIR/samples/people.csv" "$B/"
mkdir -p "$B/root/evidence" "$B/root/etc/leaktrail" "$B/root/var/log" "$B/root/var/lib" "$B/root/cases" "$B/root/tmp"
cp -r "$LT_SRCDIR/samples/logs" "$B/root/evidence/c7"
cp -r "$LT_SRCDIR/samples/logs/proxy" "$B/root/evidence/proxy"
tar -C "$LT_SRCDIR/samples/logs/fileserver" -czf "$B/root/evidence/fs01-logs.tar.gz" fs01
cp "$B/context.yaml" "$B/people.csv" "$B/root/etc/leaktrail/"
( cd "$B" && leaktrail run -q -o CASE --context context.yaml --tz Asia/Tokyo samples/logs >/dev/null 2>&1 )
check "the shared case is made from the samples" "[ -f '$B/CASE/findings.jsonl' ]"

# file<TAB>line<TAB>kind<TAB>text-file: one row per block, in order
python3 - "$LT_SRCDIR" "$W/blocks" <<'PY' >"$W/list"
import glob, os, re, sys
top, out = sys.argv[1], sys.argv[2]
os.makedirs(out)
files = ['README.md', 'samples/README.md'] + sorted(
    os.path.relpath(p, top) for p in glob.glob(os.path.join(top, 'doc', '*.md')))
n = 0
for f in files:
    lines = open(os.path.join(top, f), encoding='utf-8').read().split('\n')
    i = 0
    while i < len(lines):
        m = re.match(r'^( *)```(\w*)', lines[i])
        if not m:
            i += 1
            continue
        j = i + 1
        ind = len(m.group(1))	# a block inside a list item is indented
        while j < len(lines) and not lines[j].lstrip().startswith('```'):
            j += 1
        if m.group(2) in ('sh', 'shell', 'bash'):
            # annotations: the comment lines just above the fence
            kind, note, before = 'run', '', []
            k = i - 1
            while k >= 0 and lines[k].lstrip().startswith('<!-- doc-test:'):
                a = re.match(r'<!-- doc-test: (skip|before) (.*) -->$', lines[k].strip())
                if not a:
                    sys.exit('%s:%d: bad doc-test annotation' % (f, k + 1))
                if a.group(1) == 'skip':
                    kind, note = 'skip', a.group(2)
                else:
                    before.insert(0, a.group(2))
                k -= 1
            n += 1
            path = os.path.join(out, '%03d.sh' % n)
            with open(path, 'w', encoding='utf-8') as o:
                o.write('\n'.join(before + [l[ind:] for l in lines[i + 1:j]]) + '\n')
            print('\t'.join([f, str(i + 1), kind, path, note]))
        i = j + 1
PY
check "blocks were found" "[ -s '$W/list' ]"

relocate() {
	sed -e "s|/tmp/|$R/root/tmp/|g" -e "s|/evidence/|$R/root/evidence/|g" -e "s|/etc/leaktrail|$R/root/etc/leaktrail|g" \
	    -e "s|/var/|$R/root/var/|g" -e "s|/cases/|$R/root/cases/|g" \
	    -e 's|FINDING-ID|"$(jq -r "select(.id) \| .id" CASE/findings.jsonl \| head -1)"|g'
}
doc=
while IFS=$'\t' read -r file line kind path note; do
	if [ "$file" != "$doc" ]; then
		doc=$file
		R=$W/run/$(echo "$file" | tr / _)
		mkdir -p "$W/run"
		cp -a "$B" "$R"
	fi
	if [ "$kind" = skip ]; then
		skip "$file:$line: $note"
		continue
	fi
	relocate <"$path" >"$R/block.sh"
	# any command with a status above 1 ends the block and fails it
	# (with pipefail: a failing command inside a pipeline counts too)
	( cd "$R" && bash -o pipefail -c 'trap '\''rc=$?; [ $rc -gt 1 ] && { echo "status $rc: $BASH_COMMAND" >&2; exit $rc; }'\'' ERR
		. ./block.sh' ) >"$W/out" 2>"$W/err" </dev/null
	rc=$?
	if [ $rc -le 1 ]; then
		ok "$file:$line runs"
	else
		bad "$file:$line fails (exit $rc)"
		sed 's/^/  | /' "$W/err" | tail -8
	fi
done <"$W/list"
e2e_finish

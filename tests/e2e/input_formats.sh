#!/bin/sh
# End-to-end: every input kind and nesting the input layer reads, through
# the real binary. Fixtures are made here with the standard tools; the
# manifest's hashes are checked with sha256sum/sha1sum/md5sum and every
# stream is pulled out again with the tools, following its filters and
# member chain exactly as doc/evidence.md ("Input") tells an examiner to.
set -u
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_init informats
[ -z "${KEEP:-}" ] || trap - EXIT	# KEEP=1: leave the fixtures for a person to look at
e2e_need jq sha256sum sha1sum md5sum gzip bzip2 xz zstd tar zip unzip cpio 7z
US=$(printf '\037')

# stream PATH MEMBER FILTERS: a stream's bytes with the tools of doc/evidence.md.
stream() {
	path=$1 member=$2 filters=$3
	cp "$path" "$W/layer"
	rest=$member
	for f in $(echo "$filters" | tr ',' ' '); do
		case $f in
		gzip) zcat <"$W/layer" >"$W/next" ;;
		bzip2) bzcat <"$W/layer" >"$W/next" ;;
		xz) xzcat <"$W/layer" >"$W/next" ;;
		zstd) zstdcat <"$W/layer" >"$W/next" ;;
		tar | zip | cpio | 7z)
			name=${rest%%//*}
			case $rest in *//*) rest=${rest#*//} ;; *) rest= ;; esac
			case $f in
			tar) tar -xO -f - "$name" <"$W/layer" >"$W/next" ;;
			zip) unzip -p "$W/layer" "$name" >"$W/next" ;;
			cpio) (cd "$W" && cpio -i --quiet --to-stdout "$name" <"$W/layer") >"$W/next" ;;
			7z) 7z x -so "$W/layer" "$name" 2>/dev/null >"$W/next" ;;
			esac ;;
		*) echo "  unknown layer $f" >&2; return 1 ;;
		esac
		mv "$W/next" "$W/layer"
	done
	cat "$W/layer"
}

# --- fixtures: one sshd log in many wrappings ---
E="$W/evidence"
mkdir -p "$E/src/var/log" "$E/in"
i=0
while [ $i -lt 400 ]; do
	printf 'Nov 25 %02d:%02d:%02d fs01 sshd[%d]: Accepted password for user%d from 192.168.10.%d port %d ssh2\n' \
		$((i / 3600)) $((i / 60 % 60)) $((i % 60)) $((1000 + i)) $((i % 7)) $((i % 200)) $((40000 + i))
	i=$((i + 1))
done >"$E/src/var/log/auth.log"
cp "$E/src/var/log/auth.log" "$E/src/var/log/auth.log.1"
gzip -n "$E/src/var/log/auth.log.1"
head -n 100 "$E/src/var/log/auth.log" >"$E/src/var/log/auth.log.2"
bzip2 "$E/src/var/log/auth.log.2"
(
	cd "$E/src" || exit 1
	gzip -n -c var/log/auth.log >"$E/in/plain.gz"
	head -n 150 var/log/auth.log | gzip -n -c >"$E/in/multi.gz"
	tail -n +151 var/log/auth.log | gzip -n -c >>"$E/in/multi.gz"
	bzip2 -c var/log/auth.log >"$E/in/log.bz2"
	xz -c var/log/auth.log >"$E/in/log.xz"
	zstd -q -c var/log/auth.log >"$E/in/log.zst"
	tar -cf "$E/in/logs.tar" var
	tar -czf "$E/in/logs.tar.gz" var
	tar -cJf "$E/in/logs.tar.xz" var
	tar -cf - var | zstd -q -c >"$E/in/logs.tar.zst"
	zip -qr "$E/in/logs.zip" var
	find var -type f | LC_ALL=C sort | cpio -o -H newc --quiet >"$E/in/logs.cpio"
	7z a -bd "$E/in/logs.7z" var >/dev/null
	cp "$E/in/logs.tar.gz" "$E/nested.tar.gz"
	zip -q "$E/in/case.zip" -j "$E/nested.tar.gz"
	rm "$E/nested.tar.gz"
	cp var/log/auth.log "$E/in/access.log.1" # a plain file with a misleading name
)
gzip -n -c "$E/src/var/log/auth.log" >"$E/in/renamed.txt" # gzip with a text name
rm -rf "$E/src"

# --- ingest the folder ---
C="$W/case"
"$LT_BIN" ingest -o "$C" --tz Asia/Tokyo "$E/in" >"$W/out" 2>"$W/err"
rc=$?
[ $rc -eq 0 ] && ok "ingest of every kind exits 0" || { bad "ingest exit $rc"; sed 's/^/  | /' "$W/err" | head; }
M="$C/manifest.json"

# every file is a source, byte-wise sorted, complete, with the right kind
(cd "$E/in" && find . -type f | LC_ALL=C sort | sed "s|^\.|$E/in|") >"$W/files"
jq -r '.sources[].path' "$M" >"$W/paths"
cmp -s "$W/files" "$W/paths" && ok "sources in byte-wise order" || { bad "source order"; diff "$W/files" "$W/paths" | head; }
jq -e '[.sources[] | .status == "complete"] | all' "$M" >/dev/null && ok "every source complete" || bad "source status"
kinds=$(jq -r '.sources[] | (.path | split("/") | last) + "=" + .kind' "$M" | tr '\n' ' ')
kinds_ok=1
for want in access.log.1=text case.zip=zip log.bz2=bzip2 log.xz=xz log.zst=zstd logs.7z=7z logs.cpio=cpio \
	logs.tar=tar logs.tar.gz=gzip logs.tar.zst=zstd logs.zip=zip multi.gz=gzip renamed.txt=gzip; do
	case " $kinds " in *" $want "*) ;; *) kinds_ok=0; echo "  kind $want missing (got: $kinds)" ;; esac
done
[ $kinds_ok -eq 1 ] && ok "kinds from content, not names" || bad "kinds"

# stored bytes against coreutils
bad_hash=0
jq -r '.sources[] | [.path, .size, .sha256, .sha1, .md5] | map(tostring) | join("\u001f")' "$M" >"$W/src.tsv"
while IFS="$US" read -r path size sha256 sha1 md5; do
	[ "$(wc -c <"$path" | tr -d ' ')" = "$size" ] || { echo "  size: $path"; bad_hash=1; }
	[ "$(sha256sum "$path" | cut -c1-64)" = "$sha256" ] || { echo "  sha256: $path"; bad_hash=1; }
	[ "$(sha1sum "$path" | cut -c1-40)" = "$sha1" ] || { echo "  sha1: $path"; bad_hash=1; }
	[ "$(md5sum "$path" | cut -c1-32)" = "$md5" ] || { echo "  md5: $path"; bad_hash=1; }
done <"$W/src.tsv"
[ $bad_hash -eq 0 ] && ok "size, SHA-256, SHA-1, MD5 of every source match coreutils" || bad "source hashes"

# every stream back out with the tools
jq -r '.sources[] | .path as $p | .streams[] | [$p, (.member // ""), .filters, .size, .sha256] | map(tostring) | join("\u001f")' \
	"$M" >"$W/streams.tsv"
n=0 bad_stream=0
while IFS="$US" read -r path member filters size sha256; do
	n=$((n + 1))
	stream "$path" "$member" "$filters" >"$W/s" 2>/dev/null </dev/null || bad_stream=1
	[ "$(wc -c <"$W/s" | tr -d ' ')" = "$size" ] || { echo "  size: $path $member ($filters)"; bad_stream=1; }
	[ "$(sha256sum <"$W/s" | cut -c1-64)" = "$sha256" ] || { echo "  sha256: $path $member ($filters)"; bad_stream=1; }
done <"$W/streams.tsv"
[ $bad_stream -eq 0 ] && ok "all $n streams come back byte for byte through zcat/tar/unzip/cpio/7z" || bad "stream extraction"
# 7 archives x 3 members + case.zip 3 + 7 bare files
[ $n -eq 31 ] && ok "31 streams (every member of every archive)" || bad "$n streams, want 31"

# the member chains and filters the doc promises
grep -q "${US}nested.tar.gz//var/log/auth.log.1.gz${US}zip,gzip,tar,gzip${US}" "$W/streams.tsv" \
	&& ok "zip > tar.gz > gz: chain and filters" || bad "zip > tar.gz > gz chain"
grep -q "${US}var/log/auth.log.2.bz2${US}zstd,tar,bzip2${US}" "$W/streams.tsv" \
	&& ok "tar.zst > bz2: chain and filters" || bad "tar.zst > bz2 chain"
grep -q "multi.gz${US}${US}gzip${US}$(wc -c <"$E/in/access.log.1" | tr -d ' ')${US}" "$W/streams.tsv" \
	&& ok "multi-member gzip is one stream" || bad "multi-member gzip"

# the same archive from stdin gives the same streams
"$LT_BIN" ingest -o "$W/case2" --tz Asia/Tokyo - <"$E/in/logs.tar.gz" >/dev/null 2>"$W/err2"
rc=$?
a=$(jq -r '.sources[] | select(.path | endswith("logs.tar.gz")) | [.sha256, ([.streams[] | .member + " " + .sha256] | join(","))] | join(" ")' "$M")
b=$(jq -r '.sources[] | [.sha256, ([.streams[] | .member + " " + .sha256] | join(","))] | join(" ")' "$W/case2/manifest.json" 2>/dev/null)
[ $rc -eq 0 ] && [ -n "$a" ] && [ "$a" = "$b" ] && ok "stdin: same hashes and members as the file" || bad "stdin ingest (exit $rc)"

# 7z from stdin: reported, not read, the run says so
"$LT_BIN" ingest -o "$W/case3" - <"$E/in/logs.7z" >/dev/null 2>"$W/err3"
rc=$?
[ $rc -ne 0 ] && grep -q "7z" "$W/err3" && jq -e '.sources[0].status == "partial"' "$W/case3/manifest.json" >/dev/null \
	&& ok "7z from stdin: one message, source partial, non-zero exit" || bad "7z from stdin (exit $rc)"

e2e_finish

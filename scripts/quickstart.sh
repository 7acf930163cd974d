#!/bin/sh
# The README's first command: install what is missing, build, and run the
# main job on the sample case. Prints where the results are.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
sh "$top/scripts/deps.sh"
sh "$top/scripts/build.sh" "$top/build"
lt="$top/build/leaktrail"
case="$top/samples-case"
rm -rf "$case"
if "$lt" run --help >/dev/null 2>&1; then
	"$lt" run -o "$case" --context "$top/samples/context.yaml" --tz Asia/Tokyo "$top/samples/logs" || [ $? -le 2 ]
else
	"$lt" ingest -o "$case" --tz Asia/Tokyo "$top/samples/logs" || [ $? -le 2 ]
fi
echo "leaktrail: results are in $case"

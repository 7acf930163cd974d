#!/bin/sh
# Configure and build into BUILDDIR (default build/) with optional configure
# arguments. Idempotent: re-running only rebuilds what changed.
# usage: scripts/build.sh [BUILDDIR [CONFIGURE-ARGS...]]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
builddir=${1:-build}
[ $# -gt 0 ] && shift
cd "$top"
[ -x configure ] && [ configure -nt configure.ac ] || autoreconf -fi >/dev/null 2>&1 || autoreconf -fi
mkdir -p "$builddir"
cd "$builddir"
[ -f Makefile ] || "$top/configure" --quiet "$@"
make -s -j"$(nproc)"

#!/bin/sh
# Install the Debian packages leaktrail needs to build, test and benchmark,
# skipping what is already there. Idempotent. Runs apt-get as root or via sudo.
set -eu
PKGS="build-essential autoconf automake autoconf-archive pkg-config clang \
libpcre2-dev zlib1g-dev libzstd-dev libarchive-dev libmsgpack-dev libyaml-dev libssl-dev \
libjansson-dev libevtx-dev libbfio-dev libxml2-dev libcriterion-dev tzdata \
gzip bzip2 xz-utils zstd tar zip unzip cpio p7zip-full jq openssl python3 time \
libcairo2-dev libpango1.0-dev libfontconfig-dev fonts-noto-cjk poppler-utils chromium python3-evtx"
# issue 17: the scale-out recipes' tests (tests/e2e/slurm.sh, parallel.sh)
PKGS="$PKGS slurm-wlm munge parallel"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "leaktrail: installing:$missing" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null

#!/bin/bash
# Installs the Debian packages workbench needs to build and test (as root).
# Does nothing when they are all present, so 'make check' stays fast.
set -eu

pkgs=(
	build-essential pkg-config git python3 time
	libgit2-dev libjansson-dev libssl-dev zlib1g-dev libdeflate-dev
	coccinelle sparse b4 valgrind
	gcc-multilib
	clang libclang-rt-dev	# make fuzz: clang and its libFuzzer runtime
	git-email git-filter-repo public-inbox python3-aiosmtpd curl perl
	chromium fonts-dejavu-core	# the sweep's HTML page, rendered headless in the tests
	scdoc python3-jsonschema	# man pages; SARIF validated against its schema
)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "deps: missing packages: ${missing[*]}" >&2
	echo "deps: run 'make deps' as root, or install them with apt-get" >&2
	exit 1
fi
echo "deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

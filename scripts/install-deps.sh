#!/usr/bin/env bash
# Installs every Debian 12 package that building, testing and benchmarking Dialtone needs.
# Idempotent: packages already present are skipped by apt-get.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config clang clang-format
  libclang-rt-14-dev libfuzzer-14-dev
  # libraries (DESIGN.md §3)
  libboost-dev libboost-system-dev libssl-dev libc-ares-dev libsqlite3-dev
  libtomlplusplus-dev libspdlog-dev libfmt-dev libcli11-dev nlohmann-json3-dev
  libhiredis-dev libpqxx-dev libgoogle-perftools-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev libosip2-dev libsofia-sip-ua-dev
  # real SIP peers and tools used by interop tests
  sip-tester sipsak baresip kamailio kamailio-sqlite-modules tshark sox dnsmasq-base iproute2 procps
  # scripting the tests and benchmarks use (python3 standard library only), test certificates
  python3 openssl
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
echo "install-deps: installing ${#missing[@]} packages: ${missing[*]}"
$SUDO apt-get update -qq
# tshark asks whether non-root users may capture; the answer does not matter here.
echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"

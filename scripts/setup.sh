#!/usr/bin/env bash
# Shared set-up for scripts/demo and scripts/test: installs the Debian packages tertial
# needs (only those missing), then configures and builds into build/.
#
#   scripts/setup.sh [--with-test-tools] [cmake --build targets...]
#
# Environment: TERTIAL_BUILD_DIR (default build), TERTIAL_JOBS (default: number of cores).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${TERTIAL_BUILD_DIR:-$root/build}
jobs=${TERTIAL_JOBS:-$(nproc)}

with_test_tools=0
targets=()
for arg in "$@"; do
  case "$arg" in
    --with-test-tools) with_test_tools=1 ;;
    *) targets+=("$arg") ;;
  esac
done

# Build dependencies: compiler, CMake, and the libraries the services link.
packages=(cmake g++ ninja-build pkg-config git ca-certificates
          libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
          librdkafka-dev librocksdb-dev libyaml-cpp-dev libxlsxwriter-dev libcivetweb-dev
          libssl-dev zlib1g-dev libgtest-dev libgmock-dev libbenchmark-dev)
# What the test suite calls: Chromium for the HTML report, hledger and ledger as peer
# checks of balances, pdftotext for the SIE specification, kubectl-free YAML checks, unzip
# to read the XLSX report back, Clang and its libFuzzer runtime for the bounded fuzz run
# (scripts/fuzz, docs/fuzzing.md), clang-format for the format check (scripts/format),
# python3-jsonschema for the outside consumer of the public events (tests/contract), Node
# and npm for the web app's browser test (tests/web: puppeteer-core and axe-core; test tooling
# only, the web app has no Node step).
if [ "$with_test_tools" = 1 ]; then
  packages+=(kcat python3-confluent-kafka)  # outside readers of the relay's topics (tests/relay)
  packages+=(chromium hledger ledger poppler-utils unzip clang libclang-rt-14-dev clang-format
             python3-jsonschema python3-grpcio python3-grpc-tools nodejs)
  # Debian's nodejs comes without npm; NodeSource's carries its own (and conflicts with it).
  command -v npm >/dev/null 2>&1 || packages+=(npm)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  if [ "$(id -u)" != 0 ]; then sudo_cmd=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The browser test's packages, exactly as tests/web/package-lock.json pins them (again when
# the lock file is newer than what npm installed).
installed_lock=$root/tests/web/node_modules/.package-lock.json
if [ "$with_test_tools" = 1 ] &&
   { [ ! -f "$installed_lock" ] || [ "$root/tests/web/package-lock.json" -nt "$installed_lock" ]; }; then
  echo "== installing the browser test's npm packages (tests/web)"
  (cd "$root/tests/web" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

echo "== configuring ($build_dir)"
cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTERTIAL_WERROR=ON ${TERTIAL_CMAKE_ARGS:-} >/dev/null

echo "== building with $jobs jobs"
if [ ${#targets[@]} -gt 0 ]; then
  cmake --build "$build_dir" --parallel "$jobs" --target "${targets[@]}"
else
  cmake --build "$build_dir" --parallel "$jobs"
fi

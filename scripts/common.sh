# Shared by scripts/run, scripts/test and scripts/bench: install what is missing
# (Debian packages only), then configure and build out of source.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JOBS="${JOBS:-2}"

DEBIAN_PACKAGES=(build-essential cmake pkg-config libcpp-httplib-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libvalijson-dev libcli11-dev libssl-dev json-schema-test-suite
  python3-jsonschema curl python3 python3-pytest openssl clang-format git dpkg-dev ccache
  man-db lintian)

install_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "+ apt-get install ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
}

# RelWithDebInfo with -g1: line tables only, so backtraces and sanitizer
# reports keep file:line, at two thirds of -g's compile time (-g for a debugger:
# configure by hand).
RELWITHDEBINFO_FLAGS="-O2 -g1 -DNDEBUG"

# configure DIR BUILD_TYPE [extra cmake args...]
configure() {
  local dir="$1" type="$2"
  shift 2
  echo "+ cmake -S $ROOT -B $dir -DCMAKE_BUILD_TYPE=$type $*"
  cmake -S "$ROOT" -B "$dir" -DCMAKE_BUILD_TYPE="$type" \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="$RELWITHDEBINFO_FLAGS" "$@" >/dev/null
}

# build DIR BUILD_TYPE [extra cmake args...]
build() {
  configure "$@"
  echo "+ cmake --build $1 -j$JOBS"
  cmake --build "$1" -j"$JOBS"
}

# The sanitizer tree: clang, ASan + UBSan, and libFuzzer's coverage on every
# file, so one build serves both the sanitized tests (scripts/test --sanitize
# address,undefined) and the fuzz targets (scripts/fuzz).
SANITIZER_TREE="$ROOT/build-address-undefined"
configure_sanitizer_tree() {
  install_packages clang libclang-rt-dev
  CC=clang CXX=clang++ configure "$SANITIZER_TREE" RelWithDebInfo -DGRAPHMOCK_SANITIZE=address,undefined \
    -DGRAPHMOCK_BUILD_FUZZ=ON
}

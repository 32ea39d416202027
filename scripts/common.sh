# Shared by scripts/run, scripts/test and scripts/bench: install what is missing
# (Debian packages only), then configure and build out of source.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JOBS="${JOBS:-2}"

DEBIAN_PACKAGES=(build-essential cmake pkg-config libcpp-httplib-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libvalijson-dev libcli11-dev libssl-dev json-schema-test-suite
  python3-jsonschema curl python3 python3-pytest openssl clang-format git dpkg-dev)

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

# build DIR BUILD_TYPE [extra cmake args...]
build() {
  local dir="$1" type="$2"
  shift 2
  echo "+ cmake -S $ROOT -B $dir -DCMAKE_BUILD_TYPE=$type $*"
  cmake -S "$ROOT" -B "$dir" -DCMAKE_BUILD_TYPE="$type" "$@" >/dev/null
  echo "+ cmake --build $dir -j$JOBS"
  cmake --build "$dir" -j"$JOBS"
}

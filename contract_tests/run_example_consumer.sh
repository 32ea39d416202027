#!/usr/bin/env bash
# Installs graph-mock from a build tree into a temporary prefix, builds the
# example consumer (contract_tests/examples) against it with
# find_package(graphmock), and runs its tests — with the source tree hidden
# from the installed data lookup (GRAPHMOCK_DATA_DIR unset, fixtures from the prefix).
#   run_example_consumer.sh BUILD_DIR
set -euo pipefail
build="$1"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
unset GRAPHMOCK_DATA_DIR
echo "+ cmake --install $build --prefix $work/prefix"
cmake --install "$build" --prefix "$work/prefix" >/dev/null
echo "+ cmake -S $here/examples -B $work/build -DCMAKE_PREFIX_PATH=$work/prefix"
cmake -S "$here/examples" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_BUILD_TYPE=Release >/dev/null
echo "+ cmake --build $work/build"
cmake --build "$work/build" -j"${JOBS:-2}"
grep -q "GRAPHMOCK_DATA_DIR=.*$work/prefix/share/graphmock" "$work/build/CMakeFiles/client_test.dir/flags.make" ||
  { echo "FAIL: graphmock::graphmock does not point the fixture at the installed data" >&2; exit 1; }
echo "+ $work/build/client_test"
"$work/build/client_test"

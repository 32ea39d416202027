#!/usr/bin/env bash
# Runs graph-contract-tests against a separately started `graph-mock serve`
# (port 0: the URL is read from its "listening on URL" line), optionally
# behind no-admin-proxy, optionally with a fault rule that breaks it.
#   run_against_mock.sh --mock BIN --tests BIN [--proxy BIN] [--tls] [--mock-arg ARG]...
#                       [--fault JSON] [--expect-output REGEX]... [--expect-failure REGEX]...
#                       [-- TEST-ARGS...]
# --tls: the mock serves HTTPS with a self-signed certificate the tests trust.
# --exec: --tests is any command (run in --cwd), given the mock through the
#   environment: GRAPH_MOCK_URL, and with --tls NODE_EXTRA_CA_CERTS.
# --expect-output: the run must pass and its output match REGEX;
# --expect-failure: the run must FAIL and its output match every REGEX.
set -euo pipefail
mock="" tests="" proxy="" fault="" tls="" exec="" cwd="."
mock_args=() expect=() expect_output=() test_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --mock) mock="$2"; shift 2 ;;
    --tests) tests="$2"; shift 2 ;;
    --proxy) proxy="$2"; shift 2 ;;
    --tls) tls=1; shift ;;
    --exec) exec=1; shift ;;
    --cwd) cwd="$2"; shift 2 ;;
    --mock-arg) mock_args+=("$2"); shift 2 ;;
    --fault) fault="$2"; shift 2 ;;
    --expect-output) expect_output+=("$2"); shift 2 ;;
    --expect-failure) expect+=("$2"); shift 2 ;;
    --) shift; test_args=("$@"); break ;;
    *) echo "run_against_mock.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# start NAME CMD... : runs CMD in the background, waits for "listening on URL", sets $url.
start() {
  local name="$1"; shift
  echo "+ $*"
  # Created here: the background job opens them when it is scheduled, maybe
  # after the first read below.
  : >"$work/$name.out"
  : >"$work/$name.err"
  "$@" >"$work/$name.out" 2>"$work/$name.err" &
  pids+=("$!")
  url=""
  for _ in $(seq 200); do
    url="$(sed -n 's/^listening on //p' "$work/$name.out")"
    [ -n "$url" ] && return 0
    kill -0 "${pids[-1]}" 2>/dev/null || break
    sleep 0.05
  done
  echo "$name did not start:" >&2
  cat "$work/$name.err" >&2
  exit 1
}

if [ -n "$tls" ]; then
  mock_args+=(--tls --tls-cert-out "$work/cert.pem")
  [ -z "$exec" ] && test_args+=(--ca-cert "$work/cert.pem")
fi
start mock "$mock" serve --port 0 --log off "${mock_args[@]}"
if [ -n "$fault" ]; then
  echo "+ POST $url/_mock/faults $fault"
  curl -sS --fail-with-body ${tls:+--cacert "$work/cert.pem"} -X POST "$url/_mock/faults" -H 'Content-Type: application/json' -d "$fault"
  echo
fi
if [ -n "$proxy" ]; then
  start proxy "$proxy" --upstream "$url"
fi

set +e
if [ -n "$exec" ]; then
  echo "+ (cd $cwd && GRAPH_MOCK_URL=$url ${tls:+NODE_EXTRA_CA_CERTS=$work/cert.pem }$tests ${test_args[*]})"
  (cd "$cwd" && env GRAPH_MOCK_URL="$url" ${tls:+NODE_EXTRA_CA_CERTS="$work/cert.pem"} "$tests" "${test_args[@]}") 2>&1 |
    tee "$work/tests.out"
else
  echo "+ $tests --base-url $url --token contract-test-token --case-timeout 45 ${test_args[*]}"
  "$tests" --base-url "$url" --token contract-test-token --case-timeout 45 "${test_args[@]}" 2>&1 | tee "$work/tests.out"
fi
rc=${PIPESTATUS[0]}
set -e
for re in "${expect_output[@]}"; do
  if ! grep -Eq -- "$re" "$work/tests.out"; then
    echo "FAIL: the output does not match /$re/" >&2
    exit 1
  fi
  echo "ok: the output matches /$re/"
done
[ ${#expect[@]} -eq 0 ] && exit "$rc"

if [ "$rc" -eq 0 ]; then
  echo "FAIL: the contract tests passed against a broken server" >&2
  exit 1
fi
for re in "${expect[@]}"; do
  if ! grep -Eq -- "$re" "$work/tests.out"; then
    echo "FAIL: the failure output does not match /$re/" >&2
    exit 1
  fi
  echo "ok: the failure output matches /$re/"
done
echo "ok: the contract tests caught the broken server (exit $rc)"

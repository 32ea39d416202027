#!/usr/bin/env bash
# cli_reference_test.sh BUILD_MOCK_DIR: the man page and the bash completion the build generated
# from graph-mock's command-line definition (ctest cli_man_page_and_completion).
set -euo pipefail
dir="$1"
fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# man -l renders the page without a warning; it names every subcommand and their options.
MANWIDTH=100 man -l "$dir/graph-mock.1.gz" >"$work/page" 2>"$work/warnings"
[ ! -s "$work/warnings" ] || fail "man -l warns: $(cat "$work/warnings")"
for want in "in-memory fake of the Microsoft Graph" "graph-mock serve" "graph-mock fixtures generate" \
            "graph-mock record" "--scenario TEXT" "--clock real|virtual" "--exit-with-stdin" \
            "GRAPHMOCK_DATA_DIR"; do
  grep -qF -- "$want" "$work/page" || fail "the rendered man page has no '$want'"
done
grep -qF -- "--generate" "$work/page" && fail "the man page shows the hidden --generate"
# The same options as --help: every option serve --help lists is on the page.
"$dir/graph-mock" serve --help >"$work/help"
for opt in $(grep -oE -- '--[a-z][a-z-]+' "$work/help" | sort -u); do
  grep -qF -- "$opt" "$work/page" || fail "serve --help lists $opt, the man page does not"
done
# Reproducible: no path of this build tree in the installed files.
grep -qF "$(cd "$dir/../.." && pwd)" "$dir/graph-mock.1" && fail "the man page holds a build path"

# The completion function, driven as bash calls it on TAB.
# shellcheck source=/dev/null
source "$dir/graph-mock.bash-completion"
complete -p graph-mock | grep -q -- "-F _graph_mock" || fail "graph-mock's completion is not registered"
expect() {  # expect "WANTED REPLIES" WORD...  (the last word is the one being completed)
  local want="$1"
  shift
  COMP_WORDS=("$@")
  COMP_CWORD=$(($# - 1))
  _graph_mock
  [ "${COMPREPLY[*]}" = "$want" ] || fail "completing '$*' gave '${COMPREPLY[*]}', not '$want'"
}
expect "--schemas --scenario" graph-mock serve --sc
expect "--scenario" graph-mock serve --sce
expect "serve validate check fixtures verdicts record import" graph-mock ""
expect "generate" graph-mock fixtures g
expect "real virtual" graph-mock serve --clock ""
expect "--clock" graph-mock serve --port 8080 --cl
expect "strict" graph-mock serve --validate s
expect "--name" graph-mock fixtures generate --out serve --na
expect "" graph-mock serve --fixtures ""     # a folder: bash's own file name completion
expect "" graph-mock validate --schema x ""  # files
expect "--har" graph-mock import --ha
echo "OK: man -l renders graph-mock.1.gz; completion of serve --sc, fixtures g, --clock, ..."

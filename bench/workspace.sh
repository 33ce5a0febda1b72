#!/usr/bin/env bash
# uc-guards against ast-grep on one Rust workspace already on disk (tokio-rs/axum in RESULTS.md),
# side by side in one hyperfine run. Fetches nothing and writes nothing into the tree.
#
#   bench/workspace.sh TREE [--uc PATH] [--runs N] [--warmup N] [--work DIR] [--skip-install]
#
# TREE is the root of the workspace (a checkout or an unpacked archive; if it is in a git
# repository, it must be that repository's top). The uc-guards.yaml the check uses is written to
# WORK (default $TMPDIR/uc-guards-workspace) and passed with --config: every crate of the workspace
# (a Cargo.toml with a src/ folder beside it, outside examples/, tests/ and benches/) has its
# src/**/*.rs and build.rs in shipped-server-code and its README.md in published-docs; the other
# scopes keep the shipped policy's. --uc names the uc-guards to time (default: the one on PATH,
# the installed tool).
set -euo pipefail

BENCH="$(cd "$(dirname "$0")" && pwd)"
UC="$(command -v uc-guards || true)"
RUNS=20
WARMUP=3
WORK="${TMPDIR:-/tmp}/uc-guards-workspace"
INSTALL=1
TREE=""

usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --uc) UC="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --work) WORK="$2"; shift 2 ;;
    --skip-install) INSTALL=0; shift ;;
    -h|--help) usage ;;
    -*) echo "bench/workspace.sh: unknown option '$1'" >&2; usage ;;
    *) [ -z "$TREE" ] || usage; TREE="$1"; shift ;;
  esac
done
[ -n "$TREE" ] || usage
[ -d "$TREE" ] || { echo "bench/workspace.sh: $TREE is not a folder" >&2; exit 2; }
TREE="$(cd "$TREE" && pwd)"
[ -n "$UC" ] && [ -x "$UC" ] || { echo "bench/workspace.sh: no uc-guards (install the tool, see the README, or pass --uc PATH)" >&2; exit 2; }
UC="$(cd "$(dirname "$UC")" && pwd)/$(basename "$UC")"
if top="$(git -C "$TREE" rev-parse --show-toplevel 2>/dev/null)" && [ "$top" != "$TREE" ]; then
  echo "bench/workspace.sh: $TREE is inside the git repository $top; pass its top folder" >&2
  exit 2
fi
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
case "$WORK/" in "$TREE"/*) echo "bench/workspace.sh: --work must lie outside the tree" >&2; exit 2 ;; esac

if [ "$INSTALL" = 1 ]; then
  command -v hyperfine >/dev/null && command -v jq >/dev/null || {
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends hyperfine jq >/dev/null
  }
  if [ ! -x "$BENCH/node_modules/.bin/ast-grep" ] || [ "$BENCH/package-lock.json" -nt "$BENCH/node_modules/.package-lock.json" ]; then
    (cd "$BENCH" && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
SG="$BENCH/node_modules/.bin/ast-grep"
SGCONFIG="$BENCH/ast-grep/all-rust/sgconfig.yml"
for tool in hyperfine jq "$SG"; do
  command -v "$tool" >/dev/null || { echo "bench/workspace.sh: $tool is missing (run without --skip-install)" >&2; exit 2; }
done

# The configuration, outside the tree.
CONFIG="$WORK/uc-guards.yaml"
mapfile -t crates < <(cd "$TREE" && find . -name Cargo.toml -not -path '*/target/*' -not -path '*/.git/*' -printf '%h\n' \
  | sed 's|^\./||; s|^\.$||' | grep -Ev '(^|/)(examples|tests|benches)(/|$)' | while read -r dir; do
      [ -d "$TREE/${dir:-.}/src" ] && echo "$dir"; done | sort)
[ ${#crates[@]} -gt 0 ] || { echo "bench/workspace.sh: no crate with a src/ folder in $TREE" >&2; exit 2; }
prefix() { [ -n "$1" ] && printf '%s/' "$1"; }
{
  echo "version: 1"
  echo "scopes:"
  echo "  shipped-server-code:"
  echo "    include:"
  for c in "${crates[@]}"; do printf '      - "%ssrc/**/*.rs"\n      - "%sbuild.rs"\n' "$(prefix "$c")" "$(prefix "$c")"; done
  echo '    exclude: ["**/tests/**", "**/benches/**", "**/examples/**"]'
  echo "  published-docs:"
  echo "    include:"
  for c in "${crates[@]}"; do printf '      - "%sREADME.md"\n' "$(prefix "$c")"; done
} > "$CONFIG"

snapshot() { (cd "$TREE" && find . -printf '%p %s %T@ %m\n' | LC_ALL=C sort | sha256sum); }
BEFORE="$(snapshot)"
# Warm the page cache for both tools alike.
find "$TREE" -type f -not -path '*/.git/*' -print0 | xargs -0 cat > /dev/null

cd "$TREE"
UC_CMD="$UC check . --config $CONFIG -q --format json --output /dev/null"
SG_CMD="$SG scan -c $SGCONFIG --json=stream ."
set +e
"$UC" check . --config "$CONFIG" -q --format json --output "$WORK/uc.json" 2> "$WORK/uc.stderr"
uc_status=$?
"$SG" scan -c "$SGCONFIG" --json=stream . > "$WORK/sg.jsonl" 2> /dev/null
set -e
[ $uc_status -le 1 ] || { cat "$WORK/uc.stderr" >&2; echo "bench/workspace.sh: uc-guards exited $uc_status" >&2; exit 2; }

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
# -i: both tools exit 1 when they find something.
hyperfine -N -i --style basic --warmup "$WARMUP" --runs "$RUNS" --export-json "$WORK/hyperfine.json" \
  -n "uc-guards --version" "$UC --version" -n "uc-guards check" "$UC_CMD" -n "ast-grep" "$SG_CMD" >&2
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"
cd "$WORK"
[ "$(snapshot)" = "$BEFORE" ] || { echo "bench/workspace.sh: the tree changed during the run" >&2; exit 1; }

median() { jq -r --arg n "$1" '.results[] | select(.command == $n) | .median * 1000' hyperfine.json; }
cpu() { jq -r --arg n "$1" '.results[] | select(.command == $n) | (.user + .system) * 1000' hyperfine.json; }
ms() { printf '%.1f ms' "$1"; }
uc="$(median "uc-guards check")"; sg="$(median "ast-grep")"; version="$(median "uc-guards --version")"
rust_files="$(cd "$TREE" && find . -name '*.rs' -not -path './.git/*' | wc -l)"
rust_lines="$(cd "$TREE" && find . -name '*.rs' -not -path './.git/*' -print0 | xargs -0 cat | wc -l)"
{
  echo "tree: $TREE ($rust_files Rust files, $rust_lines lines); crates in scope: ${crates[*]:-.}"
  echo "machine: $(nproc) cores; load average before $LOAD_BEFORE, after $LOAD_AFTER; $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "uc-guards: $UC ($("$UC" --version)); config: $CONFIG"
  echo
  echo "| command | median wall | mean CPU (user+sys) | findings |"
  echo "| --- | ---: | ---: | --- |"
  echo "| \`uc-guards --version\` | $(ms "$version") | $(ms "$(cpu "uc-guards --version")") | |"
  echo "| \`uc-guards check\` (all rules) | $(ms "$uc") | $(ms "$(cpu "uc-guards check")") | $(jq -r '[.findings[] | .ruleId] | group_by(.) | map("\(.[0]) \(length)") | join(", ") | if . == "" then "none" else . end' uc.json) |"
  echo "| \`ast-grep scan\` (UCG1001, UCG1002) | $(ms "$sg") | $(ms "$(cpu "ast-grep")") | $(jq -rs '[.[] | .ruleId] | group_by(.) | map("\(.[0]) \(length)") | join(", ") | if . == "" then "none" else . end' sg.jsonl) |"
  echo
  awk -v u="$uc" -v s="$sg" 'BEGIN { printf "uc-guards / ast-grep = **%.2f** (target <= 0.5)\n", u / s }'
} | tee "$WORK/report.md"

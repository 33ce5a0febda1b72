#!/usr/bin/env bash
# The language server's benchmark (bench/README.md, "uc-guards lsp"): edit latency and memory in
# the sample checkout, save latency in the generated tree, with uc-guards as users install it.
#
#   bench/lsp.sh [--build aot|jit] [--scale 1.0] [--seed N] [--work DIR] [--server PATH]
set -euo pipefail

BENCH="$(cd "$(dirname "$0")" && pwd)"
REPO="$(dirname "$BENCH")"
BUILD=aot
SCALE=1.0
SEED=20261126
WORK="${TMPDIR:-/tmp}/uc-guards-bench"
SERVER=""

usage() { sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --build) BUILD="$2"; shift 2 ;;
    --scale) SCALE="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --work) WORK="$2"; shift 2 ;;
    --server) SERVER="$2"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "bench/lsp.sh: unknown argument '$1'" >&2; usage ;;
  esac
done
case "$BUILD" in aot|jit) ;; *) echo "bench/lsp.sh: --build must be aot or jit" >&2; exit 2 ;; esac
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
say() { printf '\n== %s\n' "$*" >&2; }

if [ -z "$SERVER" ]; then
  say "publishing uc-guards ($BUILD)"
  PUBLISH="$WORK/publish/lsp-$BUILD"
  rm -rf "$PUBLISH"
  args=(-c Release -o "$PUBLISH" --nologo -v quiet -p:UltraCloudGuardsDogfood=false)
  if [ "$BUILD" = aot ]; then
    linker=clang
    command -v clang >/dev/null || linker=clang-14
    args+=(-r linux-x64 -p:PublishAot=true -p:CppCompilerAndLinker="$linker")
  fi
  dotnet publish "$REPO/src/Guards.Cli/Guards.Cli.csproj" "${args[@]}" >&2
  SERVER="$PUBLISH/uc-guards"
fi
HELPER_DIR="$WORK/helper"
dotnet build "$BENCH/Guards.Bench/Guards.Bench.csproj" -c Release -o "$HELPER_DIR" --nologo -v quiet >&2
HELPER="$HELPER_DIR/uc-guards-bench"

# The generated tree, as bench/run.sh makes it (kept while it exists; delete it to regenerate).
TREE="$WORK/trees/gen-$SCALE"
if [ ! -d "$TREE/.git" ]; then
  say "generating the tree (scale $SCALE)"
  rm -rf "$TREE"
  mkdir -p "$WORK/trees"
  "$HELPER" generate --out "$TREE" --scale "$SCALE" --seed "$SEED" --skeleton "$REPO/samples/ultracloud" >&2
  (
    cd "$TREE"
    export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@localhost GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@localhost
    git init -q -b main . && git add -A && git commit -q -m "generated tree (seed $SEED, scale $SCALE)"
  ) >&2
fi

say "timing uc-guards lsp"
mkdir -p "$WORK/results"
"$HELPER" lsp --server "$SERVER" --sample "$REPO/samples/ultracloud" --work "$WORK/lsp" --tree "$TREE" | tee "$WORK/results/lsp.md"

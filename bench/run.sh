#!/usr/bin/env bash
# The uc-guards benchmark: uc-guards against ast-grep and ripgrep on the same machine and the same
# warm files. See bench/README.md for what it measures and how to read the table.
#
#   bench/run.sh [--scale 1.0] [--real DIR | --no-real] [--no-generated] [--build installed|aot|r2r|jit]
#                [--runs N] [--warmup N] [--no-scaling] [--seed N] [--work DIR] [--skip-install]
set -euo pipefail

BENCH="$(cd "$(dirname "$0")" && pwd)"
REPO="$(dirname "$BENCH")"
SCALE=1.0
REAL=/usr/share/cargo/registry
BUILD=installed
GENERATED=1
RUNS=10
WARMUP=2
SCALING=1
SEED=20261126
WORK="${TMPDIR:-/tmp}/uc-guards-bench"
INSTALL=1
COMMAND_LINE="bench/run.sh $*"

usage() { sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) SCALE="$2"; shift 2 ;;
    --real) REAL="$2"; shift 2 ;;
    --no-real) REAL=""; shift ;;
    --no-generated) GENERATED=0; shift ;;
    --build) BUILD="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --no-scaling) SCALING=0; shift ;;
    --seed) SEED="$2"; shift 2 ;;
    --work) WORK="$2"; shift 2 ;;
    --skip-install) INSTALL=0; shift ;;
    -h|--help) usage ;;
    *) echo "bench/run.sh: unknown argument '$1'" >&2; usage ;;
  esac
done
case "$BUILD" in installed|aot|r2r|jit) ;; *) echo "bench/run.sh: --build must be installed, aot, r2r or jit" >&2; exit 2 ;; esac

# The work folder must lie outside any git repository: the real corpus is scanned as a plain
# folder, and every tool honours the ignore files of an enclosing repository.
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
if git -C "$WORK" rev-parse --git-dir >/dev/null 2>&1; then
  echo "bench/run.sh: --work $WORK is inside a git repository; choose a folder outside one" >&2
  exit 2
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
say() { printf '\n== %s\n' "$*" >&2; }

# ---------------------------------------------------------------------------------------------
# Tools: hyperfine, ripgrep, GNU time and git from Debian; clang for Native AOT; ast-grep pinned
# in bench/package-lock.json; the real corpus from Debian's librust-*-dev packages.
RUST_CORPUS_PACKAGES=(librust-tokio-dev librust-hyper-dev librust-h2-dev librust-syn-dev librust-clap-dev
  librust-regex-dev librust-serde-json-dev librust-rustls-dev librust-futures-dev librust-tracing-subscriber-dev
  librust-gimli-dev librust-object-dev librust-reqwest-dev)
if [ "$INSTALL" = 1 ]; then
  say "checking tools"
  need=()
  command -v hyperfine >/dev/null || need+=(hyperfine)
  command -v rg >/dev/null || need+=(ripgrep)
  [ -x /usr/bin/time ] || need+=(time)
  command -v git >/dev/null || need+=(git)
  command -v jq >/dev/null || need+=(jq)
  if [ "$BUILD" = aot ] || [ "$BUILD" = installed ]; then command -v clang >/dev/null || need+=(clang); fi
  if [ "$REAL" = /usr/share/cargo/registry ] && ! dpkg -s "${RUST_CORPUS_PACKAGES[@]}" >/dev/null 2>&1; then
    need+=("${RUST_CORPUS_PACKAGES[@]}")
  fi
  if [ ${#need[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
  if [ ! -x "$BENCH/node_modules/.bin/ast-grep" ] || [ "$BENCH/package-lock.json" -nt "$BENCH/node_modules/.package-lock.json" ]; then
    (cd "$BENCH" && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
SG="$BENCH/node_modules/.bin/ast-grep"
for tool in hyperfine rg git jq "$SG"; do
  command -v "$tool" >/dev/null || { echo "bench/run.sh: $tool is missing (run without --skip-install)" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "bench/run.sh: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }

# ---------------------------------------------------------------------------------------------
say "building uc-guards ($BUILD) and the bench helper"
PUBLISH="$WORK/publish/$BUILD"
rm -rf "$PUBLISH"
# Dogfooding (the UCG1006 analyzer on our own sources) is a build check, not part of the binary.
publish_args=(-c Release -o "$PUBLISH" --nologo -v quiet -p:UltraCloudGuardsDogfood=false)
case "$BUILD" in
  installed)
    # The tool as users get it (README, Install): this machine's platform package and the tool
    # package, packed by eng/pack.sh into a local feed, installed by `dotnet tool install`.
    HOST_RID="$(dotnet msbuild "$REPO/native/Native.proj" -getProperty:UcgHostRid)"
    VERSION="$(dotnet msbuild "$REPO/src/Guards.Cli/Guards.Cli.csproj" -getProperty:Version)"
    rm -rf "$WORK/feed" "$WORK/tool" "$WORK/tool-packages"
    "$REPO/eng/pack.sh" --rid "$HOST_RID" --no-msbuild --output "$WORK/feed" >&2
    # A private packages folder: a package of the same version installed before is not reused.
    NUGET_PACKAGES="$WORK/tool-packages" dotnet tool install --tool-path "$WORK/tool" --add-source "$WORK/feed" --version "$VERSION" UltraCloud.Guards >&2
    UC="$WORK/tool/uc-guards" ;;
  aot)
    dotnet publish "$REPO/src/Guards.Cli/Guards.Cli.csproj" "${publish_args[@]}" -r linux-x64 -p:PublishAot=true >&2
    UC="$PUBLISH/uc-guards" ;;
  r2r)
    dotnet publish "$REPO/src/Guards.Cli/Guards.Cli.csproj" "${publish_args[@]}" -r linux-x64 -p:PublishAot=false --self-contained false -p:PublishReadyToRun=true >&2
    UC="$PUBLISH/uc-guards" ;;
  jit)
    dotnet publish "$REPO/src/Guards.Cli/Guards.Cli.csproj" "${publish_args[@]}" >&2
    UC="$PUBLISH/uc-guards" ;;
esac
HELPER_DIR="$WORK/helper"
dotnet build "$BENCH/Guards.Bench/Guards.Bench.csproj" -c Release -o "$HELPER_DIR" --nologo -v quiet >&2
HELPER="$HELPER_DIR/uc-guards-bench"
HAS_STAGED=0
"$UC" check --help 2>/dev/null | grep -q -- '--staged' && HAS_STAGED=1

# ---------------------------------------------------------------------------------------------
# Trees. A generated tree is kept between runs while its seed, scale and generator are unchanged.
scale_of() { awk -v s="$SCALE" -v f="$1" 'BEGIN { printf "%.1f", s * f }'; }
if [ "$SCALING" = 1 ]; then FACTORS=(0.5 1 2); else FACTORS=(1); fi
HELPER_HASH="$( (cat "$BENCH"/Guards.Bench/*.cs; find "$REPO/samples/ultracloud" -type f | sort | xargs cat) | sha256sum | cut -c1-16)"

generate() { # scale -> tree folder
  local scale="$1" dir="$WORK/trees/gen-$1"
  local stamp="seed=$SEED scale=$scale generator=$HELPER_HASH"
  if [ -f "$dir.stamp" ] && [ "$(cat "$dir.stamp")" = "$stamp" ] && [ -d "$dir/.git" ]; then echo "$dir"; return; fi
  rm -rf "$dir" "$dir.stamp" "$dir.json"
  mkdir -p "$WORK/trees"
  "$HELPER" generate --out "$dir" --scale "$scale" --seed "$SEED" --skeleton "$REPO/samples/ultracloud" --manifest "$dir.json" >&2
  (
    cd "$dir"
    export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@localhost GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@localhost
    export GIT_AUTHOR_DATE=2026-01-01T00:00:00Z GIT_COMMITTER_DATE=2026-01-01T00:00:00Z
    git init -q -b main . && git add -A && git commit -q -m "generated tree (seed $SEED, scale $scale)"
    # Five staged edits, as a developer's pre-commit: two handlers, a server module, a Nix module, a doc.
    for path in $(jq -r '.StageCandidates[]' "$dir.json"); do
      case "$path" in
        *.rs) printf '\n// Reviewed in the staged change.\n' >> "$path" ;;
        *.nix) printf '\n# Reviewed in the staged change.\n' >> "$path" ;;
        *) printf '\nReviewed in the staged change.\n' >> "$path" ;;
      esac
      git add -- "$path"
    done
  ) >&2
  echo "$stamp" > "$dir.stamp"
  echo "$dir"
}

real_tree() { # copy of the real corpus with the bench config at its root
  local dir="$WORK/trees/real"
  local stamp="source=$REAL files=$(find "$REAL" -type f | wc -l) config=$(sha256sum < "$BENCH/real-corpus.uc-guards.yaml" | cut -c1-16)"
  if [ -f "$dir.stamp" ] && [ "$(cat "$dir.stamp")" = "$stamp" ]; then echo "$dir"; return; fi
  rm -rf "$dir" "$dir.stamp"
  mkdir -p "$dir"
  cp -a "$REAL/." "$dir/"
  cp "$BENCH/real-corpus.uc-guards.yaml" "$dir/uc-guards.yaml"
  echo "$stamp" > "$dir.stamp"
  echo "$dir"
}

# ---------------------------------------------------------------------------------------------
RESULTS="$WORK/results"
rm -rf "$RESULTS"
mkdir -p "$RESULTS"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
{
  printf 'date\t%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
  printf 'machine\t%s cores, %s\n' "$(nproc)" "$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1)"
  printf 'command\t%s\n' "$COMMAND_LINE"
  printf 'build\t%s\n' "$BUILD"
  printf 'runs\t%s\n' "$RUNS"
  printf 'warmup\t%s\n' "$WARMUP"
  printf 'load-before\t%s\n' "$LOAD_BEFORE"
} > "$RESULTS/run.tsv"

RG_STUBS='todo!|unimplemented!|Status::unimplemented|Code::Unimplemented|StatusCode::NOT_IMPLEMENTED'
RG_ALL="$RG_STUBS|TODO:|(?i:fixme|best[- ]effort)"

peak_rss() { # name outfile cmd... : runs once under GNU time, records peak RSS in kB
  local name="$1" out="$2"; shift 2
  /usr/bin/time -v -o "$OUTDIR/time-$name.txt" "$@" > "$out" 2>/dev/null || true
  printf '%s\t%s\n' "$name" "$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$OUTDIR/time-$name.txt")" >> "$OUTDIR/rss.tsv"
}

measure() { # label title tree sgconfig rg-pattern runs full(1|0)
  local label="$1" title="$2" tree="$3" sgconfig="$4" pattern="$5" runs="$6" full="$7"
  OUTDIR="$RESULTS/$label"
  mkdir -p "$OUTDIR"
  say "$title"
  cd "$tree"
  local files lines rfiles rlines
  if [ -d .git ]; then
    files=$(git ls-files | wc -l)
    lines=$(git ls-files -z | xargs -0 cat | wc -l)
  else
    files=$(find . -type f | wc -l)
    lines=$(find . -type f -print0 | xargs -0 cat | wc -l)
  fi
  rfiles=$(rg --files -t rust | wc -l)
  rlines=$(rg --files -t rust -0 | xargs -0 cat | wc -l)
  [ "$rfiles" = "$(find . -name '*.rs' -not -path './.git/*' | wc -l)" ] || echo "note: ripgrep and ast-grep see $rfiles of the .rs files" >&2
  {
    printf 'title\t%s\n' "$title"
    printf 'files\t%s\nlines\t%s\nrust-files\t%s\nrust-lines\t%s\n' "$files" "$lines" "$rfiles" "$rlines"
    case "$label" in gen-*) printf 'scale\t%s\n' "${label#gen-}" ;; esac
  } > "$OUTDIR/tree.tsv"

  # Warm the page cache for every tool alike.
  rg --files -0 | xargs -0 cat > /dev/null

  local staged=()
  local cmds=(-n "uc-guards check" "$UC check .")
  if [ "$full" = 1 ]; then
    printf 'scans-uc-guards-check\t%s\n' "whole tree, all rules" >> "$OUTDIR/tree.tsv"
    printf 'scans-ast-grep\t%s\n' "Rust files, $(ls "$(dirname "$sgconfig")/rules" | sed 's/\.yml//' | paste -sd, | sed 's/,/, /g')" >> "$OUTDIR/tree.tsv"
    printf 'scans-ripgrep\t%s\n' "Rust files, plain marker regex" >> "$OUTDIR/tree.tsv"
    if [ "$HAS_STAGED" = 1 ] && [ -d .git ]; then
      staged=(-n "uc-guards check --staged" "$UC check --staged .")
      printf 'scans-uc-guards-check---staged\t%s\n' "5 staged files (index)" >> "$OUTDIR/tree.tsv"
    elif [ -d .git ]; then
      printf 'scans-uc-guards-check---staged\t%s\n' "not yet measurable: this build has no --staged" >> "$OUTDIR/tree.tsv"
      printf 'staged-note\t%s\n' "not yet measurable (no --staged in this build)" >> "$OUTDIR/tree.tsv"
    fi
  fi
  hyperfine -N -i --style basic --warmup "$WARMUP" --runs "$runs" --export-json "$OUTDIR/hyperfine-uc.json" \
    "${cmds[@]}" "${staged[@]}" >&2
  hyperfine -N -i --style basic --warmup 1 --runs "$(( runs < 5 ? runs : 5 ))" --export-json "$OUTDIR/hyperfine-sg.json" \
    -n "ast-grep" "$SG scan -c $sgconfig ." >&2
  if [ "$full" = 1 ]; then
    hyperfine -N -i --style basic --warmup "$WARMUP" --runs "$runs" --export-json "$OUTDIR/hyperfine-rg.json" \
      -n "ripgrep" "rg -n -t rust $pattern ." >&2
  fi

  : > "$OUTDIR/rss.tsv"
  peak_rss "uc-guards check" "$OUTDIR/uc.json" "$UC" check --format json .
  [ ${#staged[@]} -gt 0 ] && peak_rss "uc-guards check --staged" "$OUTDIR/uc-staged.json" "$UC" check --staged --format json .
  peak_rss "ast-grep" "$OUTDIR/sg.jsonl" "$SG" scan -c "$sgconfig" --json=stream .
  [ "$full" = 1 ] && peak_rss "ripgrep" "$OUTDIR/rg.txt" rg -n -t rust "$pattern" .
  cd "$REPO"
}

compare() { # label tree rules...
  local label="$1" tree="$2"; shift 2
  local args=()
  for rule in "$@"; do args+=(--rule "$rule"); done
  set +e
  "$HELPER" compare --uc-guards "$RESULTS/$label/uc.json" --ast-grep "$RESULTS/$label/sg.jsonl" --root "$tree" "${args[@]}" > "$RESULTS/$label/compare.txt"
  local status=$?
  set -e
  {
    printf 'rules\t%s\n' "$(echo "$@" | sed 's/ /, /g')"
    printf 'identical\t%s\n' "$([ $status = 0 ] && echo true || echo false)"
    printf 'only-uc-guards\t%s\n' "$(sed -n 's/^differences: \([0-9]*\) only in uc-guards.*/\1/p' "$RESULTS/$label/compare.txt" | grep . || echo 0)"
    printf 'only-ast-grep\t%s\n' "$(sed -n 's/^differences: .*, \([0-9]*\) only in ast-grep/\1/p' "$RESULTS/$label/compare.txt" | grep . || echo 0)"
  } > "$RESULTS/$label/compare.tsv"
  cat "$RESULTS/$label/compare.txt" >&2
}

MAIN_SCALE="$(scale_of 1)"
[ "$GENERATED" = 1 ] || FACTORS=()
for factor in "${FACTORS[@]}"; do
  scale="$(scale_of "$factor")"
  tree="$(generate "$scale")"
  if [ "$factor" = 1 ]; then
    measure "gen-$scale" "Generated UltraCloud tree, scale $scale (seed $SEED)" "$tree" "$BENCH/ast-grep/ultracloud/sgconfig.yml" "$RG_ALL" "$RUNS" 1
    compare "gen-$scale" "$tree" UCG1001 UCG1002 UCG1003
  else
    measure "gen-$scale" "Generated UltraCloud tree, scale $scale (seed $SEED)" "$tree" "$BENCH/ast-grep/ultracloud/sgconfig.yml" "$RG_ALL" "$(( RUNS / 2 > 3 ? RUNS / 2 : 3 ))" 0
  fi
done

if [ -n "$REAL" ]; then
  [ -d "$REAL" ] || { echo "bench/run.sh: --real $REAL is not a folder" >&2; exit 2; }
  tree="$(real_tree)"
  measure real "Real Rust corpus: $REAL (copy; every .rs in scope for UCG1001/UCG1002)" "$tree" "$BENCH/ast-grep/all-rust/sgconfig.yml" "$RG_STUBS" "$RUNS" 1
  compare real "$tree" UCG1001 UCG1002
fi

printf 'load-after\t%s\n' "$(cut -d' ' -f1-3 /proc/loadavg)" >> "$RESULTS/run.tsv"
"$HELPER" report --results "$RESULTS" | tee "$RESULTS/report.md"
echo >&2
echo "results: $RESULTS (report.md, compare.txt per tree)" >&2

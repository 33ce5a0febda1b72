#!/usr/bin/env bash
# The suppression-audit benchmark: `uc-guards suppressions` (every suppression in force, dated
# through the history) and `uc-guards suppressions --from --to` on a 10,000-commit repository, beside
# git's own blame of the same files (the work a shell script answering the same question does).
# Needs hyperfine, git and python3.
#   bench/suppressions/run.sh [UC_GUARDS_COMMAND]
# The default command is the Release build run through its apphost. BENCH_COMMITS sets the length
# of the history (default 10000), BENCH_REPO where it is made (kept between runs).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
commits="${BENCH_COMMITS:-10000}"
repo="${BENCH_REPO:-/tmp/ucg-bench-suppressions-$commits}"
[ -d "$repo/.git" ] || python3 "$here/make-history.py" "$repo" "$commits"
if [ $# -gt 0 ]; then cmd="$1"; else
  dotnet build "$root/src/Guards.Cli" -c Release -v q -nologo >/dev/null
  cmd="$root/src/Guards.Cli/bin/Release/net10.0/uc-guards"
fi
cd "$repo"
printf 'commits\t%s\nfiles\t%s\nsuppressions in force\t%s\nfiles holding one\t%s\n' \
  "$(git rev-list --count HEAD)" "$(git ls-files | wc -l)" \
  "$(git grep -h 'uc-guards: allow' | wc -l)" "$(git grep -l 'uc-guards: allow' | wc -l)"
"$cmd" suppressions | tail -1
hyperfine --warmup 1 --runs 5 -N \
  "$cmd suppressions" \
  "$cmd suppressions --format json" \
  "$cmd suppressions --from HEAD~1000 --to HEAD"
hyperfine --warmup 1 --runs 3 \
  "git grep -l 'uc-guards: allow' | xargs -n1 git blame --porcelain > /dev/null"

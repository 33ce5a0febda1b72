#!/usr/bin/env bash
# The pre-commit benchmark: `uc-guards check --staged` with five staged files in a repository of
# about a million lines, start-up included. Needs hyperfine, git and python3.
#   bench/staged/run.sh [UC_GUARDS_COMMAND]
# The default command is the Release build run through its apphost.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
repo="${BENCH_REPO:-/tmp/ucg-bench-staged}"
[ -d "$repo/.git" ] || python3 "$here/make-repo.py" "$repo" 1000000
if [ $# -gt 0 ]; then cmd="$1"; else
  dotnet build "$root/src/Guards.Cli" -c Release -v q -nologo >/dev/null
  cmd="$root/src/Guards.Cli/bin/Release/net10.0/uc-guards"
fi
cd "$repo"
"$cmd" check --staged || true
hyperfine --warmup 3 --runs 20 -i "$cmd check --staged"

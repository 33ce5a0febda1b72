#!/usr/bin/env bash
# Packs every UltraCloud.Guards package into artifacts/packages/ (or --output DIR):
#   UltraCloud.Guards           the dotnet tool users install, which names its platform packages:
#   UltraCloud.Guards.<rid>     linux-x64, linux-arm64 (Native AOT), linux-musl-x64, win-x64
#                               (ReadyToRun), any (portable); each with its native parser library
#   UltraCloud.Guards.Msbuild   the analyzer and the MSBuild task
#
#   eng/pack.sh [--rid RID]... [--output DIR] [--no-msbuild]
#
# --rid packs only the named platform packages (repeatable), e.g. `--rid linux-x64 --rid any`: the
# tool package still names every platform. Needs clang and lld for Native AOT, and the cross
# compilers named in native/Native.proj (on Debian: gcc-aarch64-linux-gnu libc6-dev-arm64-cross
# musl-tools gcc-mingw-w64-x86-64).
set -euo pipefail
cd "$(dirname "$0")/.."

out=artifacts/packages
rids=()
msbuild=1
while [ $# -gt 0 ]; do
  case "$1" in
    --rid) rids+=("$2"); shift 2 ;;
    --output) out="$2"; shift 2 ;;
    --no-msbuild) msbuild=0; shift ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "eng/pack.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
if [ ${#rids[@]} -eq 0 ]; then
  read -r -a rids <<<"$(dotnet msbuild src/Guards.Cli/Guards.Cli.csproj -getProperty:ToolPackageRuntimeIdentifiers | tr ';' ' ')"
fi
mkdir -p "$out"
out="$(cd "$out" && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

for rid in "${rids[@]}"; do
  echo "== UltraCloud.Guards.$rid" >&2
  dotnet pack src/Guards.Cli/Guards.Cli.csproj -c Release -r "$rid" -o "$out" -p:UltraCloudGuardsDogfood=false
done
echo "== UltraCloud.Guards" >&2
# PublishAot names the platform packages as made above: without it the SDK would pack them all again.
dotnet pack src/Guards.Cli/Guards.Cli.csproj -c Release -o "$out" -p:UltraCloudGuardsDogfood=false -p:PublishAot=true
if [ "$msbuild" = 1 ]; then
  echo "== UltraCloud.Guards.Msbuild" >&2
  dotnet pack src/Guards.Msbuild/Guards.Msbuild.csproj -c Release -o "$out" -p:UltraCloudGuardsDogfood=false
fi
ls -l "$out"/*.nupkg >&2

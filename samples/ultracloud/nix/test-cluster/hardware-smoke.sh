#!/usr/bin/env bash
# USB/BMC/Redfish bridge for the physical-node proof; artifacts go under ./work/hardware-smoke.
set -euo pipefail
out="./work/hardware-smoke/latest"
mkdir -p "$out"
case "${1:-preflight}" in
  preflight) echo "status=blocked" > "$out/status.env" ;;
  run | capture) echo "transport required" >&2; exit 1 ;;
esac

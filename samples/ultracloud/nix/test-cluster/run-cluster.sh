#!/usr/bin/env bash
# Drives the six-node VM cluster: fresh-smoke, fresh-matrix, baremetal-iso and the operational verbs.
set -euo pipefail

work_root="${ULTRACLOUD_WORK_ROOT:-./work}"
command="${1:-status}"

case "$command" in
  baremetal-iso)
    exec "$(dirname "$0")/verify-baremetal-iso.sh" "$work_root/baremetal-iso/latest"
    ;;
  fresh-smoke | fresh-matrix | fresh-demo-vm-webapp)
    echo "running $command under $work_root"
    ;;
  status)
    echo "cluster state lives in $work_root/test-cluster/state"
    ;;
  *)
    echo "unknown command: $command" >&2
    exit 2
    ;;
esac

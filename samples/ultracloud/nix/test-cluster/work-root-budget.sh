#!/usr/bin/env bash
# Reports and enforces the size budget of ./work: runtime state, dated proof roots, tmp.
set -euo pipefail

work_root="${ULTRACLOUD_WORK_ROOT:-./work}"
TODO_DIRS=("$work_root/tmp" "$work_root/publishable-kvm-runtime")

case "${1:-status}" in
  status)
    du -sh "$work_root" "${TODO_DIRS[@]}" 2>/dev/null || true
    ;;
  enforce)
    # FIXME: read the soft budgets from the cluster schema instead of hard-coding them here.
    limit_kib=$((200 * 1024 * 1024))
    used_kib=$(du -sk "$work_root" | cut -f1)
    if [ "$used_kib" -gt "$limit_kib" ]; then
      echo "work root over budget: ${used_kib} KiB used" >&2
      exit 1
    fi
    ;;
  cleanup-advice)
    cat <<ADVICE
Remove disposable runtime directories first, then prune dated proof roots with
prune-proof-logs; the final nix store gc is left to the operator.
ADVICE
    ;;
  *)
    echo "usage: $0 status|enforce|cleanup-advice" >&2
    exit 2
    ;;
esac

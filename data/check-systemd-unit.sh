#!/usr/bin/env bash
# Verifies a systemd unit with systemd-analyze, pointing its ExecStart at the built binary
# (the installed path does not exist on a build machine).
set -euo pipefail
unit="$1"; binary="$2"
command -v systemd-analyze >/dev/null || { echo "1..0 # SKIP systemd-analyze not installed"; exit 0; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
sed "s|/usr/local/bin/[a-z-]*|$binary|g" "$unit" > "$dir/$(basename "$unit")"
out=$(systemd-analyze verify --man=no "$dir/$(basename "$unit")" 2>&1 | grep -v -e 'Failed to .*bus' -e 'dualcaster.*User=' || true)
if [ -n "$out" ] && echo "$out" | grep -qi -e error -e invalid -e unknown -e 'not executable'; then
  echo "not ok 1 - $(basename "$unit")"; echo "$out" | sed 's/^/# /'; echo "1..1"; exit 1
fi
echo "ok 1 - $(basename "$unit") verifies"
echo "1..1"

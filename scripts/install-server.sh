#!/usr/bin/env bash
# Installs the SecantusDB test server (secantusd-rs) into .tools/ once and
# reuses it. Idempotent; safe to call from every test run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$root/.tools/secantus"
version="0.5.3-beta.196"
bin="$dir/bin/secantusd-rs"
if [ -x "$bin" ] && [ -f "$dir/.version" ] && [ "$(cat "$dir/.version")" = "$version" ]; then
  exit 0
fi
source "$root/scripts/machine.sh"
ensure_packages install-server cmake
echo "install-server: building secantus-mdb $version into $dir (a few minutes, once)" >&2
cargo install secantus-mdb --version "$version" --locked --ignore-rust-version --root "$dir" >&2
echo "$version" > "$dir/.version"
ls "$dir/bin" >&2

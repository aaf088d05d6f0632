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
if ! command -v cmake >/dev/null 2>&1; then
  echo "install-server: installing cmake (needed to build the server)" >&2
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq >/dev/null && apt-get install -y -qq cmake >/dev/null
  else
    sudo apt-get update -qq >/dev/null && sudo apt-get install -y -qq cmake >/dev/null
  fi
fi
echo "install-server: building secantus-mdb $version into $dir (a few minutes, once)" >&2
cargo install secantus-mdb --version "$version" --locked --ignore-rust-version --root "$dir" >&2
echo "$version" > "$dir/.version"
ls "$dir/bin" >&2

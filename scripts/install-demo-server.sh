#!/usr/bin/env bash
# Installs the demo's database server once and reuses it: SecantusDB's Python
# server (secantusd-py, the `secantusdb` package, a prebuilt wheel: seconds)
# in a virtual environment of its own under .tools/py/ (git-ignored).
# Idempotent. The tests and the benchmarks keep the Rust server
# (scripts/install-server.sh, built from source once: a few minutes); the
# demo's small dataset does not need its speed.
# Needs Python 3.10 or newer with venv (PYTHON= picks another interpreter).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$root/.tools/py"
version="0.7.0b3"
bin="$dir/bin/secantusd-py"
if [ -x "$bin" ] && [ -f "$dir/.version" ] && [ "$(cat "$dir/.version")" = "$version" ]; then
  exit 0
fi
python="${PYTHON:-python3}"
if ! "$python" -c 'import sys, venv; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
  echo "install-demo-server: needs Python 3.10 or newer with venv as '$python' (set PYTHON=...)" >&2
  exit 1
fi
echo "install-demo-server: installing secantusdb $version into $dir (seconds, once)" >&2
rm -rf "$dir"
"$python" -m venv "$dir"
"$dir/bin/python" -m pip install --quiet --disable-pip-version-check "secantusdb==$version" >&2
echo "$version" >"$dir/.version"

#!/usr/bin/env bash
# Runs the whole test suite. Installs what the tests need first: the
# SecantusDB server (once, into .tools/), unless TEST_MONGODB_URI points the
# suite at a real MongoDB.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/null-device.sh
ensure_null_device test.sh
if [ -z "${TEST_MONGODB_URI:-}" ]; then
  bash scripts/install-server.sh
fi
cargo test --locked "$@"

#!/usr/bin/env bash
# Runs the whole test suite. Installs what the tests need first: the
# SecantusDB server (once, into .tools/), unless TEST_MONGODB_URI points the
# suite at a real MongoDB.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/machine.sh
ensure_null_device test.sh
# The completion tests run the real zsh and fish (each says so and is skipped
# where they cannot be installed); cmake builds the server.
packages=(zsh fish)
if [ -z "${TEST_MONGODB_URI:-}" ]; then
  packages+=(cmake)
fi
ensure_packages test.sh "${packages[@]}" || true
if [ -z "${TEST_MONGODB_URI:-}" ]; then
  bash scripts/install-server.sh
fi
cargo test --locked "$@"

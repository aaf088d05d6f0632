#!/usr/bin/env bash
# Sets up everything on a fresh machine and runs the main job on a local demo
# database: a SecantusDB server, the generated dataset, then the whole flow:
# preview, scan, execute, status.
# The server is SecantusDB's Python one (a prebuilt package into .tools/py/,
# seconds, once): the 2,000-document demo does not need the Rust server that
# the tests and benchmarks use, whose first build takes minutes.
# DEMO_SERVER=rs runs the same demo on the Rust server instead.
# The two binaries it runs are a debug build (quicker to build than release).
# --keep leaves the server running afterwards, a playground: its profile in
# demo/config.toml, the demo's plans in demo/, and how to use and stop it
# printed at the end (scripts/server.sh stop stops it).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/machine.sh
ensure_null_device demo.sh
keep=0
for arg in "$@"; do
  case "$arg" in
    --keep) keep=1 ;;
    *) echo "usage: scripts/demo.sh [--keep]" >&2; exit 2 ;;
  esac
done
case "${DEMO_SERVER:-py}" in
  py) server=--py ;;
  rs) server= ;;
  *) echo "demo.sh: DEMO_SERVER is py (the default) or rs" >&2; exit 2 ;;
esac
# tether-gen is a developer tool: built with --features dev, never installed.
cargo build --locked --features dev --bin tether-transfer --bin tether-gen
# One demo server at a time: a playground left by an earlier --keep goes first.
bash scripts/server.sh stop
if [ "$keep" = 1 ]; then
  # Stopped only on a failure; on success it stays, a playground.
  trap 'status=$?; [ $status -eq 0 ] || bash scripts/server.sh stop' EXIT
  plans="$PWD/demo"
  rm -rf "$plans"
  mkdir -p "$plans"
else
  trap 'bash scripts/server.sh stop' EXIT
  plans="$(mktemp -d)"
fi
# An assignment, so that a failed install or start stops the demo here.
server_env="$(bash scripts/server.sh start $server)"
eval "$server_env"
bin=target/debug/tether-transfer
# The demo deployment as a profile of its own configuration file (a real
# one lives in ~/.config/tether-transfer/config.toml).
cat >"$plans/config.toml" <<TOML
default = "demo"

[profiles.demo]
uri = "$DEMO_SERVER_URI/"
db = "tether"
operator = "root@tether.test"
TOML
export TETHER_CONFIG="$plans/config.toml"

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

step cat config.toml
cat "$plans/config.toml"
step tether-transfer config show
$bin config show

step tether-gen --size "${DEMO_SIZE:-2000}" "  (into the profile's database)"
target/debug/tether-gen --size "${DEMO_SIZE:-2000}"

step tether-transfer preview --user sam.rep@acme.test --to-org Initech
$bin preview --user sam.rep@acme.test --to-org Initech

step tether-transfer scan org --user sam.rep@acme.test --to-org Initech --role SALES_REP --reassignee rita.rep@acme.test --to-department Onboarding --out "$plans/org.json"
$bin scan org --user sam.rep@acme.test --to-org Initech --role SALES_REP \
  --reassignee rita.rep@acme.test --to-department Onboarding --out "$plans/org.json"

step tether-transfer scan org --user sam.rep@acme.test --to-org Globex ...   "(blocked: exit 3)"
$bin scan org --user sam.rep@acme.test --to-org Globex --role SALES_REP \
  --reassignee rita.rep@acme.test --out "$plans/blocked.json" || echo "exit code: $?"

step tether-transfer scan department --user sam.rep@acme.test --to Marketing --reassignee rita.rep@acme.test --out "$plans/dept.json"
$bin scan department --user sam.rep@acme.test --to Marketing --reassignee rita.rep@acme.test --out "$plans/dept.json"

step tether-transfer scan department --from Support --to Archive --delete-source --out "$plans/bulk.json"
$bin scan department --from Support --to Archive --delete-source --out "$plans/bulk.json"

step tether-transfer execute "$plans/org.json" --dry-run
$bin execute "$plans/org.json" --dry-run | tail -4

step tether-transfer execute "$plans/org.json" -y
$bin execute "$plans/org.json" -y

step tether-transfer execute "$plans/org.json" -y "  (a plan is single-use: exit 4)"
$bin execute "$plans/org.json" -y || echo "exit code: $?"

step tether-transfer execute "$plans/bulk.json" -y
$bin execute "$plans/bulk.json" -y

# A reorganization in one plan: each user their own target, role and re-assignee.
printf 'user,targetDepartment,role,reassignee\nrita.rep@acme.test,Marketing,DEPARTMENT_HEAD,dana.head@acme.test\nivan.inactive@acme.test,Archive,,\n' >"$plans/reorg.csv"
step tether-transfer scan department --assignments reorg.csv --out "$plans/reorg.json"
cat "$plans/reorg.csv"
$bin scan department --assignments "$plans/reorg.csv" --out "$plans/reorg.json"

step tether-transfer execute "$plans/reorg.json" -y
$bin execute "$plans/reorg.json" -y

reorg_id="$($bin status --json | grep -o '"transferId": *"[0-9a-f]*"' | head -1 | grep -o '[0-9a-f]\{24\}')"
step tether-transfer scan rollback "$reorg_id" --out rollback.json "  (undo the reorganization)"
$bin scan rollback "$reorg_id" --out "$plans/rollback.json"

step tether-transfer execute "$plans/rollback.json" -y
$bin execute "$plans/rollback.json" -y

step tether-transfer status
$bin status

echo
echo "Plans are in $plans"
if [ "$keep" = 1 ]; then
  cat <<EOF

The demo server is still running at $DEMO_SERVER_URI (profile demo in $plans/config.toml).
Try it:
  export TETHER_CONFIG=$plans/config.toml
  $bin status
  $bin scan org --user big.owner@acme.test --to-org Initech --role SALES_REP --reassignee bob.admin@acme.test --out $plans/try.json
  $bin execute $plans/try.json
  target/debug/tether-gen --drop --size 30000      # a fresh, bigger dataset, into the same profile's database
Stop it with: scripts/server.sh stop
EOF
fi

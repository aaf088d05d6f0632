#!/usr/bin/env bash
# Starts a throw-away SecantusDB server on a free port and prints its URI on
# stdout; the server's folder and pid file live under .tools/run/.
# Usage: eval "$(scripts/server.sh start)"  ...  scripts/server.sh stop
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
run="$root/.tools/run"
case "${1:-start}" in
  start)
    bash "$root/scripts/install-server.sh"
    mkdir -p "$run"
    data="$(mktemp -d "$run/data.XXXXXX")"
    log="$data.log"
    "$root/.tools/secantus/bin/secantusd-rs" --port 0 --storage-path "$data" --cache-size 512M \
      --log-level WARNING --log-file-max 64MB --enable-test-commands >"$log" 2>&1 &
    echo $! >"$run/pid"
    echo "$data" >"$run/data"
    for _ in $(seq 1 300); do
      if grep -q "listening on" "$log"; then break; fi
      sleep 0.1
    done
    addr="$(grep -o 'listening on [0-9.:]*' "$log" | head -1 | sed 's/listening on //')"
    [ -n "$addr" ] || { cat "$log" >&2; echo "server.sh: the server did not start" >&2; exit 1; }
    echo "export DEMO_SERVER_URI=mongodb://$addr"
    ;;
  stop)
    if [ -f "$run/pid" ]; then kill "$(cat "$run/pid")" 2>/dev/null || true; rm -f "$run/pid"; fi
    if [ -f "$run/data" ]; then rm -rf "$(cat "$run/data")" "$(cat "$run/data").log"; rm -f "$run/data"; fi
    ;;
  *) echo "usage: scripts/server.sh start|stop" >&2; exit 2 ;;
esac

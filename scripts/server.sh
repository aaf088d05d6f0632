#!/usr/bin/env bash
# Starts a throw-away SecantusDB server on a free port and prints its URI on
# stdout; the server's folder and pid file live under .tools/run/.
# Usage: eval "$(scripts/server.sh start)"  ...  scripts/server.sh stop
#   start        the Rust server, secantusd-rs (scripts/install-server.sh: built
#                from source once, a few minutes), as the tests and benchmarks use
#   start --py   the Python server, secantusd-py (scripts/install-demo-server.sh:
#                a prebuilt package, seconds), as scripts/demo.sh uses
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
run="$root/.tools/run"
case "${1:-start}" in
  start)
    mkdir -p "$run"
    case "${2:-}" in
      "")
        bash "$root/scripts/install-server.sh"
        data="$(mktemp -d "$run/data.XXXXXX")"
        log="$data.log"
        "$root/.tools/secantus/bin/secantusd-rs" --port 0 --storage-path "$data" --cache-size 512M \
          --log-level WARNING --log-file-max 64MB --enable-test-commands >"$log" 2>&1 &
        ;;
      --py)
        bash "$root/scripts/install-demo-server.sh"
        data="$(mktemp -d "$run/data.XXXXXX")"
        log="$data.log"
        # INFO: its one "listening on HOST:PORT" line is an INFO line.
        "$root/.tools/py/bin/secantusd-py" --port 0 --storage-path "$data" --cache-size 512M \
          --log-level INFO --enable-test-commands >"$log" 2>&1 &
        ;;
      *) echo "usage: scripts/server.sh start [--py] | stop" >&2; exit 2 ;;
    esac
    pid=$!
    echo $pid >"$run/pid"
    echo "$data" >"$run/data"
    for _ in $(seq 1 300); do
      if grep -q "listening on" "$log" || ! kill -0 $pid 2>/dev/null; then break; fi
      sleep 0.1
    done
    addr="$(grep -o 'listening on [0-9.:]*' "$log" | head -1 | sed 's/listening on //')"
    [ -n "$addr" ] || { cat "$log" >&2; echo "server.sh: the server did not start" >&2; exit 1; }
    echo "export DEMO_SERVER_URI=mongodb://$addr"
    ;;
  stop)
    if [ -f "$run/pid" ]; then
      pid="$(cat "$run/pid")"
      kill "$pid" 2>/dev/null || true
      # Its folder goes once it has exited (the Python server takes a moment).
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      rm -f "$run/pid"
    fi
    if [ -f "$run/data" ]; then rm -rf "$(cat "$run/data")" "$(cat "$run/data").log"; rm -f "$run/data"; fi
    ;;
  *) echo "usage: scripts/server.sh start [--py] | stop" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# WebSocket echo throughput: one router, one WebSocket echo backend (LoadGen ws-echo) registered over NATS as
# app.loadtest. LoadGen ws-load keeps CONNECTIONS WebSockets busy, closed loop (send a message, wait for its echo,
# check it, send the next), first straight to the backend and then through the router, ROUNDS times with the order
# alternating; the report gives messages per second both ways and their ratio.
# The target: through the router at least 0.8x the direct rate, with no errors.
#
#   loadtests/websocket.sh                                      ROUNDS=3, SECONDS_PER_RUN=15
#   ROUNDS=1 SECONDS_PER_RUN=3 WARMUP_SECONDS=2 loadtests/websocket.sh   a brief check
#   SKIP_BUILD=1 ...                          reuse the published router and LoadGen
#   RUN_DIR=DIR WEBSOCKET_REPORT=FILE ...     where raw results and the report go (run.sh sets both)
set -euo pipefail

LOADTESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

ROUNDS=${ROUNDS:-3}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-15}
WARMUP_SECONDS=${WARMUP_SECONDS:-10}
MESSAGE_BYTES=${MESSAGE_BYTES:-128}
BASE_PORT=${BASE_PORT:-19500}
SCENARIO=websocket
RUN_BUDGET_SECONDS=$((ROUNDS * SECONDS_PER_RUN * 4 + WARMUP_SECONDS + 900))

# shellcheck source=scripts/standalone.sh
source "$LOADTESTS_DIR/scripts/standalone.sh"

require_integer 1 ROUNDS SECONDS_PER_RUN CONNECTIONS MESSAGE_BYTES BASE_PORT
require_integer 0 WARMUP_SECONDS
default_pinning
mkdir -p "$RUN_DIR/logs"
install_traps
[[ $SKIP_INSTALL == 1 ]] || ensure_packages nats-server=nats-server
require_dotnet

if [[ $SKIP_BUILD != 1 ]]; then
    log "publishing LoadGen and the router (Release)"
    publish_project loadgen loadtests/LoadGen/LoadGen.csproj
    publish_project router src/Router/Router.csproj
fi

require_ports_free "$BACKEND_PORT"
start_process backend "$LOAD_CPU" "$RUN_DIR/logs/backend.log" dotnet "$LOADGEN_DLL" ws-echo --port "$BACKEND_PORT" \
    --duration "$RUN_BUDGET_SECONDS"
wait_tcp "$BACKEND_PORT" 30 backend
start_nats
start_heartbeat
start_contender router

direct_url="ws://127.0.0.1:$BACKEND_PORT/"
router_url="ws://127.0.0.1:$(contender_port router)/"

# run_ws NAME URL SECONDS: one closed-loop ws-load run on the load core; its key=value result in $RUN_DIR/NAME.txt.
run_ws() {
    loadgen_tracked "$1" "$RUN_DIR/logs/$1.log" $(($3 + 60)) ws-load --url "$2" --host "$ROUTE_HOST" \
        --connections "$CONNECTIONS" --duration "$3" --message-bytes "$MESSAGE_BYTES" --out "$RUN_DIR/$1.txt" ||
        warn "ws-load $1 reported errors (see $RUN_DIR/logs/$1.log)"
}
value_of() { awk -F= -v k="$2" '$1 == k { print $2 }' "$1" 2>/dev/null; }

if ((WARMUP_SECONDS > 0)); then
    log "warming up the router: $WARMUP_SECONDS s of WebSocket echoes through it"
    run_ws warmup "$router_url" "$WARMUP_SECONDS"
fi

# What run.sh's report (LoadGen/Report/WebSocketSection.cs) needs to read the rounds back.
{
    echo "rounds=$ROUNDS"
    echo "seconds_per_run=$SECONDS_PER_RUN"
    echo "connections=$CONNECTIONS"
    echo "message_bytes=$MESSAGE_BYTES"
} >"$RUN_DIR/websocket.txt"
rows=""
direct_sum=0
router_sum=0
failed=0
for ((round = 1; round <= ROUNDS; round++)); do
    # Alternate the order so a drift of the machine does not favour one side.
    order=(direct router)
    ((round % 2 == 0)) && order=(router direct)
    for side in "${order[@]}"; do
        log "round $round: $SECONDS_PER_RUN s of ws-load -c$CONNECTIONS, $side"
        url=$direct_url
        [[ $side == router ]] && url=$router_url
        run_ws "round-$round-$side" "$url" "$SECONDS_PER_RUN"
    done
    direct=$(value_of "$RUN_DIR/round-$round-direct.txt" messages_per_second)
    routed=$(value_of "$RUN_DIR/round-$round-router.txt" messages_per_second)
    errors=$(($(value_of "$RUN_DIR/round-$round-direct.txt" errors || echo 1) + $(value_of "$RUN_DIR/round-$round-router.txt" errors || echo 1)))
    [[ -n $direct && -n $routed ]] || errors=$((errors + 1))
    failed=$((failed + errors))
    direct_sum=$(awk -v a="$direct_sum" -v b="${direct:-0}" 'BEGIN { print a + b }')
    router_sum=$(awk -v a="$router_sum" -v b="${routed:-0}" 'BEGIN { print a + b }')
    rows+="| $round | ${direct:-failed} | ${routed:-failed} | $(awk -v d="${direct:-0}" -v r="${routed:-0}" 'BEGIN { if (d > 0) printf "%.2f", r / d; else print "-" }') | $errors |"$'\n'
done

ratio=$(awk -v d="$direct_sum" -v r="$router_sum" 'BEGIN { if (d > 0) printf "%.2f", r / d; else print "0" }')
commit=$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
report=${WEBSOCKET_REPORT:-$RESULTS_DIR/$(date -u +%Y-%m-%d)-$commit-websocket.md}
mkdir -p "$(dirname "$report")"
cat >"$report" <<EOF
# WebSocket echo throughput, $(date -u +%Y-%m-%d) at $commit

Router (published build) on CPU ${PROXY_CPU:-any}; the echo backend (LoadGen ws-echo), nats-server and LoadGen ws-load
on CPU ${LOAD_CPU:-any}; $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'). $CONNECTIONS WebSockets,
closed loop: each sends a $MESSAGE_BYTES-byte binary message, waits for the echo and compares it, ${SECONDS_PER_RUN} s
per run, after ${WARMUP_SECONDS} s of warm-up through the router. Direct: ws-load to the backend. Router: ws-load to
the router with \`Host: $ROUTE_HOST\`, registered over NATS, each WebSocket joined to its own backend connection.

| Round | Direct messages/s | Router messages/s | Router / direct | Errors |
|---|---|---|---|---|
$rows
Through the router the echo rate is **$ratio×** the direct rate (target ≥ 0.80), with $failed errors (target 0).
Raw ws-load output: \`$RUN_DIR\`.
EOF
log "report: $report"
cat "$report"
((failed == 0)) || die "$failed ws-load runs reported errors (see $RUN_DIR)"

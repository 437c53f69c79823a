#!/usr/bin/env bash
# Restart without a 404 window: one router, ROUTES routes registered over NATS by an emitter that heartbeats every
# EMITTER_HEARTBEAT_SECONDS (20 s, as Diego's route emitters), steady requests over every route (LoadGen
# restart-probe), and the router stopped with SIGTERM and started again on the same port. Twice: with
# route_snapshot_file (the new router restores the table before its listener opens) and without (it waits for the
# emitter's next heartbeat). The report gives, for each, the 404s answered after the new listener opened and how long
# they went on. The target: no 404 at all with the snapshot.
#
#   loadtests/restart.sh                                 ROUTES=1000, AFTER_SECONDS=25
#   ROUTES=200 SETTLE_SECONDS=2 AFTER_SECONDS=3 loadtests/restart.sh   a brief check (too short to see the
#                                                        window without the snapshot close)
#   SKIP_BUILD=1 ...                                     reuse the published router and LoadGen
#   RUN_DIR=DIR RESTART_REPORT=FILE ...                  where raw results and the section go (run.sh sets both)
set -euo pipefail

LOADTESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

ROUTES=${ROUTES:-1000}
EMITTER_HEARTBEAT_SECONDS=${EMITTER_HEARTBEAT_SECONDS:-20}
SETTLE_SECONDS=${SETTLE_SECONDS:-5}
AFTER_SECONDS=${AFTER_SECONDS:-25}
PROBE_CONCURRENCY=${PROBE_CONCURRENCY:-8}
BASE_PORT=${BASE_PORT:-19500}
SCENARIO=restart
RUN_BUDGET_SECONDS=$((2 * (SETTLE_SECONDS + AFTER_SECONDS + 120) + 900))
HOST_TEMPLATE='r{i}.restart.loadtest'

# shellcheck source=scripts/standalone.sh
source "$LOADTESTS_DIR/scripts/standalone.sh"

require_integer 1 ROUTES EMITTER_HEARTBEAT_SECONDS SETTLE_SECONDS AFTER_SECONDS PROBE_CONCURRENCY BASE_PORT
side_by_side_setup
start_backend nginx
start_nats

# restart_once MODE: on (with route_snapshot_file) or off. Leaves $RUN_DIR/probe-MODE.json.
restart_once() {
    local mode=$1 extra marker probe_seconds last_host
    extra=$RUN_DIR/restart-$mode.yaml
    marker=$RUN_DIR/restarted-$mode
    : >"$extra"
    [[ $mode == on ]] && echo "route_snapshot_file: $RUN_DIR/routes.snapshot" >"$extra"
    rm -f "$marker" "$RUN_DIR/routes.snapshot"

    ROUTER_EXTRA_YAML=$extra start_router router
    start_process "emitter-$mode" "$LOAD_CPU" "$RUN_DIR/logs/emitter-$mode.log" dotnet "$LOADGEN_DLL" register \
        --nats "127.0.0.1:$NATS_PORT" --routes "$ROUTES" --host-template "$HOST_TEMPLATE" --backend-port "$BACKEND_PORT" \
        --heartbeat-seconds "$EMITTER_HEARTBEAT_SECONDS" --duration "$RUN_BUDGET_SECONDS"
    last_host=${HOST_TEMPLATE//\{i\}/$((ROUTES - 1))}
    if ! loadgen routable --router "$(contender_url router)" --host "$last_host" --timeout 60 --poll-ms 20 \
        --watch-pid "$(pid_of router)" >/dev/null; then
        tail -20 "$RUN_DIR/logs/router.log" >&2
        die "the router did not route $last_host within 60 s"
    fi

    probe_seconds=$((SETTLE_SECONDS + AFTER_SECONDS + 15))
    log "snapshot $mode: steady requests over $ROUTES routes; SIGTERM after $SETTLE_SECONDS s, then a new router"
    start_process "probe-$mode" "$LOAD_CPU" "$RUN_DIR/logs/probe-$mode.log" dotnet "$LOADGEN_DLL" restart-probe \
        --router "$(contender_url router)" --routes "$ROUTES" --host-template "$HOST_TEMPLATE" --marker "$marker" \
        --seconds "$probe_seconds" --concurrency "$PROBE_CONCURRENCY" --out "$RUN_DIR/probe-$mode.json"
    sleep "$SETTLE_SECONDS"
    # The emitter's heartbeat keeps its phase: nothing re-registers because the router restarted.
    stop_process router
    mv "$RUN_DIR/logs/router.log" "$RUN_DIR/logs/router-$mode-first.log"
    touch "$marker"
    ROUTER_EXTRA_YAML=$extra start_router router
    wait_process "probe-$mode" $((probe_seconds + 30)) || die "restart-probe failed (see $RUN_DIR/logs/probe-$mode.log)"
    stop_process "emitter-$mode"
    stop_process router
    mv "$RUN_DIR/logs/router.log" "$RUN_DIR/logs/router-$mode-second.log"
}

restart_once on
restart_once off

row() {
    local mode=$1 file=$RUN_DIR/probe-$1.json
    echo "| $mode | $(json_number "$file" ok_after) | **$(json_number "$file" not_found_after)** | $(json_number "$file" not_found_window_ms) | $(json_number "$file" other_after) | $(json_number "$file" outage_ms) |"
}
restored=$(grep -o 'Restored [0-9]* endpoints[^;]*' "$RUN_DIR/logs/router-on-second.log" | head -1 || true)
restored=${restored//"$REPO_ROOT"\//}
not_found_on=$(json_number "$RUN_DIR/probe-on.json" not_found_after)

commit=$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
report=${RESTART_REPORT:-$RESULTS_DIR/$(date -u +%Y-%m-%d)-$commit-restart.md}
mkdir -p "$(dirname "$report")"
cat >"$report" <<EOF
## Restart: route snapshot on and off

Router (published build) on CPU ${PROXY_CPU:-any}; nginx backend, nats-server, the emitter and the probe on CPU
${LOAD_CPU:-any}; $(nproc) CPUs. $ROUTES routes registered over NATS by one emitter heartbeating every
$EMITTER_HEARTBEAT_SECONDS s; \`LoadGen restart-probe\` sends steady requests over every route from
$PROBE_CONCURRENCY loops. After $SETTLE_SECONDS s the router gets SIGTERM; once it has exited, a new router starts on
the same port, and the probe goes on until $((AFTER_SECONDS + 15)) s after the SIGTERM. Counted from the new router's
first answer:

| route_snapshot_file | 200 | 404 | 404 window (ms) | other | outage (ms) |
|---|---|---|---|---|---|
$(row on)
$(row off)

The 404 window runs from the new router's first answer to its last 404; the outage from the first refused
connection to that first answer (process exit, start-up, and with the snapshot its restore). With the snapshot the
new router logged: ${restored:-nothing about a snapshot (see the logs)}. Without it, every route answers 404
until the emitter's next heartbeat, up to $EMITTER_HEARTBEAT_SECONDS s after the restart. Target: no 404 with the
snapshot. Raw results: \`${RUN_DIR#"$REPO_ROOT"/}\`.
EOF
log "report: $report"
cat "$report"
[[ $not_found_on == 0 ]] || die "$not_found_on requests were answered 404 after a restart with the route snapshot"

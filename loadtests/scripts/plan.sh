# shellcheck shell=bash
# The run as a list of steps: built first so every progress line can say "step i of n" and how
# long is probably left, then executed in order. Sourced by run.sh.

PLAN_DESCRIPTIONS=()
PLAN_COMMANDS=()
PLAN_ESTIMATES=()
PLAN_SECONDS=0
REPORT_PATH=""

# plan_add SECONDS DESCRIPTION COMMAND...: arguments of COMMAND must not contain spaces.
plan_add() {
    PLAN_ESTIMATES+=("$1")
    PLAN_DESCRIPTIONS+=("$2")
    shift 2
    PLAN_COMMANDS+=("$*")
}

has() {
    local wanted=$1 item
    shift
    for item in "$@"; do [[ $item == "$wanted" ]] && return 0; done
    return 1
}

scenario_selected() { has "$1" "${SCENARIO_LIST[@]}"; }
# The scenarios that run a standalone script with a router of its own (STANDALONE_SCENARIOS in run.sh).
any_standalone_scenario() {
    local name
    for name in ${STANDALONE_SCENARIOS//,/ }; do
        scenario_selected "$name" && return 0
    done
    return 1
}

any_router_contender() {
    local name
    for name in "${CONTENDER_LIST[@]}"; do [[ $name == router* ]] && return 0; done
    return 1
}

# The contenders of one round, rotated by the round number so no contender always goes first.
rotated_contenders() {
    local round=$1 count=${#CONTENDER_LIST[@]} i
    for ((i = 0; i < count; i++)); do
        echo "${CONTENDER_LIST[$(((i + round - 1) % count))]}"
    done
}

build_binaries() {
    publish_project loadgen loadtests/LoadGen/LoadGen.csproj
    if has bareyarp "${CONTENDER_LIST[@]}"; then
        publish_project bareforwarder loadtests/BareForwarder/BareForwarder.csproj
    fi
    if [[ $NEEDS_ROUTER == 1 && -z ${ROUTER_COMMAND:-} ]]; then
        publish_project router src/Router/Router.csproj
    fi
    if scenario_selected backend-tls || scenario_selected route-service || scenario_selected grpc; then
        publish_project emitter src/RouteEmitterClient/RouteEmitterClient.csproj
    fi
    if scenario_selected grpc; then
        publish_project grpcload loadtests/GrpcLoad/GrpcLoad.csproj
    fi
}

stop_contenders_except() {
    local keep=$1 name
    for name in "${CONTENDER_LIST[@]}"; do
        [[ $name == "$keep" ]] || stop_contender "$name"
    done
}

build_plan() {
    local name round routes steady=0
    RUN_CHURN=0
    RUN_SCALE=0
    if scenario_selected churn; then
        if has router "${CONTENDER_LIST[@]}"; then RUN_CHURN=1; else log "churn scenario skipped: it needs the 'router' contender"; fi
    fi
    if scenario_selected scale; then
        if any_router_contender; then RUN_SCALE=1; else log "scale scenario skipped: it needs a router contender"; fi
    fi
    # The report lists the scenarios that actually run.
    local effective=()
    for name in "${SCENARIO_LIST[@]}"; do
        [[ $name == churn && $RUN_CHURN == 0 || $name == scale && $RUN_SCALE == 0 ]] || effective+=("$name")
    done
    ((${#effective[@]} > 0)) || die "none of the selected scenarios can run with these contenders"
    SCENARIO_LIST=("${effective[@]}")
    NEEDS_ROUTER=0
    if any_router_contender || ((RUN_SCALE == 1)) || any_standalone_scenario; then NEEDS_ROUTER=1; fi
    if scenario_selected throughput || scenario_selected rate || ((RUN_CHURN == 1)); then steady=1; fi

    if [[ $SKIP_BUILD == 1 ]]; then
        [[ -f $LOADGEN_DLL ]] || die "--skip-build, but $LOADGEN_DLL does not exist"
    else
        local built="LoadGen"
        has bareyarp "${CONTENDER_LIST[@]}" && built+=", BareForwarder"
        [[ $NEEDS_ROUTER == 1 && -z ${ROUTER_COMMAND:-} ]] && built+=", the router"
        scenario_selected backend-tls || scenario_selected grpc && built+=", the route emitter"
        scenario_selected grpc && built+=", GrpcLoad"
        plan_add 120 "build $built (Release)" build_binaries
    fi
    if ((RUN_SCALE == 1)); then
        require_integer 1 SCALE_ENDPOINTS
        ((SCALE_ENDPOINTS <= 254)) || die "SCALE_ENDPOINTS must be at most 254 (one loopback address each), not $SCALE_ENDPOINTS"
        plan_add 2 "start backend (nginx on CPU ${LOAD_CPU:-any}, on $SCALE_ENDPOINTS loopback addresses)" start_backend nginx "$SCALE_ENDPOINTS"
    else
        plan_add 2 "start backend (nginx on CPU ${LOAD_CPU:-any})" start_backend nginx
    fi
    if [[ $NEEDS_ROUTER == 1 ]]; then
        plan_add 2 "start nats-server" start_nats
        plan_add 1 "start route heartbeat for $ROUTE_HOST every ${HEARTBEAT_SECONDS} s" start_heartbeat
    fi

    if ((steady == 1)) || scenario_selected warmup; then
        for name in "${CONTENDER_LIST[@]}"; do
            plan_add 4 "start $name (CPU ${PROXY_CPU:-any})" start_contender "$name"
            if is_dotnet_contender "$name"; then
                if scenario_selected warmup; then
                    plan_add "$WARMUP_SECONDS" "warm-up of $name: ${WARMUP_SECONDS} s wrk from a fresh start, per-second throughput recorded" warmup_contender "$name" 1
                elif ((steady == 1)); then
                    plan_add "$WARMUP_SECONDS" "warm-up of $name: ${WARMUP_SECONDS} s wrk load (not recorded)" warmup_contender "$name" 0
                fi
            fi
        done
    fi

    if scenario_selected throughput; then
        for ((round = 1; round <= ROUNDS; round++)); do
            for name in $(rotated_contenders "$round"); do
                plan_add $((THROUGHPUT_SECONDS + 1)) "throughput round $round/$ROUNDS: $name, wrk ${THROUGHPUT_SECONDS} s" throughput_run "$round" "$name"
            done
        done
    fi
    if scenario_selected rate; then
        for ((round = 1; round <= ROUNDS; round++)); do
            for name in $(rotated_contenders "$round"); do
                plan_add $((RATE_SECONDS + 1)) "fixed rate round $round/$ROUNDS: $name, $RATE req/s for ${RATE_SECONDS} s" rate_run "$round" "$name"
            done
        done
    fi
    if ((RUN_CHURN == 1)); then
        plan_add 3 "stop contenders other than the router" stop_contenders_except router
        plan_add $((CHURN_SECONDS + CHURN_PRUNE_WAIT / 2 + 3)) \
            "churn: $RATE req/s for ${CHURN_SECONDS} s during $CHURN_REGISTRATION_RATE registrations/s, then up to ${CHURN_PRUNE_WAIT} s for pruning" churn_run
    fi
    if ((RUN_SCALE == 1)); then
        plan_add 3 "stop all contenders" stop_contenders_except none
        for routes in $SCALE_ROUTES; do
            plan_add $((10 + routes * SCALE_ENDPOINTS / 5000 + SCALE_SINGLE_SAMPLES / 50 + SCALE_LOAD_SECONDS)) \
                "route scale: fresh router, $routes routes x $SCALE_ENDPOINTS endpoints over NATS, $SCALE_SINGLE_SAMPLES new routes timed, ${SCALE_LOAD_SECONDS} s of load across them" scale_run "$routes"
        done
    fi
    if any_standalone_scenario; then
        plan_add 3 "stop all contenders" stop_contenders_except none
    fi
    if scenario_selected tls; then
        # Per profile: start-up, then per contender warm-up, keep-alive, handshakes and the fixed rate; one plain reference.
        TLS_PLAN_SECONDS=$((2 * (15 + 3 * (TLS_WARMUP_SECONDS + 2 * TLS_SECONDS + RATE_SECONDS + 3)) + RATE_SECONDS))
        plan_add "$TLS_PLAN_SECONDS" "TLS termination (tls.sh): router, nginx, haproxy x TLS 1.3, TLS 1.2: wrk keep-alive and handshakes ${TLS_SECONDS} s, $RATE req/s for ${RATE_SECONDS} s via a TLS relay" tls_run
    fi
    if scenario_selected backend-tls; then
        BACKEND_TLS_PLAN_SECONDS=$((30 + 2 * (ROUNDS + 1) * BACKEND_TLS_SECONDS))
        plan_add "$BACKEND_TLS_PLAN_SECONDS" "backend TLS cost (backend-tls.sh): $ROUNDS rounds of wrk ${BACKEND_TLS_SECONDS} s, plain vs TLS backend" backend_tls_run
    fi
    if scenario_selected route-service; then
        ROUTE_SERVICE_PLAN_SECONDS=$((30 + 2 * (2 * ROUNDS + 1) * ROUTE_SERVICE_SECONDS))
        plan_add "$ROUTE_SERVICE_PLAN_SECONDS" "route-service cost (route-service.sh): $ROUNDS rounds of wrk ${ROUTE_SERVICE_SECONDS} s and $RATE req/s for ${ROUTE_SERVICE_SECONDS} s, direct vs through a route service" route_service_run
    fi
    if scenario_selected websocket; then
        WEBSOCKET_PLAN_SECONDS=$((40 + 2 * ROUNDS * WEBSOCKET_SECONDS))
        plan_add "$WEBSOCKET_PLAN_SECONDS" "WebSocket echo throughput (websocket.sh): $ROUNDS rounds of ws-load ${WEBSOCKET_SECONDS} s, direct vs through the router" websocket_run
    fi
    if scenario_selected grpc; then
        GRPC_PLAN_SECONDS=$((40 + 2 * ROUNDS * (GRPC_SECONDS + 3)))
        plan_add "$GRPC_PLAN_SECONDS" "gRPC (grpc.sh): $ROUNDS rounds of ${GRPC_SECONDS} s unary calls, direct vs through the router's HTTPS listener" grpc_run
    fi
    if scenario_selected syslog; then
        # A router per run: ROUNDS rounds of wrk in three modes, the fixed rate in three, the server down once.
        SYSLOG_PLAN_SECONDS=$((20 + 3 * ROUNDS * (30 + SYSLOG_SECONDS) + 3 * (15 + RATE_SECONDS) + SYSLOG_DOWN_SECONDS + 10))
        plan_add "$SYSLOG_PLAN_SECONDS" "syslog streaming cost (syslog.sh): $ROUNDS rounds of wrk ${SYSLOG_SECONDS} s off/UDP/TCP, $RATE req/s for ${RATE_SECONDS} s each, ${SYSLOG_DOWN_SECONDS} s with the server down" syslog_run
    fi
    if scenario_selected tracing; then
        TRACING_PLAN_SECONDS=$((20 + 3 * ROUNDS * (30 + TRACING_SECONDS) + 3 * (10 + RATE_SECONDS)))
        plan_add "$TRACING_PLAN_SECONDS" "tracing cost (tracing.sh): $ROUNDS rounds of wrk ${TRACING_SECONDS} s with tracing off, B3/W3C headers, headers + OTLP export; $RATE req/s for ${RATE_SECONDS} s each" tracing_run
    fi
    if scenario_selected reload; then
        # One router: start-up, then keep-alive and Connection: close runs with a SIGHUP every RELOAD_INTERVAL s.
        RELOAD_PLAN_SECONDS=$((30 + 2 * (RELOAD_SECONDS + 5)))
        plan_add "$RELOAD_PLAN_SECONDS" "live reload under load (reload.sh): wrk at about $RATE req/s on TLS for ${RELOAD_SECONDS} s, keep-alive then close, certificate rotated by SIGHUP every ${RELOAD_INTERVAL} s" reload_run
    fi
    if scenario_selected restart; then
        # Twice: a router, registrations, 5 s of requests, SIGTERM, a new router, the probe's remaining time.
        RESTART_PLAN_SECONDS=$((2 * (30 + 5 + RESTART_AFTER_SECONDS + 15)))
        plan_add "$RESTART_PLAN_SECONDS" "restart (restart.sh): $RESTART_ROUTES routes, SIGTERM and a new router under steady requests, route snapshot on and off" restart_run
    fi
    if scenario_selected dashboard; then
        # One router: registering the table, the first-render fetches, 30 s of warm-up, then each round's fixed rate
        # without and with a dashboard.
        DASHBOARD_PLAN_SECONDS=$((90 + DASHBOARD_ROUTES / 2000 + 2 * DASHBOARD_ROUNDS * (RATE_SECONDS + 5)))
        plan_add "$DASHBOARD_PLAN_SECONDS" "route dashboard cost (dashboard.sh): first render with $DASHBOARD_ROUTES routes, router CPU at $RATE req/s for ${RATE_SECONDS} s without and with a dashboard open, $DASHBOARD_ROUNDS rounds" dashboard_run
    fi
    plan_add 5 "write report and plots" write_report

    local estimate
    for estimate in "${PLAN_ESTIMATES[@]}"; do PLAN_SECONDS=$((PLAN_SECONDS + estimate)); done
    log "${#PLAN_COMMANDS[@]} steps, about $((PLAN_SECONDS / 60)) min; raw data in $RUN_DIR"
}

run_plan() {
    local i count=${#PLAN_COMMANDS[@]} left=$PLAN_SECONDS
    for ((i = 0; i < count; i++)); do
        printf '[%*d/%d] %s elapsed, ~%d min left: %s\n' "${#count}" $((i + 1)) "$count" "$(elapsed_clock)" \
            $(((left + 59) / 60)) "${PLAN_DESCRIPTIONS[$i]}"
        # shellcheck disable=SC2086 # the command string is split into function name and arguments
        ${PLAN_COMMANDS[$i]}
        left=$((left - PLAN_ESTIMATES[i]))
    done
}

write_meta() {
    local commit dirty=0 runtime
    commit=$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null) || commit=nocommit
    [[ -n $(git -C "$REPO_ROOT" status --porcelain --untracked-files=no 2>/dev/null) ]] && dirty=1
    runtime=$(dotnet --list-runtimes 2>/dev/null | awk '/^Microsoft.NETCore.App / { version = $2 } END { print version }')
    {
        echo "date=$(date -u +%Y-%m-%d)"
        echo "started=$(date -u '+%Y-%m-%d %H:%M:%S')"
        echo "commit=$commit"
        echo "dirty=$dirty"
        echo "nproc=$(nproc)"
        echo "cpu_model=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
        echo "kernel=$(uname -r)"
        echo "os=$(. /etc/os-release 2>/dev/null && echo "${PRETTY_NAME:-}")"
        echo "dotnet_sdk=$(dotnet --version 2>/dev/null)"
        echo "dotnet_runtime=$runtime"
        echo "wrk=$(dpkg-query -W -f='${Version}' wrk 2>/dev/null || true)"
        echo "nginx=$("$(find_bin nginx)" -v 2>&1 | sed 's#^.*/##')"
        echo "haproxy=$("$(find_bin haproxy)" -v 2>/dev/null | awk 'NR == 1 { print $3 }')"
        echo "nats_server=$("$(find_bin nats-server)" --version 2>/dev/null | awk '{ print $2 }')"
        echo "gnuplot=$(gnuplot --version 2>/dev/null | awk '{ print $2 "." $4 }')"
        echo "quick=$QUICK"
        echo "contenders=${CONTENDER_LIST[*]}"
        echo "scenarios=${SCENARIO_LIST[*]}"
        echo "rounds=$ROUNDS"
        echo "throughput_seconds=$THROUGHPUT_SECONDS"
        echo "wrk_threads=1"
        echo "wrk_connections=$CONNECTIONS"
        echo "rate=$RATE"
        echo "rate_seconds=$RATE_SECONDS"
        echo "connections=$CONNECTIONS"
        echo "warmup_seconds=$WARMUP_SECONDS"
        echo "churn_seconds=$CHURN_SECONDS"
        echo "churn_registration_rate=$CHURN_REGISTRATION_RATE"
        echo "churn_routes=$CHURN_ROUTES"
        echo "churn_fraction=$CHURN_FRACTION"
        echo "churn_stale_seconds=$CHURN_STALE_SECONDS"
        echo "scale_routes=$SCALE_ROUTES"
        echo "scale_endpoints=$SCALE_ENDPOINTS"
        echo "scale_single_samples=$SCALE_SINGLE_SAMPLES"
        echo "scale_load_seconds=$SCALE_LOAD_SECONDS"
        echo "tls_seconds=$TLS_SECONDS"
        echo "backend_tls_seconds=$BACKEND_TLS_SECONDS"
        echo "route_service_seconds=$ROUTE_SERVICE_SECONDS"
        echo "websocket_seconds=$WEBSOCKET_SECONDS"
        echo "grpc_seconds=$GRPC_SECONDS"
        echo "syslog_seconds=$SYSLOG_SECONDS"
        echo "syslog_down_seconds=$SYSLOG_DOWN_SECONDS"
        echo "tracing_seconds=$TRACING_SECONDS"
        echo "reload_seconds=$RELOAD_SECONDS"
        echo "restart_routes=$RESTART_ROUTES"
        echo "restart_after_seconds=$RESTART_AFTER_SECONDS"
        echo "dashboard_routes=$DASHBOARD_ROUTES"
        echo "dashboard_rounds=$DASHBOARD_ROUNDS"
        echo "proxy_cpu=${PROXY_CPU:-none}"
        echo "load_cpu=${LOAD_CPU:-none}"
        echo "run_dir=${RUN_DIR#"$REPO_ROOT"/}"
    } >"$RUN_DIR/meta.txt"
}

# Writes results/<date>-<commit>.md (with -2, -3... when that name is taken) and latest.md. A quick run's
# figures are indicative only, so its report goes to the git-ignored results/tmp/quick/ and latest.md is left alone.
write_report() {
    local date commit name n=2 dir=$RESULTS_DIR
    local -a latest=(--latest "$RESULTS_DIR/latest.md")
    if [[ $QUICK == 1 ]]; then
        dir=$RESULTS_DIR/tmp/quick
        latest=()
    fi
    date=$(awk -F= '$1 == "date" { print $2 }' "$RUN_DIR/meta.txt")
    commit=$(awk -F= '$1 == "commit" { print $2 }' "$RUN_DIR/meta.txt")
    name="$date-$commit"
    REPORT_PATH="$dir/$name.md"
    while [[ -e $REPORT_PATH ]]; do
        REPORT_PATH="$dir/$name-$n.md"
        n=$((n + 1))
    done
    mkdir -p "$dir"
    dotnet "$LOADGEN_DLL" report --run "$RUN_DIR" --out "$REPORT_PATH" --plot-script "$LOADTESTS_DIR/scripts/plot.gp" \
        "${latest[@]}" || die "writing the report failed"
}

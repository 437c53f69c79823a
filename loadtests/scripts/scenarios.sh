# shellcheck shell=bash
# One function per measured step. Each writes raw results under $RUN_DIR for `LoadGen report`.
# Sourced by run.sh after common.sh, build.sh and contenders.sh.

# Endpoints per route in the scale scenario (the memory target is 100,000 routes x 2 endpoints).
SCALE_ENDPOINTS=${SCALE_ENDPOINTS:-2}
# Limit for each new route of the scale scenario to become routable (s); the target is 10 ms.
SCALE_NEW_ROUTE_TIMEOUT=5

# wrk_load CONTENDER SECONDS OUTPUT [--latency]: closed-loop load on the load core.
wrk_load() {
    local name=$1 seconds=$2 output=$3
    shift 3
    run_tracked wrk "$output" $((seconds + 30)) "${LOAD_PIN[@]}" "$(find_bin wrk)" -t1 -c"$CONNECTIONS" -d"${seconds}s" \
        -H "Host: $ROUTE_HOST" "$@" "$(contender_url "$name")"
}

# Scenario (e), and the warm-up minute every .NET contender needs before steady-state rounds:
# wrk load on a freshly started contender while the backend's request counter is sampled.
warmup_contender() {
    local name=$1 record=$2 sampler="sampler-$1"
    mkdir -p "$RUN_DIR/warmup"
    if [[ $record == 1 ]]; then
        start_process "$sampler" "$LOAD_CPU" "$RUN_DIR/logs/$sampler.log" dotnet "$LOADGEN_DLL" sample-nginx \
            --url "http://127.0.0.1:$BACKEND_STATUS_PORT/nginx_status" --seconds "$WARMUP_SECONDS" --out "$RUN_DIR/warmup/$name.tsv"
    fi
    wrk_load "$name" "$WARMUP_SECONDS" "$RUN_DIR/logs/warmup-$name.wrk" || warn "wrk warm-up of $name failed"
    if [[ $record == 1 ]]; then
        wait_process "$sampler" 15 || warn "warm-up sampler for $name failed (see $RUN_DIR/logs/$sampler.log)"
    fi
}

# Scenario (a): one round of maximum throughput for one contender.
throughput_run() {
    local round=$1 name=$2 base
    base="$RUN_DIR/throughput/$round.$name"
    mkdir -p "$RUN_DIR/throughput"
    measure_begin "$(contender_pid "$name")"
    wrk_load "$name" "$THROUGHPUT_SECONDS" "$base.wrk" --latency || warn "wrk against $name failed (see $base.wrk)"
    measure_end "$base.proc"
}

# Scenario (b): one round at a fixed rate from the open-loop generator.
rate_run() {
    local round=$1 name=$2 base
    base="$RUN_DIR/rate/$round.$name"
    mkdir -p "$RUN_DIR/rate"
    measure_begin "$(contender_pid "$name")"
    loadgen_tracked load "$base.log" $((RATE_SECONDS + 60)) load --url "$(contender_url "$name")" --host "$ROUTE_HOST" \
        --rate "$RATE" --duration "$RATE_SECONDS" --connections "$CONNECTIONS" --out "$base.json" ||
        warn "LoadGen against $name failed (see $base.log)"
    measure_end "$base.proc"
}

# Scenario (d): fixed-rate traffic to app.loadtest while registrations churn other routes.
churn_run() {
    local dir="$RUN_DIR/churn" pass_seconds waited=0 left
    mkdir -p "$dir"
    pass_seconds=$(awk -v n="$CHURN_ROUTES" -v r="$CHURN_REGISTRATION_RATE" 'BEGIN { printf "%.3f", n / r }')
    start_process churn-register "$LOAD_CPU" "$RUN_DIR/logs/churn-register.log" dotnet "$LOADGEN_DLL" register \
        --nats "127.0.0.1:$NATS_PORT" --routes "$CHURN_ROUTES" --rate "$CHURN_REGISTRATION_RATE" \
        --heartbeat-seconds "$pass_seconds" --duration "$CHURN_SECONDS" --churn-fraction "$CHURN_FRACTION" \
        --stale-threshold "$CHURN_STALE_SECONDS" --host-template 'c{i}.churn.loadtest' \
        --backend-port "$BACKEND_PORT" --out "$dir/register.json"
    measure_begin "$(pid_of router)"
    loadgen_tracked load "$dir/load.log" $((CHURN_SECONDS + 60)) load --url "$(contender_url router)" --host "$ROUTE_HOST" \
        --rate "$RATE" --duration "$CHURN_SECONDS" --connections "$CONNECTIONS" --out "$dir/load.json" ||
        warn "LoadGen during churn failed (see $dir/load.log)"
    measure_end "$dir/router.proc"
    wait_process churn-register 60 || warn "churn registration publisher failed (see $RUN_DIR/logs/churn-register.log)"
    loadgen routes --url "$(routes_url router)" --user "$ROUTER_USER" --pass "$ROUTER_PASS" --suffix .churn.loadtest \
        --out "$dir/routes-end.json" >/dev/null || warn "reading /routes after churn failed"

    # With the publisher gone every churn route goes stale; the router should prune them all.
    ((CHURN_PRUNE_WAIT > 0)) || return 0
    while ((waited < CHURN_PRUNE_WAIT)); do
        sleep 2
        waited=$((waited + 2))
        loadgen routes --url "$(routes_url router)" --user "$ROUTER_USER" --pass "$ROUTER_PASS" --suffix .churn.loadtest \
            --out "$dir/routes-after-prune.json" >/dev/null || break
        left=$(grep -o '"matching_routes": [0-9]*' "$dir/routes-after-prune.json" | grep -o '[0-9]*$')
        [[ $left == 0 ]] && break
    done
    echo "churn_prune_wait=$waited" >>"$RUN_DIR/meta.txt"
}

# Scenario (c): a fresh router, N routes x SCALE_ENDPOINTS registered at once, memory and time to
# routable, then SCALE_SINGLE_SAMPLES new routes timed one by one from publish to routable, then
# SCALE_LOAD_SECONDS of wrk load across all N routes with the memory after it. Endpoint k
# of a route is the backend's port on 127.0.0.(1+k): every endpoint is a live, distinct address of the
# one nginx (start_backend listens on them), so no request lands on a dead or foreign port.
scale_run() {
    local routes=$1 dir="$RUN_DIR/scale" port status_url pid
    mkdir -p "$dir"
    start_contender router-scale
    port=$(contender_port router-scale)
    pid=$(pid_of router-scale)
    echo "rss_before_kb=$(status_kb VmRSS "$pid")" >"$dir/$routes.proc"
    loadgen_tracked register "$dir/$routes.register.log" $((SCALE_TIMEOUT + 120)) register --nats "127.0.0.1:$NATS_PORT" \
        --routes "$routes" --endpoints-per-route "$SCALE_ENDPOINTS" --endpoint-spread addresses \
        --host-template "r{i}.scale$routes.loadtest" --backend-port "$BACKEND_PORT" \
        --wait-routable "http://127.0.0.1:$port" --wait-timeout "$SCALE_TIMEOUT" --out "$dir/$routes.register.json" ||
        warn "registering $routes routes failed or timed out (see $dir/$routes.register.log)"
    {
        echo "rss_kb=$(status_kb VmRSS "$pid")"
        echo "hwm_kb=$(status_kb VmHWM "$pid")"
    } >>"$dir/$routes.proc"
    # One process for all samples: it connects and warms up first, so no sample includes its start-up.
    loadgen_tracked routable "$dir/$routes.routable.log" $((SCALE_SINGLE_SAMPLES * (SCALE_NEW_ROUTE_TIMEOUT + 1) + 60)) \
        routable --router "http://127.0.0.1:$port" --nats "127.0.0.1:$NATS_PORT" --backend-port "$BACKEND_PORT" \
        --host-template "extra{i}.scale$routes.loadtest" --samples "$SCALE_SINGLE_SAMPLES" \
        --timeout "$SCALE_NEW_ROUTE_TIMEOUT" --out "$dir/$routes.routable.json" ||
        warn "not every new route became routable within $SCALE_NEW_ROUTE_TIMEOUT s (see $dir/$routes.routable.log)"
    status_url="$(routes_url router-scale)"
    loadgen routes --url "$status_url" --user "$ROUTER_USER" --pass "$ROUTER_PASS" --out "$dir/$routes.routes.json" >/dev/null ||
        warn "reading /routes with $routes routes failed"
    # Maximum load spread over every route of the table (wrk asks for route 0, 1, ... N-1 in turn), then the
    # resident set under that load: the memory target is for a table in use, not an idle one.
    measure_begin "$pid"
    run_tracked wrk "$dir/$routes.load.wrk" $((SCALE_LOAD_SECONDS + 30)) "${LOAD_PIN[@]}" "$(find_bin wrk)" -t1 -c"$CONNECTIONS" \
        -d"${SCALE_LOAD_SECONDS}s" --latency -s "$LOADTESTS_DIR/scripts/every-route.lua" "http://127.0.0.1:$port/" \
        -- "r{i}.scale$routes.loadtest" "$routes" || warn "wrk across $routes routes failed (see $dir/$routes.load.wrk)"
    measure_end "$dir/$routes.load.proc"
    # The same burst again, as many new routes, now that the router's code is compiled: how fast it applies
    # registrations once warm, apart from the start-up JIT work the first burst shares the core with.
    loadgen_tracked register "$dir/$routes.warm-register.log" $((SCALE_TIMEOUT + 120)) register --nats "127.0.0.1:$NATS_PORT" \
        --routes "$routes" --endpoints-per-route "$SCALE_ENDPOINTS" --endpoint-spread addresses \
        --host-template "w{i}.scale$routes.loadtest" --backend-port "$BACKEND_PORT" \
        --wait-routable "http://127.0.0.1:$port" --wait-timeout "$SCALE_TIMEOUT" --out "$dir/$routes.warm-register.json" ||
        warn "registering $routes more routes on the warm router failed or timed out (see $dir/$routes.warm-register.log)"
    stop_process router-scale
}

# tls_script NAME SCRIPT LIMIT VAR=VALUE...: runs one of the standalone TLS scripts as a step of this run, with the
# run's published binaries, pinning and a port range of its own (BASE_PORT + 500 / + 1000), its raw results in
# $RUN_DIR/NAME for the report. Its processes are its own; it stops them itself, also when this run is interrupted.
tls_script() {
    local name=$1 script=$2 limit=$3
    shift 3
    mkdir -p "$RUN_DIR/$name"
    run_tracked "$name" "$RUN_DIR/logs/$name.log" "$limit" env SKIP_INSTALL=1 SKIP_BUILD=1 RUN_DIR="$RUN_DIR/$name" \
        RESULTS_DIR="$RESULTS_DIR" PUBLISH_DIR="$PUBLISH_DIR" PROXY_CPU="$PROXY_CPU" LOAD_CPU="$LOAD_CPU" \
        CONNECTIONS="$CONNECTIONS" "$@" "$LOADTESTS_DIR/$script" || warn "$script failed (see $RUN_DIR/logs/$name.log)"
}

# TLS termination: loadtests/tls.sh (router, nginx and haproxy terminating TLS; throughput, handshakes, fixed-rate latency).
tls_run() {
    tls_script tls-termination tls.sh "$((TLS_PLAN_SECONDS * 2 + 600))" BASE_PORT=$((BASE_PORT + 500)) \
        TLS_SECONDS="$TLS_SECONDS" WARMUP_SECONDS="$TLS_WARMUP_SECONDS" HANDSHAKE_CONNECTIONS="$HANDSHAKE_CONNECTIONS" \
        RATE="$RATE" RATE_SECONDS="$RATE_SECONDS"
}

# Live reload under load: loadtests/reload.sh (TLS certificate and endpoint_timeout changed by SIGHUP during wrk).
reload_run() {
    tls_script reload reload.sh "$((RELOAD_PLAN_SECONDS * 2 + 600))" BASE_PORT=$((BASE_PORT + 3500)) \
        SECONDS_PER_RUN="$RELOAD_SECONDS" RELOAD_INTERVAL="$RELOAD_INTERVAL" RATE="$RATE" RELOAD_REPORT="$RUN_DIR/reload/section.md"
}

# Syslog streaming cost: loadtests/syslog.sh (one router at a time: streaming off, UDP, TCP, server down).
syslog_run() {
    tls_script syslog syslog.sh "$((SYSLOG_PLAN_SECONDS * 2 + 600))" BASE_PORT=$((BASE_PORT + 3000)) ROUNDS="$ROUNDS" \
        SECONDS_PER_RUN="$SYSLOG_SECONDS" RATE="$RATE" RATE_SECONDS="$RATE_SECONDS" DOWN_SECONDS="$SYSLOG_DOWN_SECONDS" \
        SYSLOG_REPORT="$RUN_DIR/syslog/section.md"
}

# Tracing cost: loadtests/tracing.sh (one router at a time: tracing off, B3/W3C headers, headers + OTLP export).
tracing_run() {
    tls_script tracing tracing.sh "$((TRACING_PLAN_SECONDS * 2 + 600))" BASE_PORT=$((BASE_PORT + 4000)) ROUNDS="$ROUNDS" \
        SECONDS_PER_RUN="$TRACING_SECONDS" RATE="$RATE" RATE_SECONDS="$RATE_SECONDS" TRACING_REPORT="$RUN_DIR/tracing/section.md"
}

# Restart with and without the route snapshot: loadtests/restart.sh (404s after a SIGTERM and a new router).
restart_run() {
    tls_script restart restart.sh "$((RESTART_PLAN_SECONDS * 2 + 600))" BASE_PORT=$((BASE_PORT + 4500)) \
        ROUTES="$RESTART_ROUTES" AFTER_SECONDS="$RESTART_AFTER_SECONDS" RESTART_REPORT="$RUN_DIR/restart/section.md"
}

# Route dashboard cost: loadtests/dashboard.sh (one router: first render with DASHBOARD_ROUTES routes, CPU with and without a dashboard open).
dashboard_run() {
    tls_script dashboard dashboard.sh "$((DASHBOARD_PLAN_SECONDS * 2 + 600))" BASE_PORT=$((BASE_PORT + 5000)) \
        DASHBOARD_ROUTES="$DASHBOARD_ROUTES" ROUNDS="$DASHBOARD_ROUNDS" RATE="$RATE" RATE_SECONDS="$RATE_SECONDS" \
        DASHBOARD_REPORT="$RUN_DIR/dashboard/section.md"
}

# Backend TLS cost: loadtests/backend-tls.sh (one router, plain vs TLS backend, ROUNDS rounds).
backend_tls_run() {
    tls_script backend-tls backend-tls.sh "$((BACKEND_TLS_PLAN_SECONDS * 2 + 600))" BASE_PORT=$((BASE_PORT + 1000)) \
        ROUNDS="$ROUNDS" SECONDS_PER_RUN="$BACKEND_TLS_SECONDS" BACKEND_TLS_REPORT="$RUN_DIR/backend-tls/report.md"
}

# Route-service cost: loadtests/route-service.sh (one router, direct vs through an nginx route service, ROUNDS rounds).
route_service_run() {
    tls_script route-service route-service.sh "$((ROUTE_SERVICE_PLAN_SECONDS * 2 + 600))" BASE_PORT=$((BASE_PORT + 1500)) \
        ROUNDS="$ROUNDS" SECONDS_PER_RUN="$ROUTE_SERVICE_SECONDS" RATE="$RATE" RATE_SECONDS="$ROUTE_SERVICE_SECONDS" \
        ROUTE_SERVICE_REPORT="$RUN_DIR/route-service/report.md"
}

# WebSocket echo throughput: loadtests/websocket.sh (one router, WebSocket echoes direct vs through it, ROUNDS rounds).
websocket_run() {
    tls_script websocket websocket.sh "$((WEBSOCKET_PLAN_SECONDS * 2 + 600))" BASE_PORT=$((BASE_PORT + 2000)) \
        ROUNDS="$ROUNDS" SECONDS_PER_RUN="$WEBSOCKET_SECONDS" WEBSOCKET_REPORT="$RUN_DIR/websocket/report.md"
}

# gRPC: loadtests/grpc.sh (unary calls per second through the router's HTTPS listener vs directly, ROUNDS rounds).
grpc_run() {
    tls_script grpc grpc.sh "$((GRPC_PLAN_SECONDS * 2 + 600))" BASE_PORT=$((BASE_PORT + 2500)) \
        ROUNDS="$ROUNDS" SECONDS_PER_RUN="$GRPC_SECONDS" CONCURRENCY="$CONNECTIONS" GRPC_REPORT="$RUN_DIR/grpc/report.md"
}

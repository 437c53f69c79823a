#!/usr/bin/env bash
# Route-service cost: one router with route services on, one nginx backend answering "ok\n", and an nginx route
# service over TLS (a throwaway CA trusted through ca_certs) that sends each request back through the router to
# X-CF-Forwarded-Url with the signature headers, as a Cloud Foundry route service does. Two routes are registered
# over NATS for the same backend: app.loadtest (direct) and bound.loadtest (with route_service_url). wrk drives
# each route in turn with keep-alive connections, ROUNDS times; the router's CPU (utime+stime from /proc) is divided
# by the client requests completed, so a route-service request counts both of its passes through the router.
# Each round also drives each route at a fixed RATE (LoadGen, open loop) for RATE_SECONDS: the router's CPU per
# request at the same arrival rate on both routes, where the closed-loop runs compare a saturated router serving
# the direct route at about three times the client rate of the bound one.
# The target: a route-service request costs at most 2.2x a direct one in router CPU, with no errors.
#
#   loadtests/route-service.sh                 ROUNDS=3, SECONDS_PER_RUN=15, RATE=2500, RATE_SECONDS=15
#   ROUNDS=1 SECONDS_PER_RUN=3 RATE_SECONDS=3 loadtests/route-service.sh   a brief check
#   SKIP_BUILD=1 ...                           reuse the published router, LoadGen and emitter
#   RUN_DIR=DIR ROUTE_SERVICE_REPORT=FILE ...  where raw results and the report go (run.sh sets both)
set -euo pipefail

LOADTESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

ROUNDS=${ROUNDS:-3}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-15}
RATE=${RATE:-2500}
RATE_SECONDS=${RATE_SECONDS:-15}
BASE_PORT=${BASE_PORT:-19500}
SCENARIO=route-service
RUN_BUDGET_SECONDS=$((ROUNDS * (SECONDS_PER_RUN + RATE_SECONDS) * 2 + 900))
BOUND_HOST=bound.loadtest
CPU_TARGET=2.2

# shellcheck source=scripts/standalone.sh
source "$LOADTESTS_DIR/scripts/standalone.sh"

SERVICE_PORT=$((BASE_PORT + 77))
EMITTER_DLL="$PUBLISH_DIR/emitter/RouteEmitterClient.dll"

require_integer 1 ROUNDS SECONDS_PER_RUN RATE RATE_SECONDS CONNECTIONS BASE_PORT
side_by_side_setup
mkdir -p "$RUN_DIR/nginx-temp/service"

log "making a throwaway CA and the route service's certificate for 127.0.0.1 in $RUN_DIR/certs"
certs=$RUN_DIR/certs
issue_certificate service route-service "subjectAltName=IP:127.0.0.1"

start_backend nginx

# The route service: TLS in, then the request back to the router at the path and host of X-CF-Forwarded-Url, every
# other header (the signature and metadata among them) passed on; keep-alive to the router.
router_port=$(contender_port router)
cat >"$RUN_DIR/service-nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $RUN_DIR/service-nginx.pid;
error_log $RUN_DIR/logs/service-nginx.error.log warn;
events { worker_connections 8192; }
http {
    access_log off;
    client_body_temp_path $RUN_DIR/nginx-temp/service/body;
    proxy_temp_path $RUN_DIR/nginx-temp/service/proxy;
    fastcgi_temp_path $RUN_DIR/nginx-temp/service/fastcgi;
    uwsgi_temp_path $RUN_DIR/nginx-temp/service/uwsgi;
    scgi_temp_path $RUN_DIR/nginx-temp/service/scgi;
    keepalive_requests 100000000;
    keepalive_timeout 600s;
    upstream router { server 127.0.0.1:$router_port; keepalive 64; keepalive_requests 100000000; }
    map \$http_x_cf_forwarded_url \$forwarded_host { "~^https?://(?<h>[^/]+)" \$h; default ""; }
    map \$http_x_cf_forwarded_url \$forwarded_path { "~^https?://[^/]+(?<p>/.*)\$" \$p; default /; }
    server {
        listen 127.0.0.1:$SERVICE_PORT ssl;
        ssl_certificate $certs/service.pem;
        ssl_certificate_key $certs/service.key;
        location / {
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$forwarded_host;
            proxy_pass http://router\$forwarded_path;
        }
    }
}
EOF
require_ports_free "$SERVICE_PORT"
start_process service "$LOAD_CPU" "$RUN_DIR/logs/service.log" "$(find_bin nginx)" -c "$RUN_DIR/service-nginx.conf" \
    -e "$RUN_DIR/logs/service-nginx.error.log"
wait_tcp "$SERVICE_PORT" 15 route-service

start_nats
start_heartbeat
start_process emitter "$LOAD_CPU" "$RUN_DIR/logs/emitter.log" dotnet "$EMITTER_DLL" --nats "nats://127.0.0.1:$NATS_PORT" \
    --host 127.0.0.1 --port "$BACKEND_PORT" --uri "$BOUND_HOST" --route-service-url "https://127.0.0.1:$SERVICE_PORT/" \
    --interval "${HEARTBEAT_SECONDS}s"

ca_certs_yaml "$RUN_DIR/route-service.yaml" "route_services_secret: load-test-route-service-secret"
ROUTER_EXTRA_YAML="$RUN_DIR/route-service.yaml" start_contender router
for host in "$ROUTE_HOST" "$BOUND_HOST"; do
    if ! loadgen routable --router "$(contender_url router)" --host "$host" --timeout 60 --poll-ms 50 \
        --watch-pid "$(pid_of router)" >/dev/null; then
        tail -20 "$RUN_DIR/logs/router.log" >&2
        die "the router did not answer 200 for $host within 60 s"
    fi
done

# run_wrk_counted HOST OUTPUT: run_wrk, with the router's CPU ticks before and after in OUTPUT.cpu.
run_wrk_counted() {
    local before
    before=$(cpu_ticks "$(pid_of router)")
    run_wrk "$1" "$2"
    echo "$before $(cpu_ticks "$(pid_of router)")" >"$2.cpu"
}
requests_of() { awk '/requests in/ { print $1 }' "$1"; }
# cpu_us_per_request WRK: router CPU microseconds per client request of one wrk run.
cpu_us_per_request() { cpu_us_per "$1.cpu" "$(requests_of "$1")"; }
# cpu_us_per CPU_FILE REQUESTS: router CPU microseconds per request from a before/after ticks file.
cpu_us_per() {
    awk -v r="${2:-0}" -v hz="$(getconf CLK_TCK)" '{ t = ($3 + $4) - ($1 + $2) }
        END { if (r > 0) printf "%.1f", t / hz * 1e6 / r; else print "0" }' "$1"
}

# run_rate_counted HOST OUTPUT: LoadGen at RATE req/s (open loop, keep-alive) on one route into OUTPUT (JSON), with
# the router's CPU ticks before and after in OUTPUT.cpu.
run_rate_counted() {
    local before
    before=$(cpu_ticks "$(pid_of router)")
    loadgen_tracked load "$RUN_DIR/logs/$(basename "$2").log" $((RATE_SECONDS + 60)) load --url "$(contender_url router)" \
        --host "$1" --rate "$RATE" --duration "$RATE_SECONDS" --connections "$CONNECTIONS" --out "$2" ||
        warn "LoadGen at $RATE req/s for $1 failed (see $2)"
    echo "$before $(cpu_ticks "$(pid_of router)")" >"$2.cpu"
}

log "warming up both routes"
run_wrk_counted "$ROUTE_HOST" "$RUN_DIR/logs/warmup-direct.wrk"
run_wrk_counted "$BOUND_HOST" "$RUN_DIR/logs/warmup-bound.wrk"

# What run.sh's report (LoadGen/Report/RouteServiceSection.cs) needs to read the rounds back.
{
    echo "rounds=$ROUNDS"
    echo "seconds_per_run=$SECONDS_PER_RUN"
    echo "connections=$CONNECTIONS"
    echo "rate=$RATE"
    echo "rate_seconds=$RATE_SECONDS"
    echo "direct_host=$ROUTE_HOST"
    echo "bound_host=$BOUND_HOST"
} >"$RUN_DIR/route-service.txt"
rows=""
rate_rows=""
direct_rate_sum=0
bound_rate_sum=0
direct_cpu_sum=0
bound_cpu_sum=0
failed=0
for ((round = 1; round <= ROUNDS; round++)); do
    order=("$ROUTE_HOST" "$BOUND_HOST")
    ((round % 2 == 0)) && order=("$BOUND_HOST" "$ROUTE_HOST")
    for host in "${order[@]}"; do
        log "round $round: $SECONDS_PER_RUN s of wrk -c$CONNECTIONS on $host"
        run_wrk_counted "$host" "$RUN_DIR/round-$round-$host.wrk"
        log "round $round: $RATE_SECONDS s at $RATE req/s on $host"
        run_rate_counted "$host" "$RUN_DIR/round-$round-$host.rate.json"
    done
    direct_wrk=$RUN_DIR/round-$round-$ROUTE_HOST.wrk
    bound_wrk=$RUN_DIR/round-$round-$BOUND_HOST.wrk
    direct_cpu=$(cpu_us_per_request "$direct_wrk")
    bound_cpu=$(cpu_us_per_request "$bound_wrk")
    direct_rate=$RUN_DIR/round-$round-$ROUTE_HOST.rate.json
    bound_rate=$RUN_DIR/round-$round-$BOUND_HOST.rate.json
    direct_rate_cpu=$(cpu_us_per "$direct_rate.cpu" "$(json_number "$direct_rate" completed)")
    bound_rate_cpu=$(cpu_us_per "$bound_rate.cpu" "$(json_number "$bound_rate" completed)")
    # rate_summary's last field: errors and non-2xx answers, "failed" without a result.
    rate_errors=0
    for result in "$direct_rate" "$bound_rate"; do
        result_errors=$(rate_summary "$result" | awk '{ print $NF }')
        [[ $result_errors =~ ^[0-9]+$ ]] || result_errors=1
        rate_errors=$((rate_errors + result_errors))
    done
    {
        echo "direct_rps=$(rate_of "$direct_wrk")"
        echo "bound_rps=$(rate_of "$bound_wrk")"
        echo "direct_cpu_us=$direct_cpu"
        echo "bound_cpu_us=$bound_cpu"
        echo "direct_rate_cpu_us=$direct_rate_cpu"
        echo "bound_rate_cpu_us=$bound_rate_cpu"
        echo "rate_errors=$rate_errors"
    } >"$RUN_DIR/round-$round.txt"
    rate_rows+="| $round | $direct_rate_cpu | $bound_rate_cpu | $(awk -v d="$direct_rate_cpu" -v b="$bound_rate_cpu" 'BEGIN { if (d > 0) printf "%.2f", b / d; else print "-" }') | $rate_errors |"$'\n'
    direct_rate_sum=$(awk -v a="$direct_rate_sum" -v b="$direct_rate_cpu" 'BEGIN { print a + b }')
    bound_rate_sum=$(awk -v a="$bound_rate_sum" -v b="$bound_rate_cpu" 'BEGIN { print a + b }')
    errors=$(($(errors_of "$direct_wrk") + $(errors_of "$bound_wrk") + rate_errors))
    failed=$((failed + errors))
    direct_cpu_sum=$(awk -v a="$direct_cpu_sum" -v b="$direct_cpu" 'BEGIN { print a + b }')
    bound_cpu_sum=$(awk -v a="$bound_cpu_sum" -v b="$bound_cpu" 'BEGIN { print a + b }')
    rows+="| $round | $(rate_of "$direct_wrk") | $(rate_of "$bound_wrk") | $direct_cpu | $bound_cpu | $(awk -v d="$direct_cpu" -v b="$bound_cpu" 'BEGIN { if (d > 0) printf "%.2f", b / d; else print "-" }') | $errors |"$'\n'
done

ratio=$(awk -v d="$direct_cpu_sum" -v b="$bound_cpu_sum" 'BEGIN { if (d > 0) printf "%.2f", b / d; else print "0" }')
met=$(awk -v r="$ratio" -v t="$CPU_TARGET" 'BEGIN { print (r > 0 && r <= t) ? "met" : "not met" }')
rate_ratio=$(awk -v d="$direct_rate_sum" -v b="$bound_rate_sum" 'BEGIN { if (d > 0) printf "%.2f", b / d; else print "0" }')
rate_met=$(awk -v r="$rate_ratio" -v t="$CPU_TARGET" 'BEGIN { print (r > 0 && r <= t) ? "met" : "not met" }')
commit=$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
report=${ROUTE_SERVICE_REPORT:-$RESULTS_DIR/$(date -u +%Y-%m-%d)-$commit-route-service.md}
mkdir -p "$(dirname "$report")"
cat >"$report" <<EOF
# Route-service cost, $(date -u +%Y-%m-%d) at $commit

Router (published build) on CPU ${PROXY_CPU:-any}; nginx backend, nginx route service, nats-server and wrk on CPU
${LOAD_CPU:-any}; $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'). wrk -t1 -c$CONNECTIONS,
${SECONDS_PER_RUN} s per run, keep-alive on every hop. Direct: \`$ROUTE_HOST\` to nginx. Route service:
\`$BOUND_HOST\`, registered with \`route_service_url\`: the router signs the request and sends it over TLS to an
nginx route service, which sends it back through the router to \`X-CF-Forwarded-Url\`; the router checks the
signature and forwards it to the same nginx backend. Router CPU is utime+stime from \`/proc\` per client request,
so a route-service request counts both of its passes through the router.

| Round | Direct req/s | Route service req/s | Direct CPU µs/req | Route service CPU µs/req | Ratio | Errors |
|---|---|---|---|---|---|---|
$rows
A route-service request costs **$ratio×** a direct one in router CPU (target ≤ $CPU_TARGET: $met).

At a fixed $RATE req/s on each route (LoadGen, open loop, $CONNECTIONS keep-alive connections, $RATE_SECONDS s):

| Round | Direct CPU µs/req | Route service CPU µs/req | Ratio | Errors |
|---|---|---|---|---|
$rate_rows
At the same arrival rate a route-service request costs **$rate_ratio×** a direct one (target ≤ $CPU_TARGET: $rate_met).
Raw wrk and LoadGen output: \`$RUN_DIR\`.
EOF
log "report: $report"
cat "$report"
((failed == 0)) || die "$failed wrk runs reported errors or non-2xx answers (see $RUN_DIR)"

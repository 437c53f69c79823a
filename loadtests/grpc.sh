#!/usr/bin/env bash
# gRPC through the router: one gRPC service (loadtests/GrpcLoad serve, Grpc.AspNetCore in Kestrel) over TLS with
# an instance identity certificate from a throwaway CA, registered over NATS as grpc.loadtest with tls_port,
# server_cert_domain_san and protocol http2. GrpcLoad drive makes closed-loop unary calls with Grpc.Net.Client,
# CONCURRENCY callers multiplexed on one HTTP/2 connection, ROUNDS times each: directly to the service, and
# through the router's HTTPS listener (h2 by ALPN on both hops). The report gives both call rates and their ratio.
# Target: through the router at least 0.5x the direct rate, with no failed call.
#
#   loadtests/grpc.sh                        ROUNDS=3, SECONDS_PER_RUN=15
#   ROUNDS=1 SECONDS_PER_RUN=3 loadtests/grpc.sh   a brief check
#   SKIP_BUILD=1 ...                         reuse the published router, LoadGen, emitter and GrpcLoad
#   RUN_DIR=DIR GRPC_REPORT=FILE ...         where raw results and the report go (run.sh sets both)
set -euo pipefail

LOADTESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

ROUNDS=${ROUNDS:-3}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-15}
CONCURRENCY=${CONCURRENCY:-50}
BASE_PORT=${BASE_PORT:-19000}
SCENARIO=grpc
RUN_BUDGET_SECONDS=$((ROUNDS * SECONDS_PER_RUN * 2 + 900))
GRPC_HOST=grpc.loadtest
INSTANCE_ID=4b0c2d6e-8f1a-4e3b-9c5d-00000000c9c9

# shellcheck source=scripts/standalone.sh
source "$LOADTESTS_DIR/scripts/standalone.sh"

GRPC_BACKEND_PORT=$((BASE_PORT + 77))
ROUTER_SSL_PORT=$((BASE_PORT + 76))
EMITTER_DLL="$PUBLISH_DIR/emitter/RouteEmitterClient.dll"
GRPCLOAD_DLL="$PUBLISH_DIR/grpcload/GrpcLoad.dll"

require_integer 1 ROUNDS SECONDS_PER_RUN CONCURRENCY BASE_PORT
side_by_side_setup
if [[ $SKIP_BUILD != 1 ]]; then
    publish_project grpcload loadtests/GrpcLoad/GrpcLoad.csproj
fi

certs=$RUN_DIR/certs
log "making a throwaway CA, the service's instance identity and the router's certificate in $certs"
issue_certificate backend "$INSTANCE_ID" "subjectAltName=DNS:$INSTANCE_ID"
issue_certificate router "$GRPC_HOST" "subjectAltName=DNS:$GRPC_HOST"

# The standard nginx backend and its heartbeat: start_contender waits for app.loadtest before anything else.
render "$LOADTESTS_DIR/nginx/backend.conf.in" "$RUN_DIR/backend-nginx.conf"
require_ports_free "$BACKEND_PORT" "$BACKEND_STATUS_PORT" "$GRPC_BACKEND_PORT" "$ROUTER_SSL_PORT"
start_process backend "$LOAD_CPU" "$RUN_DIR/logs/backend.log" "$(find_bin nginx)" -c "$RUN_DIR/backend-nginx.conf" \
    -e "$RUN_DIR/logs/backend-nginx.error.log"
start_process grpc-service "$LOAD_CPU" "$RUN_DIR/logs/grpc-service.log" dotnet "$GRPCLOAD_DLL" serve \
    --port "$GRPC_BACKEND_PORT" --cert "$certs/backend.pem" --key "$certs/backend.key"
wait_tcp "$BACKEND_PORT" 15 backend
wait_tcp "$GRPC_BACKEND_PORT" 30 grpc-service

start_nats
start_heartbeat
start_process emitter "$LOAD_CPU" "$RUN_DIR/logs/emitter.log" dotnet "$EMITTER_DLL" --nats "nats://127.0.0.1:$NATS_PORT" \
    --host 127.0.0.1 --tls-port "$GRPC_BACKEND_PORT" --server-cert-domain-san "$INSTANCE_ID" --instance-id "$INSTANCE_ID" \
    --protocol http2 --uri "$GRPC_HOST" --interval "${HEARTBEAT_SECONDS}s"

{
    echo "ca_certs:"
    echo "- |"
    sed 's/^/  /' "$certs/ca.pem"
    echo "enable_ssl: true"
    echo "ssl_port: $ROUTER_SSL_PORT"
    echo "cipher_suites: ECDHE-ECDSA-AES128-GCM-SHA256"
    echo "max_tls_version: TLSv1.3"
    echo "client_cert_validation: none"
    echo "tls_pem:"
    echo "- cert_chain: |"
    sed 's/^/    /' "$certs/router.pem"
    echo "  private_key: |"
    sed 's/^/    /' "$certs/router.key"
} >"$RUN_DIR/grpc.yaml"
ROUTER_EXTRA_YAML="$RUN_DIR/grpc.yaml" start_contender router

# drive TARGET SECONDS WARMUP OUTPUT: unary calls to the service directly or through the router.
drive() {
    local authority=$GRPC_HOST port=$ROUTER_SSL_PORT
    if [[ $1 == direct ]]; then
        authority=$INSTANCE_ID
        port=$GRPC_BACKEND_PORT
    fi
    run_tracked grpcload "$4" $(($2 + $3 + 60)) "${LOAD_PIN[@]}" dotnet "$GRPCLOAD_DLL" drive --authority "$authority" \
        --port "$port" --ca "$certs/ca.pem" --seconds "$2" --warmup-seconds "$3" --concurrency "$CONCURRENCY" ||
        warn "GrpcLoad drive against $1 failed (see $4)"
}
value_of() { awk -F= -v k="$2" '$1 == k { print $2 }' "$1"; }

log "waiting until $GRPC_HOST answers calls through the router"
deadline=$((SECONDS + 60))
until drive router 1 0 "$RUN_DIR/logs/probe.txt" && [[ $(value_of "$RUN_DIR/logs/probe.txt" errors) == 0 ]] &&
    (($(value_of "$RUN_DIR/logs/probe.txt" calls) > 0)); do
    ((SECONDS < deadline)) || die "no successful call through the router within 60 s (see $RUN_DIR/logs)"
done

{
    echo "rounds=$ROUNDS"
    echo "seconds_per_run=$SECONDS_PER_RUN"
    echo "concurrency=$CONCURRENCY"
    echo "grpc_host=$GRPC_HOST"
} >"$RUN_DIR/grpc.txt"
rows=""
direct_sum=0
router_sum=0
failed=0
for ((round = 1; round <= ROUNDS; round++)); do
    # Alternate the order so a drift of the machine does not favour one side.
    order=(direct router)
    ((round % 2 == 0)) && order=(router direct)
    for target in "${order[@]}"; do
        log "round $round: $SECONDS_PER_RUN s of unary calls, $CONCURRENCY callers, $target"
        drive "$target" "$SECONDS_PER_RUN" 2 "$RUN_DIR/round-$round-$target.txt"
    done
    direct=$(value_of "$RUN_DIR/round-$round-direct.txt" rate)
    routed=$(value_of "$RUN_DIR/round-$round-router.txt" rate)
    errors=$(($(value_of "$RUN_DIR/round-$round-direct.txt" errors || echo 1) + $(value_of "$RUN_DIR/round-$round-router.txt" errors || echo 1)))
    failed=$((failed + errors))
    direct_sum=$(awk -v a="$direct_sum" -v b="${direct:-0}" 'BEGIN { print a + b }')
    router_sum=$(awk -v a="$router_sum" -v b="${routed:-0}" 'BEGIN { print a + b }')
    rows+="| $round | ${direct:-failed} | $(value_of "$RUN_DIR/round-$round-direct.txt" p99_ms) | ${routed:-failed} | $(value_of "$RUN_DIR/round-$round-router.txt" p99_ms) | $(awk -v d="${direct:-0}" -v r="${routed:-0}" 'BEGIN { if (d > 0) printf "%.2f", r / d; else print "-" }') | $errors |"$'\n'
done

ratio=$(awk -v d="$direct_sum" -v r="$router_sum" 'BEGIN { if (d > 0) printf "%.2f", r / d; else print "0" }')
commit=$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
report=${GRPC_REPORT:-$RESULTS_DIR/$(date -u +%Y-%m-%d)-$commit-grpc.md}
mkdir -p "$(dirname "$report")"
cat >"$report" <<EOF
# gRPC through the router, $(date -u +%Y-%m-%d) at $commit

Router (published build) on CPU ${PROXY_CPU:-any}; the gRPC service (Grpc.AspNetCore in Kestrel), nats-server and
GrpcLoad on CPU ${LOAD_CPU:-any}; $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'). GrpcLoad drive:
$CONCURRENCY callers making unary calls (Grpc.Net.Client, one HTTP/2 connection), ${SECONDS_PER_RUN} s per run after 2 s of
warm-up. Direct: to the service over TLS. Router: to the router's HTTPS listener (h2 by ALPN), which reaches the
service registered as \`$GRPC_HOST\` with \`tls_port\`, \`server_cert_domain_san\` and \`protocol: http2\` over HTTP/2.

| Round | Direct calls/s | Direct p99 ms | Router calls/s | Router p99 ms | Router / direct | Failed calls |
|---|---|---|---|---|---|---|
$rows
Through the router the call rate is **$ratio×** direct (target ≥ 0.5), with $failed failed calls (target 0). On this one
machine the service and the load tool share a core, so the direct figure is bounded by them as much as by the
network path. Raw output: \`$RUN_DIR\`.
EOF
log "report: $report"
cat "$report"
((failed == 0)) || die "$failed calls failed (see $RUN_DIR)"

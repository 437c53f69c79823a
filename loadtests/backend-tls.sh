#!/usr/bin/env bash
# Backend TLS cost: one router, one nginx backend serving the same "ok\n" over plain HTTP and over TLS (an
# instance identity certificate from a throwaway CA), two routes registered over NATS: app.loadtest to the
# plain port and tls.loadtest with tls_port and server_cert_domain_san. wrk drives each route in turn with
# keep-alive connections, ROUNDS times, and the report gives both throughputs side by side and their ratio.
# The issue's target: backend TLS costs at most 25 % of plain throughput (ratio >= 0.75), with no errors.
#
#   loadtests/backend-tls.sh                 ROUNDS=3, SECONDS_PER_RUN=15
#   ROUNDS=2 SECONDS_PER_RUN=5 loadtests/backend-tls.sh   a brief check
#   SKIP_BUILD=1 ...                         reuse the published router, LoadGen and emitter
#   RUN_DIR=DIR BACKEND_TLS_REPORT=FILE ...  where raw results and the report go (run.sh sets both)
set -euo pipefail

LOADTESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

ROUNDS=${ROUNDS:-3}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-15}
BASE_PORT=${BASE_PORT:-19000}
SCENARIO=backend-tls
RUN_BUDGET_SECONDS=$((ROUNDS * SECONDS_PER_RUN * 2 + 900))
TLS_HOST=tls.loadtest
INSTANCE_ID=4b0c2d6e-8f1a-4e3b-9c5d-00000000b7a5

# shellcheck source=scripts/standalone.sh
source "$LOADTESTS_DIR/scripts/standalone.sh"

BACKEND_TLS_PORT=$((BASE_PORT + 78))
EMITTER_DLL="$PUBLISH_DIR/emitter/RouteEmitterClient.dll"

require_integer 1 ROUNDS SECONDS_PER_RUN CONNECTIONS BASE_PORT
side_by_side_setup

log "making a throwaway CA and the backend's instance identity certificate in $RUN_DIR/certs"
certs=$RUN_DIR/certs
issue_certificate backend "$INSTANCE_ID" "subjectAltName=DNS:$INSTANCE_ID"

# The standard backend plus a TLS listener answering the same "ok\n".
RENDER_EXTRA_LISTEN="listen 127.0.0.1:$BACKEND_TLS_PORT ssl; ssl_certificate $certs/backend.pem; ssl_certificate_key $certs/backend.key;" render "$LOADTESTS_DIR/nginx/backend.conf.in" "$RUN_DIR/backend-nginx.conf"
require_ports_free "$BACKEND_PORT" "$BACKEND_TLS_PORT" "$BACKEND_STATUS_PORT"
start_process backend "$LOAD_CPU" "$RUN_DIR/logs/backend.log" "$(find_bin nginx)" -c "$RUN_DIR/backend-nginx.conf" \
    -e "$RUN_DIR/logs/backend-nginx.error.log"
wait_tcp "$BACKEND_TLS_PORT" 15 backend

start_nats
start_heartbeat
start_process emitter "$LOAD_CPU" "$RUN_DIR/logs/emitter.log" dotnet "$EMITTER_DLL" --nats "nats://127.0.0.1:$NATS_PORT" \
    --host 127.0.0.1 --tls-port "$BACKEND_TLS_PORT" --server-cert-domain-san "$INSTANCE_ID" --instance-id "$INSTANCE_ID" \
    --uri "$TLS_HOST" --interval "${HEARTBEAT_SECONDS}s"

ca_certs_yaml "$RUN_DIR/backend-tls.yaml"
ROUTER_EXTRA_YAML="$RUN_DIR/backend-tls.yaml" start_contender router
if ! loadgen routable --router "$(contender_url router)" --host "$TLS_HOST" --timeout 60 --poll-ms 50 \
    --watch-pid "$(pid_of router)" >/dev/null; then
    tail -20 "$RUN_DIR/logs/router.log" >&2
    die "the router did not answer 200 for $TLS_HOST within 60 s"
fi

log "warming up both routes"
run_wrk "$ROUTE_HOST" "$RUN_DIR/logs/warmup-plain.wrk"
run_wrk "$TLS_HOST" "$RUN_DIR/logs/warmup-tls.wrk"

# What run.sh's report (LoadGen/Report/BackendTlsSection.cs) needs to read the rounds back.
{
    echo "rounds=$ROUNDS"
    echo "seconds_per_run=$SECONDS_PER_RUN"
    echo "connections=$CONNECTIONS"
    echo "plain_host=$ROUTE_HOST"
    echo "tls_host=$TLS_HOST"
} >"$RUN_DIR/backend-tls.txt"
rows=""
plain_sum=0
tls_sum=0
failed=0
for ((round = 1; round <= ROUNDS; round++)); do
    # Alternate the order so a drift of the machine does not favour one side.
    order=("$ROUTE_HOST" "$TLS_HOST")
    ((round % 2 == 0)) && order=("$TLS_HOST" "$ROUTE_HOST")
    for host in "${order[@]}"; do
        log "round $round: $SECONDS_PER_RUN s of wrk -c$CONNECTIONS on $host"
        run_wrk "$host" "$RUN_DIR/round-$round-$host.wrk"
    done
    plain=$(rate_of "$RUN_DIR/round-$round-$ROUTE_HOST.wrk")
    tls=$(rate_of "$RUN_DIR/round-$round-$TLS_HOST.wrk")
    errors=$(($(errors_of "$RUN_DIR/round-$round-$ROUTE_HOST.wrk") + $(errors_of "$RUN_DIR/round-$round-$TLS_HOST.wrk")))
    failed=$((failed + errors))
    plain_sum=$(awk -v a="$plain_sum" -v b="${plain:-0}" 'BEGIN { print a + b }')
    tls_sum=$(awk -v a="$tls_sum" -v b="${tls:-0}" 'BEGIN { print a + b }')
    rows+="| $round | ${plain:-failed} | ${tls:-failed} | $(awk -v p="${plain:-0}" -v t="${tls:-0}" 'BEGIN { if (p > 0) printf "%.2f", t / p; else print "-" }') | $errors |"$'\n'
done

ratio=$(awk -v p="$plain_sum" -v t="$tls_sum" 'BEGIN { if (p > 0) printf "%.2f", t / p; else print "0" }')
commit=$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
report=${BACKEND_TLS_REPORT:-$RESULTS_DIR/$(date -u +%Y-%m-%d)-$commit-backend-tls.md}
mkdir -p "$(dirname "$report")"
cat >"$report" <<EOF
# Backend TLS cost, $(date -u +%Y-%m-%d) at $commit

Router (published build) on CPU ${PROXY_CPU:-any}; nginx backend, nats-server and wrk on CPU ${LOAD_CPU:-any}; $(nproc) CPUs,
$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'). wrk -t1 -c$CONNECTIONS, ${SECONDS_PER_RUN} s per run, keep-alive
to the router and from the router to the backend. Plain: \`$ROUTE_HOST\` to nginx over HTTP. TLS: \`$TLS_HOST\`
registered with \`tls_port\` and \`server_cert_domain_san\`, the same nginx over TLS 1.3 with an ECDSA P-256
instance identity certificate trusted through \`ca_certs\`.

| Round | Plain req/s | Backend TLS req/s | TLS / plain | Errors |
|---|---|---|---|---|
$rows
Throughput with backend TLS is **$ratio×** plain (target ≥ 0.75, i.e. TLS costing at most 25 %). The TLS
connections are made once and kept alive, so the difference is the cost of encrypting and decrypting every
request and response, on the router's side and, on this one machine, nginx's as well. Raw wrk output:
\`$RUN_DIR\`.
EOF
log "report: $report"
cat "$report"
((failed == 0)) || die "$failed wrk runs reported errors or non-2xx answers (see $RUN_DIR)"

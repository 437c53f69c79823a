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
REPO_ROOT=$(cd "$LOADTESTS_DIR/.." && pwd)

ROUNDS=${ROUNDS:-3}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-15}
CONNECTIONS=${CONNECTIONS:-50}
SKIP_INSTALL=${SKIP_INSTALL:-0}
SKIP_BUILD=${SKIP_BUILD:-0}
BASE_PORT=${BASE_PORT:-19000}
RESULTS_DIR=${RESULTS_DIR:-$LOADTESTS_DIR/results}
PUBLISH_DIR=${PUBLISH_DIR:-$RESULTS_DIR/tmp/publish}
RUN_DIR=${RUN_DIR:-$RESULTS_DIR/tmp/backend-tls-$(date -u +%Y%m%d-%H%M%S)}
RUN_BUDGET_SECONDS=$((ROUNDS * SECONDS_PER_RUN * 2 + 900))
HEARTBEAT_SECONDS=5
TLS_HOST=tls.loadtest
INSTANCE_ID=4b0c2d6e-8f1a-4e3b-9c5d-00000000b7a5

# shellcheck source=scripts/common.sh
source "$LOADTESTS_DIR/scripts/common.sh"
# shellcheck source=scripts/deps.sh
source "$LOADTESTS_DIR/scripts/deps.sh"
# shellcheck source=scripts/build.sh
source "$LOADTESTS_DIR/scripts/build.sh"
# shellcheck source=scripts/contenders.sh
source "$LOADTESTS_DIR/scripts/contenders.sh"

BACKEND_TLS_PORT=$((BASE_PORT + 78))
EMITTER_DLL="$PUBLISH_DIR/emitter/RouteEmitterClient.dll"

require_integer 1 ROUNDS SECONDS_PER_RUN CONNECTIONS BASE_PORT
default_pinning
mkdir -p "$RUN_DIR/logs" "$RUN_DIR/certs" "$RUN_DIR/nginx-temp/backend"
install_traps
[[ $SKIP_INSTALL == 1 ]] || ensure_packages nats-server=nats-server wrk=wrk nginx=nginx-light openssl=openssl
require_dotnet

if [[ $SKIP_BUILD != 1 ]]; then
    log "publishing LoadGen, the route emitter and the router (Release)"
    publish_project loadgen loadtests/LoadGen/LoadGen.csproj
    publish_project emitter src/RouteEmitterClient/RouteEmitterClient.csproj
    publish_project router src/Router/Router.csproj
fi

log "making a throwaway CA and the backend's instance identity certificate in $RUN_DIR/certs"
certs=$RUN_DIR/certs
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=Load Test CA" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
    -keyout "$certs/ca.key" -out "$certs/ca.pem" 2>"$RUN_DIR/logs/openssl.log"
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$INSTANCE_ID" \
    -keyout "$certs/backend.key" -out "$certs/backend.csr" 2>>"$RUN_DIR/logs/openssl.log"
printf 'subjectAltName=DNS:%s\nextendedKeyUsage=serverAuth\n' "$INSTANCE_ID" >"$certs/backend.ext"
openssl x509 -req -days 2 -in "$certs/backend.csr" -CA "$certs/ca.pem" -CAkey "$certs/ca.key" -CAcreateserial \
    -extfile "$certs/backend.ext" -out "$certs/backend.pem" 2>>"$RUN_DIR/logs/openssl.log"

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

{
    echo "ca_certs:"
    echo "- |"
    sed 's/^/  /' "$certs/ca.pem"
} >"$RUN_DIR/backend-tls.yaml"
ROUTER_EXTRA_YAML="$RUN_DIR/backend-tls.yaml" start_contender router
if ! loadgen routable --router "$(contender_url router)" --host "$TLS_HOST" --timeout 60 --poll-ms 50 \
    --watch-pid "$(pid_of router)" >/dev/null; then
    tail -20 "$RUN_DIR/logs/router.log" >&2
    die "the router did not answer 200 for $TLS_HOST within 60 s"
fi

# run_wrk HOST OUTPUT: closed-loop keep-alive load through the router for one route.
run_wrk() {
    run_tracked wrk "$2" $((SECONDS_PER_RUN + 30)) "${LOAD_PIN[@]}" "$(find_bin wrk)" -t1 -c"$CONNECTIONS" \
        -d"${SECONDS_PER_RUN}s" -H "Host: $1" "$(contender_url router)" || warn "wrk for $1 failed (see $2)"
}
rate_of() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }
errors_of() { awk '/Non-2xx|Socket errors/ { n++ } END { print n + 0 }' "$1"; }

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

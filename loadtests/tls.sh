#!/usr/bin/env bash
# TLS termination load test: the router, nginx and haproxy terminate client TLS with the same RSA
# certificate in front of the same backend, under two profiles (TLS 1.3; TLS 1.2 with
# ECDHE-RSA-AES128-GCM-SHA256). For each: keep-alive throughput (wrk over https) and full handshakes
# per second (wrk with Connection: close; none of the three resumes sessions), and latency percentiles at
# a fixed rate (LoadGen, open loop, through a TLS-originating haproxy relay on the load core, the same
# extra hop for every contender; the relay to the router's plain port is the reference). Writes a
# markdown table, and raw results under RUN_DIR that run.sh's report reads. See loadtests/README.md "TLS".
set -euo pipefail

LOADTESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$LOADTESTS_DIR/.." && pwd)

TLS_SECONDS=${TLS_SECONDS:-15}
WARMUP_SECONDS=${WARMUP_SECONDS:-10}
CONNECTIONS=${CONNECTIONS:-50}
HANDSHAKE_CONNECTIONS=${HANDSHAKE_CONNECTIONS:-16}
RATE=${RATE:-2500}
RATE_SECONDS=${RATE_SECONDS:-30}
SKIP_INSTALL=${SKIP_INSTALL:-0}
SKIP_BUILD=${SKIP_BUILD:-0}
BASE_PORT=${BASE_PORT:-18500}
PROXY_CPU=${PROXY_CPU-1}   # empty: not pinned
LOAD_CPU=${LOAD_CPU-0}
RESULTS_DIR=${RESULTS_DIR:-$LOADTESTS_DIR/results}
PUBLISH_DIR=${PUBLISH_DIR:-$RESULTS_DIR/tmp/publish}
RUN_DIR=${RUN_DIR:-$RESULTS_DIR/tmp/tls-$(date -u +%Y%m%d-%H%M%S)}
RUN_BUDGET_SECONDS=3600
HEARTBEAT_SECONDS=2
PROFILES=(tls13 tls12)
CONTENDERS=(nginx haproxy router)

# shellcheck source=scripts/common.sh
source "$LOADTESTS_DIR/scripts/common.sh"
# shellcheck source=scripts/deps.sh
source "$LOADTESTS_DIR/scripts/deps.sh"
# shellcheck source=scripts/build.sh
source "$LOADTESTS_DIR/scripts/build.sh"
# shellcheck source=scripts/contenders.sh
source "$LOADTESTS_DIR/scripts/contenders.sh"

require_integer 1 TLS_SECONDS CONNECTIONS HANDSHAKE_CONNECTIONS BASE_PORT RATE RATE_SECONDS
require_integer 0 WARMUP_SECONDS
set_pinning
mkdir -p "$RUN_DIR/logs" "$RUN_DIR/tls" "$RUN_DIR/nginx-temp/tls" "$RUN_DIR/wrk" "$RUN_DIR/rate"
install_traps
[[ $SKIP_INSTALL == 1 ]] || ensure_packages nats-server=nats-server wrk=wrk nginx=nginx-light haproxy=haproxy openssl=openssl curl=curl
require_dotnet
if [[ $SKIP_BUILD != 1 ]]; then
    log "building LoadGen and the router (Release)"
    publish_project loadgen loadtests/LoadGen/LoadGen.csproj
    [[ -n ${ROUTER_COMMAND:-} ]] || publish_project router src/Router/Router.csproj
fi

TLS_PORT_NGINX=$((BASE_PORT + 181))
TLS_PORT_HAPROXY=$((BASE_PORT + 182))
TLS_PORT_ROUTER=$(($(contender_port router) + 5))
RELAY_PORT_BASE=$((BASE_PORT + 185))

tls_port() {
    case $1 in
    nginx) echo "$TLS_PORT_NGINX" ;;
    haproxy) echo "$TLS_PORT_HAPROXY" ;;
    router) echo "$TLS_PORT_ROUTER" ;;
    esac
}

# The relay's plain port in front of a contender's TLS port ("plain": in front of the router's plain port).
relay_port() {
    case $1 in
    nginx) echo "$RELAY_PORT_BASE" ;;
    haproxy) echo $((RELAY_PORT_BASE + 1)) ;;
    router) echo $((RELAY_PORT_BASE + 2)) ;;
    plain) echo $((RELAY_PORT_BASE + 3)) ;;
    esac
}

# One RSA 2048 certificate for app.loadtest, shared by the three contenders.
make_certificate() {
    local dir=$RUN_DIR/tls
    openssl req -x509 -newkey rsa:2048 -nodes -days 7 -subj "/CN=$ROUTE_HOST" \
        -addext "subjectAltName=DNS:$ROUTE_HOST" -keyout "$dir/server.key" -out "$dir/server.pem" 2>"$RUN_DIR/logs/openssl.log"
    cat "$dir/server.pem" "$dir/server.key" >"$dir/server.pem.key"
}

# The router's TLS keys for a profile, appended to its generated router.yaml.
write_router_tls_yaml() {
    local profile=$1 file=$RUN_DIR/router-tls-$1.yaml version=TLSv1.3
    [[ $profile == tls12 ]] && version=TLSv1.2
    {
        echo "enable_ssl: true"
        echo "ssl_port: $TLS_PORT_ROUTER"
        echo "cipher_suites: ECDHE-RSA-AES128-GCM-SHA256"
        echo "min_tls_version: $version"
        echo "max_tls_version: $version"
        echo "client_cert_validation: none"
        echo "tls_pem:"
        echo "- cert_chain: |"
        sed 's/^/    /' "$RUN_DIR/tls/server.pem"
        echo "  private_key: |"
        sed 's/^/    /' "$RUN_DIR/tls/server.key"
    } >"$file"
    echo "$file"
}

start_tls_contenders() {
    local profile=$1 protocols=TLSv1.3 ciphers=HIGH bind="ssl-min-ver TLSv1.3"
    if [[ $profile == tls12 ]]; then
        protocols=TLSv1.2 ciphers=ECDHE-RSA-AES128-GCM-SHA256 bind="ssl-min-ver TLSv1.2 ssl-max-ver TLSv1.2 ciphers ECDHE-RSA-AES128-GCM-SHA256"
    fi
    require_ports_free "$TLS_PORT_NGINX" "$TLS_PORT_HAPROXY" "$TLS_PORT_ROUTER"
    RENDER_PORT=$TLS_PORT_NGINX render "$LOADTESTS_DIR/nginx/proxy-tls.conf.in" "$RUN_DIR/nginx-tls.conf"
    sed -i -e "s#@TLS_PROTOCOLS@#$protocols#" -e "s#@TLS_CIPHERS@#$ciphers#" "$RUN_DIR/nginx-tls.conf"
    start_process nginx "$PROXY_CPU" "$RUN_DIR/logs/nginx-tls-$profile.log" "$(find_bin nginx)" -c "$RUN_DIR/nginx-tls.conf" -e "$RUN_DIR/logs/nginx-tls.error.log"
    RENDER_PORT=$TLS_PORT_HAPROXY render "$LOADTESTS_DIR/scripts/haproxy-tls.cfg.in" "$RUN_DIR/haproxy-tls.cfg"
    sed -i "s#@TLS_BIND@#$bind#" "$RUN_DIR/haproxy-tls.cfg"
    start_process haproxy "$PROXY_CPU" "$RUN_DIR/logs/haproxy-tls-$profile.log" "$(find_bin haproxy)" -f "$RUN_DIR/haproxy-tls.cfg"
    ROUTER_EXTRA_YAML=$(write_router_tls_yaml "$profile") start_router router
    local name
    for name in "${CONTENDERS[@]}"; do
        wait_https "$name"
    done
    start_relay
}

# The TLS-originating haproxy relay on the load core (scripts/haproxy-tls-relay.cfg.in).
start_relay() {
    local config=$RUN_DIR/haproxy-tls-relay.cfg name
    require_ports_free "$(relay_port nginx)" "$(relay_port haproxy)" "$(relay_port router)" "$(relay_port plain)"
    sed -e "s#@RELAY_NGINX@#$(relay_port nginx)#" -e "s#@RELAY_HAPROXY@#$(relay_port haproxy)#" \
        -e "s#@RELAY_ROUTER@#$(relay_port router)#" -e "s#@RELAY_PLAIN@#$(relay_port plain)#" \
        -e "s#@TLS_NGINX@#$TLS_PORT_NGINX#" -e "s#@TLS_HAPROXY@#$TLS_PORT_HAPROXY#" -e "s#@TLS_ROUTER@#$TLS_PORT_ROUTER#" \
        -e "s#@PLAIN_ROUTER@#$(contender_port router)#" -e "s#@ROUTE_HOST@#$ROUTE_HOST#" \
        "$LOADTESTS_DIR/scripts/haproxy-tls-relay.cfg.in" >"$config"
    start_process relay "$LOAD_CPU" "$RUN_DIR/logs/relay.log" "$(find_bin haproxy)" -f "$config"
    for name in "${CONTENDERS[@]}" plain; do
        wait_routable_at "http://127.0.0.1:$(relay_port "$name")/" "the relay to $name"
    done
}

wait_routable_at() {
    loadgen routable --router "$1" --host "$ROUTE_HOST" --timeout 30 --poll-ms 50 --watch-pid "$(pid_of relay)" >/dev/null ||
        die "$2 did not answer 200 for $ROUTE_HOST within 30 s (see $RUN_DIR/logs/relay.log)"
}

# rate_tls NAME OUTPUT: LoadGen at RATE req/s for RATE_SECONDS through the relay to NAME.
rate_tls() {
    loadgen_tracked load "${2%.json}.log" $((RATE_SECONDS + 60)) load --url "http://127.0.0.1:$(relay_port "$1")/" \
        --host "$ROUTE_HOST" --rate "$RATE" --duration "$RATE_SECONDS" --connections "$CONNECTIONS" --out "$2"
}

# Waits until a contender answers 200 over https for the route (the router needs the route registered).
wait_https() {
    local name=$1 i
    for ((i = 0; i < 300; i++)); do
        if [[ $(curl -sk -o /dev/null -w '%{http_code}' --resolve "$ROUTE_HOST:$(tls_port "$name"):127.0.0.1" \
            "https://$ROUTE_HOST:$(tls_port "$name")/") == 200 ]]; then
            return 0
        fi
        sleep 0.2
    done
    die "$name did not answer 200 over https on port $(tls_port "$name")"
}

# wrk_tls NAME SECONDS CONNECTIONS OUTPUT [wrk args]: closed-loop https load on the load core.
wrk_tls() {
    local name=$1 seconds=$2 connections=$3 output=$4
    shift 4
    run_tracked wrk "$output" $((seconds + 30)) "${LOAD_PIN[@]}" "$(find_bin wrk)" -t1 -c"$connections" -d"${seconds}s" \
        -H "Host: $ROUTE_HOST" "$@" "https://127.0.0.1:$(tls_port "$name")/"
}

# "requests/s errors" from a wrk output: errors are socket errors plus non-2xx answers.
wrk_summary() {
    awk '/Requests\/sec:/ { rps = $2 }
         /Socket errors:/ { gsub(",", ""); errors += $4 + $6 + $8 + $10 }
         /Non-2xx or 3xx responses:/ { errors += $5 }
         END { printf "%.0f %d\n", rps, errors }' "$1"
}

make_certificate
log "starting nats-server, the nginx backend and the route heartbeat"
start_nats
start_backend nginx
start_heartbeat
{
    echo "rate=$RATE"
    echo "rate_seconds=$RATE_SECONDS"
    echo "tls_seconds=$TLS_SECONDS"
    echo "warmup_seconds=$WARMUP_SECONDS"
    echo "connections=$CONNECTIONS"
    echo "handshake_connections=$HANDSHAKE_CONNECTIONS"
    echo "profiles=${PROFILES[*]}"
    echo "proxy_cpu=${PROXY_CPU:-any}"
    echo "load_cpu=${LOAD_CPU:-any}"
} >"$RUN_DIR/tls.txt"
report=$RUN_DIR/tls-report.md
{
    echo "# TLS termination: router vs nginx vs haproxy"
    echo
    echo "Commit $(git -C "$REPO_ROOT" rev-parse --short HEAD), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)."
    echo "wrk -t1 over https, ${TLS_SECONDS} s per measurement after ${WARMUP_SECONDS} s of warm-up; keep-alive with"
    echo "$CONNECTIONS connections; full handshakes with Connection: close on $HANDSHAKE_CONNECTIONS connections (no resumption)."
    echo "Latency: LoadGen at $RATE req/s for $RATE_SECONDS s on $CONNECTIONS keep-alive connections, open loop, in plain HTTP"
    echo "to a haproxy relay on the load core that forwards over TLS (kept-alive, reused connections) to the contender:"
    echo "every row includes the same extra hop; the \"plain\" row is the same relay to the router's plain port."
    echo "Proxies on CPU ${PROXY_CPU:-any}, load and relay on CPU ${LOAD_CPU:-any}. Latency in ms, from send to response."
    echo
    echo "| profile | contender | keep-alive req/s | errors | handshakes/s | errors | p50 | p90 | p99 | p99.9 | errors |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
} >"$report"
for profile in "${PROFILES[@]}"; do
    log "profile $profile: starting nginx, haproxy and the router with TLS, and the relay"
    start_tls_contenders "$profile"
    for name in "${CONTENDERS[@]}"; do
        if ((WARMUP_SECONDS > 0)); then
            wrk_tls "$name" "$WARMUP_SECONDS" "$CONNECTIONS" "$RUN_DIR/wrk/warmup-$profile-$name.txt" || warn "warm-up of $name failed"
        fi
        log "$profile $name: keep-alive"
        wrk_tls "$name" "$TLS_SECONDS" "$CONNECTIONS" "$RUN_DIR/wrk/keepalive-$profile-$name.txt" || warn "wrk keep-alive on $name failed"
        log "$profile $name: full handshakes"
        wrk_tls "$name" "$TLS_SECONDS" "$HANDSHAKE_CONNECTIONS" "$RUN_DIR/wrk/handshake-$profile-$name.txt" -H "Connection: close" ||
            warn "wrk handshakes on $name failed"
        log "$profile $name: $RATE req/s through the relay"
        rate_tls "$name" "$RUN_DIR/rate/$profile-$name.json" || warn "LoadGen through the relay to $name failed"
        read -r keep keep_errors <<<"$(wrk_summary "$RUN_DIR/wrk/keepalive-$profile-$name.txt")"
        read -r shake shake_errors <<<"$(wrk_summary "$RUN_DIR/wrk/handshake-$profile-$name.txt")"
        read -r p50 p90 p99 p999 rate_errors <<<"$(rate_summary "$RUN_DIR/rate/$profile-$name.json")"
        echo "| $profile | $name | $keep | $keep_errors | $shake | $shake_errors | $p50 | $p90 | $p99 | $p999 | $rate_errors |" >>"$report"
    done
    if [[ $profile == "${PROFILES[0]}" ]]; then
        log "reference: $RATE req/s through the relay to the router's plain port"
        rate_tls plain "$RUN_DIR/rate/plain-router.json" || warn "LoadGen through the relay to the plain router failed"
        read -r p50 p90 p99 p999 rate_errors <<<"$(rate_summary "$RUN_DIR/rate/plain-router.json")"
        echo "| plain | router (reference) | | | | | $p50 | $p90 | $p99 | $p999 | $rate_errors |" >>"$report"
    fi
    stop_process relay
    stop_process router
    stop_process haproxy
    stop_process nginx
done
cat "$report"
log "report: $report"

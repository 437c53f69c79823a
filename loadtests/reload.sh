#!/usr/bin/env bash
# Live reload under load: one router with its TLS listener on, one nginx backend, wrk at a fixed rate on the TLS
# port, first with keep-alive connections, then with a new connection (and TLS handshake) per request. During each
# run the router's router.yaml is rewritten every RELOAD_INTERVAL seconds, alternating between two server
# certificates for the same name and two endpoint_timeout values, and the router gets a SIGHUP. After each reload
# a new connection (openssl s_client) records which certificate it was served. Targets: 0 errors, 0 non-2xx, 0 failed
# connections, every reload applied, and every new connection after a reload served the new certificate.
#
#   loadtests/reload.sh                                   SECONDS_PER_RUN=30, RATE=2500, RELOAD_INTERVAL=3
#   SECONDS_PER_RUN=4 RELOAD_INTERVAL=1 loadtests/reload.sh   a brief check
#   SKIP_BUILD=1 ...                                      reuse the published router and LoadGen
#   RUN_DIR=DIR RELOAD_REPORT=FILE ...                    where raw results and the report go (run.sh sets both)
set -euo pipefail

LOADTESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

SECONDS_PER_RUN=${SECONDS_PER_RUN:-30}
RATE=${RATE:-2500}
RELOAD_INTERVAL=${RELOAD_INTERVAL:-3}
BASE_PORT=${BASE_PORT:-20000}
SCENARIO=reload
RUN_BUDGET_SECONDS=$((2 * SECONDS_PER_RUN * 2 + 900))

# shellcheck source=scripts/standalone.sh
source "$LOADTESTS_DIR/scripts/standalone.sh"

require_integer 1 SECONDS_PER_RUN RATE RELOAD_INTERVAL CONNECTIONS BASE_PORT
default_pinning
mkdir -p "$RUN_DIR/logs" "$RUN_DIR/certs" "$RUN_DIR/nginx-temp/backend"
install_traps
[[ $SKIP_INSTALL == 1 ]] || ensure_packages nats-server=nats-server wrk=wrk nginx=nginx-light openssl=openssl curl=curl
require_dotnet
if [[ $SKIP_BUILD != 1 ]]; then
    log "publishing LoadGen and the router (Release)"
    publish_project loadgen loadtests/LoadGen/LoadGen.csproj
    publish_project router src/Router/Router.csproj
fi

TLS_PORT=$(($(contender_port router) + 5))
CONFIG=$RUN_DIR/router.yaml
METRICS_URL="http://127.0.0.1:$(($(contender_port router) + 3))/metrics"

log "making a throwaway CA and two certificates for $ROUTE_HOST in $RUN_DIR/certs"
issue_certificate cert-a "$ROUTE_HOST" "subjectAltName=DNS:$ROUTE_HOST"
issue_certificate cert-b "$ROUTE_HOST" "subjectAltName=DNS:$ROUTE_HOST"

# tls_yaml NAME TIMEOUT: the router's TLS keys with certificate NAME, and endpoint_timeout TIMEOUT.
tls_yaml() {
    echo "enable_ssl: true"
    echo "ssl_port: $TLS_PORT"
    echo "cipher_suites: ECDHE-ECDSA-AES128-GCM-SHA256"
    echo "min_tls_version: TLSv1.2"
    echo "max_tls_version: TLSv1.3"
    echo "client_cert_validation: none"
    echo "endpoint_timeout: $2"
    echo "tls_pem:"
    echo "- cert_chain: |"
    sed 's/^/    /' "$RUN_DIR/certs/$1.pem"
    echo "  private_key: |"
    sed 's/^/    /' "$RUN_DIR/certs/$1.key"
}

fingerprint_of() { openssl x509 -noout -fingerprint -sha256 -in "$1" | cut -d= -f2; }
served_fingerprint() {
    openssl s_client -connect "127.0.0.1:$TLS_PORT" -servername "$ROUTE_HOST" </dev/null 2>/dev/null |
        openssl x509 -noout -fingerprint -sha256 2>/dev/null | cut -d= -f2
}
metric() { curl -s "$METRICS_URL" | awk -v n="$1" '$1 == n { printf "%d", $2; f = 1 } END { if (!f) print 0 }'; }

start_backend nginx
start_nats
start_heartbeat
tls_yaml cert-a 60s >"$RUN_DIR/tls-start.yaml"
ROUTER_EXTRA_YAML="$RUN_DIR/tls-start.yaml" start_contender router
# start_router wrote router.yaml as the base plus the TLS part; the base is kept to write each reloaded file.
head -n $(($(wc -l <"$CONFIG") - $(wc -l <"$RUN_DIR/tls-start.yaml"))) "$CONFIG" >"$RUN_DIR/router-base.yaml"
for ((i = 0; i < 300; i++)); do
    [[ $(curl -sk -o /dev/null -w '%{http_code}' --resolve "$ROUTE_HOST:$TLS_PORT:127.0.0.1" "https://$ROUTE_HOST:$TLS_PORT/") == 200 ]] && break
    sleep 0.2
done
((i < 300)) || die "the router did not answer 200 for $ROUTE_HOST on its TLS port within 60 s"

# wrk has no fixed-rate option: each connection waits (CONNECTIONS / RATE) s before each request, which holds the
# rate at about RATE as long as latency stays well below that pause.
delay_ms=$((CONNECTIONS * 1000 / RATE))
printf 'function delay()\n  return %d\nend\n' "$delay_ms" >"$RUN_DIR/rate.lua"

rows=""
failed=0
current=a
for mode in keep-alive close; do
    headers=(-H "Host: $ROUTE_HOST")
    [[ $mode == close ]] && headers+=(-H "Connection: close")
    applied_before=$(metric config_reloads)
    refused_before=$(metric config_reload_failures)
    log "$mode: $SECONDS_PER_RUN s of wrk -c$CONNECTIONS at about $RATE req/s on the TLS port, SIGHUP every $RELOAD_INTERVAL s"
    # wrk connects to 127.0.0.1 (its SNI is then that address, which selects the first and only tls_pem entry) and
    # routes by the Host header.
    start_process wrk "$LOAD_CPU" "$RUN_DIR/$mode.wrk" timeout -k 5 $((SECONDS_PER_RUN + 30)) "$(find_bin wrk)" -t1 \
        -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" -s "$RUN_DIR/rate.lua" "${headers[@]}" \
        "https://127.0.0.1:$TLS_PORT/"
    reloads=0
    served_new=0
    deadline=$((SECONDS + SECONDS_PER_RUN - 1))
    while ((SECONDS + RELOAD_INTERVAL < deadline)); do
        sleep "$RELOAD_INTERVAL"
        if [[ $current == a ]]; then current=b timeout=30s; else current=a timeout=60s; fi
        { cat "$RUN_DIR/router-base.yaml"; tls_yaml "cert-$current" "$timeout"; } >"$CONFIG.new"
        mv "$CONFIG.new" "$CONFIG"
        expected=$((applied_before + reloads + 1))
        kill -HUP "$(pid_of router)"
        reloads=$((reloads + 1))
        for ((i = 0; i < 100; i++)); do
            (($(metric config_reloads) >= expected)) && break
            sleep 0.1
        done
        [[ $(served_fingerprint) == "$(fingerprint_of "$RUN_DIR/certs/cert-$current.pem")" ]] && served_new=$((served_new + 1))
    done
    wait "$(pid_of wrk)" || warn "wrk in mode $mode failed"
    unset "LT_PID[wrk]"
    rate=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$RUN_DIR/$mode.wrk")
    requests=$(awk '/requests in/ { print $1 }' "$RUN_DIR/$mode.wrk")
    non2xx=$(awk '/Non-2xx/ { print $NF }' "$RUN_DIR/$mode.wrk")
    socket=$(awk '/Socket errors/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' "$RUN_DIR/$mode.wrk")
    applied=$(($(metric config_reloads) - applied_before))
    refused=$(($(metric config_reload_failures) - refused_before))
    failed=$((failed + ${non2xx:-0} + ${socket:-0} + refused + (reloads - applied) + (reloads - served_new)))
    rows+="| $mode | ${rate:-failed} | ${requests:-?} | ${non2xx:-0} | ${socket:-0} | $reloads | $applied | $refused | $served_new / $reloads |"$'\n'
done

commit=$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
report=${RELOAD_REPORT:-$RESULTS_DIR/$(date -u +%Y-%m-%d)-$commit-reload.md}
mkdir -p "$(dirname "$report")"
cat >"$report" <<EOF
## Live reload under load

Router (published build) on CPU ${PROXY_CPU:-any}; nginx backend, nats-server and wrk on CPU ${LOAD_CPU:-any}; $(nproc) CPUs.
wrk -t1 -c$CONNECTIONS for ${SECONDS_PER_RUN} s on the TLS listener (TLS 1.2 and 1.3 offered, ECDSA P-256 certificates), each connection pausing
${delay_ms} ms before each request (about $RATE req/s); keep-alive, then \`Connection: close\` (a TLS handshake per
request). Every ${RELOAD_INTERVAL} s router.yaml was rewritten with the other of two certificates for \`$ROUTE_HOST\`
and the other of two \`endpoint_timeout\` values (60s, 30s), and the router got a SIGHUP. Applied and refused: the
router's \`config_reloads\` and \`config_reload_failures\` over the run. New certificate: new connections
(\`openssl s_client\`) made right after each reload that were served the certificate just written.

| connections | req/s | requests | non-2xx | socket errors | SIGHUPs | applied | refused | new certificate |
|---|---|---|---|---|---|---|---|---|
$rows
Targets: 0 non-2xx, 0 socket errors (no connection dropped), every SIGHUP applied, every new connection after a
reload served the new certificate. Raw wrk output: \`${RUN_DIR#"$REPO_ROOT"/}\`.
EOF
log "report: $report"
cat "$report"
((failed == 0)) || die "$failed errors, dropped connections, refused reloads or old certificates (see $RUN_DIR)"

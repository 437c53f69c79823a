#!/usr/bin/env bash
# Syslog streaming cost: one router, one nginx backend, rsyslogd on the load core listening on UDP and TCP and
# writing what it receives to a file. The router runs four times: streaming off, streaming to rsyslog over UDP,
# over TCP, and over TCP to a port where nothing listens (the server down). Each time: wrk keep-alive throughput
# for SECONDS_PER_RUN, then LoadGen at RATE req/s for RATE_SECONDS (p99, errors), counting the lines rsyslog
# received against the requests answered, the router's syslog_dropped_messages, and its resident memory before
# and after. Targets: streaming costs at most 10 % of throughput, 0 lines lost at RATE with the server up,
# 0 request errors and flat memory with it down.
#
#   loadtests/syslog.sh                                  SECONDS_PER_RUN=15, RATE=2500, RATE_SECONDS=20
#   SECONDS_PER_RUN=3 RATE_SECONDS=3 loadtests/syslog.sh a brief check
#   SKIP_BUILD=1 ...                                     reuse the published router and LoadGen
#   RUN_DIR=DIR SYSLOG_REPORT=FILE ...                   where raw results and the report go (run.sh sets both)
set -euo pipefail

LOADTESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

SECONDS_PER_RUN=${SECONDS_PER_RUN:-15}
RATE=${RATE:-2500}
RATE_SECONDS=${RATE_SECONDS:-20}
BASE_PORT=${BASE_PORT:-19500}
SCENARIO=syslog
RUN_BUDGET_SECONDS=$((4 * (SECONDS_PER_RUN + RATE_SECONDS) * 2 + 900))

# shellcheck source=scripts/standalone.sh
source "$LOADTESTS_DIR/scripts/standalone.sh"

SYSLOG_UDP_PORT=$((BASE_PORT + 60))
SYSLOG_TCP_PORT=$((BASE_PORT + 61))
SYSLOG_DEAD_PORT=$((BASE_PORT + 62))
SYSLOG_DIR=$RUN_DIR/rsyslog
RECEIVED=$SYSLOG_DIR/received.log

require_integer 1 SECONDS_PER_RUN RATE RATE_SECONDS CONNECTIONS BASE_PORT
default_pinning
mkdir -p "$RUN_DIR/logs" "$SYSLOG_DIR"
install_traps
[[ $SKIP_INSTALL == 1 ]] || ensure_packages nats-server=nats-server wrk=wrk nginx=nginx-light rsyslogd=rsyslog
require_dotnet

if [[ $SKIP_BUILD != 1 ]]; then
    log "publishing LoadGen and the router (Release)"
    publish_project loadgen loadtests/LoadGen/LoadGen.csproj
    publish_project router src/Router/Router.csproj
fi

# rsyslogd in the foreground as this user: UDP and TCP inputs, every message's MSG (the access-log line) to a file.
# A larger UDP receive buffer, as an operator would give a busy receiver, so the count measures the router.
cat >"$SYSLOG_DIR/rsyslog.conf" <<EOF
global(workDirectory="$SYSLOG_DIR" maxMessageSize="64k")
module(load="imudp")
module(load="imtcp")
input(type="imudp" address="127.0.0.1" port="$SYSLOG_UDP_PORT" rcvbufSize="8m")
input(type="imtcp" address="127.0.0.1" port="$SYSLOG_TCP_PORT")
template(name="line" type="string" string="%msg%\n")
action(type="omfile" file="$RECEIVED" template="line")
EOF
require_ports_free "$SYSLOG_TCP_PORT" "$SYSLOG_DEAD_PORT"
start_process rsyslog "$LOAD_CPU" "$RUN_DIR/logs/rsyslog.log" "$(find_bin rsyslogd)" -n -f "$SYSLOG_DIR/rsyslog.conf" \
    -i "$SYSLOG_DIR/rsyslogd.pid"
wait_tcp "$SYSLOG_TCP_PORT" 15 rsyslogd

start_backend nginx
start_nats
start_heartbeat

received_lines() { if [[ -f $RECEIVED ]]; then wc -l <"$RECEIVED"; else echo 0; fi; }

# settle_lines: waits until rsyslog's file stops growing (at most 15 s) and prints its line count.
settle_lines() {
    local last=-1 now i
    for ((i = 0; i < 75; i++)); do
        now=$(received_lines)
        ((now == last)) && break
        last=$now
        sleep 0.2
    done
    echo "$last"
}

metric() { curl -s "http://127.0.0.1:$(($(contender_port router) + 3))/metrics" | awk -v n="$1" '$1 == n { printf "%d", $2; f = 1 } END { if (!f) print 0 }'; }
json_number() { tr -d ' \n' <"$1" | grep -o "\"$2\":[0-9.]*" | head -1 | cut -d: -f2; }
rss_mb() { awk -v kb="$(status_kb VmRSS "$(pid_of router)")" 'BEGIN { printf "%.0f", kb / 1024 }'; }

# What run.sh's report reads back is the section below; these are for a look at the raw data.
{
    echo "seconds_per_run=$SECONDS_PER_RUN"
    echo "rate=$RATE"
    echo "rate_seconds=$RATE_SECONDS"
    echo "connections=$CONNECTIONS"
} >"$RUN_DIR/syslog.txt"

rows=""
base_rate=""
failed=0
for mode in off udp tcp down; do
    # write_router_yaml writes the access_log and logging sections; the streaming keys go in through the environment.
    export ROUTER_ACCESS_LOG__ENABLE_STREAMING=true ROUTER_LOGGING__SYSLOG=vcap.gorouter
    case $mode in
    udp) export ROUTER_LOGGING__SYSLOG_NETWORK=udp ROUTER_LOGGING__SYSLOG_ADDR="127.0.0.1:$SYSLOG_UDP_PORT" ;;
    tcp) export ROUTER_LOGGING__SYSLOG_NETWORK=tcp ROUTER_LOGGING__SYSLOG_ADDR="127.0.0.1:$SYSLOG_TCP_PORT" ;;
    down) export ROUTER_LOGGING__SYSLOG_NETWORK=tcp ROUTER_LOGGING__SYSLOG_ADDR="127.0.0.1:$SYSLOG_DEAD_PORT" ;;
    off) export ROUTER_ACCESS_LOG__ENABLE_STREAMING=false ;;
    esac
    log "mode $mode: starting the router"
    start_contender router
    rss_start=$(rss_mb)

    log "mode $mode: $SECONDS_PER_RUN s of wrk -c$CONNECTIONS"
    run_tracked wrk "$RUN_DIR/$mode.wrk" $((SECONDS_PER_RUN + 30)) "${LOAD_PIN[@]}" "$(find_bin wrk)" -t1 -c"$CONNECTIONS" \
        -d"${SECONDS_PER_RUN}s" -H "Host: $ROUTE_HOST" "$(contender_url router)" || warn "wrk in mode $mode failed"
    wrk_rate=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$RUN_DIR/$mode.wrk")
    wrk_errors=$(awk '/Non-2xx|Socket errors/ { n++ } END { print n + 0 }' "$RUN_DIR/$mode.wrk")
    [[ $mode == off ]] && base_rate=$wrk_rate

    before=$(settle_lines)
    log "mode $mode: LoadGen at $RATE req/s for $RATE_SECONDS s"
    loadgen_tracked load "$RUN_DIR/$mode.rate.log" $((RATE_SECONDS + 60)) load --url "$(contender_url router)" \
        --host "$ROUTE_HOST" --rate "$RATE" --duration "$RATE_SECONDS" --connections "$CONNECTIONS" \
        --out "$RUN_DIR/$mode.rate.json" || warn "LoadGen in mode $mode failed"
    read -r _ _ p99 _ rate_errors <<<"$(rate_summary "$RUN_DIR/$mode.rate.json")"
    completed=$(json_number "$RUN_DIR/$mode.rate.json" completed)
    after=$(settle_lines)
    rss_end=$(rss_mb)
    dropped=$(metric syslog_dropped_messages)
    failures=$(metric syslog_connection_failures)
    stop_contender router

    case $mode in
    off) lines="-" lost="-" ;;
    down) lines="-" lost="${completed:-?} (server down)" ;;
    *)
        lines=$((after - before))
        lost=$((${completed:-0} - lines))
        ((lost < 0)) && lost=0
        ;;
    esac
    cost=$(awk -v b="${base_rate:-0}" -v r="${wrk_rate:-0}" 'BEGIN { if (b > 0) printf "%.2f", r / b; else print "-" }')
    failed=$((failed + wrk_errors + ${rate_errors:-0}))
    rows+="| $mode | ${wrk_rate:-failed} | $cost | $wrk_errors | $p99 | ${rate_errors:-?} | ${completed:-?} | $lines | $lost | $dropped | $failures | $rss_start → $rss_end |"$'\n'
done

commit=$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
report=${SYSLOG_REPORT:-$RESULTS_DIR/$(date -u +%Y-%m-%d)-$commit-syslog.md}
mkdir -p "$(dirname "$report")"
cat >"$report" <<EOF
## Syslog streaming cost

Router (published build) on CPU ${PROXY_CPU:-any}; nginx backend, nats-server, rsyslogd, wrk and LoadGen on CPU
${LOAD_CPU:-any}; $(nproc) CPUs. Per mode a fresh router: wrk -t1 -c$CONNECTIONS for ${SECONDS_PER_RUN} s (keep-alive
throughput), then LoadGen at $RATE req/s for ${RATE_SECONDS} s (p99 from send, ms). Modes: streaming off; to rsyslogd
over UDP; over TCP (octet counting); over TCP to a port where nothing listens. Lines: what rsyslogd wrote during
the fixed-rate phase, against the requests LoadGen got answers for. Dropped and failures: the router's
\`syslog_dropped_messages\` and \`syslog_connection_failures\` at the end. Memory: resident MB after start-up and
at the end.

| mode | wrk req/s | vs off | errors | p99 at $RATE/s | errors | answered | lines received | lost | dropped | failures | RSS MB |
|---|---|---|---|---|---|---|---|---|---|---|---|
$rows
Targets: streaming over UDP and TCP at ≥ 0.90× the throughput with streaming off; 0 lines lost at $RATE req/s with
the server up; 0 request errors and flat memory with the server down.
EOF
log "report: $report"
cat "$report"
((failed == 0)) || die "$failed request errors (see $RUN_DIR)"

#!/usr/bin/env bash
# Syslog streaming cost: one router, one nginx backend, rsyslogd on the load core listening on UDP and TCP and
# writing what it receives to a file. Three parts, each with a fresh router per mode:
#   1. throughput: ROUNDS rounds of wrk keep-alive load for SECONDS_PER_RUN with streaming off, over UDP and over
#      TCP, the modes taking turns within a round; the medians and the per-round ratios go in the report;
#   2. lines: LoadGen at RATE req/s for RATE_SECONDS per mode (p99, errors), counting the lines rsyslog received
#      against the requests answered, and the router's syslog_dropped_messages;
#   3. server down: streaming over TCP to a port where nothing listens, LoadGen at RATE req/s for DOWN_SECONDS while
#      the router's resident memory is read every tenth of the run.
# Targets: streaming costs at most 10 % of throughput, 0 lines lost at RATE with the server up, 0 request errors
# and flat memory with it down.
#
#   loadtests/syslog.sh                        ROUNDS=5, SECONDS_PER_RUN=15, RATE=2500, RATE_SECONDS=20, DOWN_SECONDS=300
#   ROUNDS=1 SECONDS_PER_RUN=3 RATE_SECONDS=3 DOWN_SECONDS=10 loadtests/syslog.sh   a brief check
#   SKIP_BUILD=1 ...                           reuse the published router and LoadGen
#   RUN_DIR=DIR SYSLOG_REPORT=FILE ...         where raw results and the report go (run.sh sets both)
set -euo pipefail

LOADTESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

SECONDS_PER_RUN=${SECONDS_PER_RUN:-15}
RATE=${RATE:-2500}
RATE_SECONDS=${RATE_SECONDS:-20}
ROUNDS=${ROUNDS:-5}
DOWN_SECONDS=${DOWN_SECONDS:-300}
BASE_PORT=${BASE_PORT:-19500}
SCENARIO=syslog
RUN_BUDGET_SECONDS=$(((3 * ROUNDS * SECONDS_PER_RUN + 3 * RATE_SECONDS + DOWN_SECONDS) * 2 + 900))

# shellcheck source=scripts/standalone.sh
source "$LOADTESTS_DIR/scripts/standalone.sh"
# shellcheck source=scripts/modes.sh
source "$LOADTESTS_DIR/scripts/modes.sh"

SYSLOG_UDP_PORT=$((BASE_PORT + 60))
SYSLOG_TCP_PORT=$((BASE_PORT + 61))
SYSLOG_DEAD_PORT=$((BASE_PORT + 62))
SYSLOG_DIR=$RUN_DIR/rsyslog
RECEIVED=$SYSLOG_DIR/received.log

require_integer 1 SECONDS_PER_RUN RATE RATE_SECONDS ROUNDS DOWN_SECONDS CONNECTIONS BASE_PORT
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

# mode_prepare MODE: empties rsyslogd's file before each throughput run (rsyslogd appends, so it writes on at the new
# end). Left to grow, it reached 2 GB over five rounds, and writing that back to disk competed with wrk and rsyslogd
# for the load core; the line counts below are differences, so emptying the file loses none of them.
mode_prepare() { : >"$RECEIVED"; }

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

# mode_env MODE: the streaming keys of MODE, through the environment (write_router_yaml writes access_log and logging).
mode_env() {
    export ROUTER_ACCESS_LOG__ENABLE_STREAMING=true ROUTER_LOGGING__SYSLOG=vcap.gorouter
    case $1 in
    udp) export ROUTER_LOGGING__SYSLOG_NETWORK=udp ROUTER_LOGGING__SYSLOG_ADDR="127.0.0.1:$SYSLOG_UDP_PORT" ;;
    tcp) export ROUTER_LOGGING__SYSLOG_NETWORK=tcp ROUTER_LOGGING__SYSLOG_ADDR="127.0.0.1:$SYSLOG_TCP_PORT" ;;
    down) export ROUTER_LOGGING__SYSLOG_NETWORK=tcp ROUTER_LOGGING__SYSLOG_ADDR="127.0.0.1:$SYSLOG_DEAD_PORT" ;;
    off) export ROUTER_ACCESS_LOG__ENABLE_STREAMING=false ;;
    esac
}

# What run.sh's report reads back is the section below; these are for a look at the raw data.
{
    echo "rounds=$ROUNDS"
    echo "seconds_per_run=$SECONDS_PER_RUN"
    echo "rate=$RATE"
    echo "rate_seconds=$RATE_SECONDS"
    echo "down_seconds=$DOWN_SECONDS"
    echo "connections=$CONNECTIONS"
} >"$RUN_DIR/syslog.txt"

failed=0
mode_rounds "$ROUNDS" off udp tcp
base_rate=$(median_rate off)
base_cpu=$(median_cpu off)
throughput_rows=""
for mode in off udp tcp; do
    failed=$((failed + $(round_errors "$mode")))
    ratios="-"
    [[ $mode == off ]] || ratios=$(round_ratios "$mode" off)
    throughput_rows+="| $mode | $(median_rate "$mode") | $(ratio_of "$(median_rate "$mode")" "$base_rate") | $ratios | $(median_cpu "$mode") | $(ratio_of "$base_cpu" "$(median_cpu "$mode")") | $(round_errors "$mode") |"$'\n'
done

line_rows=""
for mode in off udp tcp; do
    mode_env "$mode"
    start_contender router
    before=$(settle_lines)
    fixed_rate "$mode" "$RATE_SECONDS"
    read -r _ _ p99 _ rate_errors <<<"$(rate_summary "$RUN_DIR/$mode.rate.json")"
    completed=$(json_number "$RUN_DIR/$mode.rate.json" completed)
    after=$(settle_lines)
    dropped=$(metric syslog_dropped_messages)
    stop_contender router
    lines="-" lost="-"
    if [[ $mode != off ]]; then
        lines=$((after - before))
        lost=$((${completed:-0} - lines))
        ((lost < 0)) && lost=0
    fi
    [[ $rate_errors =~ ^[0-9]+$ ]] || rate_errors=1
    failed=$((failed + rate_errors))
    line_rows+="| $mode | $p99 | $rate_errors | ${completed:-?} | $lines | $lost | $dropped |"$'\n'
done

# The server down: memory read every tenth of the run while LoadGen keeps the rate.
mode_env down
start_contender router
samples=("$(rss_mb)")
fixed_rate down "$DOWN_SECONDS" &
load_pid=$!
tenth=$(awk -v s="$DOWN_SECONDS" 'BEGIN { printf "%.1f", s / 10 }')
for ((i = 1; i <= 10; i++)); do
    sleep "$tenth"
    samples+=("$(rss_mb)")
done
wait "$load_pid" || true
read -r _ _ down_p99 _ down_errors <<<"$(rate_summary "$RUN_DIR/down.rate.json")"
down_completed=$(json_number "$RUN_DIR/down.rate.json" completed)
down_dropped=$(metric syslog_dropped_messages)
down_failures=$(metric syslog_connection_failures)
stop_contender router
[[ $down_errors =~ ^[0-9]+$ ]] || down_errors=1
failed=$((failed + down_errors))
rss_series=${samples[*]}
# Flat: what grew between the end of the first tenth (start-up and the first connections done) and the end.
rss_growth=$((samples[10] - samples[1]))

commit=$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
report=${SYSLOG_REPORT:-$RESULTS_DIR/$(date -u +%Y-%m-%d)-$commit-syslog.md}
mkdir -p "$(dirname "$report")"
cat >"$report" <<EOF
## Syslog streaming cost

Router (published build) on CPU ${PROXY_CPU:-any}; nginx backend, nats-server, rsyslogd, wrk and LoadGen on CPU
${LOAD_CPU:-any}; $(nproc) CPUs. A fresh router for every run. Modes: streaming off; to rsyslogd over UDP; over TCP
(octet counting); over TCP to a port where nothing listens (server down).

**Throughput**: $ROUNDS rounds of wrk -t1 -c$CONNECTIONS for ${SECONDS_PER_RUN} s after ${MODE_WARMUP_SECONDS} s of warm-up, the modes taking turns within each
round; the median per mode, its ratio to the median with streaming off, and the lowest and highest ratio within one
round. rsyslogd shares the load core with wrk and the backend, so the wrk rate also falls with the work rsyslogd
does; the router's own cost is its CPU time per request (user + system from /proc, median of the rounds), and
"throughput per router core" is the CPU per request with streaming off divided by that of the mode: the share of
its throughput a CPU-bound router keeps.

| mode | wrk req/s (median) | vs off | per round | router CPU µs/request | throughput per router core vs off | errors |
|---|---|---|---|---|---|---|
$throughput_rows
**Lines at $RATE req/s**: LoadGen for ${RATE_SECONDS} s (p99 from send, ms); lines is what rsyslogd wrote, against
the requests LoadGen got answers for; dropped is the router's \`syslog_dropped_messages\` at the end.

| mode | p99 ms | errors | answered | lines received | lost | dropped |
|---|---|---|---|---|---|---|
$line_rows
**Server down for ${DOWN_SECONDS} s at $RATE req/s**: p99 $down_p99 ms, $down_errors request errors of
${down_completed:-?} answered; \`syslog_dropped_messages\` $down_dropped, \`syslog_connection_failures\`
$down_failures. Resident MB at start and after each tenth of the run: $rss_series (growth after the first tenth:
$rss_growth MB).

Targets: streaming over UDP and TCP at ≥ 0.90× the throughput per router core with streaming off; 0 lines lost at $RATE req/s with
the server up; 0 request errors and flat memory with the server down.
EOF
log "report: $report"
cat "$report"
((failed == 0)) || die "$failed request errors (see $RUN_DIR)"

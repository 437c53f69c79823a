#!/usr/bin/env bash
# Tracing cost: one router, one nginx backend that also accepts OTLP/HTTP (an empty 200 on its status port), a
# fresh router per mode:
#   off      every tracing key off (the default);
#   headers  tracing.enable_zipkin and tracing.enable_w3c: B3 and W3C headers made for every request;
#   otlp     the headers, and OTLP export of every request's spans (sampling_ratio 1) and of the metrics.
# ROUNDS rounds of wrk keep-alive throughput for SECONDS_PER_RUN, the modes taking turns within a round, then
# LoadGen at RATE req/s for RATE_SECONDS per mode (p99, errors), with the router's otlp_export_failures and
# otlp_dropped_spans read at the end.
#
#   loadtests/tracing.sh                                     ROUNDS=5, SECONDS_PER_RUN=15, RATE=2500, RATE_SECONDS=20
#   ROUNDS=1 SECONDS_PER_RUN=3 RATE_SECONDS=3 loadtests/tracing.sh   a brief check
#   SKIP_BUILD=1 ...                                         reuse the published router and LoadGen
#   RUN_DIR=DIR TRACING_REPORT=FILE ...                      where raw results and the report go (run.sh sets both)
set -euo pipefail

LOADTESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

SECONDS_PER_RUN=${SECONDS_PER_RUN:-15}
RATE=${RATE:-2500}
RATE_SECONDS=${RATE_SECONDS:-20}
ROUNDS=${ROUNDS:-5}
BASE_PORT=${BASE_PORT:-19800}
SCENARIO=tracing
RUN_BUDGET_SECONDS=$(((3 * ROUNDS * SECONDS_PER_RUN + 3 * RATE_SECONDS) * 2 + 900))

# shellcheck source=scripts/standalone.sh
source "$LOADTESTS_DIR/scripts/standalone.sh"
# shellcheck source=scripts/modes.sh
source "$LOADTESTS_DIR/scripts/modes.sh"

require_integer 1 SECONDS_PER_RUN RATE RATE_SECONDS ROUNDS CONNECTIONS BASE_PORT
default_pinning
mkdir -p "$RUN_DIR/logs" "$RUN_DIR/nginx-temp/backend"
install_traps
[[ $SKIP_INSTALL == 1 ]] || ensure_packages nats-server=nats-server wrk=wrk nginx=nginx-light
require_dotnet

if [[ $SKIP_BUILD != 1 ]]; then
    log "publishing LoadGen and the router (Release)"
    publish_project loadgen loadtests/LoadGen/LoadGen.csproj
    publish_project router src/Router/Router.csproj
fi

start_backend nginx
start_nats
start_heartbeat

metric() { curl -s "http://127.0.0.1:$(($(contender_port router) + 3))/metrics" | awk -v n="$1" '$1 == n { printf "%d", $2; f = 1 } END { if (!f) print 0 }'; }

# mode_env MODE: the tracing keys of MODE, through the environment.
mode_env() {
    export ROUTER_TRACING__ENABLE_ZIPKIN=true ROUTER_TRACING__ENABLE_W3C=true ROUTER_TRACING__OTLP__ENABLED=false
    case $1 in
    off) export ROUTER_TRACING__ENABLE_ZIPKIN=false ROUTER_TRACING__ENABLE_W3C=false ;;
    otlp)
        export ROUTER_TRACING__OTLP__ENABLED=true ROUTER_TRACING__OTLP__SAMPLING_RATIO=1 \
            ROUTER_TRACING__OTLP__ENDPOINT="http://127.0.0.1:$BACKEND_STATUS_PORT"
        ;;
    esac
}

{
    echo "rounds=$ROUNDS"
    echo "seconds_per_run=$SECONDS_PER_RUN"
    echo "rate=$RATE"
    echo "rate_seconds=$RATE_SECONDS"
    echo "connections=$CONNECTIONS"
} >"$RUN_DIR/tracing.txt"

failed=0
mode_rounds "$ROUNDS" off headers otlp
base_rate=$(median_rate off)
base_cpu=$(median_cpu off)
rows=""
for mode in off headers otlp; do
    mode_env "$mode"
    start_contender router
    fixed_rate "$mode" "$RATE_SECONDS"
    read -r _ _ p99 _ rate_errors <<<"$(rate_summary "$RUN_DIR/$mode.rate.json")"
    export_failures="-" dropped_spans="-"
    if [[ $mode == otlp ]]; then
        export_failures=$(metric otlp_export_failures)
        dropped_spans=$(metric otlp_dropped_spans)
    fi
    rss=$(rss_mb)
    stop_contender router
    [[ $rate_errors =~ ^[0-9]+$ ]] || rate_errors=1
    failed=$((failed + rate_errors + $(round_errors "$mode")))
    ratios="-"
    [[ $mode == off ]] || ratios=$(round_ratios "$mode" off)
    rows+="| $mode | $(median_rate "$mode") | $(ratio_of "$(median_rate "$mode")" "$base_rate") | $ratios | $(median_cpu "$mode") | $(ratio_of "$base_cpu" "$(median_cpu "$mode")") | $(round_errors "$mode") | $p99 | $rate_errors | $export_failures | $dropped_spans | $rss |"$'\n'
done

commit=$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
report=${TRACING_REPORT:-$RESULTS_DIR/$(date -u +%Y-%m-%d)-$commit-tracing.md}
mkdir -p "$(dirname "$report")"
cat >"$report" <<EOF
## Tracing cost

Router (published build) on CPU ${PROXY_CPU:-any}; nginx backend (also the OTLP/HTTP sink), nats-server, wrk and
LoadGen on CPU ${LOAD_CPU:-any}; $(nproc) CPUs. A fresh router for every run. Modes: every tracing key off; B3 and
W3C headers (\`tracing.enable_zipkin\`, \`tracing.enable_w3c\`); the headers plus OTLP export of every request's
spans (\`sampling_ratio: 1\`) and of the metrics. Throughput: $ROUNDS rounds of wrk -t1 -c$CONNECTIONS for
${SECONDS_PER_RUN} s after ${MODE_WARMUP_SECONDS} s of warm-up, the modes taking turns within each round (median, its ratio
to the median with tracing off, the lowest and highest ratio within one round; the router's CPU time per request, and
the CPU per request with tracing off divided by the mode's: the share of its throughput a CPU-bound router keeps);
then LoadGen at $RATE req/s for ${RATE_SECONDS} s (p99 from send,
ms), after which the router's \`otlp_export_failures\` and \`otlp_dropped_spans\` and its resident memory are read.

| mode | wrk req/s (median) | vs off | per round | router CPU µs/request | throughput per router core vs off | wrk errors | p99 at $RATE/s | errors | export failures | dropped spans | RSS MB |
|---|---|---|---|---|---|---|---|---|---|---|---|
$rows
With every key off a request pays one null check, so "off" is also the router without tracing. Dropped spans at
sampling ratio 1 mean the export queue (\`tracing.otlp.max_queue_size\`) filled faster than batches left.
EOF
log "report: $report"
cat "$report"
((failed == 0)) || die "$failed request errors (see $RUN_DIR)"

#!/usr/bin/env bash
# Route dashboard cost (docs/dashboard.md): one router with DASHBOARD_ROUTES routes registered over NATS (100,000 by
# default) and an nginx backend. First, on a router whose dashboard was never opened, the time to first render: the
# page, its script and style sheet and the first page of routes fetched one after the other as a browser does (the
# first page answer includes sorting the table), then the same page again, a search that scans every route, the
# last page, and the first server-sent event. After WARMUP_SECONDS at RATE, ROUNDS rounds of LoadGen at RATE req/s for RATE_SECONDS to
# app.loadtest, each once without a dashboard and once with one open (curl -N reading /dashboard/events, and the
# page's refresh of its page of routes once a second): the router's CPU in both, and the difference.
# Targets: first render within 1 s with 100,000 routes; an open dashboard adds at most 1 percentage point of CPU.
#
#   loadtests/dashboard.sh                              DASHBOARD_ROUTES=100000, RATE=2500, RATE_SECONDS=20, ROUNDS=2,
#                                                       WARMUP_SECONDS=30
#   DASHBOARD_ROUTES=2000 RATE_SECONDS=3 ROUNDS=1 WARMUP_SECONDS=3 loadtests/dashboard.sh   a brief check
#   SKIP_BUILD=1 ...                                    reuse the published router and LoadGen
#   RUN_DIR=DIR DASHBOARD_REPORT=FILE ...               where raw results and the report go (run.sh sets both)
set -euo pipefail

LOADTESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

DASHBOARD_ROUTES=${DASHBOARD_ROUTES:-100000}
RATE=${RATE:-2500}
RATE_SECONDS=${RATE_SECONDS:-20}
ROUNDS=${ROUNDS:-2}
WARMUP_SECONDS=${WARMUP_SECONDS:-30}
BASE_PORT=${BASE_PORT:-20000}
SCENARIO=dashboard
RUN_BUDGET_SECONDS=$((WARMUP_SECONDS + 2 * ROUNDS * (RATE_SECONDS + 20) + 900))

# shellcheck source=scripts/standalone.sh
source "$LOADTESTS_DIR/scripts/standalone.sh"

require_integer 1 DASHBOARD_ROUTES RATE RATE_SECONDS ROUNDS WARMUP_SECONDS CONNECTIONS BASE_PORT
default_pinning
mkdir -p "$RUN_DIR/logs"
install_traps
[[ $SKIP_INSTALL == 1 ]] || ensure_packages nats-server=nats-server nginx=nginx-light curl=curl
require_dotnet

if [[ $SKIP_BUILD != 1 ]]; then
    log "publishing LoadGen and the router (Release)"
    publish_project loadgen loadtests/LoadGen/LoadGen.csproj
    publish_project router src/Router/Router.csproj
fi

# The table is registered once; a long stale threshold keeps it without a heartbeat that would load the router
# unevenly during the measurements.
echo "droplet_stale_threshold: 3600s" >"$RUN_DIR/extra.yaml"
# Read by write_router_yaml; not exported, as the router would take a ROUTER_* variable for a configuration key.
ROUTER_EXTRA_YAML=$RUN_DIR/extra.yaml

start_backend nginx
start_nats
start_heartbeat
start_contender router
PORT=$(contender_port router)
STATUS=http://127.0.0.1:$((PORT + 2))
CREDENTIALS=$ROUTER_USER:$ROUTER_PASS

log "registering $DASHBOARD_ROUTES routes"
loadgen_tracked register "$RUN_DIR/register.log" 900 register --nats "127.0.0.1:$NATS_PORT" --routes "$DASHBOARD_ROUTES" \
    --host-template 'r{i}.dashboard.loadtest' --backend-port "$BACKEND_PORT" --wait-routable "http://127.0.0.1:$PORT" \
    --wait-timeout 600 --out "$RUN_DIR/register.json" || die "registering $DASHBOARD_ROUTES routes failed (see $RUN_DIR/register.log)"

# ms URL: the time of one GET with the status credentials, in ms; fails on a status other than 200.
ms() {
    local answer
    answer=$(curl -s -o /dev/null -u "$CREDENTIALS" -w '%{http_code} %{time_total}' "$1") || die "GET $1 failed"
    [[ ${answer%% *} == 200 ]] || die "GET $1 answered ${answer%% *}"
    awk -v s="${answer#* }" 'BEGIN { printf "%.1f", s * 1000 }'
}

log "time to first render with $DASHBOARD_ROUTES routes"
html_ms=$(ms "$STATUS/dashboard")
script_ms=$(ms "$STATUS/dashboard/dashboard.js")
styles_ms=$(ms "$STATUS/dashboard/dashboard.css")
first_page_ms=$(ms "$STATUS/dashboard/api/routes?page=1&size=50")
render_ms=$(awk -v a="$html_ms" -v b="$script_ms" -v c="$styles_ms" -v d="$first_page_ms" 'BEGIN { printf "%.1f", a + b + c + d }')
again_ms=$(ms "$STATUS/dashboard/api/routes?page=1&size=50")
search_ms=$(ms "$STATUS/dashboard/api/routes?q=r99999.dash&size=50")
last_page_ms=$(ms "$STATUS/dashboard/api/routes?page=$(((DASHBOARD_ROUTES + 49) / 50))&size=50")
# The time is taken when the event's data line arrives; curl itself only notices the closed pipe at the next event.
start_ns=$(date +%s%N)
event_ns=$(curl -sN -m 10 -u "$CREDENTIALS" "$STATUS/dashboard/events" |
    { IFS= read -r _ && IFS= read -r data && echo "$data" >"$RUN_DIR/first-event.txt"; date +%s%N; }) || true
grep -q '^data: {' "$RUN_DIR/first-event.txt" 2>/dev/null || die "no summary event from /dashboard/events"
event_ms=$(awk -v ns="$((event_ns - start_ns))" 'BEGIN { printf "%.0f", ns / 1e6 }')

# The router's code reaches its steady state under load (tiered JIT); the rounds measure it after that.
log "warm-up: $RATE req/s for $WARMUP_SECONDS s"
loadgen_tracked warmup "$RUN_DIR/warmup.log" $((WARMUP_SECONDS + 60)) load --url "$(contender_url router)" \
    --host "$ROUTE_HOST" --rate "$RATE" --duration "$WARMUP_SECONDS" --connections "$CONNECTIONS" \
    --out "$RUN_DIR/warmup.json" || warn "the warm-up load failed"

# cpu_run NAME: LoadGen at RATE for RATE_SECONDS; prints the router's CPU in percent of one core, its p99 and errors.
cpu_run() {
    local name=$1 cpu_seconds wall_seconds p99 errors
    measure_begin "$(pid_of router)"
    loadgen_tracked "load-$name" "$RUN_DIR/$name.log" $((RATE_SECONDS + 60)) load --url "$(contender_url router)" \
        --host "$ROUTE_HOST" --rate "$RATE" --duration "$RATE_SECONDS" --connections "$CONNECTIONS" \
        --out "$RUN_DIR/$name.json" || warn "LoadGen in $name failed"
    measure_end "$RUN_DIR/$name.proc"
    cpu_seconds=$(awk -F= '$1 == "cpu_seconds" { print $2 }' "$RUN_DIR/$name.proc")
    wall_seconds=$(awk -F= '$1 == "wall_seconds" { print $2 }' "$RUN_DIR/$name.proc")
    read -r _ _ p99 _ errors <<<"$(rate_summary "$RUN_DIR/$name.json")"
    awk -v c="$cpu_seconds" -v w="$wall_seconds" -v p="$p99" -v e="$errors" 'BEGIN { printf "%.2f %s %s\n", 100 * c / w, p, e }'
}

sum() { awk -v a="$1" -v b="$2" 'BEGIN { print a + b }'; }

rows=""
off_total=0
on_total=0
failed=0
for ((round = 1; round <= ROUNDS; round++)); do
    log "round $round: $RATE req/s for $RATE_SECONDS s without a dashboard"
    read -r off_cpu off_p99 off_errors <<<"$(cpu_run "off-$round")"

    log "round $round: the same with a dashboard open"
    start_process "events-$round" "$LOAD_CPU" "$RUN_DIR/events-$round.txt" curl -sN -u "$CREDENTIALS" "$STATUS/dashboard/events"
    # What an open page does besides reading the events: fetch its page of routes, once a second.
    start_process "page-$round" "$LOAD_CPU" "$RUN_DIR/logs/page-$round.log" curl -s -u "$CREDENTIALS" --rate 1/s -o /dev/null \
        -w '%{stderr}%{http_code}\n' "$STATUS/dashboard/api/routes?page=1&size=50&n=[1-100000]"
    read -r on_cpu on_p99 on_errors <<<"$(cpu_run "on-$round")"
    stop_process "page-$round"
    stop_process "events-$round"
    events=$(grep -c '^event: summary' "$RUN_DIR/events-$round.txt" || true)
    pages=$(grep -c '^200' "$RUN_DIR/logs/page-$round.log" || true)

    off_total=$(sum "$off_total" "$off_cpu")
    on_total=$(sum "$on_total" "$on_cpu")
    failed=$((failed + ${off_errors:-1} + ${on_errors:-1}))
    added_now=$(awk -v a="$off_cpu" -v b="$on_cpu" 'BEGIN { printf "%+.2f", b - a }')
    rows+="| $round | $off_cpu | $on_cpu | $added_now | $off_p99 / $on_p99 | $off_errors / $on_errors | $events | $pages |"$'\n'
done
stop_contender router

mean_off=$(awk -v t="$off_total" -v n="$ROUNDS" 'BEGIN { printf "%.2f", t / n }')
mean_on=$(awk -v t="$on_total" -v n="$ROUNDS" 'BEGIN { printf "%.2f", t / n }')
added=$(awk -v a="$mean_off" -v b="$mean_on" 'BEGIN { printf "%+.2f", b - a }')
render_verdict=$(awk -v r="$render_ms" 'BEGIN { print (r <= 1000 ? "met" : "missed") }')
cpu_verdict=$(awk -v d="$added" 'BEGIN { print (d <= 1 ? "met" : "missed") }')

commit=$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
report=${DASHBOARD_REPORT:-$RESULTS_DIR/$(date -u +%Y-%m-%d)-$commit-dashboard.md}
mkdir -p "$(dirname "$report")"
{
    echo "## Route dashboard cost"
    echo
    echo "Router (published build) on CPU ${PROXY_CPU:-any}; nginx backend, nats-server, LoadGen and curl on CPU ${LOAD_CPU:-any};"
    echo "$(nproc) CPUs. $DASHBOARD_ROUTES routes registered over NATS, one endpoint each."
    echo
    echo "First render on a router whose dashboard was never opened (ms, curl, fetched one after the other as a browser does):"
    echo
    echo "| page | script | style sheet | first page of routes | first render (sum) | same page again | search scanning every route | last page | first event |"
    echo "|---|---|---|---|---|---|---|---|---|"
    echo "| $html_ms | $script_ms | $styles_ms | $first_page_ms | **$render_ms** | $again_ms | $search_ms | $last_page_ms | $event_ms |"
    echo
    echo "Router CPU (percent of one core) at $RATE req/s for ${RATE_SECONDS} s, after ${WARMUP_SECONDS} s of warm-up at that rate,"
    echo "without and with a dashboard open (an event stream read by curl -N, and the page of routes fetched once a second"
    echo "as the page does); p99 from send in ms:"
    echo
    echo "| round | CPU off | CPU on | added | p99 off / on | errors off / on | events read | pages fetched |"
    echo "|---|---|---|---|---|---|---|---|"
    printf '%s' "$rows"
    echo
    echo "Mean CPU $mean_off % without, $mean_on % with a dashboard open: **$added** percentage points."
    echo
    echo "Targets: first render ≤ 1,000 ms with 100,000 routes ($render_verdict: $render_ms ms with $DASHBOARD_ROUTES routes); an"
    echo "open dashboard adds ≤ 1 percentage point of CPU at 2,500 req/s ($cpu_verdict: $added at $RATE req/s)."
} >"$report"
log "report: $report"
cat "$report"
((failed == 0)) || die "$failed request errors (see $RUN_DIR)"

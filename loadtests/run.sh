#!/usr/bin/env bash
# Runs the router's standard load-test scenarios and writes a markdown report with plots to
# loadtests/results/. Installs missing Debian packages, builds everything in Release, stops every
# process it started (by PID) on exit or Ctrl-C. See loadtests/README.md.
set -euo pipefail

LOADTESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$LOADTESTS_DIR/.." && pwd)
ALL_CONTENDERS="direct,nginx,haproxy,bareyarp,router-nometrics,router,router-accesslog"
# Scenarios that run a standalone script (tls.sh, backend-tls.sh, ...) with processes of their own.
STANDALONE_SCENARIOS="tls,backend-tls,route-service,websocket,grpc,syslog,tracing,reload,restart,dashboard"
ALL_SCENARIOS="warmup,throughput,rate,churn,scale,$STANDALONE_SCENARIOS"
# A quick run leaves out the standalone scenarios unless --scenarios names them.
QUICK_SCENARIOS="warmup,throughput,rate,churn,scale"

usage() {
    cat <<EOF
usage: loadtests/run.sh [--quick] [--contenders LIST] [--scenarios LIST] [--skip-install] [--skip-build]

  --contenders LIST  comma-separated, from: $ALL_CONTENDERS (default: all)
  --scenarios LIST   comma-separated, from: $ALL_SCENARIOS (default: all; with --quick: all but $STANDALONE_SCENARIOS)
  --quick            short run (same as QUICK=1); report in results/tmp/quick/, latest.md untouched
  --skip-install     do not check or install Debian packages
  --skip-build       reuse the binaries already published under \$PUBLISH_DIR

Environment (defaults in brackets; QUICK=1 defaults after the slash):
  ROUNDS [5/1]  THROUGHPUT_SECONDS [10/3]  RATE [2500]  RATE_SECONDS [30/5]  CONNECTIONS [50]
  WARMUP_SECONDS [60/5]  SCALE_ROUTES ["10000 100000"/"10000"]  SCALE_ENDPOINTS [2]
  SCALE_SINGLE_SAMPLES [200/50]  SCALE_LOAD_SECONDS [20/5]
  CHURN_SECONDS [60/10]  CHURN_REGISTRATION_RATE [1000]  CHURN_ROUTES [1000]  CHURN_FRACTION [0.1]
  CHURN_STALE_SECONDS [10]  CHURN_PRUNE_WAIT [60/0]  HEARTBEAT_SECONDS [5]  SCALE_TIMEOUT [300]
  TLS_SECONDS [15/3]  TLS_WARMUP_SECONDS [10/2]  HANDSHAKE_CONNECTIONS [16]  BACKEND_TLS_SECONDS [15/3]
  ROUTE_SERVICE_SECONDS [15/3]  WEBSOCKET_SECONDS [15/3]  GRPC_SECONDS [15/3]  SYSLOG_SECONDS [15/3]
  SYSLOG_DOWN_SECONDS [300/10]  TRACING_SECONDS [15/3]  RELOAD_SECONDS [30/6]  RELOAD_INTERVAL [3/1]
  RESTART_ROUTES [1000]  RESTART_AFTER_SECONDS [25/5]  DASHBOARD_ROUTES [100000/10000]  DASHBOARD_ROUNDS [2/1]
    (tls also uses RATE, RATE_SECONDS, CONNECTIONS; backend-tls and websocket use ROUNDS and CONNECTIONS; route-service
     uses ROUNDS, CONNECTIONS and RATE, ROUTE_SERVICE_SECONDS for wrk and for the fixed rate;
     grpc uses ROUNDS and CONNECTIONS as its number of concurrent callers;
     syslog uses ROUNDS, SYSLOG_SECONDS for wrk, RATE, RATE_SECONDS, SYSLOG_DOWN_SECONDS (the fixed rate with the server
     down) and CONNECTIONS; tracing uses ROUNDS, TRACING_SECONDS for wrk, RATE, RATE_SECONDS and CONNECTIONS;
     reload uses RELOAD_SECONDS per wrk run, RELOAD_INTERVAL between SIGHUPs, RATE and CONNECTIONS;
     restart uses RESTART_ROUTES and probes RESTART_AFTER_SECONDS after each restart;
     dashboard uses DASHBOARD_ROUTES, DASHBOARD_ROUNDS, RATE, RATE_SECONDS and CONNECTIONS)
  PROXY_CPU [1]  LOAD_CPU [0]  BASE_PORT [18000]  RESULTS_DIR [loadtests/results]
  PUBLISH_DIR [\$RESULTS_DIR/tmp/publish]  ROUTER_EXTRA_YAML [unset: file appended to router.yaml]
  ROUTER_COMMAND [unset: command started instead of the published Router executable; gets --config FILE appended]
EOF
}

SKIP_INSTALL=${SKIP_INSTALL:-0}
SKIP_BUILD=${SKIP_BUILD:-0}
QUICK=${QUICK:-0}
CONTENDERS=${CONTENDERS:-$ALL_CONTENDERS}
SCENARIOS=${SCENARIOS:-}
while (($# > 0)); do
    case $1 in
    --contenders) CONTENDERS=${2:?--contenders needs a list}; shift 2 ;;
    --scenarios) SCENARIOS=${2:?--scenarios needs a list}; shift 2 ;;
    --quick) QUICK=1; shift ;;
    --skip-install) SKIP_INSTALL=1; shift ;;
    --skip-build) SKIP_BUILD=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
    esac
done

# quick FULL QUICK: the default for the current mode.
quick() { if [[ $QUICK == 1 ]]; then echo "$2"; else echo "$1"; fi; }
SCENARIOS=${SCENARIOS:-$(quick "$ALL_SCENARIOS" "$QUICK_SCENARIOS")}
ROUNDS=${ROUNDS:-$(quick 5 1)}
THROUGHPUT_SECONDS=${THROUGHPUT_SECONDS:-$(quick 10 3)}
RATE=${RATE:-2500}
RATE_SECONDS=${RATE_SECONDS:-$(quick 30 5)}
CONNECTIONS=${CONNECTIONS:-50}
WARMUP_SECONDS=${WARMUP_SECONDS:-$(quick 60 5)}
SCALE_ROUTES=${SCALE_ROUTES:-$(quick "10000 100000" "10000")}
SCALE_SINGLE_SAMPLES=${SCALE_SINGLE_SAMPLES:-$(quick 200 50)}
SCALE_LOAD_SECONDS=${SCALE_LOAD_SECONDS:-$(quick 20 5)}
SCALE_TIMEOUT=${SCALE_TIMEOUT:-300}
CHURN_SECONDS=${CHURN_SECONDS:-$(quick 60 10)}
CHURN_REGISTRATION_RATE=${CHURN_REGISTRATION_RATE:-1000}
CHURN_ROUTES=${CHURN_ROUTES:-1000}
CHURN_FRACTION=${CHURN_FRACTION:-0.1}
CHURN_STALE_SECONDS=${CHURN_STALE_SECONDS:-10}
CHURN_PRUNE_WAIT=${CHURN_PRUNE_WAIT:-$(quick 60 0)}
HEARTBEAT_SECONDS=${HEARTBEAT_SECONDS:-5}
TLS_SECONDS=${TLS_SECONDS:-$(quick 15 3)}
TLS_WARMUP_SECONDS=${TLS_WARMUP_SECONDS:-$(quick 10 2)}
HANDSHAKE_CONNECTIONS=${HANDSHAKE_CONNECTIONS:-16}
BACKEND_TLS_SECONDS=${BACKEND_TLS_SECONDS:-$(quick 15 3)}
ROUTE_SERVICE_SECONDS=${ROUTE_SERVICE_SECONDS:-$(quick 15 3)}
WEBSOCKET_SECONDS=${WEBSOCKET_SECONDS:-$(quick 15 3)}
GRPC_SECONDS=${GRPC_SECONDS:-$(quick 15 3)}
SYSLOG_SECONDS=${SYSLOG_SECONDS:-$(quick 15 3)}
SYSLOG_DOWN_SECONDS=${SYSLOG_DOWN_SECONDS:-$(quick 300 10)}
TRACING_SECONDS=${TRACING_SECONDS:-$(quick 15 3)}
RELOAD_SECONDS=${RELOAD_SECONDS:-$(quick 30 6)}
RELOAD_INTERVAL=${RELOAD_INTERVAL:-$(quick 3 1)}
RESTART_ROUTES=${RESTART_ROUTES:-1000}
RESTART_AFTER_SECONDS=${RESTART_AFTER_SECONDS:-$(quick 25 5)}
DASHBOARD_ROUTES=${DASHBOARD_ROUTES:-$(quick 100000 10000)}
DASHBOARD_ROUNDS=${DASHBOARD_ROUNDS:-$(quick 2 1)}
BASE_PORT=${BASE_PORT:-18000}
RESULTS_DIR=${RESULTS_DIR:-$LOADTESTS_DIR/results}
PUBLISH_DIR=${PUBLISH_DIR:-$RESULTS_DIR/tmp/publish}
RUN_DIR=$RESULTS_DIR/tmp/$(date -u +%Y%m%d-%H%M%S)

# shellcheck source=scripts/common.sh
source "$LOADTESTS_DIR/scripts/common.sh"
# shellcheck source=scripts/deps.sh
source "$LOADTESTS_DIR/scripts/deps.sh"
# shellcheck source=scripts/build.sh
source "$LOADTESTS_DIR/scripts/build.sh"
# shellcheck source=scripts/contenders.sh
source "$LOADTESTS_DIR/scripts/contenders.sh"
# shellcheck source=scripts/scenarios.sh
source "$LOADTESTS_DIR/scripts/scenarios.sh"
# shellcheck source=scripts/plan.sh
source "$LOADTESTS_DIR/scripts/plan.sh"

# Validates a comma/space separated list against the allowed names; prints it space-separated.
parse_list() {
    local kind=$1 allowed=$2 item result=()
    for item in ${3//,/ }; do
        [[ ",$allowed," == *",$item,"* ]] || die "unknown $kind '$item' (choose from $allowed)"
        result+=("$item")
    done
    ((${#result[@]} > 0)) || die "no $kind selected"
    echo "${result[@]}"
}
read -r -a CONTENDER_LIST <<<"$(parse_list contender "$ALL_CONTENDERS" "$CONTENDERS")"
read -r -a SCENARIO_LIST <<<"$(parse_list scenario "$ALL_SCENARIOS" "$SCENARIOS")"
require_integer 1 ROUNDS THROUGHPUT_SECONDS RATE RATE_SECONDS CONNECTIONS WARMUP_SECONDS SCALE_SINGLE_SAMPLES SCALE_LOAD_SECONDS \
    SCALE_TIMEOUT CHURN_SECONDS CHURN_REGISTRATION_RATE CHURN_ROUTES CHURN_STALE_SECONDS HEARTBEAT_SECONDS BASE_PORT \
    TLS_SECONDS HANDSHAKE_CONNECTIONS BACKEND_TLS_SECONDS ROUTE_SERVICE_SECONDS WEBSOCKET_SECONDS GRPC_SECONDS SYSLOG_SECONDS SYSLOG_DOWN_SECONDS TRACING_SECONDS \
    RESTART_ROUTES RESTART_AFTER_SECONDS RELOAD_SECONDS RELOAD_INTERVAL DASHBOARD_ROUTES DASHBOARD_ROUNDS
require_integer 0 CHURN_PRUNE_WAIT TLS_WARMUP_SECONDS
for routes in $SCALE_ROUTES; do
    [[ $routes =~ ^[1-9][0-9]*$ ]] || die "SCALE_ROUTES must hold positive integers, not '$routes'"
done
[[ $CHURN_FRACTION =~ ^(0(\.[0-9]+)?|1(\.0+)?)$ ]] || die "CHURN_FRACTION must be between 0 and 1, not '$CHURN_FRACTION'"

# The proxy gets one core to itself; everything else shares another.
if (($(nproc) >= 2)); then
    PROXY_CPU=${PROXY_CPU:-1}
    LOAD_CPU=${LOAD_CPU:-0}
else
    warn "only one CPU: nothing is pinned, results are not comparable with the anchors"
    PROXY_CPU=""
    LOAD_CPU=""
fi

set_pinning
mkdir -p "$RUN_DIR/logs"
install_traps
[[ $SKIP_INSTALL == 1 ]] || ensure_packages nats-server=nats-server wrk=wrk nginx=nginx-light haproxy=haproxy gnuplot=gnuplot-nox \
    openssl=openssl curl=curl rsyslogd=rsyslog
require_dotnet
build_plan
RUN_BUDGET_SECONDS=$((PLAN_SECONDS * 2 + 900))
write_meta
run_plan
log "done in $(elapsed_clock): $REPORT_PATH"

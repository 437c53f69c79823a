#!/usr/bin/env bash
# CI smoke test: a few seconds at a fixed 2,500 req/s through the router only, on 127.0.0.1.
# Exits non-zero when any request fails or answers outside 2xx, or when the router dies.
# Asserts nothing about timing. See loadtests/README.md.
set -euo pipefail

LOADTESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$LOADTESTS_DIR/.." && pwd)

SMOKE_SECONDS=${SMOKE_SECONDS:-5}
SMOKE_RATE=${SMOKE_RATE:-2500}
CONNECTIONS=${CONNECTIONS:-50}
SKIP_INSTALL=${SKIP_INSTALL:-0}
SKIP_BUILD=${SKIP_BUILD:-0}
BASE_PORT=${BASE_PORT:-19000}
RESULTS_DIR=${RESULTS_DIR:-$LOADTESTS_DIR/results}
PUBLISH_DIR=${PUBLISH_DIR:-$RESULTS_DIR/tmp/publish}
RUN_DIR=$RESULTS_DIR/tmp/smoke-$(date -u +%Y%m%d-%H%M%S)
RUN_BUDGET_SECONDS=900
HEARTBEAT_SECONDS=2
# CI machines vary: nothing is pinned.
PROXY_CPU=""
LOAD_CPU=""

# shellcheck source=scripts/common.sh
source "$LOADTESTS_DIR/scripts/common.sh"
# shellcheck source=scripts/deps.sh
source "$LOADTESTS_DIR/scripts/deps.sh"
# shellcheck source=scripts/build.sh
source "$LOADTESTS_DIR/scripts/build.sh"
# shellcheck source=scripts/contenders.sh
source "$LOADTESTS_DIR/scripts/contenders.sh"

require_integer 1 SMOKE_SECONDS SMOKE_RATE CONNECTIONS BASE_PORT
set_pinning
mkdir -p "$RUN_DIR/logs"
install_traps
[[ $SKIP_INSTALL == 1 ]] || ensure_packages nats-server=nats-server
require_dotnet

if [[ $SKIP_BUILD != 1 ]]; then
    log "building LoadGen and the router (Release)"
    publish_project loadgen loadtests/LoadGen/LoadGen.csproj
    [[ -n ${ROUTER_COMMAND:-} ]] || publish_project router src/Router/Router.csproj
fi

# nginx when installed (as in run.sh), otherwise LoadGen's own tiny backend.
backend=${SMOKE_BACKEND:-}
if [[ -z $backend ]]; then
    backend=loadgen
    find_bin nginx >/dev/null && backend=nginx
fi
[[ $backend == nginx || $backend == loadgen ]] || die "SMOKE_BACKEND must be nginx or loadgen, not '$backend'"
log "starting nats-server, backend ($backend), route heartbeat and the router"
start_nats
start_backend "$backend"
start_heartbeat
start_contender router

log "sending $SMOKE_RATE req/s for $SMOKE_SECONDS s through the router"
status=0
loadgen_tracked load "$RUN_DIR/logs/smoke-load.log" $((SMOKE_SECONDS + 60)) load --url "$(contender_url router)" \
    --host "$ROUTE_HOST" --rate "$SMOKE_RATE" --duration "$SMOKE_SECONDS" --connections "$CONNECTIONS" \
    --out "$RUN_DIR/smoke.json" --fail-on-error || status=$?
cat "$RUN_DIR/smoke.json" 2>/dev/null || cat "$RUN_DIR/logs/smoke-load.log" >&2

if ! kill -0 "$(pid_of router)" 2>/dev/null; then
    tail -20 "$RUN_DIR/logs/router.log" >&2
    die "the router exited during the smoke test"
fi
case $status in
0) log "smoke test passed: no errors, no non-2xx responses" ;;
3) die "smoke test failed: errors or non-2xx responses (details above and in $RUN_DIR/smoke.json)" ;;
*) die "smoke test failed: LoadGen exited with $status (logs in $RUN_DIR/logs)" ;;
esac

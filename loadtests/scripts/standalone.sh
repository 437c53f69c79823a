# shellcheck shell=bash
# The start of every standalone scenario script (backend-tls.sh, route-service.sh, websocket.sh, grpc.sh, tracing.sh,
# syslog.sh): the settings they share, a run directory named after the scenario, and the libraries they use.
# Sourced after the script has set LOADTESTS_DIR, SCENARIO, its own defaults (BASE_PORT among them) and
# RUN_BUDGET_SECONDS.

REPO_ROOT=$(cd "$LOADTESTS_DIR/.." && pwd)
CONNECTIONS=${CONNECTIONS:-50}
SKIP_INSTALL=${SKIP_INSTALL:-0}
SKIP_BUILD=${SKIP_BUILD:-0}
RESULTS_DIR=${RESULTS_DIR:-$LOADTESTS_DIR/results}
PUBLISH_DIR=${PUBLISH_DIR:-$RESULTS_DIR/tmp/publish}
RUN_DIR=${RUN_DIR:-$RESULTS_DIR/tmp/$SCENARIO-$(date -u +%Y%m%d-%H%M%S)}
HEARTBEAT_SECONDS=5

# shellcheck source=scripts/common.sh
source "$LOADTESTS_DIR/scripts/common.sh"
# shellcheck source=scripts/deps.sh
source "$LOADTESTS_DIR/scripts/deps.sh"
# shellcheck source=scripts/build.sh
source "$LOADTESTS_DIR/scripts/build.sh"
# shellcheck source=scripts/contenders.sh
source "$LOADTESTS_DIR/scripts/contenders.sh"
# shellcheck source=scripts/side-by-side.sh
source "$LOADTESTS_DIR/scripts/side-by-side.sh"

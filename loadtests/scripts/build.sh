# shellcheck shell=bash
# Publishes the router and the load-test helpers in Release. Sourced by run.sh and smoke.sh
# after REPO_ROOT and PUBLISH_DIR are set.

# publish_project NAME CSPROJ: dotnet publish -c Release into $PUBLISH_DIR/NAME.
publish_project() {
    local name=$1 project=$2 logfile="$PUBLISH_DIR/$1.build.log"
    mkdir -p "$PUBLISH_DIR"
    if ! timeout 900 dotnet publish "$REPO_ROOT/$project" -c Release -o "$PUBLISH_DIR/$name" --nologo >"$logfile" 2>&1; then
        grep -E ' error |error [A-Z]+[0-9]+' "$logfile" | sort -u | head -20 >&2 || true
        die "building $project failed (full log: $logfile)"
    fi
}

# Paths of the published entry points, used by contenders.sh and the scenario steps.
LOADGEN_DLL="$PUBLISH_DIR/loadgen/LoadGen.dll"
# shellcheck disable=SC2034
BAREFORWARDER_DLL="$PUBLISH_DIR/bareforwarder/BareForwarder.dll"
# The router publishes self-contained (src/Router/Router.csproj): its own executable, no dotnet host.
# shellcheck disable=SC2034
ROUTER_BIN="$PUBLISH_DIR/router/Router"

# loadgen ARGS...: a short LoadGen command (probe, /routes read) on the load-tool core, its output
# on stdout; killed after 10 minutes should it hang. --foreground keeps it in this script's
# process group, so a Ctrl-C in the terminal reaches it too.
loadgen() { timeout --foreground -k 5 600 "${LOAD_PIN[@]}" dotnet "$LOADGEN_DLL" "$@"; }

# loadgen_tracked NAME OUTPUT LIMIT ARGS...: a long LoadGen run on the load-tool core, through
# run_tracked so an interrupt stops it at once; stdout and stderr go to OUTPUT.
loadgen_tracked() {
    local name=$1 output=$2 limit=$3
    shift 3
    run_tracked "$name" "$output" "$limit" "${LOAD_PIN[@]}" dotnet "$LOADGEN_DLL" "$@"
}

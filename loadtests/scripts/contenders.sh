# shellcheck shell=bash
# Starting and stopping the backend, nats-server, the route heartbeat and every contender.
# Sourced by run.sh and smoke.sh after common.sh and build.sh; expects LOADTESTS_DIR, RUN_DIR,
# BASE_PORT, PROXY_CPU and LOAD_CPU.

ROUTE_HOST=app.loadtest
ROUTER_USER=loadtest
ROUTER_PASS=loadtest

BACKEND_PORT=$((BASE_PORT + 80))
BACKEND_STATUS_PORT=$((BASE_PORT + 79))
NATS_PORT=$((BASE_PORT + 222))

# Every contender listens on its own port so all can stay up and be interleaved.
contender_port() {
    case $1 in
    direct) echo "$BACKEND_PORT" ;;
    nginx) echo $((BASE_PORT + 81)) ;;
    haproxy) echo $((BASE_PORT + 82)) ;;
    bareyarp) echo $((BASE_PORT + 83)) ;;
    router) echo $((BASE_PORT + 90)) ;;
    router-accesslog) echo $((BASE_PORT + 100)) ;;
    router-scale) echo $((BASE_PORT + 110)) ;;
    router-nometrics) echo $((BASE_PORT + 120)) ;;
    *) die "unknown contender '$1'" ;;
    esac
}

contender_url() { echo "http://127.0.0.1:$(contender_port "$1")/"; }

# The PID whose CPU and memory count for a contender; the backend's for "direct".
contender_pid() {
    case $1 in
    direct) pid_of backend ;;
    *) pid_of "$1" ;;
    esac
}

is_dotnet_contender() { [[ $1 == bareyarp || $1 == router* ]]; }

# Fills a template's @NAME@ placeholders from the variables of the same name.
render() {
    local template=$1 output=$2
    sed -e "s#@RUN_DIR@#$RUN_DIR#g" \
        -e "s#@BACKEND_PORT@#$BACKEND_PORT#g" \
        -e "s#@BACKEND_STATUS_PORT@#$BACKEND_STATUS_PORT#g" \
        -e "s#@PORT@#${RENDER_PORT:-}#g" \
        -e "s#@EXTRA_LISTEN@#${RENDER_EXTRA_LISTEN:-}#g" \
        "$template" >"$output"
}

# start_backend [nginx|loadgen] [ADDRESSES]: the "ok\n" backend on the load core. With ADDRESSES > 1
# nginx listens on BACKEND_PORT of 127.0.0.1 ... 127.0.0.ADDRESSES, so routes registered with that
# many endpoints (`register --endpoint-spread addresses`) have every endpoint alive. The other
# loopback addresses need no set-up on Linux: all of 127.0.0.0/8 is local.
start_backend() {
    local kind=${1:-nginx} addresses=${2:-1} extra="" i nginx
    require_ports_free "$BACKEND_PORT"
    if [[ $kind == loadgen ]]; then
        ((addresses == 1)) || die "the LoadGen backend listens on 127.0.0.1 only; use nginx for $addresses addresses"
        start_process backend "$LOAD_CPU" "$RUN_DIR/logs/backend.log" dotnet "$LOADGEN_DLL" backend --port "$BACKEND_PORT" --duration "$RUN_BUDGET_SECONDS"
    else
        nginx=$(find_bin nginx) || die "nginx is not installed"
        for ((i = 2; i <= addresses; i++)); do
            extra+=" listen 127.0.0.$i:$BACKEND_PORT;"
        done
        mkdir -p "$RUN_DIR/nginx-temp/backend"
        RENDER_EXTRA_LISTEN=$extra render "$LOADTESTS_DIR/nginx/backend.conf.in" "$RUN_DIR/backend-nginx.conf"
        require_ports_free "$BACKEND_STATUS_PORT"
        start_process backend "$LOAD_CPU" "$RUN_DIR/logs/backend.log" "$nginx" -c "$RUN_DIR/backend-nginx.conf" -e "$RUN_DIR/logs/backend-nginx.error.log"
    fi
    wait_tcp "$BACKEND_PORT" 15 backend
}

start_nats() {
    local nats
    nats=$(find_bin nats-server) || die "nats-server is not installed"
    require_ports_free "$NATS_PORT"
    start_process nats "$LOAD_CPU" "$RUN_DIR/logs/nats.log" "$nats" -a 127.0.0.1 -p "$NATS_PORT"
    wait_tcp "$NATS_PORT" 15 nats-server
}

# Registers app.loadtest -> backend every HEARTBEAT_SECONDS, as route-registrar would.
start_heartbeat() {
    start_process heartbeat "$LOAD_CPU" "$RUN_DIR/logs/heartbeat.log" \
        dotnet "$LOADGEN_DLL" register --nats "127.0.0.1:$NATS_PORT" --routes 1 --host-template "$ROUTE_HOST" \
        --backend-port "$BACKEND_PORT" --heartbeat-seconds "${HEARTBEAT_SECONDS:-5}" --duration "$RUN_BUDGET_SECONDS"
}

# write_router_yaml FILE PORT ACCESS_LOG(0|1) [PER_REQUEST_METRICS(true|false)]: Gorouter-style
# configuration for one router.
write_router_yaml() {
    local file=$1 port=$2 access_log=$3 per_request_metrics=${4:-true} access_file='""'
    [[ $access_log == 1 ]] && access_file="\"$RUN_DIR/logs/access-$port.log\""
    cat >"$file" <<EOF
# Written by loadtests/scripts/contenders.sh for one load-test run.
port: $port
status:
  port: $((port + 1))
  user: $ROUTER_USER
  pass: $ROUTER_PASS
  routes:
    port: $((port + 2))
prometheus:
  enabled: true
  port: $((port + 3))
nats:
  hosts:
    - hostname: 127.0.0.1
      port: $NATS_PORT
start_response_delay_interval: 1s
per_request_metrics_reporting: $per_request_metrics
access_log:
  file: $access_file
logging:
  level: info
EOF
    if [[ -n ${ROUTER_EXTRA_YAML:-} ]]; then
        cat "$ROUTER_EXTRA_YAML" >>"$file"
    fi
}

routes_url() { echo "http://127.0.0.1:$(($(contender_port "$1") + 2))/routes"; }

start_router() {
    local name=$1 port access_log=0 per_request_metrics=true
    port=$(contender_port "$name")
    [[ $name == router-accesslog ]] && access_log=1
    [[ $name == router-nometrics ]] && per_request_metrics=false
    local -a command=("$ROUTER_BIN")
    if [[ -n ${ROUTER_COMMAND:-} ]]; then
        read -r -a command <<<"$ROUTER_COMMAND"
    else
        [[ -x $ROUTER_BIN ]] || die "router not built ($ROUTER_BIN missing)"
    fi
    # The runtime settings the container image carries (Dockerfile, docs/operations.md "Runtime tuning"):
    # methods are counted for tier-up from the first call, so the router reaches full speed within seconds,
    # and the JIT keeps no cache of scratch memory between compilations.
    command=(env "DOTNET_TC_CallCountingDelayMs=${DOTNET_TC_CallCountingDelayMs:-0}"
        "DOTNET_JitHostMaxSlabCache=${DOTNET_JitHostMaxSlabCache:-0}" "${command[@]}")
    require_ports_free "$port" $((port + 1)) $((port + 2)) $((port + 3))
    write_router_yaml "$RUN_DIR/$name.yaml" "$port" "$access_log" "$per_request_metrics"
    start_process "$name" "$PROXY_CPU" "$RUN_DIR/logs/$name.log" "${command[@]}" --config "$RUN_DIR/$name.yaml"
    if ! loadgen routable --router "http://127.0.0.1:$((port + 1))" --path /health --timeout 60 \
        --watch-pid "$(pid_of "$name")" >/dev/null; then
        tail -20 "$RUN_DIR/logs/$name.log" >&2
        die "$name exited or did not report healthy on 127.0.0.1:$((port + 1))/health within 60 s"
    fi
}

start_contender() {
    local name=$1 port nginx haproxy
    port=$(contender_port "$name")
    case $name in
    direct) ;;
    nginx)
        nginx=$(find_bin nginx) || die "nginx is not installed"
        require_ports_free "$port"
        mkdir -p "$RUN_DIR/nginx-temp/proxy"
        RENDER_PORT=$port render "$LOADTESTS_DIR/nginx/proxy.conf.in" "$RUN_DIR/proxy-nginx.conf"
        start_process nginx "$PROXY_CPU" "$RUN_DIR/logs/nginx.log" "$nginx" -c "$RUN_DIR/proxy-nginx.conf" -e "$RUN_DIR/logs/nginx.error.log"
        ;;
    haproxy)
        haproxy=$(find_bin haproxy) || die "haproxy is not installed"
        require_ports_free "$port"
        RENDER_PORT=$port render "$LOADTESTS_DIR/scripts/haproxy.cfg.in" "$RUN_DIR/haproxy.cfg"
        start_process haproxy "$PROXY_CPU" "$RUN_DIR/logs/haproxy.log" "$haproxy" -f "$RUN_DIR/haproxy.cfg" -db
        ;;
    bareyarp)
        require_ports_free "$port"
        start_process bareyarp "$PROXY_CPU" "$RUN_DIR/logs/bareyarp.log" \
            dotnet "$BAREFORWARDER_DLL" --port "$port" --backend "http://127.0.0.1:$BACKEND_PORT/"
        ;;
    router*) start_router "$name" ;;
    *) die "unknown contender '$name'" ;;
    esac
    wait_routable "$name" 60
}

# wait_routable NAME TIMEOUT: until the contender answers 200 for app.loadtest.
wait_routable() {
    local name=$1 timeout=$2
    if ! loadgen routable --router "$(contender_url "$name")" --host "$ROUTE_HOST" --timeout "$timeout" \
        --poll-ms 50 --watch-pid "$(contender_pid "$name")" >/dev/null; then
        [[ -f $RUN_DIR/logs/$name.log ]] && tail -20 "$RUN_DIR/logs/$name.log" >&2
        die "$name exited or did not answer 200 for $ROUTE_HOST within $timeout s"
    fi
}

stop_contender() {
    [[ $1 == direct ]] || stop_process "$1"
}

# shellcheck shell=bash
# What the standalone two-route scripts (backend-tls.sh, route-service.sh) share: one router on PROXY_CPU and
# everything else on LOAD_CPU, the binaries they publish, a throwaway openssl CA, and wrk on one route.
# Sourced after common.sh, deps.sh, build.sh and contenders.sh; expects RUN_DIR, SKIP_INSTALL, SKIP_BUILD,
# SECONDS_PER_RUN, CONNECTIONS.

# side_by_side_setup: pinning, traps, packages and the published router, LoadGen and route emitter.
side_by_side_setup() {
    default_pinning
    mkdir -p "$RUN_DIR/logs" "$RUN_DIR/certs" "$RUN_DIR/nginx-temp/backend"
    install_traps
    [[ $SKIP_INSTALL == 1 ]] || ensure_packages nats-server=nats-server wrk=wrk nginx=nginx-light openssl=openssl
    require_dotnet
    if [[ $SKIP_BUILD != 1 ]]; then
        log "publishing LoadGen, the route emitter and the router (Release)"
        publish_project loadgen loadtests/LoadGen/LoadGen.csproj
        publish_project emitter src/RouteEmitterClient/RouteEmitterClient.csproj
        publish_project router src/Router/Router.csproj
    fi
}

# issue_certificate NAME CN EXTENSIONS: a P-256 key and certificate $RUN_DIR/certs/NAME.{key,pem} for CN, signed by
# the run's throwaway CA (made on first use), with EXTENSIONS (openssl extension lines) added.
issue_certificate() {
    local certs=$RUN_DIR/certs name=$1 cn=$2 extensions=$3
    if [[ ! -f $certs/ca.pem ]]; then
        openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=Load Test CA" \
            -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
            -keyout "$certs/ca.key" -out "$certs/ca.pem" 2>>"$RUN_DIR/logs/openssl.log"
    fi
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$cn" \
        -keyout "$certs/$name.key" -out "$certs/$name.csr" 2>>"$RUN_DIR/logs/openssl.log"
    printf '%s\nextendedKeyUsage=serverAuth\n' "$extensions" >"$certs/$name.ext"
    openssl x509 -req -days 2 -in "$certs/$name.csr" -CA "$certs/ca.pem" -CAkey "$certs/ca.key" -CAcreateserial \
        -extfile "$certs/$name.ext" -out "$certs/$name.pem" 2>>"$RUN_DIR/logs/openssl.log"
}

# ca_certs_yaml FILE [EXTRA_LINE]: router.yaml lines trusting the throwaway CA, after EXTRA_LINE.
ca_certs_yaml() {
    {
        [[ -z ${2:-} ]] || echo "$2"
        echo "ca_certs:"
        echo "- |"
        sed 's/^/  /' "$RUN_DIR/certs/ca.pem"
    } >"$1"
}

# run_wrk HOST OUTPUT: closed-loop keep-alive load through the router for one route.
run_wrk() {
    run_tracked wrk "$2" $((SECONDS_PER_RUN + 30)) "${LOAD_PIN[@]}" "$(find_bin wrk)" -t1 -c"$CONNECTIONS" \
        -d"${SECONDS_PER_RUN}s" -H "Host: $1" "$(contender_url router)" || warn "wrk for $1 failed (see $2)"
}
rate_of() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }
errors_of() { awk '/Non-2xx|Socket errors/ { n++ } END { print n + 0 }' "$1"; }

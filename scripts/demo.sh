#!/usr/bin/env bash
# Runs the router end to end on this machine: nats-server, the router, and two sample backends ("blue" and
# "green") that register the route demo.localhost over NATS; then sends a few requests through the router to show
# them alternating between the two, prints what to try next, and keeps everything running until Ctrl-C.
#
# Needs a Debian machine (or container) with the .NET 10 SDK; installs nats-server (and curl) with apt-get when
# missing, as root or through sudo. Every process it starts is stopped again, by PID, when it exits.
#
#   scripts/demo.sh                              interactive: runs until Ctrl-C
#   DEMO_REQUESTS=10 scripts/demo.sh             number of requests sent through the router (default 6)
#   DEMO_EXIT_AFTER=1 scripts/demo.sh            exit after showing the alternation (status 1 if it did not alternate)
#   scripts/demo.sh --tls                        TLS at every hop: a throwaway CA made with openssl; the backends
#                                                serve HTTPS with instance identity certificates and require the
#                                                router's client certificate; the router also gets an HTTPS listener
#                                                with client certificates (mTLS) and X-Forwarded-Client-Cert
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

TLS=0
for arg in "$@"; do
  case "$arg" in
    --tls) TLS=1 ;;
    *) printf 'demo: unknown argument %s (only --tls)\n' "$arg" >&2; exit 2 ;;
  esac
done
DEMO_REQUESTS=${DEMO_REQUESTS:-6}
DEMO_EXIT_AFTER=${DEMO_EXIT_AFTER:-0}
ROUTE=demo.localhost
APP_GUID=6f1c2b9e-5d1a-4c33-9a57-0d3e2c1b7a10
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '==> %s\n' "$*"; }
die() { printf 'demo: %s\n' "$*" >&2; exit 1; }

case "$DEMO_REQUESTS" in '' | *[!0-9]*) die "DEMO_REQUESTS must be a whole number, got '$DEMO_REQUESTS'" ;; esac

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "run as root or install sudo, or install the missing package yourself: $*"
  fi
}

APT_UPDATED=
ensure_package() { # command package
  if command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ]; then return; fi
  log "installing $2 (Debian package)"
  if [ -z "$APT_UPDATED" ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}

# --- Ports -------------------------------------------------------------------------------------
CHOSEN_PORTS=" "
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pick_port() { # preferred -> prints the preferred port when free, else a free one
  local port=$1 tries=0
  while port_in_use "$port" || [[ "$CHOSEN_PORTS" == *" $port "* ]]; do
    tries=$((tries + 1))
    [ "$tries" -le 100 ] || die "no free TCP port found on 127.0.0.1"
    port=$((20000 + RANDOM % 40000))
  done
  CHOSEN_PORTS="$CHOSEN_PORTS$port "
  echo "$port"
}

# --- Processes ---------------------------------------------------------------------------------
PIDS=()
NAMES=()
start() { # name command... ; output goes to $LOGDIR/name.log
  local name=$1
  shift
  # Each process gets its own session, so a Ctrl-C in the terminal reaches only this script, which then stops the
  # backends first (they unregister while the router and NATS are still up). setsid keeps the PID: a background
  # child of a script is never a process-group leader, so setsid does not need to fork.
  if command -v setsid >/dev/null 2>&1; then
    setsid "$@" >"$LOGDIR/$name.log" 2>&1 &
  else
    "$@" >"$LOGDIR/$name.log" 2>&1 &
  fi
  PIDS+=("$!")
  NAMES+=("$name")
}

pid_of() { # name
  local i
  for i in "${!NAMES[@]}"; do
    if [ "${NAMES[$i]}" = "$1" ]; then echo "${PIDS[$i]}"; return; fi
  done
}

alive() { kill -0 "$1" 2>/dev/null; }

stop_one() { # pid name: SIGTERM, up to 10 s for a clean exit (backends unregister), then SIGKILL
  local pid=$1 name=$2 waited=0
  alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  while alive "$pid" && [ "$waited" -lt 100 ]; do sleep 0.1; waited=$((waited + 1)); done
  if alive "$pid"; then
    printf '    %s (pid %s) did not stop in 10 s; killing it\n' "$name" "$pid"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local status=$1 i
  trap - EXIT INT TERM
  # Newest first: the backends unregister while the router and NATS are still up.
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    log "stopping ${NAMES[$i]} (pid ${PIDS[$i]})"
    stop_one "${PIDS[$i]}" "${NAMES[$i]}"
  done
  [ -n "${LOGDIR:-}" ] && log "logs kept in $LOGDIR"
  exit "$status"
}
trap 'cleanup $?' EXIT
trap 'echo; cleanup 0' INT TERM

wait_until() { # description timeout-seconds process-name command... ; fails early when the process died
  local what=$1 timeout=$2 name=$3 deadline
  shift 3
  deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if [ -n "$name" ] && ! alive "$(pid_of "$name")"; then
      echo "---- last lines of $LOGDIR/$name.log" >&2
      tail -n 30 "$LOGDIR/$name.log" >&2 || true
      die "$name exited while waiting until $what"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "---- last lines of $LOGDIR/$name.log" >&2
      tail -n 30 "$LOGDIR/$name.log" >&2 || true
      die "timed out after ${timeout}s waiting until $what"
    fi
    sleep 0.2
  done
}

# --- Requirements and build --------------------------------------------------------------------
command -v dotnet >/dev/null || die "the .NET 10 SDK (dotnet) is required"
ensure_package nats-server nats-server
ensure_package curl curl
if [ "$TLS" = 1 ]; then ensure_package openssl openssl; fi
NATS_SERVER=$(command -v nats-server || echo /usr/sbin/nats-server)

LOGDIR=$(mktemp -d "${TMPDIR:-/tmp}/router-demo.XXXXXX")
log "logs of every process go to $LOGDIR"

log "building the router and the sample backend (Release)"
for project in src/Router/Router.csproj samples/SampleBackend/SampleBackend.csproj; do
  if ! dotnet build "$project" -c Release -nologo -v quiet >"$LOGDIR/build.log" 2>&1; then
    grep -E 'error|Error' "$LOGDIR/build.log" | sort -u | head -n 30 >&2 || tail -n 30 "$LOGDIR/build.log" >&2
    die "building $project failed (full output: $LOGDIR/build.log)"
  fi
done
ROUTER_DLL=$ROOT/src/Router/bin/Release/net10.0/Router.dll
BACKEND_DLL=$ROOT/samples/SampleBackend/bin/Release/net10.0/SampleBackend.dll

# --- Configuration -----------------------------------------------------------------------------
NATS_PORT=$(pick_port 4222)
PROXY_PORT=$(pick_port 8081)
HEALTH_PORT=$(pick_port 8080)
ROUTES_PORT=$(pick_port 8082)
METRICS_PORT=$(pick_port 9091)
BLUE_PORT=$(pick_port 5001)
GREEN_PORT=$(pick_port 5002)
SSL_PORT=$(pick_port 8443)

# The repository's router.yaml with this run's ports, the chosen NATS server, listeners on loopback only, and a
# one-second start-up delay (which is also the heartbeat interval the router asks the backends for).
awk -v nats="$NATS_PORT" -v proxy="$PROXY_PORT" -v health="$HEALTH_PORT" -v routes="$ROUTES_PORT" \
  -v metrics="$METRICS_PORT" '
  /^[A-Za-z_]/ { section = $1; sub(":.*", "", section); sub2 = "" }
  /^  [A-Za-z_]/ { sub2 = $1; sub(":.*", "", sub2) }
  section == "port" && /^port:/                { print "port: " proxy; done["port"]++; next }
  section == "bind_address"                    { print "bind_address: 127.0.0.1"; done["bind"]++; next }
  section == "status" && /^  host:/            { print "  host: 127.0.0.1"; next }
  section == "status" && /^  port:/            { print "  port: " health; done["status"]++; next }
  section == "status" && sub2 == "routes" && /^    port:/ { print "    port: " routes; done["routes"]++; next }
  section == "prometheus" && /^  host:/        { print "  host: 127.0.0.1"; next }
  section == "prometheus" && /^  port:/        { print "  port: " metrics; done["metrics"]++; next }
  section == "nats" && /hostname:/             { sub("hostname:.*", "hostname: 127.0.0.1"); print; done["nats_host"]++; next }
  section == "nats" && /^    port:/            { print "    port: " nats; done["nats_port"]++; next }
  section == "start_response_delay_interval"   { print "start_response_delay_interval: 1s"; done["delay"]++; next }
  { print }
  END {
    n = split("port bind status routes metrics nats_host nats_port delay", keys, " ")
    for (i = 1; i <= n; i++) if (done[keys[i]] != 1) { print "router.yaml: could not set " keys[i] > "/dev/stderr"; exit 1 }
  }' router.yaml >"$LOGDIR/router.yaml" || die "could not derive $LOGDIR/router.yaml from router.yaml"

yaml_status_value() { # key under status:, comments and quotes removed
  awk -v key="$1" '
    /^[A-Za-z_]/ { section = $1 }
    section == "status:" && $1 == key ":" {
      sub("^[^:]*:[ \t]*", ""); sub("[ \t]+#.*$", ""); gsub("^[\"\047]|[\"\047]$", ""); print; exit
    }' "$LOGDIR/router.yaml"
}
STATUS_USER=$(yaml_status_value user)
STATUS_PASS=$(yaml_status_value pass)

# --- TLS material and configuration (--tls) ------------------------------------------------------
BLUE_ID=$(cat /proc/sys/kernel/random/uuid)
GREEN_ID=$(cat /proc/sys/kernel/random/uuid)
if [ "$TLS" = 1 ]; then
  CERTS=$LOGDIR/certs
  mkdir -p "$CERTS"
  log "making a throwaway CA and certificates with openssl in $CERTS"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=Router Demo CA" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
    -keyout "$CERTS/ca.key" -out "$CERTS/ca.pem" 2>"$LOGDIR/openssl.log"
  issue() { # file common-name extensions
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$2" \
      -keyout "$CERTS/$1.key" -out "$CERTS/$1.csr" 2>>"$LOGDIR/openssl.log"
    printf '%b\n' "$3" >"$CERTS/$1.ext"
    openssl x509 -req -days 2 -in "$CERTS/$1.csr" -CA "$CERTS/ca.pem" -CAkey "$CERTS/ca.key" -CAcreateserial \
      -extfile "$CERTS/$1.ext" -out "$CERTS/$1.pem" 2>>"$LOGDIR/openssl.log"
  }
  # The router's HTTPS certificate, a client certificate for curl, the router's own client certificate toward
  # the backends, and one instance identity certificate per backend whose SAN is its instance id.
  issue router-https "$ROUTE" "subjectAltName=DNS:$ROUTE,DNS:*.localhost\nextendedKeyUsage=serverAuth"
  issue curl-client demo-client "extendedKeyUsage=clientAuth"
  issue router-client gorouter.service.cf.internal "extendedKeyUsage=clientAuth"
  issue blue "$BLUE_ID" "subjectAltName=DNS:$BLUE_ID\nextendedKeyUsage=serverAuth"
  issue green "$GREEN_ID" "subjectAltName=DNS:$GREEN_ID\nextendedKeyUsage=serverAuth"

  pem() { sed "s/^/$1/" "$2"; } # prefix file: the file indented by prefix, for a YAML block
  # Backend TLS: the router's client certificate goes under backends:, sanitize_set replaces always_forward, and
  # the client-TLS keys of router.yaml give way to the ones appended below.
  {
    echo "  cert_chain: |"; pem "    " "$CERTS/router-client.pem"
    echo "  private_key: |"; pem "    " "$CERTS/router-client.key"
  } >"$LOGDIR/backends-tls.yaml"
  awk -v block="$LOGDIR/backends-tls.yaml" '
    /^forwarded_client_cert:/ { print "forwarded_client_cert: sanitize_set"; next }
    /^(enable_ssl|ssl_port|cipher_suites|min_tls_version|max_tls_version|client_cert_validation|client_ca_certs|ca_certs):/ { next }
    /^backends:/ { print; while ((getline line < block) > 0) print line; next }
    { print }' "$LOGDIR/router.yaml" >"$LOGDIR/router.yaml.new"
  mv "$LOGDIR/router.yaml.new" "$LOGDIR/router.yaml"
  rm -f "$LOGDIR/backends-tls.yaml"
  # Roots for the backends' certificates, and client TLS with Gorouter's keys.
  {
    echo
    echo "# --- added by scripts/demo.sh --tls"
    echo "ca_certs:"
    echo "- |"; pem "  " "$CERTS/ca.pem"
    echo "enable_ssl: true"
    echo "ssl_port: $SSL_PORT"
    echo "tls_pem:"
    echo "- cert_chain: |"; pem "    " "$CERTS/router-https.pem"
    echo "  private_key: |"; pem "    " "$CERTS/router-https.key"
    echo "cipher_suites: ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"
    echo "min_tls_version: TLSv1.2"
    echo "max_tls_version: TLSv1.3"
    echo "client_cert_validation: request"
    echo "client_ca_certs: |"; pem "  " "$CERTS/ca.pem"
  } >>"$LOGDIR/router.yaml"
fi

# --- Start everything --------------------------------------------------------------------------
log "starting nats-server on 127.0.0.1:$NATS_PORT"
start nats-server "$NATS_SERVER" -a 127.0.0.1 -p "$NATS_PORT"
wait_until "nats-server accepts connections" 10 nats-server port_in_use "$NATS_PORT"

log "starting the router (proxy on 127.0.0.1:$PROXY_PORT, config $LOGDIR/router.yaml)"
start router dotnet "$ROUTER_DLL" --config "$LOGDIR/router.yaml"
router_healthy() { [ "$(curl -fsS -m 2 "http://127.0.0.1:$HEALTH_PORT/health")" = ok ]; }
wait_until "the router reports healthy on :$HEALTH_PORT/health" 60 router router_healthy

for backend in blue:$BLUE_PORT:0:$BLUE_ID green:$GREEN_PORT:1:$GREEN_ID; do
  IFS=: read -r name port index id <<<"$backend"
  tls_args=()
  if [ "$TLS" = 1 ]; then
    # HTTPS only, with the instance identity certificate, requiring a client certificate from the demo CA.
    tls_args=(--tls-cert "$CERTS/$name.pem" --tls-key "$CERTS/$name.key" --client-ca "$CERTS/ca.pem")
    log "starting backend $name on https://127.0.0.1:$port, instance $id (registers $ROUTE with tls_port over NATS)"
  else
    log "starting backend $name on 127.0.0.1:$port (registers $ROUTE over NATS)"
  fi
  start "$name" dotnet "$BACKEND_DLL" --name "$name" --route "$ROUTE" --nats "nats://127.0.0.1:$NATS_PORT" \
    --port "$port" --index "$index" --app "$APP_GUID" --instance-id "$id" "${tls_args[@]}"
done

routes_json() { curl -fsS -m 2 -u "$STATUS_USER:$STATUS_PASS" "http://127.0.0.1:$ROUTES_PORT/routes"; }
both_registered() {
  local json
  json=$(routes_json) || return 1
  [[ "$json" == *"\"$ROUTE\""* && "$json" == *"127.0.0.1:$BLUE_PORT"* && "$json" == *"127.0.0.1:$GREEN_PORT"* ]]
}
wait_until "blue and green appear in /routes" 60 green both_registered
log "both backends are in the route table:"
routes_json | sed 's/^/    /'
echo

# --- Show the alternation ----------------------------------------------------------------------
log "sending $DEMO_REQUESTS requests: curl -s -H 'Host: $ROUTE' http://127.0.0.1:$PROXY_PORT/"
previous=
seen_blue=0
seen_green=0
alternating=1
for ((i = 1; i <= DEMO_REQUESTS; i++)); do
  answer=$(curl -sS -m 5 -H "Host: $ROUTE" "http://127.0.0.1:$PROXY_PORT/" 2>&1 || true)
  printf '    %2d  %s\n' "$i" "$answer"
  case "$answer" in
    *"from blue"*) current=blue; seen_blue=1 ;;
    *"from green"*) current=green; seen_green=1 ;;
    *) current=other; alternating=0 ;;
  esac
  if [ "$current" = "$previous" ]; then alternating=0; fi
  previous=$current
done
if [ "$DEMO_REQUESTS" -ge 2 ]; then
  if [ "$alternating" -eq 1 ] && [ "$seen_blue" -eq 1 ] && [ "$seen_green" -eq 1 ]; then
    log "the router alternated between blue and green (round-robin)"
  else
    log "the answers did not alternate between blue and green; see $LOGDIR/router.log"
    [ "$DEMO_EXIT_AFTER" = 1 ] && exit 1
  fi
fi

cat <<EOF

Route dashboard (the live route table in a browser; docs/dashboard.md):
  http://127.0.0.1:$ROUTES_PORT/dashboard   user: $STATUS_USER   password: $STATUS_PASS

Try next (logs: $LOGDIR):
  # a request through the router, and a slow one
  curl -s -H 'Host: $ROUTE' http://127.0.0.1:$PROXY_PORT/
  curl -s -H 'Host: $ROUTE' 'http://127.0.0.1:$PROXY_PORT/slow?ms=500'
  # one instance only (green has index 1), and an unknown route (404, X-Cf-Routererror: unknown_route)
  curl -s -H 'Host: $ROUTE' -H 'X-CF-APP-INSTANCE: $APP_GUID:1' http://127.0.0.1:$PROXY_PORT/
  curl -si -H 'Host: nothing.localhost' http://127.0.0.1:$PROXY_PORT/
  # the route table, metrics and health
  curl -s -u '$STATUS_USER:$STATUS_PASS' http://127.0.0.1:$ROUTES_PORT/routes
  # the dashboard's data: one page of routes, and its live summary (one event a second)
  curl -s -u '$STATUS_USER:$STATUS_PASS' 'http://127.0.0.1:$ROUTES_PORT/dashboard/api/routes?q=demo&size=10'
  curl -sN -u '$STATUS_USER:$STATUS_PASS' http://127.0.0.1:$ROUTES_PORT/dashboard/events
  curl -s http://127.0.0.1:$METRICS_PORT/metrics | grep -E '^(total_routes|total_requests|responses)'
  curl -s http://127.0.0.1:$HEALTH_PORT/health
  # stop blue: it unregisters on the way out, and /routes then lists green alone
  kill $(pid_of blue)
  # watch the router (access log and registry changes)
  tail -f $LOGDIR/router.log
EOF

if [ "$TLS" = 1 ]; then
  CURL_TLS="curl -s --cacert $CERTS/ca.pem --resolve $ROUTE:$SSL_PORT:127.0.0.1"
  cat <<EOF
  # --tls: the answers above came from blue and green over TLS: the router checked each certificate for the
  # instance id registered as server_cert_domain_san and presented $CERTS/router-client.pem to them.
  # route integrity: an impostor registers a new instance id but serves blue's certificate. Every answer still
  # comes from blue or green: the request sent to the impostor fails the name check, is retried on another
  # instance, and the impostor is dropped from /routes at once (its next heartbeat adds it back); the router log
  # names it (backend-endpoint-failed ... certificate is valid for <blue's id>, not <impostor's id>).
  dotnet $BACKEND_DLL --name impostor --route $ROUTE --nats nats://127.0.0.1:$NATS_PORT --instance-id \$(cat /proc/sys/kernel/random/uuid) --tls-cert $CERTS/blue.pem --tls-key $CERTS/blue.key &
  for i in 1 2 3 4; do curl -s -H 'Host: $ROUTE' http://127.0.0.1:$PROXY_PORT/; done
  curl -s -u '$STATUS_USER:$STATUS_PASS' http://127.0.0.1:$ROUTES_PORT/routes
  # Client TLS on :$SSL_PORT (the router's certificate names $ROUTE; mTLS with client_cert_validation: request):
  $CURL_TLS https://$ROUTE:$SSL_PORT/
  # with a client certificate the app gets it, base64 DER, in X-Forwarded-Client-Cert (forwarded_client_cert: sanitize_set)
  $CURL_TLS --cert $CERTS/curl-client.pem --key $CERTS/curl-client.key https://$ROUTE:$SSL_PORT/headers
  # a forged X-Forwarded-Client-Cert never reaches the app, over plain HTTP or over TLS without a certificate
  curl -s -H 'Host: $ROUTE' -H 'X-Forwarded-Client-Cert: forged' http://127.0.0.1:$PROXY_PORT/headers
  $CURL_TLS -H 'X-Forwarded-Client-Cert: forged' https://$ROUTE:$SSL_PORT/headers
  # the handshake as a client sees it
  openssl s_client -connect 127.0.0.1:$SSL_PORT -servername $ROUTE -CAfile $CERTS/ca.pem </dev/null
EOF
  if ! port_in_use "$SSL_PORT"; then
    log "this build does not listen on ssl_port $SSL_PORT: its router warns that the client TLS keys are not"
    log "supported yet (see $LOGDIR/router.log); the backend hop above did run over TLS"
  fi
fi

if [ "$DEMO_EXIT_AFTER" = 1 ]; then
  exit 0
fi

echo "Press Ctrl-C to stop nats-server, the router and the backends."
while true; do
  sleep 1 &
  wait $! || true
done

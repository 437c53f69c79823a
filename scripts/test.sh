#!/usr/bin/env bash
# Builds the solution and runs every test suite. Installs what the tests need (nats-server, openssl, rsyslog, chromium) when missing,
# so it works on a fresh Debian machine with the .NET SDK. Usage: scripts/test.sh [extra dotnet test args]
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '==> %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "run as root or install sudo, or install the missing package yourself: $*" >&2
    exit 1
  fi
}

ensure_package() { # command package
  if ! command -v "$1" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$1" ]; then
    log "installing $2 (Debian package)"
    if [ -z "${APT_UPDATED:-}" ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
  fi
}

ensure_package nats-server nats-server
ensure_package curl curl           # TLS and HTTP/2 client in the process tests
ensure_package openssl openssl     # s_client in the process tests; s_server plays a sidecar that alerts (backend TLS tests)
ensure_package rsyslogd rsyslog    # the syslog server the access log streams to in the syslog tests
ensure_package chromium chromium   # the browser Playwright drives in the dashboard tests (Playwright's own download is not used)
# rsyslog's OpenSSL network stream driver (imtcp over TLS in the syslog tests) has no command to look for.
if ! dpkg -s rsyslog-openssl >/dev/null 2>&1; then ensure_package rsyslog-openssl-driver rsyslog-openssl; fi
command -v dotnet >/dev/null || { echo "the .NET SDK 10 (dotnet) is required" >&2; exit 1; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log "restoring"
dotnet restore Router.sln
log "building (Release)"
dotnet build Router.sln -c Release --no-restore
log "testing"
results=$(mktemp -d)
status=0
dotnet test Router.sln -c Release --no-build --logger "console;verbosity=minimal" \
  --results-directory "$results" "$@" 2>&1 | tee "$results/solution.txt" || status=$?

# The build that ships is the published one (self-contained, trimmed): the process tests run once more against it.
# That second run is counted on its own line, so the solution's total counts each test once.
log "publishing the router and testing the published executable"
: >"$results/published.txt"
if dotnet publish src/Router/Router.csproj -c Release -o "$results/publish" --nologo >"$results/publish.log" 2>&1; then
  PUBLISHED_ROUTER="$results/publish/Router" dotnet test tests/Router.ProcessTests -c Release --no-build \
    --logger "console;verbosity=minimal" "$@" 2>&1 | tee "$results/published.txt" || status=$?
else
  tail -20 "$results/publish.log"
  echo "publishing the router failed"
  status=1
fi

# count KIND FILE: sum of "KIND: N" over the per-project summary lines of a dotnet test output.
count() { { grep -Eo "$1: +[0-9]+" "$2" || true; } | awk '{s+=$2} END {print s+0}'; }
passed=$(count Passed "$results/solution.txt")
failed=$(count Failed "$results/solution.txt")
skipped=$(count Skipped "$results/solution.txt")
published_passed=$(count Passed "$results/published.txt")
published_failed=$(count Failed "$results/published.txt")
rm -rf "$results"
echo "tests: $passed passed, $failed failed, $skipped skipped"
echo "process tests against the published executable: $published_passed passed, $published_failed failed"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$published_failed" -ne 0 ] || [ "$passed" -eq 0 ] || [ "$published_passed" -eq 0 ]; then
  exit 1
fi

#!/usr/bin/env bash
# Builds the solution and runs every test suite. Installs what the tests need (nats-server, openssl) when missing,
# so it works on a fresh Debian machine with the .NET SDK. Usage: scripts/test.sh [extra dotnet test args]
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '==> %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_package() { # command package
  if ! command -v "$1" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$1" ]; then
    log "installing $2 (Debian package)"
    if [ -z "${APT_UPDATED:-}" ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
  fi
}

ensure_package nats-server nats-server
# openssl s_server plays a sidecar that alerts on a missing client certificate (backend TLS tests).
ensure_package openssl openssl
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
  --results-directory "$results" "$@" 2>&1 | tee "$results/output.txt" || status=$?

# The build that ships is the published one (self-contained, trimmed): the process tests run once more against it.
log "publishing the router and testing the published executable"
if dotnet publish src/Router/Router.csproj -c Release -o "$results/publish" --nologo >"$results/publish.log" 2>&1; then
  PUBLISHED_ROUTER="$results/publish/Router" dotnet test tests/Router.ProcessTests -c Release --no-build \
    --logger "console;verbosity=minimal" "$@" 2>&1 | tee -a "$results/output.txt" || status=$?
else
  tail -20 "$results/publish.log"
  echo "publishing the router failed"
  status=1
fi

# One closing line summing every test project: "N passed, N failed".
passed=$(grep -Eo 'Passed: +[0-9]+' "$results/output.txt" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$results/output.txt" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -Eo 'Skipped: +[0-9]+' "$results/output.txt" | awk '{s+=$2} END {print s+0}')
rm -rf "$results"
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi

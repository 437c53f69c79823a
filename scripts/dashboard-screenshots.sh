#!/usr/bin/env bash
# Regenerates the dashboard screenshots in docs/images (desktop and phone-sized) from a router with a realistic table
# and live traffic, taken by the browser test that checks the two layouts (tests/Router.DashboardTests).
# Needs Debian's chromium (installed with apt-get when missing, as scripts/test.sh does).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else sudo apt-get update -qq && sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi
fi
mkdir -p docs/images
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
DASHBOARD_SCREENSHOTS_DIR="$PWD/docs/images" dotnet test tests/Router.DashboardTests -c Release \
  --filter 'FullyQualifiedName~DashboardScreenshotTests' --logger "console;verbosity=minimal"
ls -l docs/images/dashboard-desktop.png docs/images/dashboard-phone.png

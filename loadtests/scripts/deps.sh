# shellcheck shell=bash
# Installs the Debian packages the load tests need, only those missing, with one apt-get update
# first. Sourced by run.sh and smoke.sh.

# ensure_packages COMMAND=PACKAGE...: installs PACKAGE when COMMAND is not found.
ensure_packages() {
    local pair command package missing=()
    for pair in "$@"; do
        command=${pair%%=*}
        package=${pair#*=}
        find_bin "$command" >/dev/null || missing+=("$package")
    done
    ((${#missing[@]} > 0)) || return 0

    local -a sudo=()
    if [[ $(id -u) != 0 ]]; then
        command -v sudo >/dev/null 2>&1 || die "missing packages (${missing[*]}) and not root; install them or run as root"
        sudo=(sudo)
    fi
    command -v apt-get >/dev/null 2>&1 || die "missing packages (${missing[*]}) and no apt-get on this machine"
    log "installing with apt-get: ${missing[*]}"
    "${sudo[@]}" apt-get update -qq || die "apt-get update failed"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" ||
        die "apt-get install ${missing[*]} failed"
    for pair in "$@"; do
        find_bin "${pair%%=*}" >/dev/null || die "${pair%%=*} still missing after installing ${pair#*=}"
    done
}

require_dotnet() {
    command -v dotnet >/dev/null 2>&1 ||
        die "the .NET SDK is not installed (https://learn.microsoft.com/dotnet/core/install/linux-debian)"
}

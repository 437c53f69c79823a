# shellcheck shell=bash
# Helpers shared by run.sh and smoke.sh: logging, tracking and stopping the processes this run
# starts (by PID only), port checks, bounded readiness waits and /proc sampling.
# Sourced, not executed.

LT_START_SECONDS=$(date +%s)
declare -A LT_PID=()       # name -> PID of every process started through start_process
LT_ORDER=()                # names in start order, so cleanup stops them in reverse

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
warn() { log "warning: $*"; }
die() {
    log "error: $*"
    exit 1
}

# Resolves a tool that Debian installs in /usr/sbin, which is not on every user's PATH.
find_bin() {
    local name=$1
    if command -v "$name" >/dev/null 2>&1; then
        command -v "$name"
    elif [[ -x /usr/sbin/$name ]]; then
        echo "/usr/sbin/$name"
    else
        return 1
    fi
}

# start_process NAME CPU LOGFILE COMMAND...: runs COMMAND in the background, pinned to CPU
# when CPU is not empty, and remembers its PID under NAME.
start_process() {
    local name=$1 cpu=$2 logfile=$3
    shift 3
    [[ -z ${LT_PID[$name]:-} ]] || die "process '$name' is already running (pid ${LT_PID[$name]})"
    if [[ -n $cpu ]]; then
        taskset -c "$cpu" "$@" >"$logfile" 2>&1 &
    else
        "$@" >"$logfile" 2>&1 &
    fi
    LT_PID[$name]=$!
    LT_ORDER+=("$name")
}

pid_of() { echo "${LT_PID[$1]:-}"; }

# stop_process NAME: SIGTERM, up to 10 s to exit, then SIGKILL. Only ever the recorded PID.
stop_process() {
    local name=$1 pid=${LT_PID[$1]:-} i
    [[ -n $pid ]] || return 0
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for ((i = 0; i < 100; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
            warn "$name (pid $pid) ignored SIGTERM for 10 s; sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    wait "$pid" 2>/dev/null || true
    unset "LT_PID[$name]"
}

# run_tracked NAME OUTPUT LIMIT COMMAND...: runs COMMAND to completion like a foreground command,
# but in the background and tracked, so Ctrl-C or SIGTERM interrupts the wait at once and the
# EXIT trap stops it. Killed after LIMIT seconds should it hang. Returns COMMAND's status.
run_tracked() {
    local name=$1 output=$2 limit=$3 status=0
    shift 3
    start_process "$name" "" "$output" timeout -k 5 "$limit" "$@"
    wait "${LT_PID[$name]}" || status=$?
    unset "LT_PID[$name]"
    return "$status"
}

# set_pinning: LOAD_PIN becomes the taskset prefix for load-side commands ('' = not pinned).
set_pinning() {
    # shellcheck disable=SC2034 # used by build.sh and scenarios.sh
    LOAD_PIN=()
    if [[ -n ${LOAD_CPU:-} ]]; then
        # shellcheck disable=SC2034
        LOAD_PIN=(taskset -c "$LOAD_CPU")
    fi
}

# default_pinning: for the standalone scripts: on two or more cores the proxy on CPU 1 and the load side on CPU 0
# unless PROXY_CPU / LOAD_CPU say otherwise, nothing pinned on one core; then set_pinning.
default_pinning() {
    if (($(nproc) >= 2)); then
        PROXY_CPU=${PROXY_CPU:-1}
        LOAD_CPU=${LOAD_CPU:-0}
    else
        PROXY_CPU=""
        LOAD_CPU=""
    fi
    set_pinning
}

# wait_process NAME TIMEOUT: waits for a process that ends by itself; stops it after TIMEOUT s.
wait_process() {
    local name=$1 timeout=$2 pid=${LT_PID[$1]:-} i status=0
    [[ -n $pid ]] || return 0
    for ((i = 0; i < timeout * 10; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        warn "$name did not finish within $timeout s; stopping it"
        stop_process "$name"
        return 1
    fi
    wait "$pid" 2>/dev/null || status=$?
    unset "LT_PID[$name]"
    return "$status"
}

# Stops every process still running, newest first. Installed as the EXIT trap.
cleanup_processes() {
    local i name
    for ((i = ${#LT_ORDER[@]} - 1; i >= 0; i--)); do
        name=${LT_ORDER[$i]}
        [[ -n ${LT_PID[$name]:-} ]] && stop_process "$name"
    done
    return 0
}

install_traps() {
    trap cleanup_processes EXIT
    trap 'log "interrupted; stopping processes"; exit 130' INT
    trap 'log "terminated; stopping processes"; exit 143' TERM
}

# True when nothing accepts connections on 127.0.0.1:PORT.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

require_ports_free() {
    local port
    for port in "$@"; do
        port_free "$port" || die "port 127.0.0.1:$port is already in use (set BASE_PORT to move all ports)"
    done
}

# wait_tcp PORT TIMEOUT NAME: until something listens on 127.0.0.1:PORT.
wait_tcp() {
    local port=$1 timeout=$2 name=$3 i
    for ((i = 0; i < timeout * 10; i++)); do
        port_free "$port" || return 0
        sleep 0.1
    done
    die "$name did not listen on 127.0.0.1:$port within $timeout s"
}

# cpu_ticks PIDS...: "USER SYSTEM" CPU ticks (utime, stime) summed over PIDS: fields 14 and 15 of
# /proc/PID/stat, counted after the ")" that closes the command name (which may contain spaces).
cpu_ticks() {
    local pid line user=0 system=0 fields
    for pid in "$@"; do
        read -r line 2>/dev/null <"/proc/$pid/stat" || continue
        read -r -a fields <<<"${line##*) }"
        user=$((user + fields[11]))
        system=$((system + fields[12]))
    done
    echo "$user $system"
}

# context_switches PIDS...: one "TID COUNT" line per thread of PIDS, COUNT being its voluntary plus
# involuntary context switches so far (/proc/PID/task/TID/status).
context_switches() {
    local pid status key value rest tid count
    for pid in "$@"; do
        for status in /proc/"$pid"/task/*/status; do
            tid=${status%/status}
            tid=${tid##*/}
            count=0
            while read -r key value rest; do
                case $key in
                voluntary_ctxt_switches: | nonvoluntary_ctxt_switches:) count=$((count + value)) ;;
                esac
            done 2>/dev/null <"$status" || continue
            echo "$tid $count"
        done
    done
}

# status_kb FIELD PIDS...: a /proc/PID/status field (VmRSS, VmHWM) summed over PIDS, in kB.
status_kb() {
    local field=$1 pid total=0 key value rest
    shift
    for pid in "$@"; do
        while read -r key value rest; do
            if [[ $key == "$field:" ]]; then
                total=$((total + value))
                break
            fi
        done 2>/dev/null <"/proc/$pid/status"
    done
    echo "$total"
}

# process_tree PID: PID and all its descendants (an nginx master and its worker, for instance).
process_tree() {
    local -A children=()
    local stat line fields pid queue result=()
    for stat in /proc/[0-9]*/stat; do
        read -r line 2>/dev/null <"$stat" || continue
        read -r -a fields <<<"${line##*) }"
        children[${fields[1]}]+=" ${line%% *}"
    done
    queue=("$1")
    while ((${#queue[@]} > 0)); do
        pid=${queue[0]}
        queue=("${queue[@]:1}")
        result+=("$pid")
        # shellcheck disable=SC2206 # word splitting of the space-separated child list is intended
        queue+=(${children[$pid]:-})
    done
    echo "${result[@]}"
}

# measure_begin PID: starts a CPU/wall measurement of PID and its children.
measure_begin() {
    read -r -a MEASURE_PIDS <<<"$(process_tree "$1")"
    read -r MEASURE_USER MEASURE_SYSTEM <<<"$(cpu_ticks "${MEASURE_PIDS[@]}")"
    declare -gA MEASURE_SWITCHES=()
    local tid count
    while read -r tid count; do
        MEASURE_SWITCHES[$tid]=$count
    done < <(context_switches "${MEASURE_PIDS[@]}")
    MEASURE_NS=$(date +%s%N)
}

# measure_end FILE: writes cpu_seconds (user + system), system_seconds, context_switches, wall_seconds,
# rss_kb and hwm_kb of the measured processes. Context switches are counted per thread: a thread
# started during the run counts from 0; one that ended during the run is missing from the count.
measure_end() {
    local file=$1 user system switches=0 now hz tid count
    read -r user system <<<"$(cpu_ticks "${MEASURE_PIDS[@]}")"
    while read -r tid count; do
        switches=$((switches + count - ${MEASURE_SWITCHES[$tid]:-0}))
    done < <(context_switches "${MEASURE_PIDS[@]}")
    now=$(date +%s%N)
    hz=$(getconf CLK_TCK)
    {
        echo "pids=${MEASURE_PIDS[*]}"
        awk -v u="$((user - MEASURE_USER))" -v s="$((system - MEASURE_SYSTEM))" -v hz="$hz" \
            'BEGIN { printf "cpu_seconds=%.4f\nsystem_seconds=%.4f\n", (u + s) / hz, s / hz }'
        echo "context_switches=$switches"
        awk -v ns="$((now - MEASURE_NS))" 'BEGIN { printf "wall_seconds=%.4f\n", ns / 1e9 }'
        echo "rss_kb=$(status_kb VmRSS "${MEASURE_PIDS[@]}")"
        echo "hwm_kb=$(status_kb VmHWM "${MEASURE_PIDS[@]}")"
    } >"$file"
}

# require_integer MIN NAME...: each named variable holds an integer >= MIN.
require_integer() {
    local min=$1 name
    shift
    for name in "$@"; do
        if [[ ! ${!name} =~ ^[0-9]+$ ]] || ((10#${!name} < min)); then
            die "$name must be an integer >= $min, not '${!name}'"
        fi
    done
}

elapsed_clock() {
    local seconds=$(($(date +%s) - LT_START_SECONDS))
    printf '%02d:%02d' $((seconds / 60)) $((seconds % 60))
}

# "p50 p90 p99 p99.9 errors" in ms from a LoadGen result (errors are failed requests plus non-2xx answers).
# json_number FILE KEY: the first number given for KEY in a LoadGen JSON result; nothing when the file or key is missing.
json_number() { tr -d ' \n' 2>/dev/null <"$1" | grep -o "\"$2\":-\?[0-9.]*" | head -1 | cut -d: -f2 || true; }

rate_summary() {
    [[ -f $1 ]] || { echo "- - - - failed"; return; }
    tr -d ' \n' <"$1" | awk '{
        n = split("p50 p90 p99 p99_9", keys, " ")
        send = $0; sub(/.*"latency_from_send_us":\{/, "", send); sub(/\}.*/, "", send)
        for (i = 1; i <= n; i++) { v = send; if (match(v, "\"" keys[i] "\":[0-9.eE+-]+")) { v = substr(v, RSTART, RLENGTH); sub(/.*:/, "", v); printf "%.3f ", v / 1000 } else printf "- " }
        e = 0
        if (match($0, /"errors":[0-9]+/)) { v = substr($0, RSTART, RLENGTH); sub(/.*:/, "", v); e += v }
        if (match($0, /"non_2xx":[0-9]+/)) { v = substr($0, RSTART, RLENGTH); sub(/.*:/, "", v); e += v }
        printf "%d\n", e
    }'
}

# shellcheck shell=bash
# What the one-router-per-mode scripts (syslog.sh, tracing.sh) share: rounds of keep-alive throughput where each
# round starts a fresh router per mode in turn, so slow drift of the machine spreads over every mode alike, and a
# fixed-rate run per mode. The script defines mode_env MODE, which exports the ROUTER_* overrides of that mode.
# Sourced after standalone.sh; expects RUN_DIR, SECONDS_PER_RUN, CONNECTIONS, ROUTE_HOST. A script may define
# mode_prepare MODE, called before each round's router of MODE starts.

# A fresh router is still recompiling hot code with profile data 15 s into full load (a perf profile of the router
# 5-15 s after its start showed the JIT's thread at a fifth to half of its samples), so a shorter warm-up measures
# the JIT along with the mode; the warm-up scenario of run.sh reaches a steady rate at 20-30 s.
MODE_WARMUP_SECONDS=${MODE_WARMUP_SECONDS:-25}

# mode_rounds ROUNDS MODE...: per round and mode, a fresh router, MODE_WARMUP_SECONDS of wrk not counted, and wrk for
# SECONDS_PER_RUN; "rate errors cpu" lines
# go to $RUN_DIR/MODE.rates, one per round, cpu being the router's CPU time (user + system, from /proc) per request
# in microseconds: what the mode costs the router's own core, whatever else shares the load core.
mode_rounds() {
    local rounds=$1 round mode output
    shift
    for ((round = 1; round <= rounds; round++)); do
        for mode in "$@"; do
            mode_env "$mode"
            if declare -F mode_prepare >/dev/null; then mode_prepare "$mode"; fi
            log "round $round/$rounds, mode $mode: wrk -c$CONNECTIONS for $SECONDS_PER_RUN s"
            start_contender router
            # A fresh router compiles its hot paths in the first seconds under load; that is not what a mode costs.
            SECONDS_PER_RUN=$MODE_WARMUP_SECONDS run_wrk "$ROUTE_HOST" "$RUN_DIR/$mode.$round.warmup.wrk"
            output=$RUN_DIR/$mode.$round.wrk
            measure_begin "$(pid_of router)"
            run_wrk "$ROUTE_HOST" "$output"
            measure_end "$RUN_DIR/$mode.$round.proc"
            stop_contender router
            echo "$(rate_of "$output") $(errors_of "$output") $(cpu_per_request "$output" "$RUN_DIR/$mode.$round.proc")" >>"$RUN_DIR/$mode.rates"
        done
    done
}

# cpu_per_request WRK_OUTPUT PROC_FILE: the router's CPU microseconds per request wrk completed.
cpu_per_request() {
    awk -v requests="$(awk '/requests in/ { print $1 }' "$1")" -F= '$1 == "cpu_seconds" && requests > 0 {
        printf "%.2f", $2 * 1e6 / requests; found = 1 } END { if (!found) print "-" }' "$2"
}

# median_column MODE COLUMN FORMAT: the median of one column of the mode's rounds.
median_column() {
    awk -v c="$2" '$c != "" && $c != "-" { print $c }' "$RUN_DIR/$1.rates" | sort -g | awk -v f="$3" '{ v[NR] = $1 } END {
        if (NR == 0) print "-"; else if (NR % 2) printf f, v[(NR + 1) / 2]; else printf f, (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# median_rate MODE: the median of the mode's rounds, whole requests per second.
median_rate() { median_column "$1" 1 "%.0f"; }

# median_cpu MODE: the median router CPU microseconds per request of the mode's rounds.
median_cpu() { median_column "$1" 3 "%.2f"; }

# round_errors MODE: wrk error lines over all rounds of the mode.
round_errors() { awk '{ n += $2 } END { print n + 0 }' "$RUN_DIR/$1.rates"; }

# round_ratios MODE BASE: the lowest and highest ratio of MODE's rate to BASE's in the same round, "0.91–0.97".
round_ratios() {
    paste -d' ' "$RUN_DIR/$1.rates" "$RUN_DIR/$2.rates" | awk '$4 > 0 { r = $1 / $4; if (!n++ || r < lo) lo = r; if (n == 1 || r > hi) hi = r }
        END { if (n) printf "%.2f–%.2f", lo, hi; else print "-" }'
}

# ratio_of A B: A / B to two places, or "-".
ratio_of() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0 && a + 0 > 0) printf "%.2f", a / b; else print "-" }'; }

# fixed_rate MODE SECONDS: LoadGen at RATE req/s through the running router into $RUN_DIR/MODE.rate.json.
fixed_rate() {
    log "mode $1: LoadGen at $RATE req/s for $2 s"
    loadgen_tracked load "$RUN_DIR/$1.rate.log" $(($2 + 60)) load --url "$(contender_url router)" \
        --host "$ROUTE_HOST" --rate "$RATE" --duration "$2" --connections "$CONNECTIONS" \
        --out "$RUN_DIR/$1.rate.json" || warn "LoadGen in mode $1 failed"
}

# rss_mb: the router's resident memory in MB.
rss_mb() { awk -v kb="$(status_kb VmRSS "$(pid_of router)")" 'BEGIN { printf "%.0f", kb / 1024 }'; }

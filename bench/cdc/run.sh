#!/usr/bin/env bash
# Change-capture benchmark (issue 5, "What it must show"): Tide vs pg_chameleon 2.0.21 on the same mixed
# INSERT/UPDATE/DELETE load on bench.orders, in one run on this machine:
#   (a) apply rate: with the tool stopped, a backlog of N row changes is written as fast as MariaDB takes it
#       (multi-row statements from several threads: single-row autocommit from Python stops near 2,000/s);
#       then the tool is started and timed until the final marker row is visible in PostgreSQL.
#   (b) end-to-end lag p50/p99 of marker rows (every 0.2 s) under a fixed load of 5,000 row changes/s for 60 s.
#   Peak RSS of the tool (sampled every 0.2 s over its process tree) during both.
# Prints a table and writes bench/cdc/RESULTS.md. About 10-15 minutes with the defaults.
#
# Usage: TIDE_BIN=/path/to/release/tide bench/cdc/run.sh
# Environment (defaults):
#   TIDE_BIN                 tide binary (release build; this script never builds one). Unset: .build/release/tide
#                            if present, else the Tide side is skipped.
#   TIDE_CDC_TOOLS           "tide chameleon"     which tools to measure
#   TIDE_CDC_CHANGES         1000000              backlog row changes for Tide
#   TIDE_CDC_CH_CHANGES      150000               backlog row changes for pg_chameleon (about 1,300/s: 1M takes 13 min)
#   TIDE_CDC_CH_MAX_WAIT     240                  cap on pg_chameleon's catch-up wait (rate then from the newest marker)
#   TIDE_CDC_RATE / _LAG_SECONDS  5000 / 60       the fixed load of (b)
#   TIDE_CDC_LAG_MAX_WAIT    30                   wait after the load for the last marker (then: "fell behind")
#   TIDE_CDC_THREADS         4                    writer threads
#   TIDE_CDC_REGEN           1                    regenerate bench.orders (gen-data.py, seed 42) when it is not the
#                                                 pristine 1,000,000 rows, so every run starts from the same table
#   TIDE_BENCH_VERIFY        1                    `tide task verify` after the Tide runs
#   TIDE_CDC_PARTITIONS      (unset)              runtime.realtime.concurrent of the Tide task (key-partitioned apply;
#                                                 unset: whole source transactions, the default)
# Uses ../shared/bench (servers on 127.0.0.1:13306 / :15432, its venv with pg_chameleon, chameleon.sh).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
shared="${TIDE_SHARED:-$root/../shared}/bench"
. "$shared/env.sh"
rows=1000000
changes="${TIDE_CDC_CHANGES:-1000000}"
ch_changes="${TIDE_CDC_CH_CHANGES:-150000}"
ch_max_wait="${TIDE_CDC_CH_MAX_WAIT:-240}"
rate="${TIDE_CDC_RATE:-5000}"
lag_secs="${TIDE_CDC_LAG_SECONDS:-60}"
lag_wait="${TIDE_CDC_LAG_MAX_WAIT:-30}"
threads="${TIDE_CDC_THREADS:-4}"
tools="${TIDE_CDC_TOOLS:-tide chameleon}"
port="${TIDE_BENCH_PORT:-18182}"
out="$PERFBASE_WORK/tide-cdc"
mkdir -p "$out"
PY="$PERFBASE_VENV/bin/python"
load() { "$PY" "$here/cdc_load.py" --threads "$threads" "$@"; }
now() { date +%s.%N; }
log() { echo "[cdc $(date +%T)] $*"; }
pg_bench() { PGPASSWORD=sync "$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$PG_PORT" -U sync -d bench "$@"; }
run_started=$(date -u +"%Y-%m-%d %H:%M UTC")
load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)

# ------------------------------------------------------------------ prerequisites
need=()
for tool in jq bc; do command -v "$tool" >/dev/null || need+=("$tool"); done
if [ ${#need[@]} -gt 0 ]; then
    log "installing ${need[*]}"
    sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
    $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null
fi
[ -x "$PY" ] || python3 -m venv "$PERFBASE_VENV"
if ! "$PY" -c "import pymysql, psycopg2, pymysqlreplication, pg_chameleon" 2>/dev/null; then
    log "installing the harness venv packages (shared/bench/README.md versions)"
    "$PERFBASE_VENV/bin/pip" install -q PyMySQL==1.2.4 psycopg2-binary==2.9.13 mysql-replication==1.0.17 \
        pg_chameleon==2.0.21
fi
"$shared/start-servers.sh" >/dev/null

# Each tool starts from the same bench.orders (and so gets the same backlog: same seed, same targets): a pristine
# copy (cdc_pristine.orders, made once from gen-data.py's table) is copied back when a run changed it, without
# binlogging (no tool is running then). Also done at the end, so the snapshot benchmark finds the generated table.
restore_orders() {
    [ "${TIDE_CDC_REGEN:-1}" = 1 ] || return 0
    local state backup
    state=$(my_sync -N -B bench -e "SELECT CONCAT(COUNT(*), '/', MAX(id)) FROM orders" 2>/dev/null || echo none)
    backup=$(my_admin -N -B -e "SELECT COUNT(*) FROM information_schema.tables
                                WHERE table_schema='cdc_pristine' AND table_name='orders'")
    if [ "$state" != "$rows/$rows" ]; then
        if [ "$backup" = 1 ]; then
            log "bench.orders is $state (count/max id): restoring the pristine copy"
            my_admin -e "SET SESSION sql_log_bin=0; DROP TABLE IF EXISTS bench.orders;
                         CREATE TABLE bench.orders LIKE cdc_pristine.orders;
                         INSERT INTO bench.orders SELECT * FROM cdc_pristine.orders;"
        else
            log "bench.orders is $state (count/max id): regenerating $rows rows (gen-data.py, seed 42)"
            "$PY" "$shared/gen-data.py" "$rows" --tables orders > "$out/gen-data.log"
        fi
        rm -f "$PERFBASE_DIR/export/orders.csv"   # the snapshot benchmark exports it again
    fi
    if [ "$backup" != 1 ]; then
        log "saving a pristine copy of bench.orders as cdc_pristine.orders"
        my_admin -e "SET SESSION sql_log_bin=0; CREATE DATABASE IF NOT EXISTS cdc_pristine;
                     CREATE TABLE cdc_pristine.orders LIKE bench.orders;
                     INSERT INTO cdc_pristine.orders SELECT * FROM bench.orders;"
    fi
}

# pg_chameleon runs as $PERFBASE_OS_USER when we are root: its interpreter must be reachable by that user (a venv
# made from a Python under /root is not), else a venv of the system Python is made for it.
ch_venv="$PERFBASE_VENV"
ch_ok() { if [ "$(id -u)" = 0 ]; then runuser -u "$PERFBASE_OS_USER" -- "$1/bin/python" -c "import pg_chameleon" 2>/dev/null
          else "$1/bin/python" -c "import pg_chameleon" 2>/dev/null; fi; }
case " $tools " in *" chameleon "*)
    if ! ch_ok "$ch_venv"; then
        ch_venv="${TMPDIR:-/tmp}/tide-bench/venv-chameleon"
        if ! ch_ok "$ch_venv"; then
            log "making $ch_venv (system Python) for pg_chameleon"
            /usr/bin/python3 -m venv "$ch_venv"
            "$ch_venv/bin/pip" install -q PyMySQL==1.2.4 psycopg2-binary==2.9.13 mysql-replication==1.0.17 \
                pg_chameleon==2.0.21
            chmod -R a+rX "$ch_venv"
        fi
    fi ;;
esac

tide="${TIDE_BIN:-}"
if [ -z "$tide" ] && [ -x "$root/.build/release/tide" ]; then tide="$root/.build/release/tide"; fi
case " $tools " in *" tide "*) [ -n "$tide" ] || { log "no TIDE_BIN and no .build/release/tide: Tide side skipped"
    tools="${tools/tide/}"; } ;; esac
declare -A res
: > "$out/results.jsonl"
record() { echo "$2" | jq -c --arg tool "$1" '. + {tool: $tool}' >> "$out/results.jsonl"; echo "$2" | jq -c .; }

# ------------------------------------------------------------------ Tide
tide_status() { "$tide" task show "$1" --json | jq -r '.Data.RunStats.DrsStatus // "?"'; }
# Waits until task $1 reports DRS status $2 (or a failure): at most $3 seconds.
tide_wait_status() {
    local id=$1 want=$2 limit=$3 st="?" t=0 done_for=0
    while [ "$t" -lt "$((limit * 2))" ]; do
        st=$(tide_status "$id" 2>/dev/null || echo "?")
        [ "$st" = "$want" ] && return 0
        case "$st" in *FAILED) break ;; esac
        # a build without the real-time path ends after the full copy
        if [ "$st" = FULL_TRANSFER_COMPLETE ]; then done_for=$((done_for + 1)); else done_for=0; fi
        [ "$done_for" -gt 60 ] && break
        sleep 0.5; t=$((t + 1))
    done
    log "task $id is $st, not $want: $("$tide" task show "$id" --json | jq -r '.Data.ErrorMessage // ""')"
    return 1
}

# SIGTERM, then SIGKILL if `tide serve` has not exited within 15 s (a server-side verify can hold it).
stop_serve() {
    kill "$1" 2>/dev/null || return 0
    for _ in $(seq 1 75); do kill -0 "$1" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

tide_bench() {
    local data="$out/tide-data" pid id
    rm -rf "$data"
    restore_orders
    pg_bench -c "DROP SCHEMA IF EXISTS bench_tide CASCADE" -c "DROP SCHEMA IF EXISTS _tide CASCADE" >/dev/null 2>&1
    load setup >/dev/null
    export TIDE_ROOT_ACCESS_KEY_ID=bench TIDE_ROOT_ACCESS_KEY_SECRET="bench-$$-$RANDOM"
    export TIDE_ENDPOINT="http://127.0.0.1:$port" TIDE_ACCESS_KEY_ID=bench
    export TIDE_ACCESS_KEY_SECRET=$TIDE_ROOT_ACCESS_KEY_SECRET
    "$tide" serve --data-dir "$data" --listen "127.0.0.1:$port" > "$out/tide-serve.log" 2>&1 &
    pid=$!
    tide_pid=$pid
    trap 'kill -9 $tide_pid 2>/dev/null || true' EXIT
    for _ in $(seq 1 100); do "$tide" project list >/dev/null 2>&1 && break; sleep 0.1; done
    "$tide" project create bench --id 10001 >/dev/null
    "$tide" datasource create --project-id 10001 --name my --type mysql \
        --content "{\"host\":\"127.0.0.1\",\"port\":$MYSQL_PORT,\"database\":\"bench\",\"username\":\"sync\",\"password\":\"sync\"}" >/dev/null
    "$tide" datasource create --project-id 10001 --name pg --type postgresql \
        --content "{\"host\":\"127.0.0.1\",\"port\":$PG_PORT,\"database\":\"bench\",\"username\":\"sync\",\"password\":\"sync\"}" >/dev/null
    "$tide" task create --project-id 10001 --name cdc-bench --source my --destination pg \
        --migration-type FullAndRealtimeIncremental --database bench --tables '^orders$,^perf_heartbeat$' \
        --target-schema bench_tide ${TIDE_CDC_PARTITIONS:+--realtime-concurrency "$TIDE_CDC_PARTITIONS"} >/dev/null
    id=$("$tide" task list --project-id 10001 --json | jq -r '.DIJobPaging.DIJobs[0].DIJobId')
    log "tide: task $id FullAndRealtimeIncremental, snapshot of orders + perf_heartbeat into bench_tide"
    local t_snap; t_snap=$(now)
    "$tide" task start "$id" >/dev/null
    tide_wait_status "$id" INCRE_TRANSFER_STARTED 900 || return 1
    log "tide: INCRE_TRANSFER_STARTED after $(echo "$(now) - $t_snap" | bc | cut -d. -f1) s; stopping the task"
    "$tide" task stop "$id" >/dev/null
    tide_wait_status "$id" PAUSING 120 || return 1

    log "tide: backlog of $changes row changes with the task stopped"
    local j; j=$(load backlog --changes "$changes" --state "$out/tide-backlog.json")
    record tide-backlog "$j"
    local t0; t0=$(now)
    "$tide" task start "$id" >/dev/null
    j=$(load catchup --state "$out/tide-backlog.json" --target-schema bench_tide --t0 "$t0" --pid "$pid" --max-wait 900)
    record tide-catchup "$j"
    res[tide_rate]=$(echo "$j" | jq -r '.apply_rate_changes_per_s')
    res[tide_catchup_ok]=$(echo "$j" | jq -r '.caught_up')
    res[tide_stream]=$(echo "$j" | jq -r '.streaming_rate_changes_per_s // empty')
    res[tide_rss_catchup]=$(echo "$j" | jq -r '.peak_rss_kib')

    log "tide: fixed load of $rate row changes/s for $lag_secs s"
    j=$(load lag --target-schema bench_tide --rate "$rate" --duration "$lag_secs" --max-wait "$lag_wait" --pid "$pid")
    record tide-lag "$j"
    res[tide_lag]=$(echo "$j" | jq -r '"\(.lag_s.p50) / \(.lag_s.p99)" + (if .caught_up then "" else " (fell behind: lag at end \(.lag_at_end_s) s)" end)')
    res[tide_lag_p99]=$(echo "$j" | jq -r '.lag_s.p99')
    res[tide_load_rate]=$(echo "$j" | jq -r '.achieved_rate_changes_per_s')
    res[tide_rss_lag]=$(echo "$j" | jq -r '.peak_rss_kib')
    res[tide_hwm]=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
    res[tide_verify]="skipped"
    if [ "${TIDE_BENCH_VERIFY:-1}" = 1 ]; then
        if "$tide" task verify "$id" > "$out/tide-verify.txt" 2>&1; then res[tide_verify]=$(tail -n 1 "$out/tide-verify.txt")
        else res[tide_verify]="FAILED: $(tail -n 1 "$out/tide-verify.txt")"; fi
        log "tide: verify: ${res[tide_verify]}"
    fi
    stop_serve "$pid"
    trap - EXIT
}

# ------------------------------------------------------------------ pg_chameleon
CH="$shared/chameleon.sh"
ch() { PERFBASE_VENV="$ch_venv" "$CH" "$@"; }
ch_stop() {  # graceful stop, then our own process tree if it hangs (as measure-chameleon.sh)
    timeout 90 env PERFBASE_VENV="$ch_venv" "$CH" stop_replica --source mysql >/dev/null 2>&1 || true
    if [ -n "${rpid:-}" ]; then
        for p in $(pgrep -P "$rpid") "$rpid"; do for c in $(pgrep -P "$p"); do kill "$c" 2>/dev/null || true; done; done
        kill "$rpid" 2>/dev/null || true
        rpid=""
    fi
}

chameleon_bench() {
    local ver; ver=$("$PY" -c "import importlib.metadata as m; print(m.version('pg_chameleon'))")
    res[ch_version]=$ver
    timeout 90 env PERFBASE_VENV="$ch_venv" "$CH" stop_replica --source mysql >/dev/null 2>&1 || true
    restore_orders
    load setup >/dev/null
    ch drop_replica_schema >/dev/null 2>&1 || true
    ch create_replica_schema > "$out/chameleon.log" 2>&1
    ch add_source --source mysql >> "$out/chameleon.log" 2>&1
    log "pg_chameleon $ver: init_replica (orders + perf_heartbeat into bench_ch)"
    local t_init; t_init=$(now)
    CH_CONFIG=fg ch init_replica --source mysql >> "$out/chameleon.log" 2>&1
    log "pg_chameleon: init_replica took $(echo "$(now) - $t_init" | bc | cut -d. -f1) s"

    log "pg_chameleon: backlog of $ch_changes row changes with the replica stopped"
    local j; j=$(load backlog --changes "$ch_changes" --state "$out/ch-backlog.json")
    record chameleon-backlog "$j"
    local t0; t0=$(now)
    CH_CONFIG=fg nohup env PERFBASE_VENV="$ch_venv" "$CH" start_replica --source mysql >> "$out/chameleon.log" 2>&1 &
    rpid=$!
    trap ch_stop EXIT
    j=$(load catchup --state "$out/ch-backlog.json" --target-schema bench_ch --t0 "$t0" --pid "$rpid" \
        --max-wait "$ch_max_wait")
    record chameleon-catchup "$j"
    res[ch_rate]=$(echo "$j" | jq -r '.apply_rate_changes_per_s')
    res[ch_catchup_ok]=$(echo "$j" | jq -r '.caught_up')
    res[ch_stream]=$(echo "$j" | jq -r '.streaming_rate_changes_per_s // empty')
    res[ch_rss_catchup]=$(echo "$j" | jq -r '.peak_rss_kib')

    log "pg_chameleon: fixed load of $rate row changes/s for $lag_secs s"
    j=$(load lag --target-schema bench_ch --rate "$rate" --duration "$lag_secs" --max-wait "$lag_wait" --pid "$rpid")
    record chameleon-lag "$j"
    res[ch_lag]=$(echo "$j" | jq -r '"\(.lag_s.p50) / \(.lag_s.p99)" + (if .caught_up then "" else " (fell behind: lag at end \(.lag_at_end_s) s)" end)')
    res[ch_load_rate]=$(echo "$j" | jq -r '.achieved_rate_changes_per_s')
    res[ch_rss_lag]=$(echo "$j" | jq -r '.peak_rss_kib')
    ch_stop
    trap - EXIT
}

for t in $tools; do
    case "$t" in
        tide) tide_bench || { log "Tide side failed (see $out/tide-serve.log)"; res[tide_failed]=1; } ;;
        chameleon) chameleon_bench ;;
        *) log "unknown tool $t" ;;
    esac
done

restore_orders

# ------------------------------------------------------------------ report
mib() { if [ -n "${1:-}" ] && [ "$1" != null ]; then echo "$(( $1 / 1024 )) MiB"; else echo "-"; fi; }
num() { if [ -n "${1:-}" ] && [ "$1" != null ]; then printf "%'.0f" "$1"; else echo "-"; fi; }
ratio="-"
if [ -n "${res[tide_rate]:-}" ] && [ -n "${res[ch_rate]:-}" ] && [ "${res[ch_rate]}" != 0 ]; then
    ratio="$(echo "scale=1; ${res[tide_rate]} / ${res[ch_rate]}" | bc)x"
fi
ch_note=""; [ "${res[ch_catchup_ok]:-true}" = true ] || ch_note=" (capped at ${ch_max_wait} s; rate from the newest marker seen)"
tide_note=""; [ "${res[tide_catchup_ok]:-true}" = true ] || tide_note=" (did not catch up in 900 s)"
table=$(cat <<EOF
| tool | apply rate (chg/s) | ratio vs pg_chameleon | without start-up (chg/s) | lag p50 / p99 at ${rate}/s (s) | achieved load (chg/s) | peak RSS catch-up / lag |
|---|---:|---:|---:|---|---:|---|
| Tide | $(num "${res[tide_rate]:-}")$tide_note | $ratio | $(num "${res[tide_stream]:-}") | ${res[tide_lag]:--} | $(num "${res[tide_load_rate]:-}") | $(mib "${res[tide_rss_catchup]:-}") / $(mib "${res[tide_rss_lag]:-}") |
| pg_chameleon ${res[ch_version]:-} | $(num "${res[ch_rate]:-}")$ch_note | 1.0x | $(num "${res[ch_stream]:-}") | ${res[ch_lag]:--} | $(num "${res[ch_load_rate]:-}") | $(mib "${res[ch_rss_catchup]:-}") / $(mib "${res[ch_rss_lag]:-}") |
EOF
)
targets="Targets (issue 5): apply rate >= 50,000 chg/s: "
if [ -n "${res[tide_rate]:-}" ]; then
    [ "$(echo "${res[tide_rate]} >= 50000" | bc)" = 1 ] && targets+="met" || targets+="not met"
    targets+="; p99 lag < 1 s at ${rate}/s: "
    [ "${res[tide_catchup_ok]:-}" = true ] && [ "$(echo "${res[tide_lag_p99]} < 1" | bc)" = 1 ] && targets+="met" || targets+="not met"
    targets+="; >= 30x pg_chameleon: "
    if [ "$ratio" = "-" ]; then targets+="n/a"; else
        [ "$(echo "${ratio%x} >= 30" | bc)" = 1 ] && targets+="met ($ratio)" || targets+="not met ($ratio)"; fi
else
    targets+="Tide not measured"
fi
echo
echo "$table"
echo
echo "$targets"

cmd="$(for v in TIDE_BIN TIDE_CDC_TOOLS TIDE_CDC_CHANGES TIDE_CDC_CH_CHANGES TIDE_CDC_CH_MAX_WAIT TIDE_CDC_RATE \
        TIDE_CDC_LAG_SECONDS TIDE_CDC_THREADS TIDE_CDC_PARTITIONS; do if [ -n "${!v:-}" ]; then printf '%s=%s ' "$v" "${!v}"; fi; done)bench/cdc/run.sh"
{
    echo "# Change-capture benchmark results"
    echo
    echo "Written by \`bench/cdc/run.sh\` at $run_started. Command: \`$cmd\`"
    echo
    echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), \
$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM, load average at start $load_at_start; \
$(my_sync -N -B -e 'SELECT VERSION()' | cut -d- -f1-2) and PostgreSQL \
$(pg_bench -At -c 'SHOW server_version' | cut -d' ' -f1) of ../shared/bench on loopback (same cores as the tools \
and the load generator). Tide: \`${tide:-not run}\`$( [ -n "$tide" ] && echo " at commit $(git -C "$root" rev-parse --short HEAD)")$(case "$tide" in */debug/*) echo " (**debug build**: its figures are not the product's)";; esac)."
    echo
    echo "$table"
    echo
    echo "$targets"
    echo
    echo "Method"
    echo
    echo "- Apply rate: with the tool stopped (Tide: \`tide task stop\` after INCRE_TRANSFER_STARTED; pg_chameleon: \
right after init_replica, before start_replica), $threads threads write a backlog on bench.orders: one autocommit \
statement per transaction of k = 1..100 rows, 60% UPDATE ... WHERE id IN (k ids), 25% INSERT of k new rows, 15% DELETE \
... WHERE id IN (k ids), with a marker row in perf_heartbeat every 0.5 s and a final one. Rate = (row changes + \
markers) / (tool start -> final marker visible in PostgreSQL, polled every 20 ms). Tide: $(num "$changes") changes; \
pg_chameleon: $(num "$ch_changes") (it applies about 1,300/s), wait capped at $ch_max_wait s (if capped, the rate is \
the newest visible marker's change count over its time). \"Without start-up\": the same from the first marker \
seen to the final one (excludes the tool's start: connecting, reading its checkpoint, first batch; pg_chameleon \
reads much of the backlog into its log tables before its first replay, so this figure flatters it: the ratio uses \
the end-to-end rate)."
    echo "- Lag: $threads threads paced to $rate row changes/s for $lag_secs s (k = 1..20 rows per transaction, same \
mix), a marker every 0.2 s; lag = time first seen in PostgreSQL - time sent. Markers never seen within \
$lag_wait s after the load count with the lag they had at the end of the wait (a lower bound: \"fell behind\")."
    echo "- Peak RSS: VmRSS of the tool's process tree sampled every 0.2 s during catch-up / during the lag run \
(Tide's VmHWM over the whole run, snapshot included: $(mib "${res[tide_hwm]:-}"))."
    echo "- Tide verification after the runs (\`tide task verify\`): ${res[tide_verify]:-not run}."
    echo "- Each tool starts from the same bench.orders (gen-data.py, seed 42) and gets the same backlog (same seed): \
changes are undone by copying back cdc_pristine.orders (saved on the first run; copied without binlogging while no \
tool runs), also at the end of the run."
    echo "- Row changes are counted on the source (affected rows of each statement; an UPDATE/DELETE of an id deleted \
earlier changes nothing and is not counted). A tool that merges several changes of one key inside a batch still \
gets credit for each source change, as it must apply their net effect."
    echo
    echo "Raw results (one JSON object per step; also in \`\$PERFBASE_WORK/tide-cdc/results.jsonl\`):"
    echo
    echo '```'
    cat "$out/results.jsonl"
    echo '```'
} > "$here/RESULTS.md"
log "wrote $here/RESULTS.md"

#!/usr/bin/env bash
# Full-copy benchmark (issue 4): Tide vs pgloader on the same generated MySQL tables, in one run on this machine,
# with the physical ceilings measured in the same run (PostgreSQL COPY from a CSV file, MariaDB full scan), and
# Tide's peak memory on a table ten times larger than another.
#
# Usage: bench/snapshot/run.sh [ROWS=1000000]
# Uses ../shared/bench (servers on 127.0.0.1:13306 / :15432, gen-data.py tables bench.orders and bench.events).
# Needs: pgloader (SBCL heap 4 GiB: with Debian's 1 GiB default it dies on `orders`; installed when missing), a
# release build of tide (built here unless TIDE_BIN names one).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
shared="${TIDE_SHARED:-$root/../shared}/bench"
rows="${1:-1000000}"
port="${TIDE_BENCH_PORT:-18181}"
. "$shared/env.sh"
out="$PERFBASE_WORK/tide-snapshot"
mkdir -p "$out"

need=()
for tool in pgloader jq bc; do command -v "$tool" >/dev/null || need+=("$tool"); done
if [ ${#need[@]} -gt 0 ]; then
    echo "installing ${need[*]}"
    sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
    $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null
fi
if [ ! -x "$PERFBASE_VENV/bin/python" ]; then
    python3 -m venv "$PERFBASE_VENV"
    "$PERFBASE_VENV/bin/pip" install -q PyMySQL psycopg2-binary
fi

"$shared/start-servers.sh" >/dev/null
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
have=$(my_sync -N -B bench -e "SELECT count(*) FROM events" 2>/dev/null || echo 0)
if [ "$have" != "$rows" ]; then
    echo "generating $rows rows per table (gen-data.py, seed 42)"
    "$PERFBASE_VENV/bin/python" "$shared/gen-data.py" "$rows"
    rm -f "$PERFBASE_DIR/export/orders.csv" "$PERFBASE_DIR/export/events.csv"
fi
for t in orders events; do [ -s "$PERFBASE_DIR/export/$t.csv" ] || "$shared/export-csv.sh" "$t" >/dev/null; done
# A table a tenth the size of events, for the memory comparison.
small=$((rows / 10))
my_admin bench -e "DROP TABLE IF EXISTS events_small; CREATE TABLE events_small LIKE events;
                   INSERT INTO events_small SELECT * FROM events WHERE id <= (SELECT MIN(id) FROM events) + $small - 1;"

tide="${TIDE_BIN:-}"
if [ -z "$tide" ]; then
    echo "== building tide (release)"
    (cd "$root" && swift build -c release --product tide 2>&1 | tail -n 2)
    tide="$root/.build/release/tide"
fi

now() { date +%s.%N; }
rate() { echo "scale=0; $1 / ($3 - $2)" | bc; }
pg_bench() { PGPASSWORD=sync "$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$PG_PORT" -U sync -d bench "$@"; }
declare -A result

# TIDE_BENCH_ONLY_TIDE=1 skips the ceilings and pgloader (quick iterations; the ratios then read n/a).
if [ "${TIDE_BENCH_ONLY_TIDE:-0}" != 1 ]; then
echo "== ceiling: PostgreSQL COPY from CSV (tables with their primary key, as Tide creates them)"
for t in orders events; do
    pg_bench -v with_indexes=off -f "$shared/pg-schema.sql" >/dev/null 2>&1
    pg_bench -c "ALTER TABLE $t ADD PRIMARY KEY (id)" >/dev/null
    start=$(now)
    pg_bench -c "\\copy $t FROM '$PERFBASE_DIR/export/$t.csv' WITH (FORMAT csv, NULL 'NULL')"
    result[copy_$t]=$(rate "$rows" "$start" "$(now)")
    echo "COPY $t: ${result[copy_$t]} rows/s"
done
pg_bench -c "DROP TABLE IF EXISTS orders, events" >/dev/null

echo "== ceiling: MariaDB full scan (mariadb --quick > /dev/null)"
for t in orders events; do
    start=$(now)
    my_sync --quick bench -e "SELECT * FROM $t" > /dev/null
    result[scan_$t]=$(rate "$rows" "$start" "$(now)")
    echo "scan $t: ${result[scan_$t]} rows/s"
done

echo "== peer: pgloader (default settings, SBCL heap 4096 MB, one table at a time)"
for t in orders events; do
    load="$out/pgloader-$t.load"
    sed -e "s#__TABLES__#^$t\$#" -e "s#127.0.0.1:13306#127.0.0.1:$MYSQL_PORT#" -e "s#127.0.0.1:15432#127.0.0.1:$PG_PORT#" \
        "$shared/pgloader/default.load" > "$load"
    pg_bench -c "DROP SCHEMA IF EXISTS bench CASCADE" >/dev/null 2>&1
    start=$(now)
    if pgloader --dynamic-space-size 4096 --root-dir "$out/pgloader" "$load" > "$out/pgloader-$t.log" 2>&1; then
        result[pgloader_$t]=$(rate "$rows" "$start" "$(now)")
    else
        result[pgloader_$t]=0
        echo "pgloader failed on $t (see $out/pgloader-$t.log)"
    fi
    echo "pgloader $t: ${result[pgloader_$t]} rows/s"
done
pg_bench -c "DROP SCHEMA IF EXISTS bench CASCADE" >/dev/null 2>&1
fi

# Runs one Tide full copy of bench.$1 in a fresh `tide serve`; sets tide_rate and tide_rss_kb (VmHWM).
tide_copy() {
    local table=$1 data="$out/tide-data-$1"
    rm -rf "$data"
    pg_bench -c "DROP SCHEMA IF EXISTS tide_bench CASCADE" -c "DROP SCHEMA IF EXISTS _tide CASCADE" >/dev/null 2>&1
    export TIDE_ROOT_ACCESS_KEY_ID=bench TIDE_ROOT_ACCESS_KEY_SECRET="bench-$$-$RANDOM"
    export TIDE_ENDPOINT="http://127.0.0.1:$port" TIDE_ACCESS_KEY_ID=bench TIDE_ACCESS_KEY_SECRET=$TIDE_ROOT_ACCESS_KEY_SECRET
    "$tide" serve --data-dir "$data" --listen "127.0.0.1:$port" > "$out/serve-$table.log" 2>&1 &
    local pid=$!
    for _ in $(seq 1 100); do "$tide" project list >/dev/null 2>&1 && break; sleep 0.1; done
    "$tide" project create bench --id 10001 >/dev/null
    "$tide" datasource create --project-id 10001 --name my --type mysql \
        --content "{\"host\":\"127.0.0.1\",\"port\":$MYSQL_PORT,\"database\":\"bench\",\"username\":\"sync\",\"password\":\"sync\"}" >/dev/null
    "$tide" datasource create --project-id 10001 --name pg --type postgresql \
        --content "{\"host\":\"127.0.0.1\",\"port\":$PG_PORT,\"database\":\"bench\",\"username\":\"sync\",\"password\":\"sync\"}" >/dev/null
    "$tide" task create --project-id 10001 --name "copy-$table" --source my --destination pg --migration-type Full \
        --database bench --tables "^$table\$" --target-schema tide_bench --concurrency "${TIDE_BENCH_CONCURRENCY:-4}" >/dev/null
    local id; id=$("$tide" task list --project-id 10001 --json | jq -r '.DIJobPaging.DIJobs[0].DIJobId')
    local start; start=$(now)
    "$tide" task start "$id" >/dev/null
    "$tide" task wait "$id" 2>/dev/null
    tide_rate=$(rate "$rows_of_table" "$start" "$(now)")
    tide_rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
    # CPU seconds of tide serve (user + system) for the whole copy, to tell its cost from the servers'.
    tide_cpu=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$pid/stat")
    if [ "${TIDE_BENCH_VERIFY:-1}" = 1 ]; then
        "$tide" task verify "$id" > "$out/verify-$table.txt" || echo "VERIFY FAILED for $table: see $out/verify-$table.txt"
    else
        echo "verification skipped (TIDE_BENCH_VERIFY=0)" > "$out/verify-$table.txt"
    fi
    kill "$pid"; wait "$pid" 2>/dev/null || true
}

echo "== Tide (release build, 4 channels, tables created by Tide, primary key built after the load)"
for t in ${TIDE_BENCH_TABLES:-orders events events_small}; do
    rows_of_table=$rows; [ "$t" = events_small ] && rows_of_table=$small
    tide_copy "$t"
    result[tide_$t]=$tide_rate
    result[rss_$t]=$tide_rss_kb
    echo "tide $t: $tide_rate rows/s, tide serve CPU ${tide_cpu} s, peak RSS $((tide_rss_kb / 1024)) MiB, $(tail -n 1 "$out/verify-$t.txt")"
done

# The same narrow table with 2 channels: PostgreSQL spends less CPU per row with fewer ordered COPY streams into one
# primary key (each stream but the highest inserts into the middle of the index: 50/50 page splits), which on two
# cores can outweigh Tide's own parallelism (RESULTS.md, run 3).
channels="${TIDE_BENCH_CONCURRENCY:-4}"
if [ "$channels" != 2 ]; then
    rows_of_table=$rows
    TIDE_BENCH_CONCURRENCY=2 tide_copy events
    result[tide_events_2ch]=$tide_rate
    echo "tide events, 2 channels: $tide_rate rows/s, tide serve CPU ${tide_cpu} s, peak RSS $((tide_rss_kb / 1024)) MiB"
fi

ratio() { if [ "${2:-0}" -gt 0 ]; then echo "scale=2; $1 / $2" | bc; else echo "n/a"; fi; }
echo
echo "| table | Tide rows/s | pgloader rows/s | Tide/pgloader | COPY ceiling rows/s | Tide/COPY | MariaDB scan rows/s |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for t in orders events; do
    [ -n "${result[tide_$t]:-}" ] || continue
    echo "| $t | ${result[tide_$t]} | ${result[pgloader_$t]:-0} | $(ratio "${result[tide_$t]}" "${result[pgloader_$t]:-0}") | ${result[copy_$t]:-0} | $(ratio "${result[tide_$t]}" "${result[copy_$t]:-0}") | ${result[scan_$t]:-0} |"
done
if [ -n "${result[tide_events_2ch]:-}" ]; then
    t=events
    echo "| $t (2 channels) | ${result[tide_events_2ch]} | ${result[pgloader_$t]:-0} | $(ratio "${result[tide_events_2ch]}" "${result[pgloader_$t]:-0}") | ${result[copy_$t]:-0} | $(ratio "${result[tide_events_2ch]}" "${result[copy_$t]:-0}") | ${result[scan_$t]:-0} |"
fi
echo
[ -n "${result[rss_events]:-}" ] && [ -n "${result[rss_events_small]:-}" ] && {
growth=$(echo "scale=1; (${result[rss_events]} - ${result[rss_events_small]}) * 100 / ${result[rss_events_small]}" | bc)
echo "peak RSS of tide serve: events_small ($small rows) $((result[rss_events_small] / 1024)) MiB, events ($rows rows) $((result[rss_events] / 1024)) MiB: growth ${growth}% (target < 10%)"
}
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "targets: orders >= 2x pgloader and >= 0.80 of COPY; events >= 3x pgloader and >= 0.80 of COPY"

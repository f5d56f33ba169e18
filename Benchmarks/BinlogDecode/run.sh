#!/usr/bin/env bash
# Side-by-side binlog decode benchmark: Tide's MySQLBinlog (this package, release) and python-mysql-replication on
# the same binlog, the `orders` part of the gen-data.py load (1,000,000 wide mixed-type INSERT row images).
#
# usage: Benchmarks/BinlogDecode/run.sh [BINLOG_FILE=mysql-bin.000001] [RUNS=3] [PEER_RUNS=1 (0: skip the peer)]
# Needs the benchmark servers of /work/shared/bench (start-servers.sh; binlog 000001 = the gen-data.py load after
# RESET MASTER, as its README describes). The peer streams the file from that server over the replication protocol;
# Tide reads the same file from the server's binlog directory. Prints the figures, the ratio and the targets;
# never fails on a missed target.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BENCH=${BENCH:-/work/shared/bench}
. "$BENCH/env.sh"
FILE="${1:-mysql-bin.000001}"; RUNS="${2:-3}"; PEER_RUNS="${3:-1}"
BINLOG_DIR=$(my_admin -N -B -e "SELECT @@log_bin_basename" | xargs dirname)
split=$(my_admin -N -B -e "SHOW BINLOG EVENTS IN '$FILE'" \
    | awk -F'\t' '$3=="Query" && $6 ~ /DROP TABLE IF EXISTS `events`/ {print $2; exit}')
[ -n "$split" ] || { echo "no events-table part found in $FILE: is it the gen-data.py load?"; exit 1; }
echo "== $FILE: $(stat -c %s "$BINLOG_DIR/$FILE") bytes, orders part ends at $split; load average: $(cut -d' ' -f1-3 /proc/loadavg)"

(cd "$HERE" && swift build -c release 2>&1 | tail -n 1)
echo "== Tide product path (deferRowImages -> decodeCells -> BinlogTableMapping -> RowImageWriter -> RowChanges), orders part, CRC32 verified"
"$HERE/.build/release/BinlogDecode" "$BINLOG_DIR/$FILE" --runs "$RUNS" --end-pos "$split" > /tmp/binlog-decode-tide.log
cat /tmp/binlog-decode-tide.log
tide_out=$(tail -n 1 /tmp/binlog-decode-tide.log)
echo "== Tide old API (RowsEvent.rows, [MySQLValue?] per image, no conversion), orders part, CRC32 verified"
"$HERE/.build/release/BinlogDecode" "$BINLOG_DIR/$FILE" --runs "$RUNS" --end-pos "$split" --api values \
    > /tmp/binlog-decode-tide-values.log
cat /tmp/binlog-decode-tide-values.log
values_out=$(tail -n 1 /tmp/binlog-decode-tide-values.log)
echo "== Tide product path before RowImageCells (MySQLValue images -> BinlogRowConverter), orders part, CRC32 verified"
"$HERE/.build/release/BinlogDecode" "$BINLOG_DIR/$FILE" --runs "$RUNS" --end-pos "$split" --api product-values \
    > /tmp/binlog-decode-tide-before.log
cat /tmp/binlog-decode-tide-before.log
before_out=$(tail -n 1 /tmp/binlog-decode-tide-before.log)
echo "== Tide product path, whole file (orders + events), CRC32 verified"
"$HERE/.build/release/BinlogDecode" "$BINLOG_DIR/$FILE" --runs 1
echo "== same interchange bytes: product path and the MySQLValue path digest the whole file's values alike (untimed)"
digest_cells=$("$HERE/.build/release/BinlogDecode" "$BINLOG_DIR/$FILE" --runs 1 --digest | grep -o 'digest of the values [0-9a-f]*')
digest_values=$("$HERE/.build/release/BinlogDecode" "$BINLOG_DIR/$FILE" --runs 1 --digest --api product-values \
    | grep -o 'digest of the values [0-9a-f]*')
echo "product: $digest_cells; product-values: $digest_values: $([ "$digest_cells" = "$digest_values" ] && echo same || echo DIFFERENT)"

echo "== python-mysql-replication $("$PERFBASE_VENV/bin/python" -c "import importlib.metadata as m; print(m.version('mysql-replication'))"), orders part"
peer_rates=(0); peer_rss=0
[ "$PEER_RUNS" -gt 0 ] && peer_rates=()
for _ in $(seq 1 "$PEER_RUNS"); do
    out=$(/usr/bin/time -f "%M" -o /tmp/binlog-decode-peer.rss "$PERFBASE_VENV/bin/python" "$BENCH/binlog-decode.py" \
        --file "$FILE" --mode rows --end-pos "$split")
    echo "$out"
    peer_rates+=("$(echo "$out" | jq -r .rows_per_s)")
    peer_rss=$(cat /tmp/binlog-decode-peer.rss)
done
peer=$(printf '%s\n' "${peer_rates[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
tide_wall=$(echo "$tide_out" | sed -E 's/^median: ([0-9]+) row changes\/s wall.*/\1/')
tide_cpu=$(echo "$tide_out" | sed -E 's/.* ([0-9]+) per CPU second.*/\1/')
tide_rss=$(echo "$tide_out" | sed -E 's/.*peak RSS ([0-9.]+) MiB.*/\1/')
values_wall=$(echo "$values_out" | sed -E 's/^median: ([0-9]+) row changes\/s wall.*/\1/')
values_cpu=$(echo "$values_out" | sed -E 's/.* ([0-9]+) per CPU second.*/\1/')
values_rss=$(echo "$values_out" | sed -E 's/.*peak RSS ([0-9.]+) MiB.*/\1/')
before_wall=$(echo "$before_out" | sed -E 's/^median: ([0-9]+) row changes\/s wall.*/\1/')
before_cpu=$(echo "$before_out" | sed -E 's/.* ([0-9]+) per CPU second.*/\1/')
before_rss=$(echo "$before_out" | sed -E 's/.*peak RSS ([0-9.]+) MiB.*/\1/')
echo
echo "== summary ($FILE orders part; load average now $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-28s %16s %16s %12s\n' "" "row changes/s" "per CPU second" "peak RSS"
printf '%-28s %16s %16s %9s MiB\n' "Tide product path (median)" "$tide_wall" "$tide_cpu" "$tide_rss"
printf '%-28s %16s %16s %9s MiB\n' "product path via MySQLValue" "$before_wall" "$before_cpu" "$before_rss"
printf '%-28s %16s %16s %9s MiB\n' "old API, decode only" "$values_wall" "$values_cpu" "$values_rss"
printf '%-28s %16s %16s %9s MiB\n' "python-mysql-replication" "$peer" "-" "$((peer_rss / 1024))"
awk -v t="$tide_wall" -v c="$tide_cpu" -v p="$peer" 'BEGIN {
    if (p > 0) printf "ratio Tide / python: %.1fx wall (target >= 30x)\n", t / p
    printf "one-core rate, product path: %.0f row changes per CPU second (target >= 1,000,000): %s\n", c, (c >= 1000000 ? "met" : "NOT met") }'

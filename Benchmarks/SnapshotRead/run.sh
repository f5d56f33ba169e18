#!/usr/bin/env bash
# Reads bench.orders and bench.events (shared/bench, port 13306) with MySQLSnapshotSource (1 chunk and
# 4 parallel chunks) and, in the same run, with the peer `mariadb --quick ... > /dev/null`. Prints rows/s.
# usage: run.sh [runs=3]   (after `swift build -c release` here and shared/bench gen-data.py 1000000)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RUNS="${1:-3}"
PORT="${MYSQL_PORT:-13306}"
for t in orders events; do
  rows=$(mariadb --no-defaults -h 127.0.0.1 -P "$PORT" -u sync -psync -N -B bench -e "select count(*) from $t")
  mariadb --no-defaults -h 127.0.0.1 -P "$PORT" -u sync -psync --quick bench -e "SELECT * FROM $t" > /dev/null  # warm-up
  best=999999
  for _ in $(seq "$RUNS"); do
    start=$(date +%s.%N)
    mariadb --no-defaults -h 127.0.0.1 -P "$PORT" -u sync -psync --quick bench -e "SELECT * FROM $t" > /dev/null
    s=$(echo "$(date +%s.%N) - $start" | bc)
    best=$(echo "if ($s < $best) $s else $best" | bc)
  done
  echo -e "bench.$t\tmariadb --quick\t$rows rows\tbest $(printf %.2f "$best") s\t$(echo "$rows / $best" | bc) rows/s"
done
"$HERE/.build/release/SnapshotRead" "mysql://sync:sync@127.0.0.1:$PORT" bench orders,events --runs "$RUNS" --parallel 4

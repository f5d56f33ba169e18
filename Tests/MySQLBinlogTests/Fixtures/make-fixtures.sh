#!/usr/bin/env bash
# Regenerates the binlog fixtures from a private MariaDB 10.11 (see /work/shared/docs/servers.md §1).
# Each <name>.sql runs between two FLUSH BINARY LOGS; the closed binlog file becomes <name>.bin.
# Server flags: --binlog-format=ROW --binlog-row-image=FULL --binlog-row-metadata=FULL --server-id=1
#   --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci --gtid-strict-mode=1
# Per-fixture settings (row image, metadata, compression) are SET GLOBAL/SESSION inside each .sql.
# Usage: make-fixtures.sh [name ...]   (default: every *.sql here)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
D=${FIXTURE_SERVER_DIR:-/tmp/tide-binlog-fixtures}
PORT=${FIXTURE_SERVER_PORT:-23406}
client() { mariadb --no-defaults --default-character-set=utf8mb4 -uroot --socket="$D/mysqld.sock" "$@"; }
if ! mariadb-admin --no-defaults -uroot --socket="$D/mysqld.sock" ping >/dev/null 2>&1; then
  mkdir -p "$D"
  [ -d "$D/data" ] || mariadb-install-db --no-defaults --user=root --datadir="$D/data" \
    --auth-root-authentication-method=normal --skip-test-db --skip-name-resolve >"$D/install.log" 2>&1
  mariadbd --no-defaults --user=root --datadir="$D/data" --socket="$D/mysqld.sock" --pid-file="$D/mysqld.pid" \
    --log-error="$D/error.log" --port="$PORT" --bind-address=127.0.0.1 --skip-name-resolve \
    --server-id=1 --log-bin=mysql-bin --binlog-format=ROW --binlog-row-image=FULL --binlog-row-metadata=FULL \
    --log-slave-updates --gtid-strict-mode=1 --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
    --innodb-buffer-pool-size=128M --innodb-flush-log-at-trx-commit=2 --sync-binlog=0 &
  until mariadb-admin --no-defaults -uroot --socket="$D/mysqld.sock" ping >/dev/null 2>&1; do sleep 0.1; done
fi
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for f in "$HERE"/*.sql; do names+=("$(basename "$f" .sql)"); done
fi
for name in "${names[@]}"; do
  client -e "FLUSH BINARY LOGS"
  file=$(client -N -e "SHOW MASTER STATUS" | cut -f1)
  client --binary-mode < "$HERE/$name.sql"
  client -e "FLUSH BINARY LOGS"
  cp "$D/data/$file" "$HERE/$name.bin"
  echo "$name.bin <- $file ($(stat -c %s "$HERE/$name.bin") bytes)"
done

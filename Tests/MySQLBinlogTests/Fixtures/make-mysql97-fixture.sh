#!/usr/bin/env bash
# Regenerates mysql97-compressed.bin from mysql97-compressed.sql on the chrooted MySQL 9.7 started by
# scripts/servers.sh mysql97-start (flags there: ROW, FULL image, FULL metadata, GTID mode ON, CRC32).
# The .sql runs between two FLUSH BINARY LOGS; the closed binlog file becomes the .bin.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
R=${MYSQL97_ROOT:-/tmp/tide-srv/sid}
client() { chroot "$R" mysql --no-defaults -uroot -prootpass --socket=/var/lib/tide-mysql/mysqld.sock "$@" 2>/dev/null; }
client -e "FLUSH BINARY LOGS"
file=$(client -N -e "SHOW BINARY LOG STATUS" | cut -f1)
client < "$HERE/mysql97-compressed.sql"
client -e "FLUSH BINARY LOGS"
cp "$R/var/lib/tide-mysql/data/$file" "$HERE/mysql97-compressed.bin"
echo "mysql97-compressed.bin <- $file ($(stat -c %s "$HERE/mysql97-compressed.bin") bytes)"

#!/usr/bin/env bash
# Regenerates Fixtures/NAME.bin from NAME.sql (NAME: mysql97-compressed by default, or mysql97-partial-json) on the
# chrooted MySQL 9.7 started by scripts/servers.sh mysql97-start (flags there: ROW, FULL image, FULL metadata,
# GTID mode ON, CRC32). usage: make-mysql97-fixture.sh [NAME]
# The .sql runs between two FLUSH BINARY LOGS; the closed binlog file becomes the .bin.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
NAME=${1:-mysql97-compressed}
R=${MYSQL97_ROOT:-/tmp/tide-srv/sid}
client() { chroot "$R" mysql --no-defaults -uroot -prootpass --socket=/var/lib/tide-mysql/mysqld.sock "$@" 2>/dev/null; }
client -e "FLUSH BINARY LOGS"
file=$(client -N -e "SHOW BINARY LOG STATUS" | cut -f1)
client < "$HERE/$NAME.sql"
client -e "FLUSH BINARY LOGS"
cp "$R/var/lib/tide-mysql/data/$file" "$HERE/$NAME.bin"
echo "$NAME.bin <- $file ($(stat -c %s "$HERE/$NAME.bin") bytes)"

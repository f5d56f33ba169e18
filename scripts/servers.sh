#!/usr/bin/env bash
# Throwaway test servers for Tide's integration tests (Debian 12, no Docker).
# Follows docs/servers.md: MariaDB 10.11 on 127.0.0.1:23306, PostgreSQL 15 on 127.0.0.1:25432,
# optional real MySQL 9.7 (sid chroot) on 127.0.0.1:23307. Data lives under ${TIDE_SRV_ROOT:-/tmp/tide-srv}.
#
# Usage:  source scripts/servers.sh; servers_install; mariadb_start
#    or:  scripts/servers.sh install|start|stop|restart-mariadb|mariadb-start|mariadb-stop|pg-start|pg-stop|mysql97-start|mysql97-stop

SRV_ROOT="${TIDE_SRV_ROOT:-/tmp/tide-srv}"
MARIADB_PORT="${MARIADB_PORT:-23306}"
PG_PORT="${PG_PORT:-25432}"
MYSQL_PORT="${MYSQL_PORT:-23307}"

_srv_log() { echo "servers.sh: $*" >&2; }

_as_root_flag() { if [ "$(id -u)" = 0 ]; then echo "--user=root"; fi; }

# Runs apt-get, retrying while another process holds the dpkg lock.
_apt_retry() {
    local i
    for i in $(seq 1 60); do
        if apt-get "$@"; then return 0; fi
        if fuser /var/lib/dpkg/lock-frontend /var/lib/dpkg/lock >/dev/null 2>&1; then
            _srv_log "dpkg lock busy, retrying ($i)"; sleep 5
        else
            return 1
        fi
    done
    return 1
}

# Idempotent install of the server packages (root only).
servers_install() {
    local need=""
    command -v mariadbd >/dev/null 2>&1 || need="$need mariadb-server-core"
    command -v mariadb >/dev/null 2>&1 || need="$need mariadb-client"
    [ -x /usr/lib/postgresql/15/bin/initdb ] || need="$need postgresql-15"
    command -v psql >/dev/null 2>&1 || need="$need postgresql-client-15"
    [ -z "$need" ] && return 0
    export DEBIAN_FRONTEND=noninteractive
    mkdir -p /etc/postgresql-common/createcluster.d
    echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.d/99-no-main.conf
    _apt_retry update -q || return 1
    # shellcheck disable=SC2086
    _apt_retry install -y -q --no-install-recommends $need ca-certificates
}

_mariadb_dir() { echo "$SRV_ROOT/mariadb"; }

_mariadb_ping() {
    mariadb-admin --no-defaults -uroot --socket="$(_mariadb_dir)/mysqld.sock" ping >/dev/null 2>&1
}

# Starts mariadbd (initialising the data directory and the accounts the first time). Idempotent.
mariadb_start() {
    local D; D="$(_mariadb_dir)"
    if _mariadb_ping; then return 0; fi
    mkdir -p "$D"
    local fresh=0
    if [ ! -d "$D/data/mysql" ]; then
        fresh=1
        # shellcheck disable=SC2046
        mariadb-install-db --no-defaults $(_as_root_flag) --datadir="$D/data" \
            --auth-root-authentication-method=normal --skip-test-db --skip-name-resolve >"$D/install.log" 2>&1 \
            || { _srv_log "mariadb-install-db failed, see $D/install.log"; return 1; }
    fi
    # shellcheck disable=SC2046
    mariadbd --no-defaults $(_as_root_flag) --datadir="$D/data" --socket="$D/mysqld.sock" --pid-file="$D/mysqld.pid" \
        --log-error="$D/error.log" --port="$MARIADB_PORT" --bind-address=127.0.0.1 --skip-name-resolve \
        --server-id=1 --log-bin=mysql-bin --binlog-format=ROW --binlog-row-image=FULL --binlog-row-metadata=FULL \
        --log-slave-updates --gtid-strict-mode=1 --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
        --innodb-buffer-pool-size=128M --innodb-flush-log-at-trx-commit=2 --sync-binlog=0 >/dev/null 2>&1 &
    local i
    for i in $(seq 1 300); do
        _mariadb_ping && break
        sleep 0.1
    done
    _mariadb_ping || { _srv_log "mariadbd did not start, see $D/error.log"; return 1; }
    if [ "$fresh" = 1 ]; then
        mariadb --no-defaults -uroot --socket="$D/mysqld.sock" <<'SQL' || return 1
ALTER USER 'root'@'localhost' IDENTIFIED BY 'rootpass';
ALTER USER 'root'@'127.0.0.1' IDENTIFIED BY 'rootpass';
ALTER USER 'root'@'::1' IDENTIFIED BY 'rootpass';
CREATE USER IF NOT EXISTS 'repl'@'%' IDENTIFIED BY 'replpass';
GRANT REPLICATION SLAVE, REPLICATION CLIENT, SELECT, RELOAD ON *.* TO 'repl'@'%';
CREATE USER IF NOT EXISTS 'app'@'%' IDENTIFIED BY 'apppass';
GRANT ALL ON *.* TO 'app'@'%';
FLUSH PRIVILEGES;
SQL
    fi
    return 0
}

_mariadb_admin() {
    # Root over the socket has a password after the first start; try both.
    mariadb-admin --no-defaults -uroot -prootpass --socket="$(_mariadb_dir)/mysqld.sock" "$@" 2>/dev/null \
        || mariadb-admin --no-defaults -uroot --socket="$(_mariadb_dir)/mysqld.sock" "$@" 2>/dev/null
}

# Stops mariadbd and waits until its pid is gone. Idempotent.
mariadb_stop() {
    local D; D="$(_mariadb_dir)"
    local pid=""
    [ -f "$D/mysqld.pid" ] && pid="$(cat "$D/mysqld.pid" 2>/dev/null)"
    _mariadb_ping || return 0
    _mariadb_admin shutdown >/dev/null || true
    local i
    for i in $(seq 1 300); do
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then sleep 0.1; else break; fi
    done
    return 0
}

# Restarts MariaDB keeping its data (used by the restart-mid-stream integration test).
mariadb_restart() { mariadb_stop && mariadb_start; }

_pg_bin() { echo /usr/lib/postgresql/15/bin; }
_pg_run() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# Starts PostgreSQL 15 (initdb the first time). Idempotent.
pg_start() {
    local D="$SRV_ROOT/pg" B; B="$(_pg_bin)"
    mkdir -p "$D"
    [ "$(id -u)" = 0 ] && chown postgres: "$D"
    if [ -f "$D/data/postmaster.pid" ] && _pg_run "$B/pg_ctl" -D "$D/data" status >/dev/null 2>&1; then return 0; fi
    if [ ! -f "$D/data/PG_VERSION" ]; then
        echo postgres > "$D/pwfile"
        [ "$(id -u)" = 0 ] && chown postgres: "$D/pwfile"
        _pg_run "$B/initdb" -D "$D/data" -U postgres --pwfile="$D/pwfile" --auth-local=trust \
            --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync >"$D/initdb.log" 2>&1 \
            || { _srv_log "initdb failed, see $D/initdb.log"; return 1; }
        printf '%s\n' "listen_addresses = '127.0.0.1'" "port = $PG_PORT" "unix_socket_directories = '$D'" \
            "wal_level = logical" "max_replication_slots = 20" "max_wal_senders = 20" \
            "fsync = off" "full_page_writes = off" >> "$D/data/postgresql.conf"
    fi
    # Parallel test suites (each sink pools up to 4 connections) and a demo can pass the default 100 connections.
    _pg_run "$B/pg_ctl" -D "$D/data" -l "$D/server.log" -o "-c max_connections=300" -w start >/dev/null \
        || { _srv_log "postgres did not start, see $D/server.log"; return 1; }
}

# Stops PostgreSQL. Idempotent.
pg_stop() {
    local D="$SRV_ROOT/pg" B; B="$(_pg_bin)"
    [ -f "$D/data/postmaster.pid" ] || return 0
    _pg_run "$B/pg_ctl" -D "$D/data" -m fast -w stop >/dev/null 2>&1 || true
}

_mysql97_root() { echo "$SRV_ROOT/sid"; }

# Builds a Debian sid chroot with mysql-server-core (real MySQL 9.7) and starts mysqld on $MYSQL_PORT.
# Optional: returns non-zero quickly, with a message, when it cannot be done here.
mysql97_start() {
    local R; R="$(_mysql97_root)"
    local D="$R/var/lib/tide-mysql"
    [ "$(id -u)" = 0 ] || { _srv_log "mysql97: needs root (chroot)"; return 1; }
    if [ ! -x "$R/usr/sbin/mysqld" ]; then
        command -v mmdebstrap >/dev/null 2>&1 || _apt_retry install -y -q --no-install-recommends mmdebstrap >/dev/null 2>&1 \
            || { _srv_log "mysql97: mmdebstrap unavailable"; return 1; }
        timeout 300 mmdebstrap --variant=apt --aptopt='Acquire::Check-Valid-Until "false"' \
            --include=mysql-server-core,mysql-client sid "$R" http://deb.debian.org/debian >"$SRV_ROOT/mmdebstrap.log" 2>&1 \
            || { _srv_log "mysql97: building the sid chroot failed, see $SRV_ROOT/mmdebstrap.log"; rm -rf "$R"; return 1; }
    fi
    if chroot "$R" mysqladmin --no-defaults -uroot -prootpass -h127.0.0.1 -P"$MYSQL_PORT" ping >/dev/null 2>&1; then
        return 0
    fi
    mkdir -p "$D"
    local fresh=0
    if [ ! -d "$D/data/mysql" ]; then
        fresh=1
        chroot "$R" mysqld --no-defaults --initialize-insecure --user=root --datadir=/var/lib/tide-mysql/data \
            >"$D/init.log" 2>&1 || { _srv_log "mysql97: initialize failed, see $D/init.log"; return 1; }
    fi
    chroot "$R" mysqld --no-defaults --user=root --datadir=/var/lib/tide-mysql/data \
        --socket=/var/lib/tide-mysql/mysqld.sock --pid-file=/var/lib/tide-mysql/mysqld.pid \
        --log-error=/var/lib/tide-mysql/error.log --port="$MYSQL_PORT" --bind-address=127.0.0.1 \
        --mysqlx=OFF --secure-file-priv= --server-id=1 --log-bin=mysql-bin --binlog-format=ROW \
        --binlog-row-image=FULL --binlog-row-metadata=FULL --gtid-mode=ON --enforce-gtid-consistency=ON \
        --skip-name-resolve >/dev/null 2>&1 &
    local i
    for i in $(seq 1 300); do
        chroot "$R" mysqladmin --no-defaults -uroot --socket=/var/lib/tide-mysql/mysqld.sock ping >/dev/null 2>&1 && break
        chroot "$R" mysqladmin --no-defaults -uroot -prootpass --socket=/var/lib/tide-mysql/mysqld.sock ping >/dev/null 2>&1 && break
        sleep 0.2
    done
    if [ "$fresh" = 1 ]; then
        chroot "$R" mysql --no-defaults -uroot --socket=/var/lib/tide-mysql/mysqld.sock <<'SQL' || { _srv_log "mysql97: account setup failed"; return 1; }
CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY 'rootpass';
GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
ALTER USER 'root'@'localhost' IDENTIFIED BY 'rootpass';
CREATE USER IF NOT EXISTS 'repl'@'%' IDENTIFIED BY 'replpass';
GRANT REPLICATION SLAVE, REPLICATION CLIENT, SELECT, RELOAD ON *.* TO 'repl'@'%';
CREATE USER IF NOT EXISTS 'app'@'%' IDENTIFIED BY 'apppass';
GRANT ALL ON *.* TO 'app'@'%';
SQL
    fi
    chroot "$R" mysqladmin --no-defaults -uroot -prootpass -h127.0.0.1 -P"$MYSQL_PORT" ping >/dev/null 2>&1 \
        || { _srv_log "mysql97: mysqld did not come up, see $D/error.log"; return 1; }
}

# Stops the chrooted MySQL 9.7. Idempotent.
mysql97_stop() {
    local R; R="$(_mysql97_root)"
    [ -x "$R/usr/sbin/mysqld" ] || return 0
    chroot "$R" mysqladmin --no-defaults -uroot -prootpass -h127.0.0.1 -P"$MYSQL_PORT" shutdown >/dev/null 2>&1 || true
}

servers_start() { mariadb_start && pg_start; }
servers_stop() { mariadb_stop; pg_stop; mysql97_stop; }

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -u
    case "${1:-}" in
        install) servers_install ;;
        start) servers_install && servers_start ;;
        stop) servers_stop ;;
        restart-mariadb) mariadb_restart ;;
        mariadb-start) mariadb_start ;;
        mariadb-stop) mariadb_stop ;;
        pg-start) pg_start ;;
        pg-stop) pg_stop ;;
        mysql97-start) mysql97_start ;;
        mysql97-stop) mysql97_stop ;;
        *) echo "usage: $0 install|start|stop|restart-mariadb|mariadb-start|mariadb-stop|pg-start|pg-stop|mysql97-start|mysql97-stop" >&2; exit 2 ;;
    esac
fi

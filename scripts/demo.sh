#!/usr/bin/env bash
# The main job: start local MariaDB 10.11 and PostgreSQL 15 (installed when missing), load a sample database
# (`shop`: customers and 300,000 orders with mixed column types), start `tide serve`, and drive Tide through its
# signed API with the `tide` CLI: create a project, two data sources and a Full MySQL->PostgreSQL task, start it,
# follow it with a live progress bar, show its progress figures, and verify the destination against the source
# table by table (chunked checksums). Finally a few changes are made on the source and read back from its binlog
# with `tide binlog tail` (real-time apply of those changes is issue 5).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work="${TIDE_DEMO_DIR:-/tmp/tide-demo}"
port="${TIDE_DEMO_PORT:-18080}"
mkdir -p "$work"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "install and start MariaDB 10.11 and PostgreSQL 15"
scripts/setup.sh
scripts/servers.sh start

step "build tide"
swift build --product tide 2>&1 | tail -n 3
tide="$root/.build/debug/tide"

step "load the sample database 'shop' into MariaDB (300,000 orders)"
mariadb --no-defaults -h127.0.0.1 -P23306 -uroot -prootpass <<'SQL'
DROP DATABASE IF EXISTS shop;
CREATE DATABASE shop CHARACTER SET utf8mb4;
USE shop;
CREATE TABLE customers (id INT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(100) NOT NULL, city VARCHAR(60),
                        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3));
CREATE TABLE orders (id BIGINT UNSIGNED PRIMARY KEY AUTO_INCREMENT, customer_id INT NOT NULL,
                     amount DECIMAL(12,2) NOT NULL, status ENUM('new','paid','shipped') NOT NULL DEFAULT 'new',
                     note JSON NULL);
INSERT INTO customers (name, city) VALUES ('Ada', 'London'), ('Grace', 'Arlington'), ('Linus', 'Helsinki'),
                                          ('Zoë', 'Zürich');
INSERT INTO orders (customer_id, amount, status, note)
  SELECT 1 + seq % 4, (seq % 100000) / 100, ELT(1 + seq % 3, 'new', 'paid', 'shipped'),
         IF(seq % 10 = 0, JSON_OBJECT('gift', seq % 20 = 0, 'n', seq), NULL)
  FROM seq_1_to_300000;
DELETE FROM customers WHERE name = 'Linus';
SQL

step "start tide serve on 127.0.0.1:$port"
export TIDE_ROOT_ACCESS_KEY_ID=demo-admin
export TIDE_ROOT_ACCESS_KEY_SECRET="demo-secret-$(date +%s)-$$"
export TIDE_ENDPOINT="http://127.0.0.1:$port" TIDE_ACCESS_KEY_ID=$TIDE_ROOT_ACCESS_KEY_ID
export TIDE_ACCESS_KEY_SECRET=$TIDE_ROOT_ACCESS_KEY_SECRET
rm -rf "$work/data"
"$tide" serve --data-dir "$work/data" --listen "127.0.0.1:$port" > "$work/serve.log" 2>&1 &
serve_pid=$!
trap 'kill $serve_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
    "$tide" project list >/dev/null 2>&1 && break
    sleep 0.2
done

step "create a project (one project, two ids: DataWorks ProjectId and DRS project_id)"
"$tide" project create demo --id 10001 --drs-project-id 0a1b2c3d4e5f67890a1b2c3d4e5f6789

step "create the data sources (passwords are encrypted at rest and never shown again)"
"$tide" datasource create --project-id 10001 --name shop_mysql --type mysql \
    --content '{"jdbcUrl":"jdbc:mysql://127.0.0.1:23306/shop","username":"repl","password":"replpass"}'
"$tide" datasource create --project-id 10001 --name shop_pg --type postgresql \
    --content '{"host":"127.0.0.1","port":25432,"database":"postgres","username":"postgres","password":"postgres"}'
"$tide" datasource list --project-id 10001

step "create a MySQL -> PostgreSQL full-copy task (DataWorks CreateDIJob, MigrationType Full)"
PGPASSWORD=postgres psql -X -q -h 127.0.0.1 -p 25432 -U postgres -d postgres -c 'DROP SCHEMA IF EXISTS shop CASCADE' \
    -c 'DROP SCHEMA IF EXISTS _tide CASCADE' >/dev/null
"$tide" task create --project-id 10001 --name shop_to_pg --source shop_mysql --destination shop_pg \
    --migration-type Full --database shop
"$tide" task list --project-id 10001
task_id=$("$tide" task list --project-id 10001 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["DIJobPaging"]["DIJobs"][0]["DIJobId"])')

step "start it and follow the copy"
"$tide" task start "$task_id"
"$tide" task wait "$task_id"
"$tide" task show "$task_id"

step "verify: compare every table of the destination with the source (chunked checksums over key ranges)"
"$tide" task verify "$task_id"

step "the same rows, read straight from PostgreSQL"
PGPASSWORD=postgres psql -X -h 127.0.0.1 -p 25432 -U postgres -d postgres \
    -c 'SELECT count(*) AS orders, sum(amount) AS total FROM shop.orders' \
    -c 'SELECT * FROM shop.customers ORDER BY id'

step "changes made on the source now, read from its binlog (tide binlog tail; applying them is issue 5)"
binlog_start=$(mariadb --no-defaults -h127.0.0.1 -P23306 -uroot -prootpass -N -e 'SHOW MASTER STATUS' | awk '{print $1 ":" $2}')
mariadb --no-defaults -h127.0.0.1 -P23306 -uroot -prootpass shop \
    -e "UPDATE orders SET status = 'paid' WHERE id = 2; INSERT INTO customers (name, city) VALUES ('Barbara', 'Boston')"
"$tide" binlog tail --source mysql://repl:replpass@127.0.0.1:23306 --position "$binlog_start" --stop-at-end

step "done: server log in $work/serve.log"

#!/usr/bin/env bash
# The main job: start local MariaDB 10.11 and PostgreSQL 15 (installed when missing), load a sample database
# (`shop`: customers and 300,000 orders with mixed column types), start `tide serve`, and drive Tide through its
# signed API with the `tide` CLI: create a project, two data sources and a FullAndRealtimeIncremental
# MySQL->PostgreSQL task, start it while a change stream runs on the source, follow the full copy with a live
# progress bar and then the change capture with its lag, and once the stream stops verify the destination against
# the source table by table (chunked checksums).
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

step "create a MySQL -> PostgreSQL task, full copy then real-time (DataWorks CreateDIJob, FullAndRealtimeIncremental)"
PGPASSWORD=postgres psql -X -q -h 127.0.0.1 -p 25432 -U postgres -d postgres -c 'DROP SCHEMA IF EXISTS shop CASCADE' \
    -c 'DROP SCHEMA IF EXISTS _tide CASCADE' >/dev/null
"$tide" task create --project-id 10001 --name shop_to_pg --source shop_mysql --destination shop_pg \
    --migration-type FullAndRealtimeIncremental --database shop
"$tide" task list --project-id 10001
task_id=$("$tide" task list --project-id 10001 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["DIJobPaging"]["DIJobs"][0]["DIJobId"])')

step "a change stream on the source while Tide copies and then streams (inserts, updates, deletes, key changes)"
(
    for i in $(seq 1 400); do
        echo "BEGIN; INSERT INTO orders (customer_id, amount, status) VALUES (1 + $i % 4, $i.25, 'new');"
        echo "UPDATE orders SET status = 'paid', amount = amount + 1 WHERE id = 1 + ($i * 7919) % 300000;"
        echo "DELETE FROM orders WHERE id = 1 + ($i * 104729) % 300000;"
        echo "UPDATE customers SET city = CONCAT('City ', $i) WHERE id = 1 + $i % 3; COMMIT;"
        [ $((i % 4)) -eq 0 ] && echo "UPDATE orders SET id = id + 1000000 WHERE id = 1 + ($i * 31) % 300000;"
        sleep 0.05
    done | mariadb --no-defaults -h127.0.0.1 -P23306 -uroot -prootpass shop
) &
load_pid=$!

step "start it: the full copy (live progress), then change capture"
"$tide" task start "$task_id"
"$tide" task wait "$task_id"
"$tide" task wait "$task_id" --follow --timeout 10

step "the change stream ends; wait until Tide has applied everything (no change for 3 s)"
wait "$load_pid"
"$tide" task wait "$task_id" --until-idle 3 --timeout 120
"$tide" task show "$task_id"

step "verify: compare every table of the destination with the source (chunked checksums over key ranges)"
"$tide" task verify "$task_id"

step "the same rows, read straight from both sides"
mariadb --no-defaults -h127.0.0.1 -P23306 -uroot -prootpass shop \
    -e 'SELECT count(*) AS orders, sum(amount) AS total FROM orders; SELECT id, name, city FROM customers ORDER BY id'
PGPASSWORD=postgres psql -X -h 127.0.0.1 -p 25432 -U postgres -d postgres \
    -c 'SELECT count(*) AS orders, sum(amount) AS total FROM shop.orders' \
    -c 'SELECT id, name, city FROM shop.customers ORDER BY id'

step "the task keeps streaming: one more change, visible in PostgreSQL within a second or two"
mariadb --no-defaults -h127.0.0.1 -P23306 -uroot -prootpass shop \
    -e "INSERT INTO customers (name, city) VALUES ('Barbara', 'Boston')"
for _ in $(seq 1 50); do
    found=$(PGPASSWORD=postgres psql -X -t -A -h 127.0.0.1 -p 25432 -U postgres -d postgres \
        -c "SELECT count(*) FROM shop.customers WHERE name = 'Barbara'")
    [ "$found" = 1 ] && break
    sleep 0.2
done
echo "Barbara in PostgreSQL: $found"
"$tide" task stop "$task_id"

step "done: server log in $work/serve.log"

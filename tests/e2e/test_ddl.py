"""DDL during change capture (issue 5 item 6) through the official SDKs against real MariaDB and PostgreSQL: each
DdlHandlingSettings policy, columns added with defaults that rewrite existing rows (a constant, an expression), a
table renamed into the task, a TRUNCATE ignored and a MODIFY COLUMN refused. The oracle is `VerifyDIJob`."""
import os
import secrets
import subprocess

import pytest

from conftest import wait_for
from test_realtime import create_dijob, drop, load_table, start, wait_row, wait_streaming
from test_snapshot import create_sources, job, mysql, pg, unique, verify

pytestmark = pytest.mark.skipif(os.environ.get("TIDE_TEST_MYSQL") is None or os.environ.get("TIDE_TEST_PG") is None,
                                reason="TIDE_TEST_MYSQL / TIDE_TEST_PG not set: run the README test command")


def test_ddl_policies(dw, admin, project):
    suffix = secrets.token_hex(3)
    database = unique("tide_rtddl")
    load_table(database, 100)
    create_sources(dw, 10000, suffix)
    job_id = create_dijob(dw, 10000, f"ddl_{suffix}", suffix, database,
                          ddl={"AddColumn": "Normal", "DropColumn": "Normal", "RenameColumn": "Normal",
                               "ModifyColumn": "Critical", "TruncateTable": "Ignore"})
    start(dw, job_id)
    wait_streaming(dw, job_id)
    mysql(f"USE `{database}`; ALTER TABLE t ADD COLUMN extra VARCHAR(10); "
          f"INSERT INTO t VALUES (201, 1, 'after add', NOW(6), 'x');")
    wait_row(database, 201)
    assert pg(f'SELECT extra FROM "{database}".t WHERE id = 201') == "x"
    mysql(f"USE `{database}`; ALTER TABLE t RENAME COLUMN extra TO label; UPDATE t SET label = 'y' WHERE id = 201;"
          f"ALTER TABLE t DROP COLUMN v; INSERT INTO t (id, s, at, label) VALUES (202, 'after drop', NOW(6), 'z');")
    wait_row(database, 202)
    assert pg(f'SELECT label FROM "{database}".t WHERE id = 201') == "y"
    assert pg(f"SELECT count(*) FROM information_schema.columns WHERE table_schema = '{database}' "
              f"AND table_name = 't' AND column_name = 'v'") == "0"
    # ADD COLUMN ... NOT NULL DEFAULT gives every row already there a value that no binlog row event carries (a
    # plain ADD COLUMN on the destination would leave NULL). A constant: PostgreSQL's ADD COLUMN ... DEFAULT gives
    # it to them. An expression (the time of the DDL): Tide copies the table again, then replays what followed.
    mysql(f"USE `{database}`; ALTER TABLE t ADD COLUMN flag INT NOT NULL DEFAULT 7; "
          f"INSERT INTO t (id, s, at, label, flag) VALUES (204, 'after default', NOW(6), 'd', 8);"
          f"UPDATE t SET flag = 9 WHERE id = 3;")
    wait_row(database, 204)
    flags = f'SELECT flag || \':\' || count(*) FROM "{database}".t GROUP BY flag ORDER BY flag'
    wait_for(lambda: pg(flags).split(), lambda v: v == ["7:101", "8:1", "9:1"], timeout=60)
    assert pg(f"SELECT column_default FROM information_schema.columns WHERE table_schema = '{database}' "
              f"AND table_name = 't' AND column_name = 'flag'") == "7"
    mysql(f"USE `{database}`; ALTER TABLE t ADD COLUMN added_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6); "
          f"INSERT INTO t (id, s, at, label, flag) VALUES (205, 'after expression default', NOW(6), 'e', 1);")
    wait_row(database, 205)
    wait_for(lambda: pg(f'SELECT count(*) FROM "{database}".t WHERE added_at IS NULL'), lambda v: v == "0",
             timeout=60)
    report = verify(admin, job_id)
    assert report["IsEqual"] is True, report["Text"]
    # A table renamed into the database (a CreateTable for the task, default Normal) brings rows its binlog never
    # carried under this name: they are copied, then its later changes stream in.
    other = unique("tide_rtddl_from")
    mysql(f"CREATE DATABASE `{other}`; CREATE TABLE `{other}`.arrived (id INT PRIMARY KEY, v VARCHAR(20)); "
          f"INSERT INTO `{other}`.arrived VALUES (1, 'one'), (2, 'two'), (3, 'three'); "
          f"RENAME TABLE `{other}`.arrived TO `{database}`.arrived; "
          f"INSERT INTO `{database}`.arrived VALUES (4, 'four'); UPDATE `{database}`.arrived SET v = 'TWO' WHERE id = 2; "
          f"DELETE FROM `{database}`.arrived WHERE id = 3; DROP DATABASE `{other}`")
    arrived = f'SELECT string_agg(id || \':\' || v, \',\' ORDER BY id) FROM "{database}".arrived'
    def arrived_count():
        try:
            return pg(f'SELECT count(*) FROM "{database}".arrived WHERE id = 4')
        except subprocess.CalledProcessError:   # not created yet
            return ""
    wait_for(arrived_count, lambda v: v == "1", timeout=60)
    assert pg(arrived) == "1:one,2:TWO,4:four"
    mysql(f"USE `{database}`; TRUNCATE TABLE t; INSERT INTO t (id, s, at, label) VALUES (203, 'after truncate', NOW(6), 'w');")
    wait_row(database, 203)
    assert int(pg(f'SELECT count(*) FROM "{database}".t')) > 100  # Ignore: the destination keeps its rows
    mysql(f"ALTER TABLE `{database}`.t MODIFY COLUMN s VARCHAR(80)")
    data = wait_for(lambda: job(dw, job_id), lambda d: d.job_status == "Failed", timeout=60)
    assert "MODIFY COLUMN s VARCHAR(80)" in data.error_message and data.run_stats["DrsStatus"] == "INCRE_TRANSFER_FAILED"
    drop(database)

"""StartDIJob RealtimeStartSettings.StartPosition (a Tide extension; issue 5 item 4) through the official DataWorks
SDK: a RealtimeIncremental task started at a binlog FILE:POS applies exactly the transactions after it."""
import json
import os
import secrets
import subprocess

import pytest
from alibabacloud_dataworks_public20200518 import models as dw_models
from alibabacloud_tea_openapi.exceptions import ClientException

from conftest import ROOT_ID, ROOT_SECRET, wait_for
from test_realtime import create_dijob, drop, load_table, wait_streaming, wait_row
from test_snapshot import create_sources, job, mysql, pg, unique

pytestmark = pytest.mark.skipif(os.environ.get("TIDE_TEST_MYSQL") is None or os.environ.get("TIDE_TEST_PG") is None,
                                reason="TIDE_TEST_MYSQL / TIDE_TEST_PG not set: run the README test command")


class StartSettingsWithPosition(dw_models.StartDIJobRequestRealtimeStartSettings):
    """The SDK model plus the extra key: the SDK sends RealtimeStartSettings as the JSON of to_map()."""

    def __init__(self, start_position, **kwargs):
        super().__init__(**kwargs)
        self.start_position = start_position

    def to_map(self):
        result = super().to_map()
        result["StartPosition"] = self.start_position
        return result


def start_at(dw, job_id, position, start_time=None):
    settings = StartSettingsWithPosition(
        position, start_time=start_time,
        failover_settings=dw_models.StartDIJobRequestRealtimeStartSettingsFailoverSettings(interval=0, upper_limit=50))
    dw.start_dijob(dw_models.StartDIJobRequest(dijob_id=job_id, realtime_start_settings=settings))


def test_start_position_replays_exactly_the_transactions_after_it(dw, admin, project):
    suffix = secrets.token_hex(3)
    database = unique("tide_rtpos")
    load_table(database, 10)
    file, pos = mysql("SHOW MASTER STATUS").split("\t")[:2]
    mysql(f"USE `{database}`; INSERT INTO t VALUES (101, 1, 'after the position', NOW(6));"
          f"UPDATE t SET s = 'updated after' WHERE id = 3; DELETE FROM t WHERE id = 4;")
    create_sources(dw, 10000, suffix)
    job_id = create_dijob(dw, 10000, f"pos_{suffix}", suffix, database, migration="RealtimeIncremental")

    # Bad syntax and both starts: InvalidParameter, nothing started.
    for position, start_time in [("mysql-bin.000001", None), (f"{file}:{pos}", 1700000000)]:
        with pytest.raises(ClientException) as raised:
            start_at(dw, job_id, position, start_time)
        assert raised.value.code == "Invalid.DI.Parameter", raised.value
        assert raised.value.status_code == 400
        assert "RealtimeStartSettings.StartPosition" in raised.value.message

    start_at(dw, job_id, f"{file}:{pos}")
    wait_streaming(dw, job_id)
    wait_row(database, 101)
    wait_for(lambda: pg(f'SELECT s FROM "{database}".t WHERE id = 3'), lambda s: s == "updated after", timeout=60)
    rows = pg(f'SELECT id, s FROM "{database}".t ORDER BY id')
    assert rows == mysql(f"SELECT id, s FROM `{database}`.t WHERE id IN (3, 101) ORDER BY id").replace("\t", "|")
    assert job(dw, job_id).run_stats.get("StartPosition") == f"{file}:{pos}"
    drop(database, dw, job_id)


def tide_cli(server, *args):
    out = subprocess.run([os.environ["TIDE_E2E_BINARY"], *args, "--endpoint", f"http://{server.host}",
                          "--access-key-id", ROOT_ID, "--access-key-secret", ROOT_SECRET],
                         check=True, capture_output=True, text=True)
    return out.stdout


def test_cli_gtid_start_replays_the_transactions_after_the_set(server, dw, admin, project):
    suffix = secrets.token_hex(3)
    database = unique("tide_rtgtid")
    load_table(database, 10)
    state = mysql("SELECT @@gtid_binlog_pos")
    mysql(f"USE `{database}`; INSERT INTO t VALUES (102, 1, 'after the set', NOW(6)); DELETE FROM t WHERE id = 5;")
    create_sources(dw, 10000, suffix)
    job_id = create_dijob(dw, 10000, f"gtid_{suffix}", suffix, database, migration="RealtimeIncremental")
    tide_cli(server, "task", "start", str(job_id), "--gtid", state)
    wait_streaming(dw, job_id)
    wait_row(database, 102)
    assert pg(f'SELECT id, s FROM "{database}".t ORDER BY id') == "102|after the set"
    shown = json.loads(tide_cli(server, "task", "show", str(job_id), "--json"))
    assert shown["Data"]["RunStats"]["StartPosition"] == state
    drop(database, dw, job_id)

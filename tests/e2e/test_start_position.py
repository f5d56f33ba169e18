"""StartDIJob RealtimeStartSettings.StartPosition (a Tide extension; issue 5 item 4) through the official DataWorks
SDK: a RealtimeIncremental task started at a binlog FILE:POS applies exactly the transactions after it."""
import secrets

import pytest
from alibabacloud_dataworks_public20200518 import models as dw_models
from alibabacloud_tea_openapi.exceptions import ClientException

from conftest import wait_for
from test_realtime import create_dijob, drop, load_table, wait_streaming, wait_row
from test_snapshot import create_sources, job, mysql, pg, unique


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

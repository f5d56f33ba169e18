"""A DataWorks DISync DI_REALTIME task through the official SDK (issue 5): a TaskContent in the DataX step form (a
mysql reader naming its table, a postgresql writer) runs as real-time incremental sync once StartDISyncInstance is
called: rows inserted, updated and deleted on the source afterwards reach PostgreSQL; rows that existed before the
start are not copied (that is what FullAndRealtimeIncremental DIJobs are for)."""
import json
import secrets
import time

from alibabacloud_dataworks_public20200518 import models as dw_models
from alibabacloud_tea_openapi.exceptions import ThrottlingException

from conftest import wait_for
from test_snapshot import create_sources, job, mysql, pg, pytestmark, unique  # noqa: F401 (pytestmark skips)


def realtime_content(suffix, database):
    return json.dumps({
        "type": "job", "version": "2.0",
        "steps": [
            {"stepType": "mysql", "name": "Reader", "category": "reader",
             "parameter": {"datasource": f"my_{suffix}",
                           "connection": [{"datasource": f"my_{suffix}", "table": [f"{database}.accounts"]}]}},
            {"stepType": "postgresql", "name": "Writer", "category": "writer",
             "parameter": {"datasource": f"pg_{suffix}", "table": f"{database}.accounts", "autoCreateTable": True}}],
        "setting": {"errorLimit": {"record": "0"}, "speed": {"concurrent": 2, "throttle": False}},
        "order": {"hops": [{"from": "Reader", "to": "Writer"}]}})


def stop_instance(dw, ids, timeout=60):
    """StopDISyncInstance, waiting out Throttling.Api: the suite's server limits this action across all keys
    (conftest.py), and other tests spend its tokens."""
    deadline = time.time() + timeout
    while True:
        try:
            return dw.stop_disync_instance(dw_models.StopDISyncInstanceRequest(**ids))
        except ThrottlingException:
            if time.time() > deadline:
                raise
            time.sleep(1)


def test_di_realtime_task_streams_changes_after_its_start(dw, project):
    suffix = secrets.token_hex(3)
    database = unique("tide_e2e")
    mysql(f"DROP DATABASE IF EXISTS `{database}`; CREATE DATABASE `{database}`;"
          f"CREATE TABLE `{database}`.accounts (id INT PRIMARY KEY, owner VARCHAR(40), balance DECIMAL(12,2));"
          f"INSERT INTO `{database}`.accounts VALUES (1, 'before start', 1.00)")
    create_sources(dw, 10000, suffix)
    file_id = dw.create_disync_task(dw_models.CreateDISyncTaskRequest(
        project_id=10000, task_type="DI_REALTIME", task_name=f"realtime_{suffix}",
        task_content=realtime_content(suffix, database))).body.data.file_id
    ids = dict(project_id=10000, task_type="DI_REALTIME", file_id=file_id)
    try:
        assert dw.start_disync_instance(dw_models.StartDISyncInstanceRequest(**ids)).body.success is True
        data = wait_for(lambda: job(dw, file_id),
                        lambda d: d.run_stats.get("DrsStatus") == "INCRE_TRANSFER_STARTED" or d.job_status == "Failed",
                        timeout=60)
        assert data.run_stats.get("DrsStatus") == "INCRE_TRANSFER_STARTED", data.error_message
        mysql(f"INSERT INTO `{database}`.accounts VALUES (2, 'ann', 10.50), (3, 'bob', 20.25), (4, 'cy', 0.01);"
              f"UPDATE `{database}`.accounts SET balance = balance * 2, owner = 'ANN' WHERE id = 2;"
              f"DELETE FROM `{database}`.accounts WHERE id = 3;"
              f"UPDATE `{database}`.accounts SET id = 40 WHERE id = 4")
        expected = "2|ANN|21.00\n40|cy|0.01"
        wait_for(lambda: pg(f'SELECT id, owner, balance FROM "{database}".accounts ORDER BY id'),
                 lambda rows: rows == expected, timeout=60, interval=0.2)
        status = dw.get_disync_instance_info(dw_models.GetDISyncInstanceInfoRequest(**ids)).body.data.status
        assert status == "RUN"
    finally:
        stop_instance(dw, ids)
        mysql(f"DROP DATABASE `{database}`")
    wait_for(lambda: job(dw, file_id), lambda d: d.job_status != "Running", timeout=60)
    pg(f'DROP SCHEMA IF EXISTS "{database}" CASCADE')


def test_di_realtime_task_without_datax_steps_fails_clearly_when_started(dw, project):
    # DataWorks generates other DI_REALTIME scripts (GenerateDISyncTaskConfigForCreating); Tide stores and echoes
    # them, and says plainly that it cannot run them.
    content = json.dumps({"type": "job", "steps": [], "extend": {"mode": "wizard"}})
    file_id = dw.create_disync_task(dw_models.CreateDISyncTaskRequest(
        project_id=10000, task_type="DI_REALTIME", task_name=f"wizard_{secrets.token_hex(3)}",
        task_content=content)).body.data.file_id
    ids = dict(project_id=10000, task_type="DI_REALTIME", file_id=file_id)
    dw.start_disync_instance(dw_models.StartDISyncInstanceRequest(**ids))
    data = wait_for(lambda: job(dw, file_id), lambda d: d.job_status == "Failed", timeout=60)
    assert "DataX steps" in data.error_message and "steps" in data.error_message

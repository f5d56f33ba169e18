"""Real-time synchronization (issue 5) through the official SDKs against real MariaDB and PostgreSQL: full followed
by change capture under a continuous write load, `tide serve` killed with SIGKILL ten times (during the copy, at
the hand-off and while streaming), pause/resume, a start-time reset, and failover across a source and a destination
restart (DDL: test_ddl.py). The oracle is always the destination's contents: `VerifyDIJob` compares every row
of both sides after a final marker row has arrived (changes are applied in commit order, so everything before the
marker has arrived too)."""
import json
import os
import random
import secrets
import subprocess
import tempfile
import threading
import time

import pytest
from alibabacloud_dataworks_public20200518 import models as dw_models
from huaweicloudsdkdrs.v3 import model as m

from conftest import ROOT_ID, ROOT_SECRET, TideServer, dataworks_client, wait_for
from tide_admin import Admin
from test_snapshot import MYSQL, PG, create_sources, job, mysql, pg, unique, verify

pytestmark = pytest.mark.skipif(os.environ.get("TIDE_TEST_MYSQL") is None or os.environ.get("TIDE_TEST_PG") is None,
                                reason="TIDE_TEST_MYSQL / TIDE_TEST_PG not set: run the README test command")
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MARKER = 2_000_000_000


class WriteLoad(threading.Thread):
    """A continuous write load on `db.t`: small transactions of inserts, updates (some changing the primary key)
    and deletes, through one `mariadb` client reading statements from a pipe."""

    def __init__(self, database, rows, per_second=150, seed=7):
        super().__init__(daemon=True)
        self.database, self.rows, self.delay = database, rows, 1.0 / per_second
        self.random = random.Random(seed)
        self.stopping = threading.Event()
        self.transactions = 0
        # --force: a transaction the source aborts (InnoDB deadlock with the test's own statements) is rolled back
        # and the load goes on; the oracle is whatever the source ends up holding.
        self.process = subprocess.Popen(
            ["mariadb", "--no-defaults", "--force", "-h", MYSQL["host"], "-P", str(MYSQL["port"]), "-u",
             MYSQL["user"], f"-p{MYSQL['password']}", self.database], stdin=subprocess.PIPE, text=True,
            stderr=subprocess.DEVNULL)

    def statement(self, next_id):
        r, rnd = self.random.random(), self.random
        if r < 0.4:
            return f"INSERT INTO t VALUES ({next_id}, {rnd.randint(0, 9999)}, 'ins {next_id}', NOW(6))"
        if r < 0.75:
            return f"UPDATE t SET v = v + 1, s = CONCAT('upd ', v) WHERE id = {rnd.randint(1, self.rows)}"
        if r < 0.85:
            return f"UPDATE t SET id = {next_id} WHERE id = {rnd.randint(1, self.rows)}"
        return f"DELETE FROM t WHERE id = {rnd.randint(1, self.rows)}"

    def run(self):
        next_id = 10_000_000
        while not self.stopping.is_set():
            statements = []
            for _ in range(self.random.randint(1, 4)):
                next_id += 1
                statements.append(self.statement(next_id))
            self.process.stdin.write("BEGIN; " + "; ".join(statements) + "; COMMIT;\n")
            self.process.stdin.flush()
            self.transactions += 1
            time.sleep(self.delay)

    def finish(self):
        """Stops the load and commits the marker row last."""
        self.stopping.set()
        self.join()
        self.process.stdin.write(f"INSERT INTO t VALUES ({MARKER}, 0, 'marker', NOW(6));\n")
        self.process.stdin.close()
        self.process.wait(timeout=60)


def load_table(database, rows):
    mysql(f"DROP DATABASE IF EXISTS `{database}`; CREATE DATABASE `{database}`;"
          f"CREATE TABLE `{database}`.t (id BIGINT PRIMARY KEY, v INT, s VARCHAR(40), at DATETIME(6));"
          f"INSERT INTO `{database}`.t SELECT seq, seq % 1000, CONCAT('row ', seq), '2024-01-01' + INTERVAL seq SECOND"
          f" FROM `{database}`.seq_1_to_{rows};")


def create_dijob(dw, project_id, name, suffix, database, migration="FullAndRealtimeIncremental", ddl=None,
                 concurrent="2", realtime_concurrent=None):
    runtime = [("runtime.offline.concurrent", concurrent)]
    if realtime_concurrent is not None:
        runtime.append(("runtime.realtime.concurrent", realtime_concurrent))
    settings = dw_models.CreateDIJobRequestJobSettings(
        runtime_settings=[dw_models.CreateDIJobRequestJobSettingsRuntimeSettings(name=n, value=v) for n, v in runtime],
        ddl_handling_settings=[dw_models.CreateDIJobRequestJobSettingsDdlHandlingSettings(type=t, action=a)
                               for t, a in (ddl or {}).items()])
    req = dw_models.CreateDIJobRequest(
        project_id=project_id, job_name=name, source_data_source_type="MySQL",
        destination_data_source_type="PostgreSQL", migration_type=migration,
        source_data_source_settings=[dw_models.CreateDIJobRequestSourceDataSourceSettings(
            data_source_name=f"my_{suffix}")],
        destination_data_source_settings=[dw_models.CreateDIJobRequestDestinationDataSourceSettings(
            data_source_name=f"pg_{suffix}")],
        table_mappings=[dw_models.CreateDIJobRequestTableMappings(source_object_selection_rules=[
            dw_models.CreateDIJobRequestTableMappingsSourceObjectSelectionRules(expression=database,
                                                                                object_type="Database")])],
        job_settings=settings)
    return dw.create_dijob(req).body.dijob_id


def start(dw, job_id, start_time=None, force=None):
    settings = dw_models.StartDIJobRequestRealtimeStartSettings(
        start_time=start_time,
        failover_settings=dw_models.StartDIJobRequestRealtimeStartSettingsFailoverSettings(interval=0, upper_limit=50))
    dw.start_dijob(dw_models.StartDIJobRequest(dijob_id=job_id, realtime_start_settings=settings,
                                               force_to_rerun=force))


def drs_status(dw, job_id):
    return job(dw, job_id).run_stats.get("DrsStatus")


def wait_streaming(dw, job_id, timeout=180):
    data = wait_for(lambda: job(dw, job_id),
                    lambda d: d.run_stats.get("DrsStatus") == "INCRE_TRANSFER_STARTED" or d.job_status == "Failed",
                    timeout=timeout)
    assert data.run_stats.get("DrsStatus") == "INCRE_TRANSFER_STARTED", data.error_message


def count_rows(database, key):
    try:
        return pg(f'SELECT count(*) FROM "{database}".t WHERE id = {key}')
    except subprocess.CalledProcessError:   # the table is not there yet, or the destination is restarting
        return "-"


def wait_row(database, key, timeout=120):
    wait_for(lambda: count_rows(database, key), lambda n: n == "1", timeout=timeout, interval=0.2)


def stream_one_row_then_stop(dw, job_id, database, text):
    """Starts the task, waits until row 5001 (inserted while it streams) arrives, then stops it."""
    start(dw, job_id)
    wait_streaming(dw, job_id)
    mysql(f"INSERT INTO `{database}`.t VALUES (5001, 1, '{text}', NOW(6))")
    wait_row(database, 5001)
    dw.stop_dijob(dw_models.StopDIJobRequest(dijob_id=job_id))
    wait_for(lambda: job(dw, job_id).job_status, lambda s: s == "Stopped", timeout=30)


def drop(database, dw=None, job_id=None):
    """Stops the task first (a running task left behind would keep decoding the binlog of every later test)."""
    if dw is not None and job_id is not None:
        try:
            dw.stop_dijob(dw_models.StopDIJobRequest(dijob_id=job_id))
        except Exception:   # already stopped or failed: nothing to stop
            pass
    mysql(f"DROP DATABASE IF EXISTS `{database}`")
    pg(f'DROP SCHEMA IF EXISTS "{database}" CASCADE')


@pytest.mark.parametrize("partitions", [None, "3"], ids=["whole", "partitioned"])
def test_full_then_incremental_under_load_equals_source(dw, admin, project, partitions):
    """Also with key-partitioned apply (runtime.realtime.concurrent): the key changes below cross partitions."""
    suffix = secrets.token_hex(3)
    database = unique("tide_rt")
    load_table(database, 30_000)
    create_sources(dw, 10000, suffix)
    job_id = create_dijob(dw, 10000, f"rt_{suffix}", suffix, database, realtime_concurrent=partitions)
    load = WriteLoad(database, 30_000)
    load.start()
    start(dw, job_id)
    wait_streaming(dw, job_id)
    # A large transaction and a primary-key change of many rows, while streaming.
    mysql(f"USE `{database}`; BEGIN; UPDATE t SET v = v + 7 WHERE id <= 20000; "
          f"UPDATE t SET id = id + 50000000 WHERE id BETWEEN 20001 AND 21000; COMMIT;")
    time.sleep(2)
    load.finish()
    wait_row(database, MARKER)
    data = job(dw, job_id)
    assert data.job_status == "Running" and int(data.run_stats["RowsWritten"]) >= 30_000
    assert "DelayMillis" in data.run_stats
    report = verify(admin, job_id)
    assert report["IsEqual"] is True, report["Text"]
    drop(database, dw, job_id)


@pytest.mark.parametrize("partitions", [None, "3"], ids=["whole", "partitioned"])
def test_kill_9_ten_times_under_load_loses_and_duplicates_nothing(partitions):
    """SIGKILL `tide serve` ten times while a full+incremental task runs under a continuous write load: twice
    during the copy, once right at the hand-off, seven times while streaming at random moments. After the load
    stops the destination equals the source. Also with key-partitioned apply, whose partitions commit apart."""
    work = tempfile.mkdtemp(prefix="tide-e2e-rtkill-")
    server = TideServer(os.environ["TIDE_E2E_BINARY"], os.path.join(work, "data"), ROOT_ID, ROOT_SECRET, [])
    server.start()
    rnd = random.Random(11)
    try:
        dw = dataworks_client(server, ROOT_ID, ROOT_SECRET)
        admin = Admin(dw)
        admin.call("CreateProject", {"Name": "rtkill", "ProjectId": "20001",
                                     "DrsProjectId": "2a1b2c3d4e5f67890a1b2c3d4e5f6789"})
        suffix = secrets.token_hex(3)
        database = unique("tide_rtkill")
        load_table(database, 250_000)
        create_sources(dw, 20001, suffix)
        job_id = create_dijob(dw, 20001, f"rtkill_{suffix}", suffix, database, realtime_concurrent=partitions)
        load = WriteLoad(database, 250_000, per_second=200, seed=3)
        load.start()
        start(dw, job_id)
        kills = []

        def kill():
            server.process.kill()
            server.process.wait()
            kills.append(time.time())
            server.start()
            return dataworks_client(server, ROOT_ID, ROOT_SECRET)

        # During the copy.
        for threshold in (50_000, 150_000):
            # STARTJOBING comes first: the runner reports FULL_TRANSFER_STARTED asynchronously.
            data = wait_for(lambda: job(dw, job_id), lambda d: int(d.run_stats.get("RowsWritten", "0")) >= threshold
                            or d.run_stats.get("DrsStatus") not in ("STARTJOBING", "FULL_TRANSFER_STARTED"),
                            timeout=300, interval=0.05)
            assert data.run_stats.get("DrsStatus") == "FULL_TRANSFER_STARTED", data.run_stats
            dw = kill()
        # At the hand-off: as soon as the copy is reported complete or streaming has begun.
        wait_for(lambda: drs_status(dw, job_id), lambda s: s in ("FULL_TRANSFER_COMPLETE", "INCRE_TRANSFER_STARTED"),
                 timeout=300, interval=0.02)
        dw = kill()
        # While streaming, at random moments.
        for _ in range(7):
            wait_streaming(dw, job_id)
            time.sleep(rnd.uniform(0.2, 2.5))
            dw = kill()
        assert len(kills) == 10
        wait_streaming(dw, job_id)
        load.finish()
        wait_row(database, MARKER, timeout=240)
        assert load.transactions > 500
        assert pg(f'SELECT count(*) = count(DISTINCT id) FROM "{database}".t') == "t"
        report = verify(Admin(dw), job_id)
        assert report["IsEqual"] is True, report["Text"]
        assert "resuming snapshot" in server.log()
        drop(database)
    finally:
        server.stop()


def test_pause_then_start_resumes_where_it_stopped(dw, admin, project):
    suffix = secrets.token_hex(3)
    database = unique("tide_rtpause")
    load_table(database, 1_000)
    create_sources(dw, 10000, suffix)
    job_id = create_dijob(dw, 10000, f"pause_{suffix}", suffix, database, migration="RealtimeIncremental")
    stream_one_row_then_stop(dw, job_id, database, "before pause")
    mysql(f"USE `{database}`; INSERT INTO t VALUES (5002, 2, 'while paused', NOW(6)); DELETE FROM t WHERE id = 5001;"
          f"UPDATE t SET s = 'changed while paused' WHERE id = 10")
    time.sleep(1)
    assert pg(f'SELECT count(*) FROM "{database}".t WHERE id = 5002') == "0"
    start(dw, job_id)
    wait_row(database, 5002)
    assert pg(f'SELECT count(*) FROM "{database}".t WHERE id = 5001') == "0"
    assert pg(f'SELECT s FROM "{database}".t WHERE id = 10') == "changed while paused"
    # Change capture only: the destination holds what changed since the start, not the 1,000 original rows.
    assert pg(f'SELECT count(*) FROM "{database}".t') == "2"
    drop(database, dw, job_id)


def test_start_time_reset_replays_from_that_time(dw, admin, project):
    suffix = secrets.token_hex(3)
    database = unique("tide_rtreset")
    load_table(database, 10)
    before = int(time.time()) - 1
    time.sleep(1.2)
    mysql(f"INSERT INTO `{database}`.t VALUES (101, 1, 'committed before the task existed', NOW(6))")
    create_sources(dw, 10000, suffix)
    job_id = create_dijob(dw, 10000, f"reset_{suffix}", suffix, database, migration="RealtimeIncremental")
    start(dw, job_id, start_time=before + 1)
    wait_streaming(dw, job_id)
    wait_row(database, 101)
    assert pg(f'SELECT s FROM "{database}".t WHERE id = 101') == "committed before the task existed"
    drop(database, dw, job_id)


def test_failover_across_source_and_destination_restarts(dw, admin, project):
    suffix = secrets.token_hex(3)
    database = unique("tide_rtfail")
    load_table(database, 1_000)
    create_sources(dw, 10000, suffix)
    job_id = create_dijob(dw, 10000, f"fail_{suffix}", suffix, database)
    start(dw, job_id)
    wait_streaming(dw, job_id)
    subprocess.run([os.path.join(ROOT, "scripts", "servers.sh"), "restart-mariadb"], check=True, capture_output=True)
    mysql(f"INSERT INTO `{database}`.t VALUES (100301, 1, 'after source restart', NOW(6))")
    wait_row(database, 100301, timeout=90)
    subprocess.run([os.path.join(ROOT, "scripts", "servers.sh"), "pg-stop"], check=True, capture_output=True)
    try:
        mysql(f"USE `{database}`; INSERT INTO t VALUES (100302, 1, 'while the destination is down', NOW(6));"
              f"UPDATE t SET s = 'updated while down' WHERE id = 5")
        time.sleep(4)
    finally:
        subprocess.run([os.path.join(ROOT, "scripts", "servers.sh"), "pg-start"], check=True, capture_output=True)
    wait_row(database, 100302, timeout=90)
    assert job(dw, job_id).job_status == "Running"
    report = verify(admin, job_id)
    assert report["IsEqual"] is True, report["Text"]
    drop(database, dw, job_id)


def test_drs_incremental_job_reports_delay(drs, project):
    database = unique("tide_rtdrs")
    load_table(database, 500)
    job_req = m.CreateJobReq(
        bind_eip=False, db_use_type="migration", name=unique("drs_incr"), description="e2e", engine_type="mysql",
        is_target_readonly=False, job_direction="up", multi_write=False, net_type="eip", node_type="high",
        source_endpoint=m.Endpoint(db_type="mysql", ip=MYSQL["host"], db_port=MYSQL["port"], db_user=MYSQL["user"],
                                   db_password=MYSQL["password"], db_name=database),
        target_endpoint=m.Endpoint(db_type="postgresql", ip=PG["host"], db_port=PG["port"], db_user=PG["user"],
                                   db_password=PG["password"], db_name=PG["database"]),
        task_type="FULL_INCR_TRANS")
    created = drs.batch_create_jobs(m.BatchCreateJobsRequest(body=m.BatchCreateJobReq(jobs=[job_req])))
    job_id = created.results[0].id
    drs.batch_start_jobs(m.BatchStartJobsRequest(body=m.BatchStartJobReq(jobs=[m.StartInfo(job_id=job_id)])))
    status = wait_for(
        lambda: drs.batch_list_job_status(m.BatchListJobStatusRequest(body=m.BatchQueryJobReqPage(jobs=[job_id]))),
        lambda s: s.results[0].status in ("INCRE_TRANSFER_STARTED", "FULL_TRANSFER_FAILED", "INCRE_TRANSFER_FAILED"),
        timeout=120)
    assert status.results[0].status == "INCRE_TRANSFER_STARTED"
    mysql(f"INSERT INTO `{database}`.t VALUES (100401, 1, 'drs', NOW(6))")
    wait_row(database, 100401)
    progress = drs.batch_list_progresses(m.BatchListProgressesRequest(body=m.BatchQueryProgressReq(jobs=[job_id])))
    assert progress.results[0].incre_trans_delay_millis is not None
    assert int(progress.results[0].incre_trans_delay_millis) < 60_000
    drs.batch_stop_jobs(m.BatchStopJobsRequest(body=m.BatchPauseJobReq(jobs=[
        m.PauseInfo(job_id=job_id, pause_mode="target")])))
    drop(database)


def test_mysql_to_mysql_full_and_incremental(dw, admin, project):
    """MySQL to MySQL (the DRS engine_type mysql path, here through a DIJob with a Rename rule so that source and
    destination can share the test server): copy, then inserts, updates, key changes and deletes, then verify."""
    suffix = secrets.token_hex(3)
    database = unique("tide_rtmy")
    load_table(database, 5_000)
    dw.create_data_source(dw_models.CreateDataSourceRequest(
        project_id=10000, name=f"my_{suffix}", data_source_type="mysql", env_type=1, sub_type="",
        content=json.dumps({"jdbcUrl": f"jdbc:mysql://{MYSQL['host']}:{MYSQL['port']}/{database}",
                            "username": MYSQL["user"], "password": MYSQL["password"]})))
    dw.create_data_source(dw_models.CreateDataSourceRequest(
        project_id=10000, name=f"myd_{suffix}", data_source_type="mysql", env_type=1, sub_type="",
        content=json.dumps({"host": MYSQL["host"], "port": MYSQL["port"], "database": database,
                            "username": MYSQL["user"], "password": MYSQL["password"]})))
    req = dw_models.CreateDIJobRequest(
        project_id=10000, job_name=f"my2my_{suffix}", source_data_source_type="MySQL",
        destination_data_source_type="MySQL", migration_type="FullAndRealtimeIncremental",
        source_data_source_settings=[dw_models.CreateDIJobRequestSourceDataSourceSettings(
            data_source_name=f"my_{suffix}")],
        destination_data_source_settings=[dw_models.CreateDIJobRequestDestinationDataSourceSettings(
            data_source_name=f"myd_{suffix}")],
        transformation_rules=[dw_models.CreateDIJobRequestTransformationRules(
            rule_name="copy", rule_action_type="Rename", rule_target_type="Schema",
            rule_expression=json.dumps({"expression": "${srcDatabaseName}_copy"}))],
        table_mappings=[dw_models.CreateDIJobRequestTableMappings(
            source_object_selection_rules=[dw_models.CreateDIJobRequestTableMappingsSourceObjectSelectionRules(
                expression=database, object_type="Database")],
            transformation_rules=[dw_models.CreateDIJobRequestTableMappingsTransformationRules(
                rule_name="copy", rule_action_type="Rename", rule_target_type="Schema")])])
    job_id = dw.create_dijob(req).body.dijob_id
    start(dw, job_id)
    wait_streaming(dw, job_id)
    mysql(f"USE `{database}`; BEGIN; INSERT INTO t VALUES (100501, 5, 'new', NOW(6)); UPDATE t SET v = v + 1 "
          f"WHERE id <= 100; UPDATE t SET id = 200000 WHERE id = 7; DELETE FROM t WHERE id BETWEEN 200 AND 299; COMMIT")
    wait_for(lambda: mysql(f"SELECT count(*) FROM `{database}_copy`.t WHERE id IN (100501, 200000)"),
             lambda n: n == "2", timeout=60, interval=0.2)
    assert mysql(f"SELECT count(*), sum(v), sum(id) FROM `{database}_copy`.t") == \
        mysql(f"SELECT count(*), sum(v), sum(id) FROM `{database}`.t")
    report = verify(admin, job_id)
    assert report["IsEqual"] is True, report["Text"]
    dw.stop_dijob(dw_models.StopDIJobRequest(dijob_id=job_id))
    mysql(f"DROP DATABASE IF EXISTS `{database}_copy`")
    drop(database)


def test_purged_binlog_fails_clearly_and_a_rerun_of_the_affected_table_recovers(dw, admin, project):
    """The binlog a stopped task needs is purged: the start fails naming the oldest retained binlog; StartDIJob with
    ForceToRerun and Tide's RerunTables copies only the affected table again and change capture goes on from now."""
    suffix = secrets.token_hex(3)
    database = unique("tide_rtpurge")
    load_table(database, 2_000)
    mysql(f"CREATE TABLE `{database}`.quiet (id INT PRIMARY KEY, v VARCHAR(20));"
          f"INSERT INTO `{database}`.quiet SELECT seq, CONCAT('q', seq) FROM `{database}`.seq_1_to_500;")
    create_sources(dw, 10000, suffix)
    job_id = create_dijob(dw, 10000, f"purge_{suffix}", suffix, database)
    stream_one_row_then_stop(dw, job_id, database, "streamed")
    # Changes the task will never read: their binlog is purged before it starts again.
    mysql(f"USE `{database}`; INSERT INTO t VALUES (5002, 2, 'lost in the gap', NOW(6)); DELETE FROM t WHERE id = 1;"
          f"UPDATE t SET s = 'changed in the gap' WHERE id = 10; FLUSH BINARY LOGS")
    # MariaDB keeps a file a dump thread still reads; the stopped task's thread ends once it notices the closed
    # connection (on the rotate FLUSH sends it).
    logs = wait_for(lambda: mysql("PURGE BINARY LOGS BEFORE NOW() + INTERVAL 1 DAY; SHOW BINARY LOGS").split("\n"),
                    lambda lines: len(lines) == 1, timeout=30, interval=0.5)
    oldest = logs[0].split("\t")[0]
    start(dw, job_id)
    data = wait_for(lambda: job(dw, job_id), lambda d: d.job_status == "Failed", timeout=60)
    assert "purged" in data.error_message and oldest in data.error_message, data.error_message
    assert pg(f'SELECT count(*) FROM "{database}".t WHERE id = 5002') == "0"
    # Only `t` changed in the gap: copy it again, keep `quiet` as it is.
    admin.call("StartDIJob", {"DIJobId": str(job_id), "ForceToRerun": "true", "RerunTables": f"{database}.t"})
    wait_streaming(dw, job_id)
    assert pg(f'SELECT s FROM "{database}".t WHERE id = 5002') == "lost in the gap"
    assert pg(f'SELECT count(*) FROM "{database}".t WHERE id = 1') == "0"
    assert pg(f'SELECT s FROM "{database}".t WHERE id = 10') == "changed in the gap"
    mysql(f"INSERT INTO `{database}`.t VALUES (5003, 3, 'after the rerun', NOW(6));"
          f"UPDATE `{database}`.quiet SET v = 'streamed' WHERE id = 7")
    wait_row(database, 5003)
    wait_for(lambda: pg(f'SELECT v FROM "{database}".quiet WHERE id = 7'), lambda v: v == "streamed", timeout=60)
    report = verify(admin, job_id)
    assert report["IsEqual"] is True, report["Text"]
    drop(database, dw, job_id)

"""Full (snapshot) synchronization through the official SDKs against real MariaDB and PostgreSQL (issue 4):
a DIJob, a DataX DI_OFFLINE task and a DRS FULL_TRANS job copy real tables; `tide serve` killed with SIGKILL in
the middle of a 1,000,000-row table resumes after restart at its first uncommitted chunk, and verification then
finds the destination equal to the source with no duplicate and no missing row."""
import json
import os
import secrets
import subprocess
import tempfile
import time

import pytest
from alibabacloud_dataworks_public20200518 import models as dw_models
from huaweicloudsdkdrs.v3 import model as m

from conftest import ROOT_ID, ROOT_SECRET, TideServer, dataworks_client, drs_client, wait_for
from tide_admin import Admin

MYSQL = dict(host="127.0.0.1", port=23306, user="root", password="rootpass")
PG = dict(host="127.0.0.1", port=25432, user="postgres", password="postgres", database="postgres")
pytestmark = pytest.mark.skipif(os.environ.get("TIDE_TEST_MYSQL") is None or os.environ.get("TIDE_TEST_PG") is None,
                                reason="TIDE_TEST_MYSQL / TIDE_TEST_PG not set: run the README test command")


def mysql(sql):
    out = subprocess.run(["mariadb", "--no-defaults", "-h", MYSQL["host"], "-P", str(MYSQL["port"]), "-u",
                          MYSQL["user"], f"-p{MYSQL['password']}", "-N", "-B", "-e", sql],
                         check=True, capture_output=True, text=True)
    return out.stdout.strip()


def pg(sql):
    env = dict(os.environ, PGPASSWORD=PG["password"])
    out = subprocess.run(["psql", "-X", "-q", "-t", "-A", "-h", PG["host"], "-p", str(PG["port"]), "-U", PG["user"],
                          "-d", PG["database"], "-c", sql], check=True, capture_output=True, text=True, env=env)
    return out.stdout.strip()


def unique(prefix):
    return f"{prefix}_{secrets.token_hex(4)}"


def create_sources(dw, project_id, suffix):
    for name, kind, content in [
        (f"my_{suffix}", "mysql", {"jdbcUrl": f"jdbc:mysql://{MYSQL['host']}:{MYSQL['port']}/mysql",
                                   "username": MYSQL["user"], "password": MYSQL["password"]}),
        (f"pg_{suffix}", "postgresql", {"host": PG["host"], "port": PG["port"], "database": PG["database"],
                                        "username": PG["user"], "password": PG["password"]})]:
        dw.create_data_source(dw_models.CreateDataSourceRequest(
            project_id=project_id, name=name, data_source_type=kind, env_type=1, sub_type="",
            content=json.dumps(content)))


def create_full_dijob(dw, project_id, name, suffix, database, concurrent="2"):
    req = dw_models.CreateDIJobRequest(
        project_id=project_id, job_name=name, source_data_source_type="MySQL",
        destination_data_source_type="PostgreSQL", migration_type="Full",
        source_data_source_settings=[dw_models.CreateDIJobRequestSourceDataSourceSettings(
            data_source_name=f"my_{suffix}")],
        destination_data_source_settings=[dw_models.CreateDIJobRequestDestinationDataSourceSettings(
            data_source_name=f"pg_{suffix}")],
        table_mappings=[dw_models.CreateDIJobRequestTableMappings(source_object_selection_rules=[
            dw_models.CreateDIJobRequestTableMappingsSourceObjectSelectionRules(expression=database,
                                                                                object_type="Database")])],
        job_settings=dw_models.CreateDIJobRequestJobSettings(runtime_settings=[
            dw_models.CreateDIJobRequestJobSettingsRuntimeSettings(name="runtime.offline.concurrent",
                                                                   value=concurrent)]))
    return dw.create_dijob(req).body.dijob_id


def job(dw, job_id):
    return dw.get_dijob(dw_models.GetDIJobRequest(dijob_id=job_id)).body.data


def verify(admin, job_id):
    return admin.call("VerifyDIJob", {"DIJobId": str(job_id)}, read_timeout_ms=900_000)["Data"]


def load_source(database, big_rows=0):
    mysql(f"DROP DATABASE IF EXISTS `{database}`; CREATE DATABASE `{database}`;"
          f"CREATE TABLE `{database}`.items (id BIGINT UNSIGNED PRIMARY KEY, name VARCHAR(40), price DECIMAL(10,2),"
          f" made DATETIME(3), tags JSON, blobby VARBINARY(16));"
          f"INSERT INTO `{database}`.items SELECT seq, CONCAT('item ', seq, ' ü'), seq / 7, "
          f"'2024-01-01' + INTERVAL seq SECOND, JSON_OBJECT('n', seq), UNHEX(LPAD(HEX(seq), 8, '0'))"
          f" FROM `{database}`.seq_1_to_20000;"
          f"CREATE TABLE `{database}`.pairs (a INT, b VARCHAR(8), PRIMARY KEY (a, b));"
          f"INSERT INTO `{database}`.pairs SELECT seq % 10, CONCAT('b', seq) FROM `{database}`.seq_1_to_3000;")
    if big_rows:
        mysql(f"CREATE TABLE `{database}`.big (id INT PRIMARY KEY, k INT, v VARCHAR(32));"
              f"INSERT INTO `{database}`.big SELECT seq, seq % 1000, MD5(seq) FROM `{database}`.seq_1_to_{big_rows};")


def test_full_dijob_copies_the_database_and_verifies(dw, admin, project):
    suffix = secrets.token_hex(3)
    database = unique("tide_e2e")
    load_source(database)
    create_sources(dw, 10000, suffix)
    job_id = create_full_dijob(dw, 10000, f"full_{suffix}", suffix, database)
    dw.start_dijob(dw_models.StartDIJobRequest(dijob_id=job_id))
    data = wait_for(lambda: job(dw, job_id), lambda d: d.job_status in ("Finished", "Failed"), timeout=120)
    assert data.job_status == "Finished", data.error_message
    assert data.run_stats["DrsStatus"] == "FULL_TRANSFER_COMPLETE"
    assert data.run_stats["RowsWritten"] == "23000" and float(data.run_stats["Percent"]) == 100
    report = verify(admin, job_id)
    assert report["IsEqual"] is True, report["Text"]
    assert pg(f'SELECT count(*), sum(price) FROM "{database}".items') == \
        mysql(f"SELECT count(*), sum(price) FROM `{database}`.items").replace("\t", "|")
    # A destination row changed behind Tide's back is found, with its key range.
    pg(f'UPDATE "{database}".items SET name = \'tampered\' WHERE id = 777')
    report = verify(admin, job_id)
    assert report["IsEqual"] is False and "777" in report["Text"]
    mysql(f"DROP DATABASE `{database}`")
    pg(f'DROP SCHEMA "{database}" CASCADE')


def test_datax_offline_task_copies_listed_columns(dw, project):
    suffix = secrets.token_hex(3)
    database = unique("tide_e2e")
    load_source(database)
    create_sources(dw, 10000, suffix)
    pg(f'CREATE SCHEMA "{database}"; CREATE TABLE "{database}".items_copy (id numeric(20) PRIMARY KEY, title text)')
    content = json.dumps({
        "type": "job", "version": "2.0",
        "steps": [
            {"stepType": "mysql", "name": "Reader", "category": "reader",
             "parameter": {"datasource": f"my_{suffix}", "column": ["id", "name"], "where": "id <= 5000",
                           "connection": [{"datasource": f"my_{suffix}", "table": [f"{database}.items"]}]}},
            {"stepType": "postgresql", "name": "Writer", "category": "writer",
             "parameter": {"datasource": f"pg_{suffix}", "column": ["id", "title"],
                           "table": f"{database}.items_copy", "writeMode": "insert"}}],
        "setting": {"errorLimit": {"record": "0"}, "speed": {"concurrent": 2, "throttle": False}},
        "order": {"hops": [{"from": "Reader", "to": "Writer"}]}})
    file_id = dw.create_disync_task(dw_models.CreateDISyncTaskRequest(
        project_id=10000, task_type="DI_OFFLINE", task_name=f"offline_{suffix}", task_content=content)).body.data.file_id
    ids = dict(project_id=10000, task_type="DI_OFFLINE", file_id=file_id)
    assert dw.start_disync_instance(dw_models.StartDISyncInstanceRequest(**ids)).body.success is True
    wait_for(lambda: job(dw, file_id), lambda d: d.job_status in ("Finished", "Failed"), timeout=120)
    assert job(dw, file_id).job_status == "Finished", job(dw, file_id).error_message
    assert pg(f'SELECT count(*), min(id), max(id) FROM "{database}".items_copy') == "5000|1|5000"
    assert pg(f'SELECT title FROM "{database}".items_copy WHERE id = 42') == "item 42 ü"
    mysql(f"DROP DATABASE `{database}`")
    pg(f'DROP SCHEMA "{database}" CASCADE')


def test_drs_full_trans_job_copies_with_inline_endpoints(drs, project):
    database = unique("tide_e2e")
    load_source(database)
    job_req = m.CreateJobReq(
        bind_eip=False, db_use_type="migration", name=unique("drs_full"), description="e2e", engine_type="mysql",
        is_target_readonly=False, job_direction="up", multi_write=False, net_type="eip", node_type="high",
        source_endpoint=m.Endpoint(db_type="mysql", ip=MYSQL["host"], db_port=MYSQL["port"], db_user=MYSQL["user"],
                                   db_password=MYSQL["password"], db_name=database),
        target_endpoint=m.Endpoint(db_type="postgresql", ip=PG["host"], db_port=PG["port"], db_user=PG["user"],
                                   db_password=PG["password"], db_name=PG["database"]),
        task_type="FULL_TRANS")
    created = drs.batch_create_jobs(m.BatchCreateJobsRequest(body=m.BatchCreateJobReq(jobs=[job_req])))
    job_id = created.results[0].id
    assert job_id and not created.results[0].error_code, created
    drs.batch_start_jobs(m.BatchStartJobsRequest(body=m.BatchStartJobReq(jobs=[m.StartInfo(job_id=job_id)])))
    status = wait_for(
        lambda: drs.batch_list_job_status(m.BatchListJobStatusRequest(body=m.BatchQueryJobReqPage(jobs=[job_id]))),
        lambda s: s.results[0].status in ("FULL_TRANSFER_COMPLETE", "FULL_TRANSFER_FAILED"), timeout=120)
    assert status.results[0].status == "FULL_TRANSFER_COMPLETE"
    assert pg(f'SELECT count(*) FROM "{database}".items') == "20000"
    assert pg(f'SELECT count(*) FROM "{database}".pairs') == "3000"
    mysql(f"DROP DATABASE `{database}`")
    pg(f'DROP SCHEMA "{database}" CASCADE')


def test_kill_9_mid_table_resumes_without_loss_or_duplicates():
    """SIGKILL `tide serve` twice while it copies a 1,000,000-row table, restart it each time; the copy resumes
    at the first uncommitted chunk and verification passes."""
    work = tempfile.mkdtemp(prefix="tide-e2e-kill-")
    server = TideServer(os.environ["TIDE_E2E_BINARY"], os.path.join(work, "data"), ROOT_ID, ROOT_SECRET, [])
    server.start()
    try:
        dw = dataworks_client(server, ROOT_ID, ROOT_SECRET)
        admin = Admin(dw)
        admin.call("CreateProject", {"Name": "kill", "ProjectId": "20000",
                                     "DrsProjectId": "1a1b2c3d4e5f67890a1b2c3d4e5f6789"})
        suffix = secrets.token_hex(3)
        database = unique("tide_kill")
        load_source(database, big_rows=1_000_000)
        create_sources(dw, 20000, suffix)
        job_id = create_full_dijob(dw, 20000, f"kill_{suffix}", suffix, database, concurrent="2")
        dw.start_dijob(dw_models.StartDIJobRequest(dijob_id=job_id))
        for threshold in (150_000, 600_000):
            wait_for(lambda: job(dw, job_id), lambda d: int(d.run_stats.get("RowsWritten", "0")) >= threshold
                     or d.job_status in ("Finished", "Failed"), timeout=300, interval=0.05)
            assert job(dw, job_id).job_status == "Running", "the copy ended before the kill"
            server.process.kill()            # SIGKILL: no shutdown, open transactions die with the connections
            server.process.wait()
            server.start()                   # the runner resumes the task from its destination checkpoints
            dw = dataworks_client(server, ROOT_ID, ROOT_SECRET)
            admin = Admin(dw)
        data = wait_for(lambda: job(dw, job_id), lambda d: d.job_status in ("Finished", "Failed"), timeout=600)
        assert data.job_status == "Finished", data.error_message
        assert "resuming snapshot" in server.log()
        assert pg(f'SELECT count(*), count(DISTINCT id) FROM "{database}".big') == "1000000|1000000"
        report = verify(admin, job_id)
        assert report["IsEqual"] is True, report["Text"]
        mysql(f"DROP DATABASE `{database}`")
        pg(f'DROP SCHEMA "{database}" CASCADE')
    finally:
        server.stop()

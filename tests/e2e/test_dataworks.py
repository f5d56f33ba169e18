"""The DataWorks 2020-05-18 SDK against tide serve: data sources, DISync tasks, DI jobs, paging, errors."""
import json

import pytest

from conftest import wait_for
from alibabacloud_dataworks_public20200518 import models as dw_models
from alibabacloud_tea_openapi.exceptions import ClientException, ThrottlingException

from conftest import dataworks_client

MYSQL_CONTENT = json.dumps({"jdbcUrl": "jdbc:mysql://127.0.0.1:3306/shop", "username": "repl",
                            "password": "mysql-Secret-42"})
HOLO_CONTENT = json.dumps({"host": "holo.example", "port": 80, "database": "dw", "username": "u",
                           "password": "holo-Secret-43"})
PG_CONTENT = json.dumps({"jdbcUrl": "jdbc:postgresql://127.0.0.1:5432/dw", "username": "pg",
                         "password": "pg-Secret-44"})
SECRETS = ["mysql-Secret-42", "holo-Secret-43", "pg-Secret-44"]

OFFLINE_CONTENT = json.dumps({
    "type": "job", "version": "2.0",
    "steps": [
        {"stepType": "mysql", "name": "Reader", "category": "reader",
         "parameter": {"datasource": "mysql_src", "column": ["id", "name"],
                       "connection": [{"datasource": "mysql_src", "table": ["orders"]}]}},
        {"stepType": "postgresql", "name": "Writer", "category": "writer",
         "parameter": {"datasource": "pg_dst", "column": ["id", "name"], "table": "orders"}}],
    "setting": {"errorLimit": {"record": "0"}, "speed": {"concurrent": 2, "throttle": False}},
    "order": {"hops": [{"from": "Reader", "to": "Writer"}]}})


def create_ds(dw, name, kind, content):
    req = dw_models.CreateDataSourceRequest(project_id=10000, name=name, data_source_type=kind, content=content,
                                            env_type=1, description="e2e", sub_type="")
    body = dw.create_data_source(req).body
    assert body.success is True and isinstance(body.data, int)
    return body.data


@pytest.fixture(scope="module")
def sources(dw, project):
    return {
        "mysql_src": create_ds(dw, "mysql_src", "mysql", MYSQL_CONTENT),
        "holo_dst": create_ds(dw, "holo_dst", "hologres", HOLO_CONTENT),
        "pg_dst": create_ds(dw, "pg_dst", "postgresql", PG_CONTENT),
    }


def create_dijob(dw, name, source="MySQL", destination="Hologres", dst_name="holo_dst",
                 migration="FullAndRealtimeIncremental"):
    req = dw_models.CreateDIJobRequest(
        project_id=10000, job_name=name, description="demo job", source_data_source_type=source,
        destination_data_source_type=destination, migration_type=migration,
        source_data_source_settings=[dw_models.CreateDIJobRequestSourceDataSourceSettings(
            data_source_name="mysql_src",
            data_source_properties={"Encoding": "utf-8", "Timezone": "Asia/Shanghai"})],
        destination_data_source_settings=[dw_models.CreateDIJobRequestDestinationDataSourceSettings(
            data_source_name=dst_name)],
        table_mappings=[dw_models.CreateDIJobRequestTableMappings(source_object_selection_rules=[
            dw_models.CreateDIJobRequestTableMappingsSourceObjectSelectionRules(expression="shop",
                                                                                object_type="Database"),
            dw_models.CreateDIJobRequestTableMappingsSourceObjectSelectionRules(expression="orders",
                                                                                object_type="Table")])],
        job_settings=dw_models.CreateDIJobRequestJobSettings(
            ddl_handling_settings=[dw_models.CreateDIJobRequestJobSettingsDdlHandlingSettings(
                action="Normal", type="CreateTable")],
            runtime_settings=[dw_models.CreateDIJobRequestJobSettingsRuntimeSettings(
                name="runtime.offline.concurrent", value="4")]))
    body = dw.create_dijob(req).body
    assert isinstance(body.dijob_id, int) and body.request_id
    return body.dijob_id


def test_data_sources_listed_without_secrets(dw, sources):
    body = dw.list_data_sources(dw_models.ListDataSourcesRequest(project_id=10000, page_size=100)).body
    raw = json.dumps(body.to_map())
    names = {d["Name"] for d in body.to_map()["Data"]["DataSources"]}
    assert {"mysql_src", "holo_dst", "pg_dst"} <= names
    for secret in SECRETS:
        assert secret not in raw


def test_create_disync_task_for_each_task_type(dw, sources):
    contents = {"DI_OFFLINE": OFFLINE_CONTENT,
                "DI_REALTIME": json.dumps({"type": "job", "steps": [], "extend": {"mode": "wizard"}}),
                "DI_SOLUTION": json.dumps({"type": "solution", "sources": ["mysql_src"]})}
    for task_type, content in contents.items():
        req = dw_models.CreateDISyncTaskRequest(
            project_id=10000, task_type=task_type, task_name=f"orders sync/任务 #{task_type}",
            task_content=content, task_param=json.dumps({"FileFolderPath": "业务流程/demo", "ResourceGroup": "S_1"}),
            client_token=f"tok-{task_type}")
        body = dw.create_disync_task(req).body
        assert body.success is True and body.data.status == "success" and isinstance(body.data.file_id, int)
        got = dw.get_disync_task(dw_models.GetDISyncTaskRequest(
            project_id=10000, task_type=task_type, file_id=body.data.file_id)).body
        assert got.success is True and got.data.status == "success"
        assert json.loads(got.data.code)  # the task JSON comes back as text
        assert got.data.solution_detail.id == body.data.file_id
        # ClientToken makes create idempotent: the same token returns the same file.
        again = dw.create_disync_task(req).body
        assert again.data.file_id == body.data.file_id


def test_duplicate_task_name_is_file_existed(dw, sources):
    req = dw_models.CreateDISyncTaskRequest(project_id=10000, task_type="DI_OFFLINE", task_name="dup-name",
                                            task_content=OFFLINE_CONTENT)
    dw.create_disync_task(req)
    with pytest.raises(ClientException) as info:
        dw.create_disync_task(req)
    assert info.value.code == "Invalid.DI.Parameter.File.Existed"
    assert info.value.status_code == 400 and info.value.request_id not in (None, "None")


def test_malformed_task_content_names_the_field(dw, sources):
    req = dw_models.CreateDISyncTaskRequest(project_id=10000, task_type="DI_OFFLINE", task_name="bad",
                                            task_content='{"steps": [ {"stepType": ')
    with pytest.raises(ClientException) as info:
        dw.create_disync_task(req)
    assert info.value.status_code == 400
    assert info.value.code.startswith("Invalid")
    assert "TaskContent" in info.value.message


def test_dijob_lifecycle(dw, sources):
    job_id = create_dijob(dw, "mysql_to_holo")
    data = dw.get_dijob(dw_models.GetDIJobRequest(dijob_id=job_id, with_details=True)).body.data
    assert data.job_name == "mysql_to_holo" and data.job_status == "Initialized"
    assert data.migration_type == "FullAndRealtimeIncremental" and data.project_id == 10000
    assert data.source_data_source_settings[0].data_source_name == "mysql_src"
    assert data.table_mappings[0].source_object_selection_rules[1].expression == "orders"

    start = dw_models.StartDIJobRequest(
        dijob_id=job_id, force_to_rerun=True,
        realtime_start_settings=dw_models.StartDIJobRequestRealtimeStartSettings(
            start_time=1700000000,
            failover_settings=dw_models.StartDIJobRequestRealtimeStartSettingsFailoverSettings(
                interval=30, upper_limit=5)))
    assert dw.start_dijob(start).body.request_id
    # The data sources of this suite point at hosts that do not exist: the run fails honestly, through the state
    # machine, and says why (the runner reports asynchronously, so wait for it).
    data = wait_for(lambda: dw.get_dijob(dw_models.GetDIJobRequest(dijob_id=job_id)).body.data,
                    lambda d: d.job_status == "Failed")
    assert "cannot connect" in data.error_message or "connect" in data.error_message.lower()
    assert data.run_stats["StartTime"] == "1700000000" and data.run_stats["FailoverInterval"] == "30"

    dw.update_dijob(dw_models.UpdateDIJobRequest(dijob_id=job_id, description="changed"))
    assert dw.get_dijob(dw_models.GetDIJobRequest(dijob_id=job_id)).body.data.description == "changed"


def test_stop_dijob_follows_the_state_machine(dw, sources):
    job_id = create_dijob(dw, "stop_me")
    try:
        dw.stop_dijob(dw_models.StopDIJobRequest(dijob_id=job_id))
        status = dw.get_dijob(dw_models.GetDIJobRequest(dijob_id=job_id)).body.data.job_status
        assert status in ("Stopped", "Initialized")
    except ClientException as error:
        # Refused transitions carry a 4xx code and change nothing.
        assert error.status_code == 400
        assert dw.get_dijob(dw_models.GetDIJobRequest(dijob_id=job_id)).body.data.job_status == "Initialized"


def test_list_dijobs_filters_and_paging(dw, sources):
    for i in range(12):
        create_dijob(dw, f"page_job_{i:02d}", destination="PostgreSQL", dst_name="pg_dst", migration="Full")
    def page(**kw):
        return dw.list_dijobs(dw_models.ListDIJobsRequest(project_id=10000, **kw)).body.dijob_paging
    all_pg = page(job_name="page_job_", page_size=100)
    assert all_pg.total_count == 12 and len(all_pg.dijobs) == 12
    default = page(job_name="page_job_")
    assert default.page_number == 1 and default.page_size == 10 and len(default.dijobs) == 10
    second = page(job_name="page_job_", page_number=2, page_size=10)
    assert len(second.dijobs) == 2 and second.total_count == 12
    beyond = page(job_name="page_job_", page_number=50, page_size=10)
    assert beyond.dijobs == [] and beyond.total_count == 12
    fuzzy = page(job_name="JOB_0", page_size=100)
    assert {j.job_name for j in fuzzy.dijobs} == {f"page_job_0{i}" for i in range(10)}
    by_dest = page(destination_data_source_type="Hologres", page_size=100)
    assert all(j.destination_data_source_type == "Hologres" for j in by_dest.dijobs) and by_dest.dijobs
    by_src = page(source_data_source_type="MySQL", destination_data_source_type="PostgreSQL", page_size=100)
    assert by_src.total_count >= 12
    none = page(source_data_source_type="Kafka", page_size=100)
    assert none.total_count == 0 and none.dijobs == []


@pytest.mark.parametrize("size", [0, -1, 101, 10**12])
def test_bad_page_sizes_are_400(dw, sources, size):
    with pytest.raises(ClientException) as info:
        dw.list_dijobs(dw_models.ListDIJobsRequest(project_id=10000, page_size=size))
    assert info.value.status_code == 400 and info.value.code == "Invalid.DI.Parameter"
    assert "PageSize" in info.value.message


def test_wrong_secret_is_rejected(server, sources):
    from conftest import ROOT_ID
    bad = dataworks_client(server, ROOT_ID, "not-the-secret")
    with pytest.raises(ClientException) as info:
        bad.list_dijobs(dw_models.ListDIJobsRequest(project_id=10000))
    assert info.value.status_code == 400 and info.value.code == "SignatureDoesNotMatch"


def test_unknown_key_is_rejected(server, sources):
    bad = dataworks_client(server, "LTAI5tNoSuchKey", "whatever")
    with pytest.raises(ClientException) as info:
        bad.list_dijobs(dw_models.ListDIJobsRequest(project_id=10000))
    assert info.value.code == "InvalidAccessKeyId.NotFound"


def test_rpc_v1_signature_is_accepted(server, sources):
    from conftest import ROOT_ID, ROOT_SECRET
    legacy = dataworks_client(server, ROOT_ID, ROOT_SECRET, algorithm="v2")
    body = legacy.list_dijobs(dw_models.ListDIJobsRequest(project_id=10000, page_size=5)).body
    assert body.dijob_paging.page_size == 5


def test_missing_permission_is_403(server, admin, sources):
    created = admin.call("CreateAccessKey", {"Policy": "dataworks:ListDIJobs", "Name": "reader"})
    key = created["AccessKey"]["AccessKeyId"]
    limited = dataworks_client(server, key, created["AccessKeySecret"])
    assert limited.list_dijobs(dw_models.ListDIJobsRequest(project_id=10000)).body.dijob_paging is not None
    with pytest.raises(ClientException) as info:
        limited.start_dijob(dw_models.StartDIJobRequest(dijob_id=1))
    assert info.value.status_code == 403 and info.value.code == "Forbidden.Access"
    with pytest.raises(ClientException) as info:
        Admin = type(admin)
        Admin(limited).call("ListAccessKeys", {})
    assert info.value.status_code == 403
    listed = json.dumps(admin.call("ListAccessKeys", {}))
    assert created["AccessKeySecret"] not in listed


def test_throttling_is_429(dw, sources):
    req = dw_models.StopDISyncInstanceRequest(project_id=10000, task_type="DI_OFFLINE", file_id=1)
    codes = []
    for _ in range(8):
        try:
            dw.stop_disync_instance(req)
            codes.append("ok")
        except ThrottlingException as error:
            # x-acs-retry-after makes the SDK raise ThrottlingException carrying the delay (ms), as Alibaba's does.
            assert error.retry_after is not None and int(error.retry_after) > 0
            codes.append((error.status_code, error.code))
        except ClientException as error:  # the calls that got through: the file does not exist
            codes.append((error.status_code, error.code))
    assert (429, "Throttling.Api") in codes


def test_unknown_action_is_404(admin):
    with pytest.raises(ClientException) as info:
        admin.call("NoSuchAction", {})
    assert info.value.status_code == 404 and info.value.code == "InvalidAction.NotFound"


def test_disync_file_lifecycle(dw, sources):
    created = dw.create_disync_task(dw_models.CreateDISyncTaskRequest(
        project_id=10000, task_type="DI_OFFLINE", task_name="lifecycle", task_content=OFFLINE_CONTENT)).body
    file_id = created.data.file_id
    ids = dict(project_id=10000, task_type="DI_OFFLINE", file_id=file_id)
    updated = json.loads(OFFLINE_CONTENT)
    updated["setting"]["speed"]["concurrent"] = 7
    assert dw.update_disync_task(dw_models.UpdateDISyncTaskRequest(
        task_content=json.dumps(updated), **ids)).body.success is True
    code = json.loads(dw.get_disync_task(dw_models.GetDISyncTaskRequest(**ids)).body.data.code)
    assert code["setting"]["speed"]["concurrent"] == 7
    assert dw.deploy_disync_task(dw_models.DeployDISyncTaskRequest(**ids)).body.success is True
    assert dw.start_disync_instance(dw_models.StartDISyncInstanceRequest(**ids)).body.success is True
    # The source in this test does not exist (127.0.0.1:3306): the run fails with the connection error, which
    # must not repeat the data source's password.
    info = wait_for(lambda: dw.get_disync_instance_info(dw_models.GetDISyncInstanceInfoRequest(**ids)).body,
                    lambda i: i.data.status.lower().startswith("fail"))
    assert info.success is True and info.data.message
    assert not any(secret in info.data.message for secret in SECRETS)
    with pytest.raises(ClientException) as wrong_type:
        dw.get_disync_task(dw_models.GetDISyncTaskRequest(project_id=10000, task_type="DI_REALTIME",
                                                          file_id=file_id))
    assert wrong_type.value.status_code == 404
    dw.terminate_disync_instance(dw_models.TerminateDISyncInstanceRequest(**ids))
    assert dw.delete_disync_task(dw_models.DeleteDISyncTaskRequest(**ids)).body.success is True
    with pytest.raises(ClientException) as gone:
        dw.get_disync_task(dw_models.GetDISyncTaskRequest(**ids))
    assert "is invalid" in gone.value.message


def test_data_source_update_and_delete(dw, sources):
    ds = create_ds(dw, "temp_src", "mysql", MYSQL_CONTENT)
    dw.update_data_source(dw_models.UpdateDataSourceRequest(data_source_id=ds, description="new words", env_type=0))
    listed = dw.list_data_sources(dw_models.ListDataSourcesRequest(project_id=10000, name="temp_src")).body.to_map()
    row = listed["Data"]["DataSources"][0]
    assert row["Description"] == "new words" and row["EnvType"] == 0
    dw.delete_data_source(dw_models.DeleteDataSourceRequest(data_source_id=ds))
    listed = dw.list_data_sources(dw_models.ListDataSourcesRequest(project_id=10000, name="temp_src")).body.to_map()
    assert listed["Data"]["TotalCount"] == 0


def test_delete_dijob(dw, sources):
    job_id = create_dijob(dw, "delete_me")
    dw.delete_dijob(dw_models.DeleteDIJobRequest(dijob_id=job_id))
    with pytest.raises(ClientException) as info:
        dw.get_dijob(dw_models.GetDIJobRequest(dijob_id=job_id))
    assert info.value.status_code == 404

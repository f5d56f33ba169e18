"""The Huawei DRS v3 SDK against tide serve: list with every filter and paging edge, the batch endpoints."""
import json

import pytest

from conftest import wait_for
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkdrs.v3 import model as m

from conftest import ROOT_ID, drs_client


def endpoint(**kw):
    return m.Endpoint(**kw)


def create_jobs(drs, names, task_type="FULL_INCR_TRANS", tags=None, net_type="eip"):
    jobs = [m.CreateJobReq(
        bind_eip=True, db_use_type="migration", name=name, description="demo", engine_type="mysql",
        is_target_readonly=True, job_direction="up", multi_write=False, net_type=net_type, node_type="high",
        source_endpoint=endpoint(db_type="mysql", region="cn-north-4", db_password="drs-Secret-99", db_port=3306,
                                 db_user="root", ip="10.0.0.1"),
        target_endpoint=endpoint(db_type="mysql", region="cn-north-4", inst_id="rds-inst-1", vpc_id="vpc-1",
                                 subnet_id="subnet-1", security_group_id="sg-1"),
        tags=[m.ResourceTag(key=k, value=v) for k, v in (tags or {}).items()] if hasattr(m, "ResourceTag")
        else [m.Tag(key=k, value=v) for k, v in (tags or {}).items()],
        task_type=task_type) for name in names]
    resp = drs.batch_create_jobs(m.BatchCreateJobsRequest(body=m.BatchCreateJobReq(jobs=jobs)))
    assert resp.count == len(names)
    ids = []
    for result in resp.results:
        assert result.id and not result.error_code, result
        ids.append(result.id)
    return ids


def job_list(drs, **kw):
    kw.setdefault("db_use_type", "migration")
    return drs.show_job_list(m.ShowJobListRequest(body=m.QueryJobsReq(**kw)))


@pytest.fixture(scope="module")
def jobs(drs):
    prod = create_jobs(drs, [f"drsjob{i:02d}" for i in range(12)], tags={"env": "prod"})
    other = create_jobs(drs, ["inventory01"], task_type="FULL_TRANS", tags={"env": "dev"}, net_type="vpc")
    return {"prod": prod, "other": other}


def test_list_fields_and_job_action(drs, jobs):
    resp = job_list(drs, name=jobs["prod"][0], cur_page=1, per_page=10)
    assert resp.total_record == 1
    job = resp.jobs[0]
    assert job.id == jobs["prod"][0] and job.name == "drsjob00" and job.status == "CONFIGURATION"
    assert job.task_type == "FULL_INCR_TRANS" and job.engine_type == "mysql" and job.net_type == "eip"
    assert job.db_use_type == "migration" and job.job_direction == "up" and job.children == []
    assert "START" in job.job_action.available_actions
    assert job.job_action.unavailable_actions


def test_list_filters(drs, jobs):
    assert job_list(drs, name="drsjob", per_page=100).total_record == 12
    assert job_list(drs, name=",".join(jobs["prod"][:3]), per_page=100).total_record == 3
    assert job_list(drs, net_type="vpc", per_page=100).total_record == 1
    assert job_list(drs, tags={"env": "dev"}, per_page=100).jobs[0].name == "inventory01"
    assert job_list(drs, engine_type="mysql", name="inventory", per_page=100).total_record == 1
    assert job_list(drs, status="CONFIGURATION", name="drsjob", per_page=100).total_record == 12
    assert job_list(drs, status="PAUSING", name="drsjob", per_page=100).total_record == 0
    assert job_list(drs, instance_ids=["rds-inst-1"], name="drsjob", per_page=100).total_record == 12
    assert job_list(drs, instance_ip="10.0.0.1", name="drsjob", per_page=100).total_record == 12
    assert job_list(drs, db_use_type="sync", name="drsjob", per_page=100).total_record == 0


def test_list_paging_edges(drs, jobs):
    first = job_list(drs, name="drsjob", cur_page=1, per_page=5)
    assert first.total_record == 12 and len(first.jobs) == 5
    last = job_list(drs, name="drsjob", cur_page=3, per_page=5)
    assert len(last.jobs) == 2
    everything = job_list(drs, name="drsjob", cur_page=0, per_page=5)
    assert len(everything.jobs) == 12
    zero = job_list(drs, name="drsjob", cur_page=1, per_page=0)
    assert zero.total_record == 12
    default = job_list(drs, name="drsjob")
    assert len(default.jobs) == 10
    for bad in [dict(per_page=101), dict(per_page=-1), dict(cur_page=-1), dict(cur_page=2, per_page=0),
                dict(per_page=10**12)]:
        with pytest.raises(ClientRequestException) as info:
            job_list(drs, **bad)
        assert info.value.status_code == 400 and info.value.error_code == "DRS.10000010", bad
        assert info.value.request_id


def test_batch_detail_status_progress(drs, jobs):
    ids = jobs["prod"][:2]
    detail = drs.batch_list_job_details(m.BatchListJobDetailsRequest(
        body=m.BatchQueryJobReqPage(jobs=ids, page_req=m.PageReq(cur_page=1, per_page=10))))
    assert detail.count == 2
    raw = json.dumps(detail.to_dict(), default=str)
    assert "drs-Secret-99" not in raw
    status = drs.batch_list_job_status(m.BatchListJobStatusRequest(body=m.BatchQueryJobReqPage(jobs=ids)))
    assert {r.status for r in status.results} == {"CONFIGURATION"}
    progress = drs.batch_list_progresses(m.BatchListProgressesRequest(body=m.BatchQueryProgressReq(jobs=ids)))
    assert progress.count == 2 and progress.results[0].job_id in ids
    missing = drs.batch_list_job_status(m.BatchListJobStatusRequest(body=m.BatchQueryJobReqPage(
        jobs=["00000000-0000-0000-0000-000000000000"])))
    assert missing.results[0].error_code


def test_batch_start_pause_retry_delete(drs, jobs):
    job = jobs["prod"][5]
    started = drs.batch_start_jobs(m.BatchStartJobsRequest(body=m.BatchStartJobReq(jobs=[
        m.StartInfo(job_id=job, is_only_init_task=False, start_time="1700000000000")])))
    assert started.count == 1 and started.results[0].id == job
    # The endpoints of this suite's jobs do not exist: the start fails honestly, with the reason.
    wait_for(lambda: drs.batch_list_job_status(m.BatchListJobStatusRequest(body=m.BatchQueryJobReqPage(jobs=[job]))),
             lambda status: status.results[0].status.endswith("FAILED"))
    progress = drs.batch_list_progresses(m.BatchListProgressesRequest(body=m.BatchQueryProgressReq(jobs=[job])))
    assert progress.results[0].error_msg and "password" not in progress.results[0].error_msg.lower()
    paused = drs.batch_stop_jobs(m.BatchStopJobsRequest(body=m.BatchPauseJobReq(jobs=[
        m.PauseInfo(job_id=job, pause_mode="target")])))
    assert paused.count == 1
    retried = drs.batch_restore_task(m.BatchRestoreTaskRequest(body=m.BatchRetryReq(jobs=[
        m.RetryInfo(job_id=job, is_sync_re_edit=False)])))
    assert retried.count == 1
    terminated = drs.batch_delete_jobs(m.BatchDeleteJobsRequest(body=m.BatchDeleteJobReq(jobs=[
        m.DeleteJobReq(delete_type="terminate", job_id=job)])))
    assert terminated.results[0].id == job
    after = job_list(drs, name=job)
    assert after.total_record in (0, 1)


def test_dataworks_jobs_are_listed_by_drs(drs, dw, jobs):
    from alibabacloud_dataworks_public20200518 import models as dw_models
    dw_jobs = dw.list_dijobs(dw_models.ListDIJobsRequest(project_id=10000, page_size=100)).body.dijob_paging
    if dw_jobs.total_count:
        name = dw_jobs.dijobs[0].job_name
        listed = job_list(drs, db_use_type=None, name=name, per_page=100)
        assert any(j.name == name for j in listed.jobs)


def test_drs_wrong_secret_is_401(server, project):
    bad = drs_client(server, ROOT_ID, "wrong-secret", project["DrsProjectId"])
    with pytest.raises(ClientRequestException) as info:
        job_list(bad)
    assert info.value.status_code == 401 and info.value.error_code == "APIGW.0301"
    assert info.value.request_id


def test_drs_missing_permission_is_403(server, admin, project):
    created = admin.call("CreateAccessKey", {"Policy": "dataworks:*", "Name": "dw-only"})
    limited = drs_client(server, created["AccessKey"]["AccessKeyId"], created["AccessKeySecret"],
                         project["DrsProjectId"])
    with pytest.raises(ClientRequestException) as info:
        job_list(limited)
    assert info.value.status_code == 403

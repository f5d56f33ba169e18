"""Restarting tide serve (SIGTERM, graceful) loses nothing. Runs last (file name order)."""
from alibabacloud_dataworks_public20200518 import models as dw_models
from huaweicloudsdkdrs.v3 import model as m


def snapshot(dw, drs):
    jobs = dw.list_dijobs(dw_models.ListDIJobsRequest(project_id=10000, page_size=100)).body.to_map()
    sources = dw.list_data_sources(dw_models.ListDataSourcesRequest(project_id=10000, page_size=100)).body.to_map()
    drs_jobs = drs.show_job_list(m.ShowJobListRequest(body=m.QueryJobsReq(
        db_use_type="migration", cur_page=0, per_page=100))).to_dict()
    jobs.pop("RequestId", None)
    sources.pop("RequestId", None)
    return jobs, sources, drs_jobs


def test_zz_restart_loses_nothing(server, dw, drs, project):
    before = snapshot(dw, drs)
    assert before[0]["DIJobPaging"]["TotalCount"] > 0
    code = server.restart()
    assert code == 0, server.log()
    after = snapshot(dw, drs)
    assert after == before

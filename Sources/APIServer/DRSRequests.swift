// Request bodies of the DRS v3 job endpoints (sdk-wire-formats.md §2.3-2.4). Unknown members are ignored, as
// the real service does; wrong types are a 400 naming the field.

/// QueryJobsReq (list).
struct QueryJobsRequest: Decodable {
    var cur_page: Int64?
    var per_page: Int64?
    var db_use_type: String?
    var engine_type: String?
    var enterprise_project_id: String?
    var name: String?
    var net_type: String?
    var service_name: String?
    var status: String?
    var tags: [String: String]?
    var instance_ids: [String]?
    var instance_ip: String?
}

/// BatchCreateJobReq.
struct BatchCreateJobRequest: Decodable {
    var jobs: [CreateJobRequest]
}

/// One CreateJobReq; endpoints are kept as JSON (passwords are split off by the control plane).
struct CreateJobRequest: Decodable {
    var name: String?
    var description: String?
    var db_use_type: String?
    var engine_type: String?
    var job_direction: String?
    var net_type: String?
    var node_type: String?
    var task_type: String?
    var source_endpoint: JSONObject?
    var target_endpoint: JSONObject?
    var tags: [DRSTag]?
    var bind_eip: Bool?
    var is_target_readonly: Bool?
    var multi_write: Bool?
}

/// `{key, value}` tag of batch-creation.
struct DRSTag: Decodable {
    var key: String
    var value: String
}

/// BatchQueryJobReqPage / BatchQueryProgressReq: `{jobs:[id], page_req?}`.
struct BatchQueryRequest: Decodable {
    var jobs: [String]
    var page_req: PageReq?
}

/// `page_req` of batch-detail.
struct PageReq: Decodable {
    var cur_page: Int64?
    var per_page: Int64?
}

/// BatchStartJobReq.
struct BatchStartRequest: Decodable {
    struct Item: Decodable {
        var job_id: String
        var start_time: String?
        /// Tide extension: a binlog `FILE:POS` or a GTID set to start change capture at.
        var start_position: String?
        var is_only_init_task: Bool?
    }
    var jobs: [Item]
}

/// BatchPauseJobReq, BatchRetryReq and BatchDeleteJobReq share `{jobs:[{job_id, ...}]}`.
struct BatchJobActionRequest: Decodable {
    struct Item: Decodable {
        var job_id: String
        var pause_mode: String?
        var delete_type: String?
        var is_sync_re_edit: Bool?
    }
    var jobs: [Item]
}

import SyncModel

/// A JSON object member of a request body.
typealias JSONObject = [String: JSONValue]

// Response bodies of the DRS v3 job endpoints, field names as sdk-wire-formats.md §2.6 and the ListJobs seed.

/// show_job_list: `{"total_record","jobs":[JobInfo]}`.
struct DRSJobListResponse: Encodable, Sendable {
    let total_record: Int
    let jobs: [DRSJobInfo]
}

/// batch-creation results.
struct DRSCreateResult: Encodable, Sendable {
    var id: String?
    var name: String?
    var status: String?
    var create_time: String?
    var error_code: String?
    var error_msg: String?
    var child_ids: [String]?
}

/// batch-starting, batch-pause-task, batch-retry-task, batch-jobs results.
struct DRSActionResult: Encodable, Sendable {
    var id: String
    var status: String?
    var error_code: String?
    var error_msg: String?
}

/// batch-status results.
struct DRSStatusResult: Encodable, Sendable {
    var id: String
    var status: String?
    var error_code: String?
    var error_message: String?
}

/// batch-progress results.
struct DRSProgressResult: Encodable, Sendable {
    var job_id: String
    var progress: String?
    var incre_trans_delay: String?
    var incre_trans_delay_millis: String?
    var task_mode: String?
    var transfer_status: String?
    var process_time: String?
    var remaining_time: String?
    var error_code: String?
    var error_msg: String?
}

/// batch-detail results (QueryJobResp subset; endpoints without passwords).
struct DRSDetailResult: Encodable, Sendable {
    var id: String
    var name: String?
    var status: String?
    var description: String?
    var create_time: String?
    var task_type: String?
    var source_endpoint: JSONValue?
    var target_endpoint: JSONValue?
    var error_code: String?
    var error_msg: String?
}

/// `{"count","results":[...]}`, the v3 batch envelope.
struct DRSBatchResponse<Result: Encodable & Sendable>: Encodable, Sendable {
    let count: Int
    let results: [Result]
    init(_ results: [Result]) {
        self.count = results.count
        self.results = results
    }
}

import SyncModel

/// A JSON object member of a request body.
typealias JSONObject = [String: JSONValue]

// Response bodies of the DRS v3 job endpoints, field names as sdk-wire-formats.md §2.6 and the ListJobs seed.

/// show_job_list: `{"total_record","jobs":[JobInfo]}`.
struct DRSJobListResponse: Encodable, Sendable {
    let total_record: Int
    let jobs: [DRSJobInfo]
}

/// JobInfo (ListJobs seed, Table 5).
struct DRSJobInfo: Encodable, Sendable {
    let id: String
    let name: String
    let status: String
    let description: String
    let create_time: String
    let engine_type: String
    let net_type: String
    let billing_tag: Bool
    let job_direction: String
    let db_use_type: String
    let task_type: String
    let children: [DRSChildJobInfo]
    let node_newFramework: Bool
    let job_action: DRSJobAction

    init(_ task: TaskInfo) {
        let a = task.draft.attributes
        id = task.drsID
        name = task.draft.name
        status = task.status.drsStatus
        description = task.draft.description
        create_time = String(task.createdAt)
        engine_type = a["engine_type"] ?? DRSJobInfo.engineType(task.draft)
        net_type = a["net_type"] ?? "eip"
        billing_tag = false
        job_direction = a["job_direction"] ?? "up"
        db_use_type = a["db_use_type"] ?? (task.draft.migrationType == .full ? "migration" : "sync")
        task_type = task.draft.migrationType.drsTaskType
        children = task.children.enumerated().map { index, child in
            DRSChildJobInfo(id: "\(task.drsID)-\(index + 1)", name: child, status: task.status.drsStatus,
                            create_time: String(task.createdAt), task_type: task.draft.migrationType.drsTaskType)
        }
        node_newFramework = true
        job_action = DRSJobAction(
            available_actions: task.status.availableActions, unavailable_actions: task.status.unavailableActions,
            current_action: task.status.currentAction)
    }

    /// The DRS engine type for a task created through DataWorks.
    static func engineType(_ draft: TaskDraft) -> String {
        let source = draft.sourceType.lowercased()
        let destination = draft.destinationType.lowercased()
        if destination == "kafka" { return "\(source)-to-kafka" }
        if destination == "postgresql" || destination == "hologres" { return "postgresql" }
        return source
    }
}

/// ChildrenJobInfo.
struct DRSChildJobInfo: Encodable, Sendable {
    let id: String
    let name: String
    let status: String
    let create_time: String
    let task_type: String
}

/// `job_action` of JobInfo, from the state machine's action table.
struct DRSJobAction: Encodable, Sendable {
    let available_actions: [String]
    let unavailable_actions: [String]
    let current_action: String
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

import SyncModel

/// The v3 batch endpoints. Request-shape errors are a 400; per-job failures (unknown id, refused transition) are
/// reported in that job's result with `error_code` / `error_msg`, as the real service does.
enum DRSBatchHandlers {
    /// At most this many jobs per batch call.
    static let maximumBatch = 100

    static func create(_ c: DRSContext) async throws -> DRSBatchResponse<DRSCreateResult> {
        let request = try c.body(BatchCreateJobRequest.self)
        try checkCount(request.jobs.count)
        var results: [DRSCreateResult] = []
        for job in request.jobs {
            do {
                let task = try await c.controlPlane.createTask(try draft(job, projectID: c.project.id), clientToken: nil)
                results.append(DRSCreateResult(
                    id: task.drsID, name: task.draft.name, status: task.status.drsStatus,
                    create_time: String(task.createdAt), child_ids: []))
            } catch let error as APIError {
                results.append(DRSCreateResult(name: job.name, error_code: error.code.drs, error_msg: error.message))
            }
        }
        return DRSBatchResponse(results)
    }

    static func detail(_ c: DRSContext) async throws -> DRSBatchResponse<DRSDetailResult> {
        let request = try c.body(BatchQueryRequest.self)
        try checkCount(request.jobs.count)
        var results: [DRSDetailResult] = []
        for id in request.jobs {
            guard let task = try await c.task(id) else {
                results.append(DRSDetailResult(id: id, error_code: APIError.Code.notFound.drs, error_msg: notFound(id)))
                continue
            }
            let spec = try? JSONValue.parse(task.draft.spec, field: "spec")
            results.append(DRSDetailResult(
                id: task.drsID, name: task.draft.name, status: task.status.drsStatus,
                description: task.draft.description, create_time: String(task.createdAt),
                task_type: task.draft.migrationType.drsTaskType, source_endpoint: spec?["source_endpoint"],
                target_endpoint: spec?["target_endpoint"]))
        }
        return DRSBatchResponse(results)
    }

    static func status(_ c: DRSContext) async throws -> DRSBatchResponse<DRSStatusResult> {
        let request = try c.body(BatchQueryRequest.self)
        try checkCount(request.jobs.count)
        var results: [DRSStatusResult] = []
        for id in request.jobs {
            if let task = try await c.task(id) {
                results.append(DRSStatusResult(id: id, status: task.status.drsStatus))
            } else {
                results.append(DRSStatusResult(id: id, error_code: APIError.Code.notFound.drs, error_message: notFound(id)))
            }
        }
        return DRSBatchResponse(results)
    }

    static func progress(_ c: DRSContext) async throws -> DRSBatchResponse<DRSProgressResult> {
        let request = try c.body(BatchQueryRequest.self)
        try checkCount(request.jobs.count)
        var results: [DRSProgressResult] = []
        for id in request.jobs {
            guard let task = try await c.task(id) else {
                results.append(DRSProgressResult(job_id: id, error_code: APIError.Code.notFound.drs, error_msg: notFound(id)))
                continue
            }
            // No engine runs in this build, so no data has moved: progress is 0 and says so.
            results.append(DRSProgressResult(
                job_id: id, progress: "0", incre_trans_delay: "0", incre_trans_delay_millis: "0",
                task_mode: task.draft.migrationType.drsTaskType, transfer_status: task.status.drsStatus,
                process_time: "0", remaining_time: "0", error_code: task.errorMessage == nil ? nil : "DRS.10000100",
                error_msg: task.errorMessage))
        }
        return DRSBatchResponse(results)
    }

    static func start(_ c: DRSContext) async throws -> DRSBatchResponse<DRSActionResult> {
        let request = try c.body(BatchStartRequest.self)
        try checkCount(request.jobs.count)
        var results: [DRSActionResult] = []
        for item in request.jobs {
            var settings = StartSettings()
            if let text = item.start_time, !text.isEmpty {
                guard let millis = Int64(text), millis >= 0 else {
                    results.append(DRSActionResult(
                        id: item.job_id, error_code: APIError.Code.invalidParameter.drs,
                        error_msg: "Invalid parameter: start_time: expected epoch milliseconds."))
                    continue
                }
                settings.startTime = millis / 1000
            }
            results.append(await perform(.start(settings), on: item.job_id, c))
        }
        return DRSBatchResponse(results)
    }

    static func action(_ c: DRSContext, _ action: TaskAction) async throws -> DRSBatchResponse<DRSActionResult> {
        let request = try c.body(BatchJobActionRequest.self)
        try checkCount(request.jobs.count)
        var results: [DRSActionResult] = []
        for item in request.jobs { results.append(await perform(action, on: item.job_id, c)) }
        return DRSBatchResponse(results)
    }

    static func delete(_ c: DRSContext) async throws -> DRSBatchResponse<DRSActionResult> {
        let request = try c.body(BatchJobActionRequest.self)
        try checkCount(request.jobs.count)
        var results: [DRSActionResult] = []
        for item in request.jobs {
            switch item.delete_type ?? "delete" {
            case "terminate", "force_terminate":
                results.append(await perform(.terminate, on: item.job_id, c))
            case "delete":
                do {
                    guard let task = try await c.task(item.job_id) else { throw APIError(.notFound, notFound(item.job_id)) }
                    try await c.controlPlane.deleteTask(id: task.id)
                    results.append(DRSActionResult(id: item.job_id, status: "success"))
                } catch {
                    results.append(failure(item.job_id, error))
                }
            default:
                results.append(DRSActionResult(
                    id: item.job_id, error_code: APIError.Code.invalidParameter.drs,
                    error_msg: "Invalid parameter: delete_type."))
            }
        }
        return DRSBatchResponse(results)
    }

    private static func perform(_ action: TaskAction, on id: String, _ c: DRSContext) async -> DRSActionResult {
        do {
            guard let task = try await c.task(id) else { throw APIError(.notFound, notFound(id)) }
            _ = try await c.controlPlane.perform(action, onTask: task.id)
            return DRSActionResult(id: id, status: "success")
        } catch {
            return failure(id, error)
        }
    }

    private static func failure(_ id: String, _ error: any Error) -> DRSActionResult {
        let apiError = error as? APIError ?? APIError(.internalError, "An internal error occurred.")
        return DRSActionResult(id: id, status: "failed", error_code: apiError.code.drs, error_msg: apiError.message)
    }

    private static func notFound(_ id: String) -> String { "The job \(id.prefix(64)) does not exist." }

    private static func checkCount(_ count: Int) throws(APIError) {
        guard (1...maximumBatch).contains(count) else {
            throw APIError(.invalidParameter, "Invalid parameter: jobs: between 1 and \(maximumBatch) jobs.")
        }
    }

    /// The internal task draft of one CreateJobReq; endpoint passwords go to `secrets`, never into the spec.
    static func draft(_ job: CreateJobRequest, projectID: Int64) throws(APIError) -> TaskDraft {
        guard let name = job.name, (4...50).contains(name.count), name.first?.isLetter == true else {
            throw APIError(.invalidParameter, "Invalid parameter: name: 4 to 50 characters starting with a letter.")
        }
        guard let taskType = job.task_type, let migration = MigrationType(drsTaskType: taskType) else {
            throw APIError(.invalidParameter, "Invalid parameter: task_type: FULL_TRANS, INCR_TRANS or FULL_INCR_TRANS.")
        }
        guard var source = job.source_endpoint, var target = job.target_endpoint else {
            throw APIError(.invalidParameter, "Invalid parameter: source_endpoint and target_endpoint are required.")
        }
        var secrets: [String: String] = [:]
        if case .string(let password)? = source.removeValue(forKey: "db_password") { secrets["source"] = password }
        if case .string(let password)? = target.removeValue(forKey: "db_password") { secrets["target"] = password }
        var attributes: [String: String] = [:]
        attributes["db_use_type"] = job.db_use_type ?? "migration"
        attributes["engine_type"] = job.engine_type ?? "mysql"
        attributes["net_type"] = job.net_type ?? "eip"
        attributes["job_direction"] = job.job_direction ?? "up"
        for tag in job.tags ?? [] { attributes["tag:\(tag.key)"] = tag.value }
        if let instance = target["inst_id"]?.stringValue ?? source["inst_id"]?.stringValue {
            attributes["instance_id"] = instance
        }
        if let ip = source["ip"]?.stringValue ?? target["ip"]?.stringValue { attributes["instance_ip"] = ip }
        let spec = JSONValue.object(["source_endpoint": .object(source), "target_endpoint": .object(target)])
        return TaskDraft(
            projectID: projectID, name: name, description: job.description ?? "", kind: .drsJob,
            migrationType: migration, sourceType: source["db_type"]?.stringValue ?? job.engine_type ?? "mysql",
            destinationType: target["db_type"]?.stringValue ?? "mysql", spec: spec.jsonText, attributes: attributes,
            secrets: secrets)
    }
}

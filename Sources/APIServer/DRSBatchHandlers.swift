import Foundation
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
                let task = try await c.controlPlane.createTask(
                    try makeTask(job, projectID: c.project.id, now: c.controlPlane.now()), clientToken: nil,
                    operation: "batch-creation")
                results.append(DRSCreateResult(
                    id: task.uuid, name: task.name, status: task.status.rawValue,
                    create_time: String(task.createdAt.epochMilliseconds), child_ids: task.children.map(\.id)))
            } catch {
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
            let spec = try? JSONValue.parse(task.settingsJSON, field: "settings")
            results.append(DRSDetailResult(
                id: task.uuid, name: task.name, status: task.status.rawValue,
                description: task.description, create_time: String(task.createdAt.epochMilliseconds),
                task_type: task.migrationType.drsTaskType, source_endpoint: spec?["source_endpoint"],
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
                results.append(DRSStatusResult(id: id, status: task.status.rawValue))
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
            // Progress is what the runner reported (RunStats); process_time is the time since the last start.
            let stats = task.runStats
            let elapsed = task.startedAt.map { max(0, Int(c.controlPlane.now().timeIntervalSince($0))) } ?? 0
            results.append(DRSProgressResult(
                job_id: id, progress: String(Int(stats.percent)), incre_trans_delay: String((stats.lagMillis ?? 0) / 1000),
                incre_trans_delay_millis: String(stats.lagMillis ?? 0), task_mode: task.migrationType.drsTaskType,
                transfer_status: task.status.rawValue, process_time: String(elapsed),
                remaining_time: String(stats.etaSeconds ?? 0),
                error_code: task.errorMessage == nil ? nil : "DRS.10000100", error_msg: task.errorMessage))
        }
        return DRSBatchResponse(results)
    }

    static func start(_ c: DRSContext) async throws -> DRSBatchResponse<DRSActionResult> {
        let request = try c.body(BatchStartRequest.self)
        try checkCount(request.jobs.count)
        var results: [DRSActionResult] = []
        for item in request.jobs {
            var settings = StartSettings.default
            if let text = item.start_time, !text.isEmpty {
                guard let millis = Int64(text), millis >= 0 else {
                    results.append(DRSActionResult(
                        id: item.job_id, error_code: APIError.Code.invalidParameter.drs,
                        error_msg: "Invalid parameter: start_time: expected epoch milliseconds."))
                    continue
                }
                settings.startOffsetTime = Date(timeIntervalSince1970: TimeInterval(millis) / 1000)
            }
            // Tide extension: `start_position`, a binlog `FILE:POS` or a GTID set (exclusive with start_time).
            do {
                let position = try StartSettings.checkedStartPosition(
                    item.start_position, startTime: settings.startOffsetTime, positionField: "start_position",
                    timeField: "start_time")
                settings.startPosition = position?.text
            } catch {
                results.append(DRSActionResult(
                    id: item.job_id, error_code: APIError.Code.invalidParameter.drs,
                    error_msg: "Invalid parameter: \(error.field ?? "start_position"): \(error.message)."))
                continue
            }
            results.append(await perform(.start, on: item.job_id, c, settings: settings))
        }
        return DRSBatchResponse(results)
    }

    static func action(_ c: DRSContext, _ action: TaskEvent) async throws -> DRSBatchResponse<DRSActionResult> {
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
                let event: TaskEvent = item.delete_type == "terminate" ? .terminate : .forceTerminate
                results.append(await perform(event, on: item.job_id, c))
            case "delete":
                results.append(await perform(.delete, on: item.job_id, c))
            default:
                results.append(DRSActionResult(
                    id: item.job_id, error_code: APIError.Code.invalidParameter.drs,
                    error_msg: "Invalid parameter: delete_type."))
            }
        }
        return DRSBatchResponse(results)
    }

    private static func perform(_ event: TaskEvent, on id: String, _ c: DRSContext, settings: StartSettings? = nil)
        async -> DRSActionResult
    {
        do {
            guard let task = try await c.task(id) else { throw APIError(.notFound, notFound(id)) }
            try await c.controlPlane.apply(event, toTask: task.id, settings: settings)
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

    /// The internal task of one CreateJobReq. Endpoint passwords go into the endpoints' `ConnectionContent`
    /// (encrypted by the store) and never into the settings echoed by batch-detail.
    static func makeTask(_ job: CreateJobRequest, projectID: Int64, now: Date) throws(APIError) -> SyncTask {
        guard let name = job.name, (4...50).contains(name.count), name.first?.isLetter == true else {
            throw APIError(.invalidParameter, "Invalid parameter: name: 4 to 50 characters starting with a letter.")
        }
        guard let taskType = job.task_type, let migration = MigrationType(drsTaskType: taskType) else {
            throw APIError(.invalidParameter, "Invalid parameter: task_type: FULL_TRANS, INCR_TRANS or FULL_INCR_TRANS.")
        }
        guard var source = job.source_endpoint, var target = job.target_endpoint else {
            throw APIError(.invalidParameter, "Invalid parameter: source_endpoint and target_endpoint are required.")
        }
        let sourceType = source["db_type"]?.stringValue ?? job.engine_type ?? "mysql"
        let targetType = target["db_type"]?.stringValue ?? "mysql"
        let sourceContent = try connection(source, type: sourceType, field: "source_endpoint")
        let targetContent = try connection(target, type: targetType, field: "target_endpoint")
        source.removeValue(forKey: "db_password")
        target.removeValue(forKey: "db_password")
        var tags: [String: String] = [:]
        for tag in job.tags ?? [] { tags[tag.key] = tag.value }
        let instances = [target["inst_id"]?.stringValue, source["inst_id"]?.stringValue].compactMap { $0 }
        let attributes = DRSAttributes(
            dbUseType: job.db_use_type ?? "migration", engineType: job.engine_type ?? "mysql",
            netType: job.net_type ?? "eip", jobDirection: job.job_direction ?? "up", nodeType: job.node_type ?? "high",
            tags: tags, instanceIDs: instances,
            instanceIP: source["ip"]?.stringValue ?? target["ip"]?.stringValue ?? "")
        let settings = JSONValue.object(["source_endpoint": .object(source), "target_endpoint": .object(target)])
        return try mapped { () throws(SyncModelError) in
            try SyncTask(
                projectID: projectID, name: name, description: job.description ?? "", kind: .drsJob,
                migrationType: migration, sourceType: sourceType, destinationType: targetType,
                sourceEndpoint: sourceContent, targetEndpoint: targetContent, spec: .drs(objects: []),
                settingsJSON: settings.jsonText, drs: attributes, createdAt: now)
        }
    }

    /// The connection of a DRS endpoint given by address (`ip`, `db_port`, `db_user`, `db_password`); nil for an
    /// endpoint named only by cloud instance id.
    static func connection(_ endpoint: JSONObject, type: String, field: String) throws(APIError) -> ConnectionContent? {
        guard let ip = endpoint["ip"]?.stringValue else { return nil }
        guard let sourceType = DataSourceType(lenient: type) else {
            throw APIError(.invalidParameter, "Invalid parameter: \(field).db_type: unsupported \(type.prefix(32)).")
        }
        var object: JSONObject = ["host": .string(ip)]
        if let port = endpoint["db_port"] { object["port"] = port }
        if let user = endpoint["db_user"] { object["username"] = user }
        if let password = endpoint["db_password"] { object["password"] = password }
        if let database = endpoint["db_name"] { object["database"] = database }
        return try mapped { () throws(SyncModelError) in try ConnectionContent.parse(.object(object), type: sourceType) }
    }
}

import Foundation
import MetadataStore
import SyncModel

/// CreateDIJob, GetDIJob, UpdateDIJob, DeleteDIJob, ListDIJobs, StartDIJob, StopDIJob
/// (anchors.md §1.2; response shapes in sdk-wire-formats.md §1.7).
enum DIJobHandlers {
    /// The JSON-valued CreateDIJob parameters, kept as given in the task's `settingsJSON` so GetDIJob echoes them.
    static let settingsFields = [
        "SourceDataSourceSettings", "DestinationDataSourceSettings", "TableMappings", "TransformationRules",
        "JobSettings", "ResourceSettings",
    ]

    static func create(_ c: DataWorksContext) async throws -> CreateDIJobResponse {
        let p = c.params
        let projectID = try p.requiredInt("ProjectId", in: 1...Int64.max)
        _ = try await c.project(projectID)
        let migrationText = try p.requiredString("MigrationType")
        guard let migration = MigrationType(rawValue: migrationText) else {
            throw APIError.invalid("MigrationType", "expected Full, RealtimeIncremental or FullAndRealtimeIncremental")
        }
        let parameters = DIJobSpec.Parameters(
            sourceDataSourceSettings: p.nonEmptyString("SourceDataSourceSettings"),
            destinationDataSourceSettings: p.nonEmptyString("DestinationDataSourceSettings"),
            tableMappings: p.nonEmptyString("TableMappings"), transformationRules: p.nonEmptyString("TransformationRules"),
            jobSettings: p.nonEmptyString("JobSettings"), resourceSettings: p.nonEmptyString("ResourceSettings"))
        let spec = try mapped { () throws(SyncModelError) in try DIJobSpec.parse(parameters) }
        let settings = try settingsObject(p, base: [:])
        let name = try p.requiredString("JobName")
        let source = try p.requiredString("SourceDataSourceType")
        let destination = try p.requiredString("DestinationDataSourceType")
        let now = c.controlPlane.now()
        let task = try mapped { () throws(SyncModelError) in
            try SyncTask(
                projectID: projectID, name: name, description: p.string("Description") ?? "", kind: .diJob,
                migrationType: migration, sourceType: source, destinationType: destination,
                sourceDataSourceName: spec.source.dataSourceName,
                destinationDataSourceName: spec.destination.dataSourceName, spec: .diJob(spec),
                settingsJSON: settings.jsonText, createdAt: now)
        }
        let stored = try await c.controlPlane.createTask(
            task, clientToken: p.nonEmptyString("ClientToken"), operation: "CreateDIJob")
        return CreateDIJobResponse(RequestId: c.requestID, DIJobId: stored.id)
    }

    static func get(_ c: DataWorksContext) async throws -> GetDIJobResponse {
        let task = try await c.task(try c.params.requiredInt("DIJobId", in: 1...Int64.max), name: "DIJobId")
        return GetDIJobResponse(RequestId: c.requestID, Data: DIJobDetail(task))
    }

    static func update(_ c: DataWorksContext) async throws -> RequestIDResponse {
        let p = c.params
        let task = try await c.task(try p.requiredInt("DIJobId", in: 1...Int64.max), name: "DIJobId")
        guard case .diJob(let spec) = task.spec else {
            throw APIError.invalid("DIJobId", "task \(task.id) is not a DI job")
        }
        let parameters = DIJobSpec.Parameters(
            tableMappings: p.nonEmptyString("TableMappings"), transformationRules: p.nonEmptyString("TransformationRules"),
            jobSettings: p.nonEmptyString("JobSettings"), resourceSettings: p.nonEmptyString("ResourceSettings"))
        let updatedSpec = try mapped { () throws(SyncModelError) in try spec.updated(with: parameters) }
        let base = (try? JSONValue.parse(task.settingsJSON, field: "settings"))?.objectValue ?? [:]
        let settings = try settingsObject(p, base: base).jsonText
        let description = p.string("Description")
        let now = c.controlPlane.now()
        _ = try await c.controlPlane.updateTask(id: task.id) { task throws(SyncModelError) in
            task.spec = .diJob(updatedSpec)
            task.settingsJSON = settings
            if let description { task.description = description }
            task.updatedAt = now
        }
        return RequestIDResponse(RequestId: c.requestID)
    }

    static func delete(_ c: DataWorksContext) async throws -> RequestIDResponse {
        let task = try await c.task(try c.params.requiredInt("DIJobId", in: 1...Int64.max), name: "DIJobId")
        try await c.controlPlane.deleteTask(id: task.id)
        return RequestIDResponse(RequestId: c.requestID)
    }

    static func list(_ c: DataWorksContext) async throws -> ListDIJobsResponse {
        let p = c.params
        let projectID = try p.requiredInt("ProjectId", in: 1...Int64.max)
        let page = try PageRequest(p)
        let query = DIJobQuery(
            projectID: projectID, nameContains: p.nonEmptyString("JobName"),
            sourceType: p.nonEmptyString("SourceDataSourceType"),
            destinationType: p.nonEmptyString("DestinationDataSourceType"), pageNumber: page.number,
            pageSize: page.size)
        let result = try await c.controlPlane.listDIJobs(query)
        return ListDIJobsResponse(
            RequestId: c.requestID,
            DIJobPaging: DIJobPaging(
                PageNumber: page.number, PageSize: page.size, TotalCount: result.totalCount,
                DIJobs: result.items.map(DIJobSummary.init)))
    }

    static func start(_ c: DataWorksContext) async throws -> RequestIDResponse {
        let p = c.params
        let task = try await c.task(try p.requiredInt("DIJobId", in: 1...Int64.max), name: "DIJobId")
        let force = try p.bool("ForceToRerun") ?? false
        var startTime: Int64?
        var interval: Int64?
        var limit: Int64?
        var startPosition: String?
        if let text = p.nonEmptyString("RealtimeStartSettings") {
            let value = try parseJSON(text, field: "RealtimeStartSettings")
            guard value.objectValue != nil else { throw APIError.invalid("RealtimeStartSettings", "expected an object") }
            startTime = try int(value["StartTime"], field: "RealtimeStartSettings.StartTime")
            // Tide extension: `StartPosition`, a binlog `FILE:POS` or a GTID set (exclusive with StartTime).
            if let position = value["StartPosition"], position != .null {
                guard let text = position.stringValue else {
                    throw APIError.invalid(
                        "RealtimeStartSettings.StartPosition", "expected a string (FILE:POS or a GTID set)")
                }
                startPosition = text
            }
            let failover = value["FailoverSettings"]
            interval = try int(failover?["Interval"], field: "RealtimeStartSettings.FailoverSettings.Interval")
            limit = try int(failover?["UpperLimit"], field: "RealtimeStartSettings.FailoverSettings.UpperLimit")
        }
        // Tide extension: `RerunTables`, a JSON array (or comma-separated list) of `db.table` names.
        var rerunTables: [String]?
        if let text = p.nonEmptyString("RerunTables") {
            if text.hasPrefix("[") {
                let value = try parseJSON(text, field: "RerunTables")
                guard let items = value.arrayValue else { throw APIError.invalid("RerunTables", "expected an array") }
                rerunTables = try items.map { item in
                    guard let name = item.stringValue, !name.isEmpty else {
                        throw APIError.invalid("RerunTables", "expected table names (db.table)")
                    }
                    return name
                }
            } else {
                rerunTables = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty }
            }
        }
        let settings = try mapped { () throws(SyncModelError) in
            try StartSettings(
                startOffsetTime: startTime.map { Date(timeIntervalSince1970: TimeInterval($0)) },
                failoverIntervalMinutes: interval.map { Int(clamping: $0) },
                failoverUpperLimit: limit.map { Int(clamping: $0) }, forceRerun: force, rerunTables: rerunTables,
                startPosition: startPosition)
        }
        // A failed task starts again as DRS retries it: from its checkpoint, or as ForceToRerun asks (issue 5 item 5:
        // "a later retry (DRS batch-retry-task, StartDIJob) resumes from the checkpoint").
        let event: TaskEvent =
            TaskStateMachine.target(of: .start, from: task.status, migrationType: task.migrationType) == nil
                && TaskStateMachine.target(of: .retry, from: task.status, migrationType: task.migrationType) != nil
            ? .retry : .start
        try await c.controlPlane.apply(event, toTask: task.id, settings: settings)
        return RequestIDResponse(RequestId: c.requestID)
    }

    static func stop(_ c: DataWorksContext) async throws -> RequestIDResponse {
        let task = try await c.task(try c.params.requiredInt("DIJobId", in: 1...Int64.max), name: "DIJobId")
        try await c.controlPlane.apply(.pause, toTask: task.id)
        return RequestIDResponse(RequestId: c.requestID)
    }

    /// The settings object: `base` with every JSON settings parameter present replaced.
    static func settingsObject(_ p: RPCParameters, base: [String: JSONValue]) throws(APIError) -> JSONValue {
        var object = base
        for field in settingsFields {
            if let text = p.nonEmptyString(field) { object[field] = try parseJSON(text, field: field) }
        }
        return .object(object)
    }

    /// Parses a JSON parameter, naming it on failure.
    static func parseJSON(_ text: String, field: String) throws(APIError) -> JSONValue {
        do {
            return try JSONValue.parse(text, field: field)
        } catch {
            throw APIError.invalid(field, "is not valid JSON")
        }
    }

    /// A non-negative integer member, absent is nil.
    static func int(_ value: JSONValue?, field: String) throws(APIError) -> Int64? {
        guard let value, value != .null else { return nil }
        guard let number = value.lenientInt, number >= 0 else {
            throw APIError.invalid(field, "expected a non-negative integer")
        }
        return Int64(number)
    }
}

import SyncModel

/// CreateDIJob, GetDIJob, UpdateDIJob, DeleteDIJob, ListDIJobs, StartDIJob, StopDIJob
/// (anchors.md §1.2; response shapes in sdk-wire-formats.md §1.7).
enum DIJobHandlers {
    /// The JSON-valued CreateDIJob parameters kept, as given, in the task's specification.
    static let specFields = [
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
        var spec: [String: JSONValue] = [:]
        for field in specFields {
            if let text = p.nonEmptyString(field) { spec[field] = try parseJSON(text, field: field) }
        }
        let draft = TaskDraft(
            projectID: projectID, name: try p.requiredString("JobName"), description: p.string("Description") ?? "",
            kind: .diJob, migrationType: migration, sourceType: try p.requiredString("SourceDataSourceType"),
            destinationType: try p.requiredString("DestinationDataSourceType"), spec: JSONValue.object(spec).jsonText)
        let task = try await c.controlPlane.createTask(draft, clientToken: p.nonEmptyString("ClientToken"))
        return CreateDIJobResponse(RequestId: c.requestID, DIJobId: task.id)
    }

    static func get(_ c: DataWorksContext) async throws -> GetDIJobResponse {
        let task = try await c.task(try c.params.requiredInt("DIJobId", in: 1...Int64.max), name: "DIJobId")
        return GetDIJobResponse(RequestId: c.requestID, Data: DIJobDetail(task))
    }

    static func update(_ c: DataWorksContext) async throws -> RequestIDResponse {
        let p = c.params
        let task = try await c.task(try p.requiredInt("DIJobId", in: 1...Int64.max), name: "DIJobId")
        var spec = (try? JSONValue.parse(task.draft.spec, field: "spec"))?.objectValue ?? [:]
        var changed = false
        for field in specFields where field != "SourceDataSourceSettings" && field != "DestinationDataSourceSettings" {
            if let text = p.nonEmptyString(field) {
                spec[field] = try parseJSON(text, field: field)
                changed = true
            }
        }
        _ = try await c.controlPlane.updateTask(
            id: task.id, TaskUpdate(description: p.string("Description"), spec: changed ? JSONValue.object(spec).jsonText : nil))
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
        let query = TaskQuery(
            projectID: projectID, nameContains: p.nonEmptyString("JobName"),
            sourceType: p.nonEmptyString("SourceDataSourceType"),
            destinationType: p.nonEmptyString("DestinationDataSourceType"), paging: page.paging)
        let result = try await c.controlPlane.listTasks(query)
        return ListDIJobsResponse(
            RequestId: c.requestID,
            DIJobPaging: DIJobPaging(
                PageNumber: page.number, PageSize: page.size, TotalCount: result.total,
                DIJobs: result.items.map(DIJobSummary.init)))
    }

    static func start(_ c: DataWorksContext) async throws -> RequestIDResponse {
        let p = c.params
        let task = try await c.task(try p.requiredInt("DIJobId", in: 1...Int64.max), name: "DIJobId")
        var settings = StartSettings(forceToRerun: try p.bool("ForceToRerun") ?? false)
        if let text = p.nonEmptyString("RealtimeStartSettings") {
            let value = try parseJSON(text, field: "RealtimeStartSettings")
            guard value.objectValue != nil else { throw APIError.invalid("RealtimeStartSettings", "expected an object") }
            settings.startTime = try int(value["StartTime"], field: "RealtimeStartSettings.StartTime")
            let failover = value["FailoverSettings"]
            settings.failoverInterval = try int(failover?["Interval"], field: "RealtimeStartSettings.FailoverSettings.Interval")
            settings.failoverUpperLimit = try int(failover?["UpperLimit"], field: "RealtimeStartSettings.FailoverSettings.UpperLimit")
        }
        _ = try await c.controlPlane.perform(.start(settings), onTask: task.id)
        return RequestIDResponse(RequestId: c.requestID)
    }

    static func stop(_ c: DataWorksContext) async throws -> RequestIDResponse {
        let task = try await c.task(try c.params.requiredInt("DIJobId", in: 1...Int64.max), name: "DIJobId")
        _ = try await c.controlPlane.perform(.stop, onTask: task.id)
        return RequestIDResponse(RequestId: c.requestID)
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
        guard let number = value.lenientInt, number >= 0 else { throw APIError.invalid(field, "expected a non-negative integer") }
        return Int64(number)
    }
}

import SyncModel

/// The file-based DISync family: CreateDISyncTask, GetDISyncTask, UpdateDISyncTask, DeleteDISyncTask,
/// DeployDISyncTask, Start/Stop/TerminateDISyncInstance, GetDISyncInstanceInfo (anchors.md §1.1).
enum DISyncHandlers {
    static func create(_ c: DataWorksContext) async throws -> DISyncResultResponse {
        let p = c.params
        let projectID = try p.requiredInt("ProjectId", in: 1...Int64.max)
        let kind = try taskType(p)
        _ = try await c.project(projectID)
        let content = try p.requiredString("TaskContent")
        let spec = try mapped { () throws(SyncModelError) in try JobSpecification.parseDISync(content, kind: kind) }
        let (source, destination) = stepTypes(try DIJobHandlers.parseJSON(content, field: "TaskContent"))
        let taskParam = p.nonEmptyString("TaskParam")
        if let taskParam { _ = try DIJobHandlers.parseJSON(taskParam, field: "TaskParam") }
        let name = try p.requiredString("TaskName")
        let now = c.controlPlane.now()
        let task = try mapped { () throws(SyncModelError) in
            try SyncTask(
                projectID: projectID, name: name, kind: kind, migrationType: migrationType(kind),
                sourceType: source.name, destinationType: destination.name, sourceDataSourceName: source.dataSource,
                destinationDataSourceName: destination.dataSource, spec: spec,
                settingsJSON: settings(content: content, taskParam: taskParam), createdAt: now)
        }
        let stored = try await c.controlPlane.createTask(
            task, clientToken: p.nonEmptyString("ClientToken"), operation: "CreateDISyncTask")
        return DISyncResultResponse(
            RequestId: c.requestID, Success: true, Data: DISyncResult(Status: "success", FileId: stored.id, Message: ""))
    }

    static func get(_ c: DataWorksContext) async throws -> GetDISyncTaskResponse {
        let task = try await fileTask(c)
        let stored = (try? JSONValue.parse(task.settingsJSON, field: "settings")) ?? .object([:])
        let content = stored["TaskContent"]?.stringValue ?? task.spec.contentJSON ?? "{}"
        let detail = SolutionDetail(
            CreatorName: "tide", Id: task.id, Name: task.name, ProcessContent: content,
            ProcessExtra: stored["TaskParam"]?.stringValue ?? "{}", ProjectId: task.projectID,
            SourceType: task.sourceType, StartTime: task.startedAt.map { String($0.epochMilliseconds) } ?? "",
            Status: status(task), SubmitTime: String(task.createdAt.epochMilliseconds), Type: task.kind.rawValue)
        let data = GetDISyncTaskData(
            Status: "success", Code: content, Message: task.errorMessage ?? "", SolutionDetail: detail, AlarmList: [])
        return GetDISyncTaskResponse(RequestId: c.requestID, Success: true, Data: data)
    }

    static func update(_ c: DataWorksContext) async throws -> DISyncResultResponse {
        let task = try await fileTask(c)
        let p = c.params
        var spec: JobSpecification?
        let content = p.nonEmptyString("TaskContent")
        if let content {
            spec = try mapped { () throws(SyncModelError) in try JobSpecification.parseDISync(content, kind: task.kind) }
        }
        let taskParam = p.nonEmptyString("TaskParam")
        if let taskParam { _ = try DIJobHandlers.parseJSON(taskParam, field: "TaskParam") }
        let stored = (try? JSONValue.parse(task.settingsJSON, field: "settings")) ?? .object([:])
        let newSettings = settings(
            content: content ?? stored["TaskContent"]?.stringValue ?? task.spec.contentJSON ?? "{}",
            taskParam: taskParam ?? stored["TaskParam"]?.stringValue)
        let now = c.controlPlane.now()
        let newSpec = spec
        _ = try await c.controlPlane.updateTask(id: task.id) { task throws(SyncModelError) in
            if let newSpec { task.spec = newSpec }
            task.settingsJSON = newSettings
            task.updatedAt = now
        }
        return DISyncResultResponse(
            RequestId: c.requestID, Success: true, Data: DISyncResult(Status: "success", FileId: task.id, Message: ""))
    }

    static func delete(_ c: DataWorksContext) async throws -> DISyncResultResponse {
        let task = try await fileTask(c)
        try await c.controlPlane.deleteTask(id: task.id)
        return DISyncResultResponse(
            RequestId: c.requestID, Success: true, Data: DISyncResult(Status: "success", FileId: task.id, Message: ""))
    }

    /// Deploy marks the file deployed; the instance calls go through the state machine.
    static func lifecycle(_ c: DataWorksContext, _ event: TaskEvent?) async throws -> DISyncResultResponse {
        let task = try await fileTask(c)
        let after: SyncTask
        if let event {
            after = try await c.controlPlane.apply(event, toTask: task.id, settings: event == .start ? .default : nil)
        } else {
            let now = c.controlPlane.now()
            after = try await c.controlPlane.updateTask(id: task.id) { task throws(SyncModelError) in
                task.deployed = true
                task.updatedAt = now
            }
        }
        return DISyncResultResponse(
            RequestId: c.requestID, Success: true,
            Data: DISyncResult(Status: "success", FileId: task.id, Message: after.errorMessage ?? ""))
    }

    static func instanceInfo(_ c: DataWorksContext) async throws -> DISyncInstanceInfoResponse {
        let task = try await fileTask(c)
        return DISyncInstanceInfoResponse(
            RequestId: c.requestID, Success: true,
            Data: DISyncInstanceInfo(
                Status: status(task), Message: task.errorMessage ?? "",
                SolutionInfo: DISyncSolutionInfo(Id: task.id, Status: status(task))))
    }

    /// The task's `settingsJSON`: the TaskContent and TaskParam texts exactly as given, so GetDISyncTask
    /// echoes them byte for byte.
    static func settings(content: String, taskParam: String?) -> String {
        var object: [String: JSONValue] = ["TaskContent": .string(content)]
        if let taskParam { object["TaskParam"] = .string(taskParam) }
        return JSONValue.object(object).jsonText
    }

    /// The DISync status text: the realtime instance status, or the solution status code.
    static func status(_ task: SyncTask) -> String {
        switch task.kind {
        case .diSolution:
            String(task.status.diSyncSolutionStatusCode(migrationType: task.migrationType, deployed: task.deployed))
        default:
            task.status.diSyncRealtimeInstanceStatus
        }
    }

    /// The task named by FileId, checked against ProjectId and TaskType.
    static func fileTask(_ c: DataWorksContext) async throws -> SyncTask {
        let p = c.params
        let id = try p.requiredInt("FileId", in: 1...Int64.max)
        let projectID = try p.requiredInt("ProjectId", in: 1...Int64.max)
        let kind = try taskType(p)
        let task = try await c.task(id, name: "fileId")
        guard task.projectID == projectID, task.kind == kind else {
            throw APIError(.notFound, "fileId:[\(id)] is invalid.")
        }
        return task
    }

    static func taskType(_ p: RPCParameters) throws(APIError) -> TaskKind {
        let text = try p.requiredString("TaskType")
        guard let kind = TaskKind(taskType: text) else {
            throw APIError.invalid("TaskType", "expected DI_OFFLINE, DI_REALTIME or DI_SOLUTION")
        }
        return kind
    }

    static func migrationType(_ kind: TaskKind) -> MigrationType {
        switch kind {
        case .diOffline: .full
        case .diRealtime: .realtimeIncremental
        default: .fullAndRealtimeIncremental
        }
    }

    /// The reader's and writer's plugin type and data source (`unknown` when the content has no such step).
    static func stepTypes(_ content: JSONValue) -> (StepEnd, StepEnd) {
        let steps = content["steps"]?.arrayValue ?? []
        func end(_ category: String) -> StepEnd {
            let step = steps.first { $0["category"]?.stringValue == category }
            return StepEnd(
                name: step?["stepType"]?.stringValue ?? "unknown",
                dataSource: step?["parameter"]?["datasource"]?.stringValue)
        }
        return (end("reader"), end("writer"))
    }

    /// One end of a DataX job.
    struct StepEnd {
        let name: String
        let dataSource: String?
    }
}

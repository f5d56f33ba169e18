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
        let parsed = try DIJobHandlers.parseJSON(content, field: "TaskContent")
        let (source, destination) = stepTypes(parsed)
        if let param = p.nonEmptyString("TaskParam") { _ = try DIJobHandlers.parseJSON(param, field: "TaskParam") }
        let draft = TaskDraft(
            projectID: projectID, name: try p.requiredString("TaskName"), description: "", kind: kind,
            migrationType: migrationType(kind), sourceType: source, destinationType: destination, spec: content,
            attributes: p.nonEmptyString("TaskParam").map { ["TaskParam": $0] } ?? [:])
        let task = try await c.controlPlane.createTask(draft, clientToken: p.nonEmptyString("ClientToken"))
        return DISyncResultResponse(
            RequestId: c.requestID, Success: true, Data: DISyncResult(Status: "success", FileId: task.id, Message: ""))
    }

    static func get(_ c: DataWorksContext) async throws -> GetDISyncTaskResponse {
        let task = try await fileTask(c)
        let detail = SolutionDetail(
            CreatorName: "tide", Id: task.id, Name: task.draft.name, ProcessContent: task.draft.spec,
            ProcessExtra: task.draft.attributes["TaskParam"] ?? "{}", ProjectId: task.draft.projectID,
            SourceType: task.draft.sourceType, StartTime: task.startedAt.map(String.init) ?? "",
            Status: task.status.diSyncStatus, SubmitTime: String(task.createdAt), Type: task.draft.kind.rawValue)
        let data = GetDISyncTaskData(
            Status: "success", Code: task.draft.spec, Message: task.errorMessage ?? "", SolutionDetail: detail,
            AlarmList: [])
        return GetDISyncTaskResponse(RequestId: c.requestID, Success: true, Data: data)
    }

    static func update(_ c: DataWorksContext) async throws -> DISyncResultResponse {
        let task = try await fileTask(c)
        var spec: String?
        if let content = c.params.nonEmptyString("TaskContent") {
            _ = try DIJobHandlers.parseJSON(content, field: "TaskContent")
            spec = content
        }
        _ = try await c.controlPlane.updateTask(id: task.id, TaskUpdate(spec: spec))
        return DISyncResultResponse(
            RequestId: c.requestID, Success: true, Data: DISyncResult(Status: "success", FileId: task.id, Message: ""))
    }

    static func delete(_ c: DataWorksContext) async throws -> DISyncResultResponse {
        let task = try await fileTask(c)
        try await c.controlPlane.deleteTask(id: task.id)
        return DISyncResultResponse(
            RequestId: c.requestID, Success: true, Data: DISyncResult(Status: "success", FileId: task.id, Message: ""))
    }

    static func lifecycle(_ c: DataWorksContext, _ action: TaskAction) async throws -> DISyncResultResponse {
        let task = try await fileTask(c)
        let after = try await c.controlPlane.perform(action, onTask: task.id)
        return DISyncResultResponse(
            RequestId: c.requestID, Success: true,
            Data: DISyncResult(Status: "success", FileId: task.id, Message: after.errorMessage ?? ""))
    }

    static func instanceInfo(_ c: DataWorksContext) async throws -> DISyncInstanceInfoResponse {
        let task = try await fileTask(c)
        return DISyncInstanceInfoResponse(
            RequestId: c.requestID, Success: true,
            Data: DISyncInstanceInfo(
                Status: task.status.diSyncStatus, Message: task.errorMessage ?? "",
                SolutionInfo: DISyncSolutionInfo(Id: task.id, Status: task.status.diSyncStatus)))
    }

    /// The task named by FileId, checked against ProjectId and TaskType.
    static func fileTask(_ c: DataWorksContext) async throws -> TaskInfo {
        let p = c.params
        let id = try p.requiredInt("FileId", in: 1...Int64.max)
        let projectID = try p.requiredInt("ProjectId", in: 1...Int64.max)
        let kind = try taskType(p)
        let task = try await c.task(id, name: "fileId")
        guard task.draft.projectID == projectID, task.draft.kind == kind else {
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

    /// The reader's and writer's `stepType` (`unknown` when the content has no such step).
    static func stepTypes(_ content: JSONValue) -> (String, String) {
        let steps = content["steps"]?.arrayValue ?? []
        func type(_ category: String) -> String {
            steps.first { $0["category"]?.stringValue == category }?["stepType"]?.stringValue ?? "unknown"
        }
        return (type("reader"), type("writer"))
    }
}

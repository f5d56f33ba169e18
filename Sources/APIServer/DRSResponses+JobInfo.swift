import SyncModel
import Synchronization

/// JobInfo (ListJobs seed, Table 5): every documented field, `children` and `job_action` included.
struct DRSJobInfo: Encodable, Equatable, Sendable {
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
    let job_action: DRSJobActionBody

    init(_ task: SyncTask) {
        id = task.uuid
        name = task.name
        status = task.status.rawValue
        description = task.description
        create_time = String(task.createdAt.epochMilliseconds)
        engine_type = task.drs.engineType
        net_type = task.drs.netType
        billing_tag = task.drs.billingTag
        job_direction = task.drs.jobDirection
        db_use_type = task.drs.dbUseType
        task_type = task.migrationType.drsTaskType
        children = task.children.map { child in
            DRSChildJobInfo(
                id: child.id, name: child.name, status: child.status.rawValue,
                create_time: String(task.createdAt.epochMilliseconds), task_type: task.migrationType.drsTaskType,
                error_msg: child.errorMessage)
        }
        node_newFramework = true
        job_action = DRSJobActionBody.of(task)
    }
}

/// ChildrenJobInfo.
struct DRSChildJobInfo: Encodable, Equatable, Sendable {
    let id: String
    let name: String
    let status: String
    let create_time: String
    let task_type: String
    let error_msg: String?
}

/// `job_action` of JobInfo, from the state machine's action table.
struct DRSJobActionBody: Encodable, Equatable, Sendable {
    let available_actions: [String]
    let unavailable_actions: [String]
    let current_action: String

    /// The body for `task`'s (status, migration type), from the state machine's table. The table is a pure
    /// function of that pair, so each pair's body is built once per process (it was built per listed job).
    static func of(_ task: SyncTask) -> DRSJobActionBody {
        let key = Key(status: task.status, migrationType: task.migrationType)
        if let known = known.withLock({ $0[key] }) { return known }
        let matrix = task.jobActions
        let body = DRSJobActionBody(
            available_actions: matrix.availableActions.map(\.rawValue),
            unavailable_actions: matrix.unavailableActions.map(\.rawValue),
            current_action: matrix.currentAction?.rawValue ?? "")
        known.withLock { $0[key] = body }
        return body
    }

    private struct Key: Hashable {
        let status: TaskStatus
        let migrationType: MigrationType
    }

    /// Bodies by (status, migration type): at most statuses x migration types entries.
    private static let known = Mutex<[Key: DRSJobActionBody]>([:])
}

/// What the HTTP dialects need from the control plane: the one internal model behind both APIs.
///
/// The DataWorks and DRS adapters are thin views over these calls; the product implementation sits over
/// SyncModel (state machine, spec validation) and MetadataStore (SQLite). Every method throws `APIError`
/// for input problems (`.invalidParameter`, `.notFound`, `.illegalState`, `.fileExisted`).
public protocol ControlPlane: Sendable {
    /// Creates a project; `id` / `drsID` are generated when nil.
    func createProject(name: String, id: Int64?, drsID: String?) async throws -> ProjectInfo
    /// All projects, by id.
    func listProjects() async throws -> [ProjectInfo]
    /// The project with that DataWorks id, if any.
    func project(id: Int64) async throws -> ProjectInfo?
    /// The project with that DRS 32-hex id, if any.
    func project(drsID: String) async throws -> ProjectInfo?

    /// Creates a data source (its password is encrypted at rest and never shown again).
    func createDataSource(_ draft: DataSourceDraft) async throws -> DataSourceInfo
    /// Data sources of a project, filtered and paged in the store.
    func listDataSources(_ query: DataSourceQuery) async throws -> Page<DataSourceInfo>
    /// Changes content, description or env type.
    func updateDataSource(id: Int64, content: String?, description: String?, envType: Int?) async throws
    /// Deletes a data source.
    func deleteDataSource(id: Int64) async throws

    /// Validates and stores a task; the same `clientToken` returns the first result.
    func createTask(_ draft: TaskDraft, clientToken: String?) async throws -> TaskInfo
    /// A task by integer id.
    func task(id: Int64) async throws -> TaskInfo?
    /// A task by DRS uuid-style id.
    func task(drsID: String) async throws -> TaskInfo?
    /// Tasks filtered and paged in the store.
    func listTasks(_ query: TaskQuery) async throws -> Page<TaskInfo>
    /// Updates the editable parts of a task.
    func updateTask(id: Int64, _ update: TaskUpdate) async throws -> TaskInfo
    /// Deletes a task (refused while it runs).
    func deleteTask(id: Int64) async throws
    /// Applies a lifecycle action through the state machine and, for start, hands the task to the runner.
    func perform(_ action: TaskAction, onTask id: Int64) async throws -> TaskInfo

    /// Creates an access key with a policy; returns the secret once.
    func createAccessKey(name: String, policy: [String]) async throws -> (AccessKeyInfo, secret: String)
    /// All access keys, without secrets.
    func listAccessKeys() async throws -> [AccessKeyInfo]
    /// Deletes an access key.
    func deleteAccessKey(id: String) async throws
}

/// A lifecycle request on a task; the state machine decides whether it is allowed.
public enum TaskAction: Sendable, Equatable {
    /// Start (or restart) with optional start settings.
    case start(StartSettings)
    /// Stop (DataWorks) / pause (DRS).
    case stop
    /// Retry after a failure (DRS batch-retry-task).
    case retry
    /// End the task and release it (DRS terminate, DataWorks TerminateDISyncInstance).
    case terminate
    /// Deploy a DISync file (DeployDISyncTask).
    case deploy
}

/// Start settings (DataWorks RealtimeStartSettings, DRS start_time).
public struct StartSettings: Sendable, Equatable, Codable {
    /// Binlog start offset, epoch seconds.
    public var startTime: Int64?
    /// Minutes between failover attempts.
    public var failoverInterval: Int64?
    /// Maximum failovers.
    public var failoverUpperLimit: Int64?
    /// Rerun every step instead of only those not yet run.
    public var forceToRerun: Bool

    /// Creates start settings.
    public init(startTime: Int64? = nil, failoverInterval: Int64? = nil, failoverUpperLimit: Int64? = nil,
                forceToRerun: Bool = false) {
        self.startTime = startTime
        self.failoverInterval = failoverInterval
        self.failoverUpperLimit = failoverUpperLimit
        self.forceToRerun = forceToRerun
    }
}

/// One page of results plus the total count before paging.
public struct Page<Item: Sendable>: Sendable {
    /// Items on this page.
    public var items: [Item]
    /// Items matching the filter, all pages.
    public var total: Int
    /// Creates a page.
    public init(items: [Item], total: Int) {
        self.items = items
        self.total = total
    }
}

/// Paging as the store applies it: `limit` nil means all rows.
public struct Paging: Sendable, Equatable {
    /// Rows to skip.
    public var offset: Int
    /// Rows to return; nil for all.
    public var limit: Int?
    /// Creates paging.
    public init(offset: Int, limit: Int?) {
        self.offset = offset
        self.limit = limit
    }
}

import Foundation
import MetadataStore
import SyncModel

/// The one application service both dialects are views of: it validates through SyncModel, persists through a
/// `MetadataStore`, moves tasks only through the state machine, and hands started tasks to a `TaskRunner`.
///
/// Every method throws `APIError`: model and store errors are mapped here, once (`APIError+Mapping.swift`).
public struct ControlPlane: Sendable {
    /// The metadata store.
    public let store: any MetadataStore
    /// Where started tasks go.
    public let runner: any TaskRunner
    /// Compares a task's source and destination; nil in a build without connectors.
    public let verifier: (any TaskVerifying)?
    /// The wall clock (injected for tests).
    public let now: @Sendable () -> Date

    /// Creates the service.
    public init(
        store: any MetadataStore, runner: any TaskRunner, verifier: (any TaskVerifying)? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.runner = runner
        self.verifier = verifier
        self.now = now
    }

    // MARK: projects

    /// Creates a project; a missing id is the next free one from 10000, a missing DRS id is random.
    public func createProject(name: String, id: Int64?, drsID: String?) async throws(APIError) -> Project {
        let existing = try await mapped { () async throws(MetadataStoreError) in try await store.listProjects() }
        let projectID = id ?? max(10_000, (existing.map(\.id).max() ?? 9_999) + 1)
        let hex = drsID ?? Self.randomHex(bytes: 16)
        let project = try mapped { () throws(SyncModelError) in
            try Project(id: projectID, drsProjectID: hex, name: name, createdAt: now())
        }
        try await mapped { () async throws(MetadataStoreError) in try await store.createProject(project) }
        return project
    }

    /// All projects.
    public func listProjects() async throws(APIError) -> [Project] {
        try await mapped { () async throws(MetadataStoreError) in try await store.listProjects() }
    }

    /// The project with that DataWorks id.
    public func project(id: Int64) async throws(APIError) -> Project? {
        try await mapped { () async throws(MetadataStoreError) in try await store.project(id: id) }
    }

    /// The project with that DRS id.
    public func project(drsID: String) async throws(APIError) -> Project? {
        try await mapped { () async throws(MetadataStoreError) in try await store.project(drsProjectID: drsID) }
    }

    // MARK: data sources

    /// Validates (type, content, name) and stores a data source.
    public func createDataSource(
        projectID: Int64, name: String, type: String, content: String, description: String, envType: Int
    ) async throws(APIError) -> DataSource {
        guard let sourceType = DataSourceType(lenient: type) else {
            throw APIError.invalid("DataSourceType", "expected mysql, postgresql, hologres or kafka")
        }
        let source = try mapped { () throws(SyncModelError) in
            try DataSource(
                id: 0, projectID: projectID, name: name, type: sourceType,
                content: try ConnectionContent.parse(content, type: sourceType), description: description,
                envType: envType, createdAt: now())
        }
        return try await mapped { () async throws(MetadataStoreError) in try await store.createDataSource(source) }
    }

    /// Lists data sources.
    public func listDataSources(_ query: DataSourceQuery) async throws(APIError) -> Page<DataSource> {
        try await mapped { () async throws(MetadataStoreError) in try await store.listDataSources(query) }
    }

    /// Changes content, description or env type.
    public func updateDataSource(id: Int64, content: String?, description: String?, envType: Int?)
        async throws(APIError) -> DataSource
    {
        guard var source = try await mapped({ () async throws(MetadataStoreError) in try await store.dataSource(id: id) })
        else { throw APIError(.notFound, "DataSourceId:[\(id)] is invalid.") }
        if let content {
            source.content = try mapped { () throws(SyncModelError) in
                try ConnectionContent.parse(content, type: source.type)
            }
        }
        if let description { source.description = description }
        if let envType {
            guard envType == 0 || envType == 1 else { throw APIError.invalid("EnvType", "must be 0 or 1") }
            source.envType = envType
        }
        source.updatedAt = now()
        let updated = source
        return try await mapped { () async throws(MetadataStoreError) in try await store.updateDataSource(updated) }
    }

    /// Deletes a data source.
    public func deleteDataSource(id: Int64) async throws(APIError) {
        try await mapped { () async throws(MetadataStoreError) in try await store.deleteDataSource(id: id) }
    }

    // MARK: tasks

    /// Stores a validated task; the same client token returns the first result.
    public func createTask(_ task: SyncTask, clientToken: String?, operation: String) async throws(APIError)
        -> SyncTask
    {
        try await mapped { () async throws(MetadataStoreError) in
            try await store.createTask(task, clientToken: clientToken, operation: operation)
        }
    }

    /// A task by integer id.
    public func task(id: Int64) async throws(APIError) -> SyncTask? {
        try await mapped { () async throws(MetadataStoreError) in try await store.task(id: id) }
    }

    /// A task by DRS id.
    public func task(uuid: String) async throws(APIError) -> SyncTask? {
        try await mapped { () async throws(MetadataStoreError) in try await store.task(uuid: uuid) }
    }

    /// ListDIJobs.
    public func listDIJobs(_ query: DIJobQuery) async throws(APIError) -> Page<SyncTask> {
        try await mapped { () async throws(MetadataStoreError) in try await store.listDIJobs(query) }
    }

    /// The DRS list.
    public func listDRSJobs(_ query: DRSJobQuery) async throws(APIError) -> Page<SyncTask> {
        try await mapped { () async throws(MetadataStoreError) in try await store.listDRSJobs(query) }
    }

    /// Changes a task inside the store's transaction.
    public func updateTask(id: Int64, _ change: @escaping @Sendable (inout SyncTask) throws(SyncModelError) -> Void)
        async throws(APIError) -> SyncTask
    {
        try await mapped { () async throws(MetadataStoreError) in try await store.updateTask(id: id, change) }
    }

    /// Deletes a task: refused while it runs (the state machine's `delete` must be accepted).
    public func deleteTask(id: Int64) async throws(APIError) {
        guard let task = try await task(id: id) else { throw APIError(.notFound, "DIJobId:[\(id)] is invalid.") }
        guard !task.status.isRunning else {
            throw APIError(.illegalState, "The task is \(task.status.rawValue); stop it before deleting it.")
        }
        try await mapped { () async throws(MetadataStoreError) in try await store.purgeTask(id: id) }
    }

    /// Applies a command event through the state machine; `start` then hands the task to the runner, whose
    /// reports move it on (an engine-less build reports a clear failure).
    @discardableResult
    public func apply(_ event: TaskEvent, toTask id: Int64, settings: StartSettings? = nil) async throws(APIError)
        -> SyncTask
    {
        let updated = try await mapped { () async throws(MetadataStoreError) in
            try await store.applyEvent(taskID: id, event, errorMessage: nil, startSettings: settings)
        }
        switch event {
        case .start, .retry, .reset:
            let reporter = StoreEventReporter(store: store)
            do {
                try await runner.start(updated, settings: settings ?? updated.startSettings, reporter: reporter)
            } catch {
                await reporter.report(taskID: id, .failed(message: "The runner could not start the task."))
            }
            return try await task(id: id) ?? updated
        case .pause, .terminate, .forceTerminate:
            try? await runner.stop(taskID: id)
            return updated
        default:
            return updated
        }
    }

    // MARK: access keys

    /// Creates an access key with a policy document; returns the secret once.
    public func createAccessKey(policyJSON: String, description: String) async throws(APIError)
        -> (AccessKeyInfo, secret: String)
    {
        let id = "TIDE" + Self.randomHex(bytes: 10).uppercased()
        let secret = Self.randomHex(bytes: 20)
        let key = try mapped { () throws(SyncModelError) in
            try AccessKey(id: id, secret: Secret(secret), policyJSON: policyJSON, description: description,
                          createdAt: now())
        }
        try await mapped { () async throws(MetadataStoreError) in try await store.createAccessKey(key) }
        return (AccessKeyInfo(id: id, policyJSON: policyJSON, description: description, createdAt: key.createdAt),
                secret)
    }

    /// Stores a key whose id and secret the operator chose (the root key from the environment).
    public func ensureAccessKey(id: String, secret: String, policyJSON: String, description: String)
        async throws(APIError)
    {
        if try await mapped({ () async throws(MetadataStoreError) in try await store.accessKeyInfo(id: id) }) != nil {
            return
        }
        let key = try mapped { () throws(SyncModelError) in
            try AccessKey(id: id, secret: Secret(secret), policyJSON: policyJSON, description: description,
                          createdAt: now())
        }
        try await mapped { () async throws(MetadataStoreError) in try await store.createAccessKey(key) }
    }

    /// All access keys, without secrets.
    public func listAccessKeys() async throws(APIError) -> [AccessKeyInfo] {
        try await mapped { () async throws(MetadataStoreError) in try await store.listAccessKeys() }
    }

    /// Deletes an access key.
    public func deleteAccessKey(id: String) async throws(APIError) {
        try await mapped { () async throws(MetadataStoreError) in try await store.deleteAccessKey(id: id) }
    }

    /// `bytes` random bytes as lowercase hex.
    static func randomHex(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}

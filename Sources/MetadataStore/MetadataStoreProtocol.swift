import Foundation
import SyncModel

/// The metadata store (issue 2, item 3): projects, data sources, tasks with their run state, idempotency tokens
/// and access keys. Small on purpose so that a PostgreSQL-backed store can be added for multi-node deployments.
/// Every method is safe to call concurrently; each call is one transaction.
public protocol MetadataStore: Sendable {
    // MARK: projects

    /// Stores a new project; both ids must be unused.
    func createProject(_ project: Project) async throws(MetadataStoreError)
    /// The project with integer id `id`.
    func project(id: Int64) async throws(MetadataStoreError) -> Project?
    /// The project with DRS id `drsProjectID` (32 hex characters, any case).
    func project(drsProjectID: String) async throws(MetadataStoreError) -> Project?
    /// All projects, by integer id.
    func listProjects() async throws(MetadataStoreError) -> [Project]

    // MARK: data sources

    /// Stores a new data source (password encrypted) and returns it with its assigned id.
    func createDataSource(_ dataSource: DataSource) async throws(MetadataStoreError) -> DataSource
    /// Replaces a data source's content, description and env type.
    func updateDataSource(_ dataSource: DataSource) async throws(MetadataStoreError) -> DataSource
    /// Deletes a data source; `inUse` when a task that is not deleted refers to it by name.
    func deleteDataSource(id: Int64) async throws(MetadataStoreError)
    /// A data source by id, with its password decrypted (for runners).
    func dataSource(id: Int64) async throws(MetadataStoreError) -> DataSource?
    /// A data source by project and name (production env first).
    func dataSource(projectID: Int64, name: String) async throws(MetadataStoreError) -> DataSource?
    /// Data sources matching `query`.
    func listDataSources(_ query: DataSourceQuery) async throws(MetadataStoreError) -> Page<DataSource>

    // MARK: tasks

    /// Stores a new task and returns it with `id` and `uuid` assigned (and one child per table when the spec names
    /// several tables and the task has no children yet). With a `clientToken`, a repeat of the same
    /// (project, operation, token) returns the task created first instead of creating another. A name already
    /// used in the project throws `duplicateTaskName`.
    func createTask(_ task: SyncTask, clientToken: String?, operation: String) async throws(MetadataStoreError)
        -> SyncTask
    /// The task with integer id `id` (DIJobId / FileId).
    func task(id: Int64) async throws(MetadataStoreError) -> SyncTask?
    /// The task with DRS id `uuid`.
    func task(uuid: String) async throws(MetadataStoreError) -> SyncTask?
    /// The task named `name` in a project.
    func task(projectID: Int64, name: String) async throws(MetadataStoreError) -> SyncTask?
    /// Reads a task, lets `change` edit it, and writes it back in one transaction. `change` must not alter
    /// `status` (use `applyEvent`); attempts to do so are ignored.
    func updateTask(id: Int64, _ change: @Sendable (inout SyncTask) throws(SyncModelError) -> Void)
        async throws(MetadataStoreError) -> SyncTask
    /// Applies a state-machine event in one transaction (read status, apply, write). A refused event throws
    /// `illegalTransition` and writes nothing. `startSettings`, when given, is stored with a start.
    func applyEvent(
        taskID: Int64, _ event: TaskEvent, errorMessage: String?, startSettings: StartSettings?
    ) async throws(MetadataStoreError) -> SyncTask
    /// Records progress figures (no status change).
    func updateRunStats(taskID: Int64, _ stats: RunStats) async throws(MetadataStoreError)
    /// Removes a task row for good (DataWorks delete). DRS delete goes through the `delete` event instead.
    func purgeTask(id: Int64) async throws(MetadataStoreError)
    /// ListDIJobs: tasks matching `query`, newest first, with the total count.
    func listDIJobs(_ query: DIJobQuery) async throws(MetadataStoreError) -> Page<SyncTask>
    /// DRS ListJobs: tasks matching `query`, newest first, with the total count.
    func listDRSJobs(_ query: DRSJobQuery) async throws(MetadataStoreError) -> Page<SyncTask>

    // MARK: runs

    /// Tasks whose status says a runner owns them (starting, transferring): the server hands these back to the
    /// runner when it starts, so a killed server resumes its work.
    func tasksToResume() async throws(MetadataStoreError) -> [SyncTask]
    /// The snapshot run state of a task, if a run was ever planned.
    func snapshotRunState(taskID: Int64) async throws(MetadataStoreError) -> SnapshotRunState?
    /// Replaces the snapshot run state of a task.
    func saveSnapshotRunState(taskID: Int64, _ state: SnapshotRunState) async throws(MetadataStoreError)
    /// Appends to a task's dirty-record log (the oldest entries beyond `keep` per task are dropped).
    func appendDirtyRecords(taskID: Int64, _ records: [DirtyRecordEntry], keep: Int)
        async throws(MetadataStoreError)
    /// The newest `limit` dirty records of a task, oldest first, and how many were ever recorded.
    func dirtyRecords(taskID: Int64, limit: Int) async throws(MetadataStoreError)
        -> (records: [DirtyRecordEntry], total: Int64)
    /// Empties a task's dirty-record log (a new run generation starts).
    func clearDirtyRecords(taskID: Int64) async throws(MetadataStoreError)

    // MARK: access keys

    /// Stores a new access key (secret encrypted).
    func createAccessKey(_ key: AccessKey) async throws(MetadataStoreError)
    /// The key's public information, or nil.
    func accessKeyInfo(id: String) async throws(MetadataStoreError) -> AccessKeyInfo?
    /// The key with its decrypted secret, for signature verification only.
    func accessKeyForVerification(id: String) async throws(MetadataStoreError) -> AccessKey?
    /// All keys without secrets.
    func listAccessKeys() async throws(MetadataStoreError) -> [AccessKeyInfo]
    /// Deletes a key.
    func deleteAccessKey(id: String) async throws(MetadataStoreError)
}

/// A per-table child of a task that covers many tables (DRS `children`, DataWorks solution steps).
public struct Subtask: Sendable, Hashable, Codable {
    /// Stable id (uuid-style), shown as the DRS child job id.
    public var id: String
    /// Display name.
    public var name: String
    /// Source object, `database.table`.
    public var source: String
    /// Destination object.
    public var destination: String
    /// The child's status (same machine as tasks).
    public var status: TaskStatus
    /// Last error, if the child failed.
    public var errorMessage: String?

    /// Creates a subtask.
    public init(
        id: String, name: String, source: String, destination: String, status: TaskStatus = .configuration,
        errorMessage: String? = nil
    ) {
        self.id = id
        self.name = name
        self.source = source
        self.destination = destination
        self.status = status
        self.errorMessage = errorMessage
    }
}

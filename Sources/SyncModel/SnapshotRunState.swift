import Foundation

/// What the metadata store keeps about a task's full-copy run so that a stopped or killed run resumes with the same
/// chunks (issue 4 item 5). The chunk plan is opaque here (JSON written by the engine); which chunks committed is
/// read from the destination, where each chunk's checkpoint commits with its rows.
public struct SnapshotRunState: Sendable, Hashable {
    /// Run generation; a new full run (ForceToRerun, or a start after the copy completed) increments it.
    public var generation: Int
    /// The engine's chunk plan, JSON.
    public var planJSON: Data
    /// Whether every chunk committed and the run finished.
    public var completed: Bool
    /// Last change.
    public var updatedAt: Date
    /// Where change capture starts after this generation's full copy: the source's restart point taken before
    /// any chunk was read (opaque, from the change source). nil for a Full-only task.
    public var streamStart: String?

    /// Creates a state.
    public init(generation: Int, planJSON: Data, completed: Bool, updatedAt: Date, streamStart: String? = nil) {
        self.generation = generation
        self.planJSON = planJSON
        self.completed = completed
        self.updatedAt = updatedAt
        self.streamStart = streamStart
    }
}

/// A row the destination refused during a run (the dirty-record log the user reads with `tide task dirty`).
public struct DirtyRecordEntry: Sendable, Hashable, Codable {
    /// Source table (`db.table`).
    public var table: String
    /// Key values of the row, as display text.
    public var key: [String]
    /// The destination's reason.
    public var reason: String
    /// When it was recorded.
    public var recordedAt: Date

    /// Creates an entry.
    public init(table: String, key: [String], reason: String, recordedAt: Date) {
        self.table = table
        self.key = key
        self.reason = reason
        self.recordedAt = recordedAt
    }
}

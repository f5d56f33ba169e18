/// Compares a task's source and destination (issue 4 item 6; `tide task verify`, API action `VerifyDIJob`).
/// The sync service implements it; the API server only relays the report.
public protocol TaskVerifying: Sendable {
    /// Reads both sides of every table of `task` and compares them. Throws when a side cannot be read.
    func verify(_ task: SyncTask) async throws -> VerificationReport
}

/// The outcome of a verification, ready for an API response.
public struct VerificationReport: Sendable, Hashable {
    /// Whether every table matched.
    public var isEqual: Bool
    /// The full per-table report as a JSON object text.
    public var json: String
    /// A human-readable rendering (the CLI prints it).
    public var text: String

    /// Creates a report.
    public init(isEqual: Bool, json: String, text: String) {
        self.isEqual = isEqual
        self.json = json
        self.text = text
    }
}

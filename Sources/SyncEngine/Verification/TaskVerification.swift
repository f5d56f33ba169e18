/// The result of `tide task verify ID` (issue 4 item 6): one `TableVerification` per table of the task, in plan
/// order.
public struct TaskVerification: Sendable, Hashable, Codable {
    /// Per-table results.
    public var tables: [TableVerification]
    /// Whether every table is equal.
    public var isEqual: Bool

    /// Creates a result.
    public init(tables: [TableVerification]) {
        self.tables = tables
        self.isEqual = tables.allSatisfy(\.isEqual)
    }
}

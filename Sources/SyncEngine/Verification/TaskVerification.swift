/// The result of `tide task verify ID` (issue 4 item 6): one `TableVerification` per table of the task, in plan
/// order.
public struct TaskVerification: Sendable, Hashable, Codable {
    /// Per-table results.
    public var tables: [TableVerification]
    /// Whether every table is equal.
    public var isEqual: Bool
    /// What the reader must know to judge the result (for example, a task that filters changes by design), shown
    /// before the tables; nil for none.
    public var notes: [String]?

    /// Creates a result.
    public init(tables: [TableVerification]) {
        self.tables = tables
        self.isEqual = tables.allSatisfy(\.isEqual)
    }
}

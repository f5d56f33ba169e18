/// Which source tables a task covers: DataX reader `connection[].table` (exact names, `db.table` or `table` in the
/// default database), DIJob `SourceObjectSelectionRules` (Database/Table, exact or regular expression, Include or
/// Exclude), DRS objects.
public struct TableSelection: Sendable, Hashable, Codable {
    /// One rule.
    public struct Rule: Sendable, Hashable, Codable {
        /// What the rule matches.
        public enum Target: String, Sendable, Hashable, Codable { case database, table }
        /// How `expression` matches.
        public enum Match: String, Sendable, Hashable, Codable { case exact, regex }

        /// Database or table.
        public var target: Target
        /// A name, or a regular expression matched against the whole name (anchored).
        public var expression: String
        /// Exact or regular expression.
        public var match: Match
        /// Include (true) or exclude (false).
        public var include: Bool

        /// Creates a rule.
        public init(target: Target, expression: String, match: Match = .exact, include: Bool = true) {
            self.target = target
            self.expression = expression
            self.match = match
            self.include = include
        }
    }

    /// The database used for table names without a `db.` prefix.
    public var defaultDatabase: String
    /// The rules; a table is selected when its database is selected (a Database rule, or none given) and a Table
    /// rule includes it (or no Table rule is given), and no Exclude rule matches it.
    public var rules: [Rule]

    /// Creates a selection.
    public init(defaultDatabase: String, rules: [Rule]) {
        self.defaultDatabase = defaultDatabase
        self.rules = rules
    }

    /// Exactly these tables (`db.table` or `table`).
    public static func tables(_ names: [String], defaultDatabase: String) -> TableSelection {
        TableSelection(defaultDatabase: defaultDatabase, rules: names.map { Rule(target: .table, expression: $0) })
    }
}

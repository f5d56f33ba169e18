import SyncEngine

/// Applies `TableSelection` rules to the tables a server has (DataX reader `connection[].table`, DIJob
/// `SourceObjectSelectionRules`):
/// - a Database rule matches the database name (exact, or an anchored regular expression);
/// - a Table rule `db.table` matches that table exactly; a bare `table` (or a regular expression, which may also
///   match the whole `db.table`) matches the table in the databases chosen by Database include rules, or in
///   `defaultDatabase` when there are none;
/// - with no Table include rule, every table of the chosen databases is included (no Database rule either: the
///   default database, or every database when it is empty);
/// - an Exclude rule that matches removes the table; system schemas are only ever selected by exact names.
package struct TableSelectionMatcher {
    private struct CompiledRule {
        var rule: TableSelection.Rule
        var regex: Regex<AnyRegexOutput>?
    }

    static let systemSchemas: Set<String> = ["mysql", "information_schema", "performance_schema", "sys"]

    let selection: TableSelection
    private let rules: [CompiledRule]

    /// Compiles the rules; a bad regular expression is an `.invalidConfiguration` error.
    package init(_ selection: TableSelection) throws {
        self.selection = selection
        self.rules = try selection.rules.map { rule in
            guard rule.match == .regex else { return CompiledRule(rule: rule, regex: nil) }
            do {
                return CompiledRule(rule: rule, regex: try Regex(rule.expression))
            } catch {
                throw SyncEngineError(
                    .invalidConfiguration, "the table selection pattern \(rule.expression) is not a valid regular expression")
            }
        }
    }

    /// Tables named exactly by include rules, which must exist.
    var exactTables: [TableName] {
        rules.compactMap { compiled in
            let rule = compiled.rule
            guard rule.target == .table, rule.match == .exact, rule.include else { return nil }
            if let dot = rule.expression.firstIndex(of: ".") {
                return TableName(
                    schema: String(rule.expression[..<dot]),
                    name: String(rule.expression[rule.expression.index(after: dot)...]))
            }
            let databases = databaseIncludes.filter { $0.rule.match == .exact }.map(\.rule.expression)
            guard databases.isEmpty, !selection.defaultDatabase.isEmpty else { return nil }
            return TableName(schema: selection.defaultDatabase, name: rule.expression)
        }
    }

    private var databaseIncludes: [CompiledRule] { rules.filter { $0.rule.target == .database && $0.rule.include } }
    private var tableIncludes: [CompiledRule] { rules.filter { $0.rule.target == .table && $0.rule.include } }

    /// Whether `table` is selected.
    package func selects(_ table: TableName) -> Bool {
        let isSystem = Self.systemSchemas.contains(table.schema.lowercased())
        let databaseRules = databaseIncludes
        let databaseChosen: Bool
        if databaseRules.isEmpty {
            databaseChosen = selection.defaultDatabase.isEmpty ? !isSystem : table.schema == selection.defaultDatabase
        } else {
            databaseChosen = databaseRules.contains { matchesDatabase($0, table.schema, isSystem: isSystem) }
        }
        let included: Bool
        if tableIncludes.isEmpty {
            included = databaseChosen
        } else {
            included = tableIncludes.contains { matchesTable($0, table, databaseChosen: databaseChosen, isSystem: isSystem) }
        }
        guard included else { return false }
        for compiled in rules where !compiled.rule.include {
            switch compiled.rule.target {
            case .database: if matchesDatabase(compiled, table.schema, isSystem: false) { return false }
            case .table: if matchesTable(compiled, table, databaseChosen: true, isSystem: false) { return false }
            }
        }
        return true
    }

    private func matchesDatabase(_ compiled: CompiledRule, _ database: String, isSystem: Bool) -> Bool {
        if let regex = compiled.regex {
            return !isSystem && ((try? regex.wholeMatch(in: database)) ?? nil) != nil
        }
        return compiled.rule.expression == database
    }

    private func matchesTable(_ compiled: CompiledRule, _ table: TableName, databaseChosen: Bool, isSystem: Bool) -> Bool {
        if let regex = compiled.regex {
            guard !isSystem else { return false }
            if ((try? regex.wholeMatch(in: table.description)) ?? nil) != nil { return true }
            return databaseChosen && ((try? regex.wholeMatch(in: table.name)) ?? nil) != nil
        }
        let expression = compiled.rule.expression
        if expression == table.description, expression.contains(".") {
            return true
        }
        // A bare name; a name with a dot that is not `db.table` is still tried as a bare table name.
        return expression == table.name && (databaseChosen || isSystem && table.schema == selection.defaultDatabase)
    }
}

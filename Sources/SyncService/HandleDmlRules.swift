import MySQLSource
import SyncEngine
import SyncModel

/// DIJob HandleDml rules (anchors.md 1.2; issue 5 item 1) per table: each TableMappings entry's HandleDml rule
/// references apply to the tables that entry's SourceObjectSelectionRules select. A table several entries select
/// takes their policies in order (a later policy for the same DML type wins); a table no entry with a HandleDml
/// rule selects applies every change. The rule expression is
/// `{"dmlPolicies":[{"dmlType":"Insert|Update|Delete","dmlAction":"Normal|Ignore|Filter|LogicalDelete",
/// "filterCondition":"id > 1","logicalDeleteColumn":"_tide_is_deleted"}]}`: Filter is allowed for Update and
/// Delete, LogicalDelete for Delete; `logicalDeleteColumn` is Tide's extension (default `_tide_is_deleted`).
/// Filter conditions are parsed against each table's columns when the task plans its tables (`policies(for:)`).
struct HandleDmlRules: Sendable, Hashable {
    /// The default name of the LogicalDelete column.
    static let defaultLogicalDeleteColumn = "_tide_is_deleted"

    /// One kind's action as written, with the rule it came from (for messages).
    struct Entry: Sendable, Hashable {
        enum Action: Sendable, Hashable {
            case normal, ignore
            case filter(String)
            case logicalDelete(column: String)
        }

        var action: Action
        var ruleName: String
    }

    /// The policies of one table, per DML kind (missing: Normal).
    typealias TablePolicy = [RowChange.Kind: Entry]

    /// The rules of one TableMappings entry.
    struct Binding: Sendable, Hashable {
        var selection: TableSelection
        var policy: TablePolicy
    }

    var bindings: [Binding] = []

    /// Whether no rule changes anything.
    var isEmpty: Bool { bindings.allSatisfy { $0.policy.values.allSatisfy { $0.action == .normal } } }

    /// The policy of `table` (see the type's doc comment).
    func policy(for table: TableName) throws -> TablePolicy {
        var policy: TablePolicy = [:]
        for binding in bindings where try TableSelectionMatcher(binding.selection).selects(table) {
            policy.merge(binding.policy) { _, later in later }
        }
        return policy
    }

    /// `plans` with `TablePlan.logicalDeleteColumn` set from the rules (and cleared where no rule asks for it).
    /// Fails when the column's name is one of the table's synced columns.
    func applyingLogicalDelete(to plans: [TablePlan]) throws -> [TablePlan] {
        try plans.map { plan in
            var plan = plan
            plan.logicalDeleteColumn = nil
            guard let entry = try policy(for: plan.source.name)[.delete], case .logicalDelete(let column) = entry.action
            else { return plan }
            if plan.destinationColumns.contains(where: { $0.lowercased() == column.lowercased() }) {
                throw SyncEngineError(
                    .invalidConfiguration,
                    "HandleDml rule \(entry.ruleName): logicalDeleteColumn \(column) is already a column of "
                        + "\(plan.destination); name another one")
            }
            plan.logicalDeleteColumn = column
            return plan
        }
    }

    /// The engine's policies per `TablePlan.tableKey`, with filter conditions parsed against each table's synced
    /// columns; tables whose every kind is Normal are left out. A condition that does not parse or names a column
    /// the table does not sync is an `invalidConfiguration` error naming the rule, the table and the position.
    func policies(for plans: [TablePlan]) throws -> [String: DMLPolicy] {
        var result: [String: DMLPolicy] = [:]
        for plan in plans {
            let entries = try policy(for: plan.source.name)
            var policy = DMLPolicy()
            for (kind, entry) in entries {
                let action = try Self.action(entry, kind: kind, plan: plan)
                switch kind {
                case .insert: policy.insert = action
                case .update: policy.update = action
                case .delete: policy.delete = action
                }
            }
            if !policy.isNormal { result[plan.tableKey] = policy }
        }
        return result
    }

    private static func action(_ entry: Entry, kind: RowChange.Kind, plan: TablePlan) throws -> DMLPolicy.Action {
        switch entry.action {
        case .normal: return .normal
        case .ignore: return .ignore
        case .logicalDelete: return .logicalDelete
        case .filter(let text):
            do {
                return .filter(try RowCondition(text, columns: plan.columns))
            } catch {
                throw SyncEngineError(
                    .invalidConfiguration,
                    "HandleDml rule \(entry.ruleName): the \(kind.rawValue) filterCondition for table "
                        + "\(plan.source.name) cannot be used \(error.description) in '\(text.prefix(200))'")
            }
        }
    }
}

/// What a real-time task does with the row changes of one table (DIJob HandleDml `dmlPolicies`, anchors.md 1.2;
/// issue 5 item 1), applied to each change before it reaches the sink:
/// - **Normal** applies the change; **Ignore** skips it.
/// - **Filter** (Update and Delete only) applies the change only when its row image satisfies the condition: a
///   delete is judged on its before image; an update is applied when its after image satisfies the condition;
///   when only its before image does (the row leaves the filtered set), it is applied as a delete of the before
///   image's key (the rule Alibaba Cloud DTS documents for row filters); otherwise it is skipped.
/// - **LogicalDelete** (Delete only) passes deletes on: the sink marks the row deleted instead of removing it
///   (`TablePlan.logicalDeleteColumn`).
///
/// A transaction whose changes are all skipped still reaches the sink, so the checkpoint moves past it.
public struct DMLPolicy: Sendable {
    /// One kind's action.
    public enum Action: Sendable {
        case normal
        case ignore
        case filter(RowCondition)
        case logicalDelete
    }

    /// The action for inserts (Normal or Ignore).
    public var insert: Action
    /// The action for updates (Normal, Ignore or Filter).
    public var update: Action
    /// The action for deletes (any).
    public var delete: Action

    /// Creates a policy; every kind defaults to Normal.
    public init(insert: Action = .normal, update: Action = .normal, delete: Action = .normal) {
        self.insert = insert
        self.update = update
        self.delete = delete
    }

    /// Whether every kind is applied as it is.
    public var isNormal: Bool {
        if case .normal = insert, case .normal = update, case .normal = delete { return true }
        return false
    }

    /// The change to apply for `change`, or nil to skip it (see the type's rules).
    public func apply(_ change: RowChange) -> RowChange? {
        switch change.kind {
        case .insert:
            if case .ignore = insert { return nil }
            return change
        case .update:
            switch update {
            case .normal, .logicalDelete: return change
            case .ignore: return nil
            case .filter(let condition):
                if let after = change.after, condition.isSatisfied(by: after) { return change }
                if let before = change.before, condition.isSatisfied(by: before) {
                    return RowChange(kind: .delete, tableKey: change.tableKey, before: before, after: nil)
                }
                return nil
            }
        case .delete:
            switch delete {
            case .normal, .logicalDelete: return change
            case .ignore: return nil
            case .filter(let condition):
                guard let before = change.before, condition.isSatisfied(by: before) else { return nil }
                return change
            }
        }
    }
}

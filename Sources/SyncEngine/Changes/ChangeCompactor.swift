/// Folds row changes of consecutive source transactions into their net effect per table and key, so that a batch
/// of many transactions is applied as one delete-then-insert per table (issue 5 item 1; PeerDB's normalize step
/// keeps the last change per key the same way).
///
/// With full row images the final state of each key is determined by its last change: an insert or update leaves
/// the after image, a delete leaves nothing, and an update that changes the key removes the old key and leaves the
/// new one. Applying only final states is exact: intermediate states are never visible because the whole batch
/// commits in one destination transaction. It is also idempotent, which makes replaying changes over rows the
/// snapshot already copied converge (see `docs/ARCHITECTURE.md`, "Full followed by incremental").
public struct ChangeCompactor: Sendable {
    struct TableState: Sendable {
        var plan: TablePlan
        var keyIndexes: [Int]
        /// Final state per key: the row, or nil for deleted.
        var finals: [Row: Row?] = [:]
        /// Keys in first-seen order, for a deterministic apply order.
        var order: [Row] = []
        /// HandleDml LogicalDelete (`TablePlan.logicalDeleteColumn`): a deleted key whose row this batch itself
        /// wrote (inserted or updated, then deleted) must still exist afterwards, marked deleted, as it would after
        /// applying the changes one by one: key -> that row.
        var markedRows: [Row: Row] = [:]
    }

    private var tables: [String: TableState] = [:]
    private var tableOrder: [String] = []
    private let plans: [String: TablePlan]
    /// Row changes folded in so far.
    public private(set) var rowChanges = 0
    /// Payload bytes folded in so far.
    public private(set) var byteCount = 0

    /// Creates a compactor for the tables of `plans` (keyed by `TablePlan.tableKey`).
    public init(plans: [TablePlan]) {
        var byKey: [String: TablePlan] = [:]
        for plan in plans { byKey[plan.tableKey] = plan }
        self.plans = byKey
    }

    /// Whether nothing was folded in.
    public var isEmpty: Bool { rowChanges == 0 }

    /// Distinct keys held (the memory the compactor holds is proportional to this).
    public var keyCount: Int { tables.values.reduce(0) { $0 + $1.order.count } }

    /// Folds one change in. Fails for a table that is not planned or has no usable key, and for an image that lacks
    /// a key column (the source must log full row images). The table's state is mutated in place (never copied
    /// out of the dictionary: that would copy every key held, per change).
    public mutating func add(_ change: RowChange) throws(SyncEngineError) {
        if tables[change.tableKey] == nil { tables[change.tableKey] = try newTableState(change.tableKey) }
        guard let shape = tables[change.tableKey].map({ (keyIndexes: $0.keyIndexes, width: $0.plan.columns.count) })
        else { return }
        switch change.kind {
        case .insert:
            let after = try Self.image(change.after, of: change, shape)
            tables[change.tableKey]?.set(Self.key(of: after, shape.keyIndexes), to: after)
        case .update:
            let before = try Self.image(change.before, of: change, shape)
            let after = try Self.image(change.after, of: change, shape)
            let oldKey = Self.key(of: before, shape.keyIndexes)
            let newKey = Self.key(of: after, shape.keyIndexes)
            if oldKey != newKey { tables[change.tableKey]?.set(oldKey, to: nil) }
            tables[change.tableKey]?.set(newKey, to: after)
        case .delete:
            let before = try Self.image(change.before, of: change, shape)
            tables[change.tableKey]?.set(Self.key(of: before, shape.keyIndexes), to: nil)
        }
        rowChanges += 1
        byteCount += change.byteCount
    }

    /// The net changes, one set per table that has any, in first-seen order. A LogicalDelete table whose batch
    /// wrote rows and then deleted them gets a second set right after its first: the first upserts those rows, the
    /// second marks their keys deleted (sinks apply the sets of a batch in order, in its one transaction).
    public func changeSets() -> [TableChangeSet] {
        tableOrder.flatMap { tableKey -> [TableChangeSet] in
            guard let state = tables[tableKey], !state.order.isEmpty else { return [] }
            var set = TableChangeSet(plan: state.plan)
            var marked = TableChangeSet(plan: state.plan)
            for key in state.order {
                switch state.finals[key] {
                case .some(.some(let row)): set.upserts.append(row)
                case .some(.none):
                    if let row = state.markedRows[key] {
                        set.upserts.append(row)
                        marked.deletes.append(key)
                    } else {
                        set.deletes.append(key)
                    }
                case .none: break
                }
            }
            return marked.isEmpty ? [set] : [set, marked]
        }
    }

    private mutating func newTableState(_ tableKey: String) throws(SyncEngineError) -> TableState {
        guard let plan = plans[tableKey] else {
            throw SyncEngineError(.invalidConfiguration, "a change arrived for \(tableKey), which the task does not sync")
        }
        guard let keyIndexes = plan.keyIndexesInRow else {
            throw SyncEngineError(
                .invalidConfiguration,
                "\(tableKey) has no primary key or NOT NULL unique key among the synced columns; real-time sync "
                    + "needs one to apply updates and deletes")
        }
        tableOrder.append(tableKey)
        return TableState(plan: plan, keyIndexes: keyIndexes)
    }

    private static func image(
        _ row: Row?, of change: RowChange, _ shape: (keyIndexes: [Int], width: Int)
    ) throws(SyncEngineError) -> Row {
        guard let row, row.values.count == shape.width else {
            throw SyncEngineError(
                .unsupportedValue,
                "a \(change.kind.rawValue) on \(change.tableKey) lacks a full row image; set binlog_row_image=FULL "
                    + "on the source")
        }
        for index in shape.keyIndexes where row.values[index] == nil {
            throw SyncEngineError(
                .unsupportedValue, "a \(change.kind.rawValue) on \(change.tableKey) has a NULL key column")
        }
        return row
    }

    private static func key(of row: Row, _ keyIndexes: [Int]) -> Row {
        Row(values: keyIndexes.map { row.values[$0] })
    }
}

extension ChangeCompactor.TableState {
    mutating func set(_ key: Row, to row: Row?) {
        if plan.logicalDeleteColumn != nil { remember(key, replacedBy: row) }
        if finals.updateValue(row, forKey: key) == nil { order.append(key) }
    }

    /// LogicalDelete: a key deleted after this batch wrote its row keeps that row (to be marked deleted); a key
    /// written again is live.
    private mutating func remember(_ key: Row, replacedBy row: Row?) {
        if row != nil {
            markedRows[key] = nil
        } else if case .some(.some(let written)) = finals[key] {
            markedRows[key] = written
        }
    }
}

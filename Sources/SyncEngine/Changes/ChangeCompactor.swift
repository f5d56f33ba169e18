import NIOCore

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
        /// Where each key's entry is in `keys` / `finals`.
        var slots: [CompactionKey: Int] = [:]
        /// Keys in first-seen order, for a deterministic apply order.
        var keys: [Row] = []
        /// Final state per entry: the row, or nil for deleted.
        var finals: [Row?] = []
        /// HandleDml LogicalDelete (`TablePlan.logicalDeleteColumn`): deleted keys are marked, not removed.
        var marksDeletes: Bool { plan.logicalDeleteColumn != nil }
        /// Under LogicalDelete, a deleted entry whose row this batch itself wrote (inserted or updated, then
        /// deleted) must still exist afterwards, marked deleted, as it would after applying the changes one by one:
        /// entry -> that row.
        var markedRows: [Int: Row] = [:]
    }

    /// The tables in first-seen order, and where each one is.
    private var tables: [TableState] = []
    private var tableSlots: [String: Int] = [:]
    /// The table of the previous change: consecutive changes of one table skip the name lookup.
    private var lastTable: (key: String, slot: Int)?
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
    public var keyCount: Int { tables.reduce(0) { $0 + $1.keys.count } }

    /// Folds one change in. Fails for a table that is not planned or has no usable key, and for an image that lacks
    /// a key column (the source must log full row images). The table's state is mutated in place (never copied
    /// out of the dictionary: that would copy every key held, per change).
    public mutating func add(_ change: RowChange) throws(SyncEngineError) {
        let slot = try tableSlot(change.tableKey)
        let shape = (keyIndexes: tables[slot].keyIndexes, width: tables[slot].plan.columns.count)
        switch change.kind {
        case .insert:
            let after = try Self.image(change.after, of: change, shape)
            tables[slot].set(Self.key(of: after, shape.keyIndexes), to: after)
        case .update:
            let before = try Self.image(change.before, of: change, shape)
            let after = try Self.image(change.after, of: change, shape)
            let oldKey = Self.key(of: before, shape.keyIndexes)
            let newKey = Self.key(of: after, shape.keyIndexes)
            if oldKey != newKey { tables[slot].set(oldKey, to: nil) }
            tables[slot].set(newKey, to: after)
        case .delete:
            let before = try Self.image(change.before, of: change, shape)
            tables[slot].set(Self.key(of: before, shape.keyIndexes), to: nil)
        }
        rowChanges += 1
        byteCount += change.byteCount
    }

    /// The net changes, one set per table that has any, in first-seen order. A LogicalDelete table whose batch
    /// wrote rows and then deleted them gets a second set right after its first: the first upserts those rows, the
    /// second marks their keys deleted (sinks apply the sets of a batch in order, in its one transaction).
    public func changeSets() -> [TableChangeSet] {
        tables.flatMap { state -> [TableChangeSet] in
            guard !state.keys.isEmpty else { return [] }
            var set = TableChangeSet(plan: state.plan)
            guard state.marksDeletes, !state.markedRows.isEmpty else {
                for (key, final) in zip(state.keys, state.finals) {
                    if let row = final { set.upserts.append(row) } else { set.deletes.append(key) }
                }
                return [set]
            }
            var marked = TableChangeSet(plan: state.plan)
            for (index, final) in state.finals.enumerated() {
                if let row = final {
                    set.upserts.append(row)
                } else if let row = state.markedRows[index] {
                    set.upserts.append(row)
                    marked.deletes.append(state.keys[index])
                } else {
                    set.deletes.append(state.keys[index])
                }
            }
            return marked.isEmpty ? [set] : [set, marked]
        }
    }

    /// The index of `tableKey`'s state in `tables`, created on its first change.
    private mutating func tableSlot(_ tableKey: String) throws(SyncEngineError) -> Int {
        if let last = lastTable, last.key == tableKey { return last.slot }
        let slot: Int
        if let known = tableSlots[tableKey] {
            slot = known
        } else {
            tables.append(try newTableState(tableKey))
            slot = tables.count - 1
            tableSlots[tableKey] = slot
        }
        lastTable = (tableKey, slot)
        return slot
    }

    private func newTableState(_ tableKey: String) throws(SyncEngineError) -> TableState {
        guard let plan = plans[tableKey] else {
            throw SyncEngineError(.invalidConfiguration, "a change arrived for \(tableKey), which the task does not sync")
        }
        guard let keyIndexes = plan.keyIndexesInRow else {
            throw SyncEngineError(
                .invalidConfiguration,
                "\(tableKey) has no primary key or NOT NULL unique key among the synced columns; real-time sync "
                    + "needs one to apply updates and deletes")
        }
        return TableState(plan: plan, keyIndexes: keyIndexes)
    }

    private static func image(
        _ row: Row?, of change: RowChange, _ shape: (keyIndexes: [Int], width: Int)
    ) throws(SyncEngineError) -> Row {
        guard let row, row.count == shape.width else {
            throw SyncEngineError(
                .unsupportedValue,
                "a \(change.kind.rawValue) on \(change.tableKey) lacks a full row image; set binlog_row_image=FULL "
                    + "on the source")
        }
        for index in shape.keyIndexes where row.isNull(at: index) {
            throw SyncEngineError(
                .unsupportedValue, "a \(change.kind.rawValue) on \(change.tableKey) has a NULL key column")
        }
        return row
    }

    private static func key(of row: Row, _ keyIndexes: [Int]) -> Row {
        row.projected(keyIndexes)
    }
}

extension ChangeCompactor.TableState {
    /// Records `row` (nil: deleted) as the final state of `key`: one hash of the key's bytes, one probe on a new key.
    mutating func set(_ key: Row, to row: Row?) {
        let hashed = CompactionKey(key)
        if let existing = slots.updateValue(keys.count, forKey: hashed) {
            slots[hashed] = existing  // a key seen before keeps its place
            if marksDeletes {
                // LogicalDelete: a key deleted after this batch wrote its row keeps that row; written again, live.
                if row != nil {
                    markedRows[existing] = nil
                } else if let written = finals[existing] {
                    markedRows[existing] = written
                }
            }
            finals[existing] = row
        } else {
            keys.append(key)
            finals.append(row)
        }
    }
}

/// A key's values with their hash computed once, so that dictionary probes and resizes do not hash the bytes again
/// (the per-key hashing of `[ByteBuffer?]` was a quarter of Tide's CPU in change catch-up: bench/cdc/RESULTS.md).
struct CompactionKey: Hashable, Sendable {
    let row: Row
    let hash: Int

    init(_ row: Row) {
        var hasher = Hasher()
        row.forEachValue { _, value in
            if let value {
                hasher.combine(value.count)
                hasher.combine(bytes: value)
            } else {
                hasher.combine(-1)
            }
        }
        self.row = row
        self.hash = hasher.finalize()
    }

    static func == (lhs: CompactionKey, rhs: CompactionKey) -> Bool {
        lhs.hash == rhs.hash && lhs.row == rhs.row
    }

    func hash(into hasher: inout Hasher) { hasher.combine(hash) }
}

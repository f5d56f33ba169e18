/// A source of committed transactions in commit order (the change-capture role; issue 5). Model: Debezium
/// `BinlogStreamingChangeEventSource`, Flink CDC `BinlogSplitReader`.
public protocol ChangeSource: Sendable {
    /// The restart point of the source's current end (everything committed so far is before it). Taken before
    /// a snapshot begins, it is where change capture starts after the copy.
    func currentPosition() async throws -> String

    /// The restart point of the first transaction committed at or after `epochSeconds`
    /// (DataWorks `RealtimeStartSettings.StartTime`). Fails with `SyncEngineError.notFound` when the binlog of
    /// that time is no longer retained; the message names the oldest retained binlog.
    func position(atEpochSeconds epochSeconds: UInt32) async throws -> String

    /// The restart point of a start position the user gave (`StartSettings.startPosition`: a binlog `FILE:POS` or a
    /// GTID set; issue 5 item 4). Fails with `SyncEngineError.notFound` when that binlog or GTID set is no longer
    /// retained, and `.invalidConfiguration` when the position is not the start of a transaction or the source
    /// cannot start there. Additive: the default fails with `.invalidConfiguration` ("not supported by this source").
    func position(forStartPosition text: String) async throws -> String

    /// Streams events from `position` (a restart point this source returned) for the tables of `plans`, awaiting
    /// `body` for each (back-pressure). Runs until cancelled or an error; row images are converted to each plan's
    /// columns. Fails with `SyncEngineError.notFound` when the position's binlog was purged (the message names the
    /// oldest retained binlog).
    func streamChanges(
        from position: String, plans: [TablePlan], _ body: (ChangeStreamEvent) async throws -> Void
    ) async throws

    /// How far `position` is from the oldest binlog the source still retains, in bytes (binlog retention
    /// margin); nil when unknown.
    func retentionMargin(of position: String) async throws -> Int64?

    /// Releases connections. Idempotent.
    func close() async

    /// Whether restart point `a` comes before `b` in the source's commit order; nil when either is not a position
    /// of this source or the source cannot tell (key-partitioned apply needs it to find the oldest checkpoint).
    func position(_ a: String, precedes b: String) -> Bool?
}

extension ChangeSource {
    /// Unknown by default.
    public func position(_ a: String, precedes b: String) -> Bool? { nil }

    /// Not supported by default: fails with `SyncEngineError.invalidConfiguration`.
    public func position(forStartPosition text: String) async throws -> String {
        throw SyncEngineError(
            .invalidConfiguration, "a start position (binlog file:position or GTID set) is not supported by this source")
    }
}

/// Where a stream resumes, stored in the destination in the same transaction as the changes it covers (issue 5
/// item 2), one row per task and run generation.
public struct StreamCheckpoint: Sendable, Hashable, Codable {
    /// The task's stable id (DRS uuid).
    public var taskUUID: String
    /// The run generation (see `ChunkCheckpoint.generation`).
    public var generation: Int
    /// The source restart point (opaque, from `ChangeSource`).
    public var position: String
    /// Commit time on the source of the last transaction covered, seconds since the epoch (0 when unknown).
    public var commitTimestamp: UInt32

    /// The checkpoint row id of partition `partition` of `count` under key-partitioned apply: each partition
    /// commits its own position with its own rows.
    public static func partitionTaskUUID(_ taskUUID: String, partition: Int, of count: Int) -> String {
        "\(taskUUID)#\(partition)/\(count)"
    }

    /// Creates a checkpoint.
    public init(taskUUID: String, generation: Int, position: String, commitTimestamp: UInt32 = 0) {
        self.taskUUID = taskUUID
        self.generation = generation
        self.position = position
        self.commitTimestamp = commitTimestamp
    }
}

/// The net effect of a batch of source transactions on one table: after it, every key in `deletes` is absent and
/// every row in `upserts` is present exactly as given. No key appears twice across the two lists (see
/// `ChangeCompactor`).
public struct TableChangeSet: Sendable {
    /// The table.
    public var plan: TablePlan
    /// Key values (plan key columns, in `TablePlan.keyIndexesInRow` order) of rows to remove.
    public var deletes: [Row]
    /// Whole rows (plan column order) to hold after the batch; any existing row with the same key is replaced.
    public var upserts: [Row]

    /// Creates a change set.
    public init(plan: TablePlan, deletes: [Row] = [], upserts: [Row] = []) {
        self.plan = plan
        self.deletes = deletes
        self.upserts = upserts
    }

    /// Whether nothing changes.
    public var isEmpty: Bool { deletes.isEmpty && upserts.isEmpty }
}

/// Source transactions applied together in ONE destination transaction with their checkpoint.
public struct ChangeBatch: Sendable {
    /// Net changes per table (tables without changes are left out).
    public var tables: [TableChangeSet]
    /// Where to resume after this batch: the position after its last transaction.
    public var checkpoint: StreamCheckpoint
    /// Source transactions covered.
    public var transactions: Int
    /// Row changes before compaction.
    public var rowChanges: Int
    /// Payload bytes before compaction.
    public var byteCount: Int

    /// Creates a batch.
    public init(tables: [TableChangeSet], checkpoint: StreamCheckpoint, transactions: Int, rowChanges: Int, byteCount: Int) {
        self.tables = tables
        self.checkpoint = checkpoint
        self.transactions = transactions
        self.rowChanges = rowChanges
        self.byteCount = byteCount
    }
}

/// A destination that applies change batches (the stream-sink role). Model: PeerDB `SyncRecords` + `NormalizeRecords`
/// (staging, then a merge, with the sync batch id committed in the same transaction).
public protocol ChangeSink: Sendable {
    /// Creates the stream checkpoint table when missing. Called once per run before anything else of this protocol.
    func prepareStream() async throws

    /// The checkpoint stored for the task and generation, or nil when none was ever written.
    func streamCheckpoint(taskUUID: String, generation: Int) async throws -> StreamCheckpoint?

    /// Stores a checkpoint on its own (the start position of a stream, or a reset to a start time).
    func saveStreamCheckpoint(_ checkpoint: StreamCheckpoint) async throws

    /// Applies `batch` in ONE destination transaction that also upserts `batch.checkpoint`: for each table, every
    /// row whose key is in `deletes` or is the key of a row in `upserts` is deleted, then `upserts` are inserted.
    /// Either all of it commits or none of it does. A value the destination refuses fails the whole batch with
    /// `SyncEngineError.destinationFailed` naming the table and key (nothing is applied). Works without a primary
    /// key or unique constraint on the destination table (it deletes by the key columns' values).
    func applyChanges(_ batch: ChangeBatch) async throws

    /// Applies `batch` exactly as `applyChanges(_:)` does, in its own destination transaction, but reads or
    /// changes destination rows only after `predecessorCommitted` returned: work that does not depend on the
    /// destination's rows (encoding, loading a staging table) may run before it. A pipeline uses this to prepare
    /// batch k+1 on a second connection while batch k commits; batches still commit one after the other, in
    /// order, each whole. If `predecessorCommitted` throws, nothing of `batch` is applied and the error is
    /// rethrown. The default waits first, then calls `applyChanges(_:)`.
    func applyChanges(_ batch: ChangeBatch, after predecessorCommitted: @Sendable () async throws -> Void) async throws

    /// Applies one schema change to the destination table of `plan` (DIJob DdlHandlingSettings `Normal`).
    /// `plan` is the table's plan after the change (for `.createTable`, the new table's plan); column types are
    /// mapped as when tables are created (`options`). Runs in its own destination transaction where the destination
    /// allows DDL in one.
    func applySchemaChange(_ change: DestinationSchemaChange, table plan: TablePlan, options: SinkOptions) async throws

    /// Adds `column` (whose `defaultLiteral` is set) to the destination table of `plan` as `destinationName` and
    /// gives the rows already there that value, as the source's ADD COLUMN did; returns false, having changed
    /// nothing, when the destination cannot do that for this type or value. The caller then adds the column with
    /// `applySchemaChange` and copies the table again (`SchemaChangeHandler.columnsRefilledInPlace`).
    func addColumnFilled(
        _ column: ColumnSchema, destinationName: String, table plan: TablePlan, options: SinkOptions
    ) async throws -> Bool

    /// Whether changes of `plan`'s table may be applied on several connections at once, split by key: true only
    /// when the key is the destination table's only unique constraint (otherwise two rows could trade a unique
    /// value across partitions and collide). Key-partitioned apply keeps every other table on one partition.
    func allowsKeyPartitioning(_ plan: TablePlan) async throws -> Bool

    /// Makes sure the destination table of every plan with a `TablePlan.logicalDeleteColumn` (DIJob HandleDml
    /// `LogicalDelete`) has that column, adding it (boolean, NOT NULL, default false) to a table that lacks it.
    /// Returns the tables it was added to, for the task log. Called once per run, before any change is applied;
    /// from then on `applyChanges` marks deleted keys instead of removing them.
    func prepareLogicalDelete(_ plans: [TablePlan]) async throws -> [TableName]
}

extension ChangeSink {
    /// Not by default.
    public func allowsKeyPartitioning(_ plan: TablePlan) async throws -> Bool { false }

    /// Not by default: the table is copied again instead.
    public func addColumnFilled(
        _ column: ColumnSchema, destinationName: String, table plan: TablePlan, options: SinkOptions
    ) async throws -> Bool { false }

    /// A sink that cannot mark rows deleted refuses plans that ask for it (removing the rows instead would sync
    /// something else than asked).
    public func prepareLogicalDelete(_ plans: [TablePlan]) async throws -> [TableName] {
        if let plan = plans.first(where: { $0.logicalDeleteColumn != nil }) {
            throw SyncEngineError(
                .invalidConfiguration,
                "HandleDml LogicalDelete is not supported by this destination (table \(plan.destination))")
        }
        return []
    }

    /// Waits for the predecessor, then applies `batch` (no overlap).
    public func applyChanges(
        _ batch: ChangeBatch, after predecessorCommitted: @Sendable () async throws -> Void
    ) async throws {
        try await predecessorCommitted()
        try await applyChanges(batch)
    }
}

/// A change to a destination table's shape, derived from a source DDL statement.
public enum DestinationSchemaChange: Sendable, Hashable {
    /// Add a column (mapped from the source column's type), named `destinationName`, NULL allowed.
    case addColumn(ColumnSchema, destinationName: String)
    /// Drop the column.
    case dropColumn(destinationName: String)
    /// Rename the column.
    case renameColumn(from: String, to: String)
    /// Change the column's type to the mapping of the source column's new type.
    case alterColumnType(ColumnSchema, destinationName: String)
    /// Remove every row.
    case truncate
    /// Drop the table.
    case dropTable
    /// Create the table from the plan (with its key), when missing.
    case createTable
}

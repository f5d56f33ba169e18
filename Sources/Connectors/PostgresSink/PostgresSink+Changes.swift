import PostgresNIO
import SyncEngine

extension PostgresSink: ChangeSink {
    /// Creates `_tide.stream_checkpoints` when missing (issue 5 item 2), tolerating concurrent creation.
    public func prepareStream() async throws {
        try await pool.withConnection { connection in
            let table = PostgresChangeSQL.checkpointTable
            try await runCreating(
                PostgresDDL.createSchema(table.schema), on: connection, context: "creating schema \(table.schema)")
            try await runCreating(PostgresChangeSQL.createCheckpointTable, on: connection, context: "creating \(table)")
        }
    }

    /// The stream checkpoint of `taskUUID` and `generation`; nil when none was written (or the table is missing).
    public func streamCheckpoint(taskUUID: String, generation: Int) async throws -> StreamCheckpoint? {
        try await pool.withConnection { connection in
            do {
                let exists = try await connection.query(
                    "SELECT to_regclass('\"_tide\".\"stream_checkpoints\"') IS NOT NULL", logger: logger
                ).collect()
                guard try exists.first?.decode(Bool.self) == true else { return nil }
                let rows = try await connection.query(
                    """
                    SELECT position, commit_timestamp FROM "_tide"."stream_checkpoints" \
                    WHERE task_uuid = \(taskUUID) AND generation = \(Int64(generation))
                    """, logger: logger
                ).collect()
                if let (position, timestamp) = try rows.first?.decode((String, Int64).self) {
                    return StreamCheckpoint(
                        taskUUID: taskUUID, generation: generation, position: position,
                        commitTimestamp: UInt32(clamping: timestamp))
                }
                return nil
            } catch {
                throw PostgresErrorText.wrapped(error, .destinationFailed, context: "reading the stream checkpoint")
            }
        }
    }

    /// Stores `checkpoint` on its own (an upsert in its own transaction).
    public func saveStreamCheckpoint(_ checkpoint: StreamCheckpoint) async throws {
        try await applyChanges(
            ChangeBatch(tables: [], checkpoint: checkpoint, transactions: 0, rowChanges: 0, byteCount: 0))
    }

    /// True when the key columns are exactly the destination table's only unique index (see
    /// `ChangeSink.allowsKeyPartitioning`).
    public func allowsKeyPartitioning(_ plan: TablePlan) async throws -> Bool {
        guard let keys = PostgresDDL.destinationKeyColumns(plan) else { return false }
        // Cached after the first batch: no connection is leased for it then.
        let indexes =
            if let cached = changeCache.indexColumns(of: plan.destination) {
                cached
            } else {
                try await pool.withConnection { connection in
                    try await changeCache.indexes(of: plan.destination, on: connection, logger: logger)
                }
            }
        return PostgresIndex.keyIsOnlyUniqueIndex(keys, in: indexes)
    }

    /// Adds the `logicalDeleteColumn` of each plan that has one to its destination table when missing
    /// (`ChangeSink.prepareLogicalDelete`); returns the tables it was added to.
    public func prepareLogicalDelete(_ plans: [TablePlan]) async throws -> [TableName] {
        let marked = plans.filter { $0.logicalDeleteColumn != nil }
        guard !marked.isEmpty else { return [] }
        changeCache.forget(marked.map(\.destination))
        return try await pool.withConnection { connection in
            var added: [TableName] = []
            for plan in marked {
                guard let column = plan.logicalDeleteColumn else { continue }
                let types: [String: String]
                do {
                    types = try await PostgresCatalog.columnTypes(of: plan.destination, on: connection, logger: logger)
                } catch {
                    throw PostgresErrorText.wrapped(
                        error, .destinationFailed, context: "reading the columns of \(plan.destination)")
                }
                guard !types.isEmpty else {
                    throw SyncEngineError(.notFound, "destination table \(plan.destination) does not exist")
                }
                guard types[column] == nil else { continue }
                try await runCreating(
                    "ALTER TABLE \(PostgresIdentifier.qualified(plan.destination)) ADD COLUMN IF NOT EXISTS "
                        + PostgresDDL.logicalDeleteColumnDefinition(column),
                    on: connection, context: "adding column \(column) to \(plan.destination)")
                added.append(plan.destination)
            }
            return added
        }
    }

    /// Applies `batch` with its checkpoint in one transaction on one connection (see `PostgresChangeApplier`).
    /// A failed batch forgets the cached shapes of its tables, so that a retry reads the catalog again.
    public func applyChanges(_ batch: ChangeBatch) async throws {
        try await applyChanges(batch, after: {})
    }

    /// Applies `batch` like `applyChanges(_:)`; its changes are encoded and copied into staging before
    /// `predecessorCommitted` returns, merged after.
    public func applyChanges(
        _ batch: ChangeBatch, after predecessorCommitted: @Sendable () async throws -> Void
    ) async throws {
        do {
            try await pool.withConnection { connection in
                let server = try await serverFacts(on: connection)
                let applier = PostgresChangeApplier(
                    connection: connection, cache: changeCache, binaryCopy: binaryCopyAllowed(server),
                    asynchronousCommit: configuration.asynchronousCommit && !server.isHologres,
                    mergeStatement: configuration.mergeStatement && server.hasMerge, logger: logger)
                try await applier.apply(batch, after: predecessorCommitted)
            }
        } catch {
            changeCache.forget(batch.tables.map(\.plan.destination))
            throw error
        }
    }
}

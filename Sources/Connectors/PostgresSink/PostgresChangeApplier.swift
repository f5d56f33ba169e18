import Logging
import NIOCore
import PostgresNIO
import SyncEngine

/// Applies one `ChangeBatch` on one connection in ONE transaction (issue 5 items 1 and 2; ChangeSink.applyChanges).
/// Per table: the deleted keys and the upserts are encoded into one COPY buffer (`COPYRowEncoder`, the snapshot
/// writer's encoder, binary where the table allows, so values land exactly as a snapshot writes them) and copied
/// into a per-session staging table; then one `MERGE` deletes, updates and inserts by key (PostgreSQL 15 and later,
/// when the key is the table's only unique index), or `DELETE ... USING staging` removes staged keys and
/// `INSERT ... SELECT` (with `ON CONFLICT DO UPDATE` where the key allows) adds the upserts. The stream checkpoint is
/// upserted before COMMIT. Applying the same batch twice gives the same contents (every statement works by key).
/// Any error, or cancellation, leaves the transaction uncommitted: the pool closes the connection, which rolls it
/// back. Model: PeerDB `NormalizeRecords` (staging, merge, batch id in the same transaction).
struct PostgresChangeApplier {
    let connection: PostgresConnection
    let cache: PostgresChangeCache
    /// Whether staging COPYs may use the binary format (`PostgresSink.binaryCopyAllowed`).
    let binaryCopy: Bool
    /// Whether the batch commits without waiting for its WAL flush (`PostgresSinkConfiguration.asynchronousCommit`).
    let asynchronousCommit: Bool
    /// Whether a table whose key is its only unique index merges with one `MERGE` statement
    /// (`PostgresSinkConfiguration.mergeStatement`, on a server that has it).
    let mergeStatement: Bool
    let logger: Logger

    /// What one table's staging needs: its number, the encoder for the destination's types and the key columns.
    private struct Staging {
        var number: Int
        var encoder: COPYRowEncoder
        var keyColumns: [String]
        var keyIndexes: [Int]
        /// Whether an index leads with the key columns: the merge then probes it row by row.
        var keyIsIndexed: Bool
        /// Whether the key columns are exactly the table's only unique index: upserts then run as
        /// `INSERT ... ON CONFLICT DO UPDATE` (an update in place, often HOT, instead of a delete and an insert that
        /// touch every index). With another unique index, rows of one batch could swap its values, which only
        /// delete-then-insert applies without a transient conflict.
        var upsertInPlace: Bool
    }

    /// One table's changes, staged.
    private struct StagedTable {
        var changes: TableChangeSet
        var staging: Staging
        /// The staging table's name (distinct for every table of the batch).
        var name: String
    }

    /// Applies `batch` and commits it with its checkpoint.
    func apply(_ batch: ChangeBatch) async throws {
        try await apply(batch, after: {})
    }

    /// Applies `batch` and commits it with its checkpoint; destination rows are read and changed only after
    /// `predecessorCommitted` returned (`ChangeSink.applyChanges(_:after:)`). Staging happens before it: the
    /// batch's rows are encoded and copied into this session's staging tables inside the open transaction.
    func apply(_ batch: ChangeBatch, after predecessorCommitted: @Sendable () async throws -> Void) async throws {
        guard let generation = Int32(exactly: batch.checkpoint.generation) else {
            throw SyncEngineError(.invalidConfiguration, "stream checkpoint generation is out of range")
        }
        let clock = ContinuousClock()
        let started = clock.now
        try await execute("BEGIN", context: "starting the change transaction")
        if asynchronousCommit {
            // The checkpoint commits with the rows: a crash loses both, and the restart replays them.
            try await execute("SET LOCAL synchronous_commit = off", context: "starting the change transaction")
        }
        var staged: [StagedTable] = []
        var encoding = Duration.zero
        var occurrences: [Int: Int] = [:]
        for changes in batch.tables where !changes.isEmpty {
            try Task.checkCancellation()
            let staging = try await staging(for: changes.plan)
            let occurrence = occurrences[staging.number, default: 0]
            occurrences[staging.number] = occurrence + 1
            let name = PostgresChangeSQL.stagingName(staging.number, occurrence: occurrence)
            // In key order: the merge then walks the key index and the table in order (`KeyOrder`).
            let table = StagedTable(changes: changes.sortedByKey(), staging: staging, name: name)
            encoding += try await stage(table)
            staged.append(table)
        }
        let stagedAt = clock.now
        try await predecessorCommitted()
        let predecessorDone = clock.now
        var nestedLoopsOnly = false
        for table in staged {
            try Task.checkCancellation()
            try await merge(table, nestedLoopsOnly: &nestedLoopsOnly)
        }
        try Task.checkCancellation()
        let merged = clock.now
        let checkpoint = batch.checkpoint
        let query: PostgresQuery = """
            INSERT INTO "_tide"."stream_checkpoints" (task_uuid, generation, position, commit_timestamp, updated_at) \
            VALUES (\(checkpoint.taskUUID), \(generation), \(checkpoint.position), \
            \(Int64(checkpoint.commitTimestamp)), now()) \
            ON CONFLICT (task_uuid, generation) DO UPDATE SET position = EXCLUDED.position, \
            commit_timestamp = EXCLUDED.commit_timestamp, updated_at = now()
            """
        try await execute(query, context: "saving the stream checkpoint")
        try Task.checkCancellation()
        try await execute("COMMIT", context: "committing the change batch")
        if logger.logLevel <= .debug {
            let committed = clock.now
            logger.debug(
                "change batch committed",
                metadata: [
                    "rowChanges": "\(batch.rowChanges)",
                    "stagedRows": "\(staged.reduce(0) { $0 + $1.changes.deletes.count + $1.changes.upserts.count })",
                    "stageMs": "\((stagedAt - started).wholeMilliseconds)",
                    "encodeMs": "\(encoding.wholeMilliseconds)",
                    "waitMs": "\((predecessorDone - stagedAt).wholeMilliseconds)",
                    "mergeMs": "\((merged - predecessorDone).wholeMilliseconds)",
                    "commitMs": "\((committed - merged).wholeMilliseconds)",
                ])
        }
    }

    /// Copies one table's changes into its staging table (created on this session when missing; its rows vanish
    /// at COMMIT); returns how long their encoding took (for the debug timings).
    private func stage(_ table: StagedTable) async throws -> Duration {
        let plan = table.changes.plan
        let encodingStarted = ContinuousClock.now
        let buffer = try encode(table.changes, staging: table.staging)
        let encoding = ContinuousClock.now - encodingStarted
        do {
            if !cache.stagingExists(table.name, on: connection.id) {
                try await query(PostgresChangeSQL.createStaging(table.name, for: plan))
                cache.stagingCreated(table.name, on: connection.id)
            }
            try await table.staging.encoder.copy(
                buffer, into: PostgresChangeSQL.stagingTable(table.name),
                columns: PostgresChangeSQL.stagingCopyColumns(plan), on: connection, logger: logger)
        } catch let error as PSQLError {
            throw failure(error, table)
        }
        return encoding
    }

    /// Merges one staged table into its destination: deletes, then upserts.
    private func merge(_ table: StagedTable, nestedLoopsOnly: inout Bool) async throws {
        let plan = table.changes.plan
        let staging = table.staging
        let name = table.name
        do {
            if staging.keyIsIndexed != nestedLoopsOnly {
                // Without statistics on the staging table the planner prefers a merge or hash join that reads the
                // whole destination; one index probe per staged key is far cheaper (measured 4x on 1M rows). A
                // table without such an index keeps the planner's choice.
                let setting = staging.keyIsIndexed ? "off" : "on"
                try await query("SET LOCAL enable_hashjoin = \(setting)")
                try await query("SET LOCAL enable_mergejoin = \(setting)")
                nestedLoopsOnly = staging.keyIsIndexed
            }
            if let column = plan.logicalDeleteColumn {
                // HandleDml LogicalDelete: deleted keys are marked, upserted keys replaced (live again).
                if !table.changes.deletes.isEmpty {
                    try await query(
                        PostgresChangeSQL.markStagedKeysDeleted(
                            name, for: plan, keys: staging.keyColumns, column: column))
                }
                if !table.changes.upserts.isEmpty {
                    if staging.upsertInPlace {
                        try await query(PostgresChangeSQL.upsertStagedRows(name, for: plan, keys: staging.keyColumns))
                    } else {
                        try await query(
                            PostgresChangeSQL.deleteStagedKeys(
                                name, for: plan, keys: staging.keyColumns, onlyUpserted: true))
                        try await query(PostgresChangeSQL.insertStagedRows(name, for: plan))
                    }
                }
            } else if staging.upsertInPlace && mergeStatement {
                try await query(PostgresChangeSQL.mergeStagedRows(name, for: plan, keys: staging.keyColumns))
            } else if staging.upsertInPlace {
                if !table.changes.deletes.isEmpty {
                    try await query(
                        PostgresChangeSQL.deleteStagedKeys(name, for: plan, keys: staging.keyColumns, onlyDeleted: true))
                }
                if !table.changes.upserts.isEmpty {
                    try await query(PostgresChangeSQL.upsertStagedRows(name, for: plan, keys: staging.keyColumns))
                }
            } else {
                try await query(PostgresChangeSQL.deleteStagedKeys(name, for: plan, keys: staging.keyColumns))
                if !table.changes.upserts.isEmpty {
                    try await query(PostgresChangeSQL.insertStagedRows(name, for: plan))
                }
            }
        } catch let error as PSQLError {
            throw failure(error, table)
        }
    }

    /// A server error while staging or merging `table`, with the refused key when the server names a COPY line.
    private func failure(_ error: PSQLError, _ table: StagedTable) -> SyncEngineError {
        let plan = table.changes.plan
        var message = "applying changes of \(plan.tableKey) to \(plan.destination): \(PostgresErrorText.message(error))"
        if let key = refusedKey(error, changes: table.changes, staging: table.staging) { message += " (key \(key))" }
        return SyncEngineError(.destinationFailed, message)
    }

    /// The staging shape of `plan`'s destination as it exists now (catalog types cached between batches).
    private func staging(for plan: TablePlan) async throws -> Staging {
        guard let keyIndexes = plan.keyIndexesInRow, let keyColumns = PostgresDDL.destinationKeyColumns(plan) else {
            throw SyncEngineError(
                .invalidConfiguration,
                "table \(plan.tableKey) has no key among its copied columns: changes cannot be applied to it by key")
        }
        guard !plan.destinationColumns.contains(PostgresChangeSQL.operationColumn) else {
            throw SyncEngineError(
                .invalidConfiguration,
                "destination column name \(PostgresChangeSQL.operationColumn) of \(plan.destination) is reserved")
        }
        let types = try await columnTypes(of: plan.destination)
        let indexes = try await cache.indexes(of: plan.destination, on: connection, logger: logger)
        let keyIsIndexed = indexes.contains { Set($0.columns.prefix(keyColumns.count)) == Set(keyColumns) }
        let upsertInPlace = PostgresIndex.keyIsOnlyUniqueIndex(keyColumns, in: indexes)
        var destinationTypes: [String] = []
        var signature = PostgresIdentifier.qualified(plan.destination)
        for name in plan.destinationColumns {
            guard let type = types[name] else {
                throw SyncEngineError(
                    .destinationFailed, "destination table \(plan.destination) has no column \(name)")
            }
            destinationTypes.append(type)
            signature += "\u{0}" + name + "\u{0}" + type
        }
        let encoder = COPYRowEncoder.make(
            sources: plan.columns.map(\.type), destinationTypes: destinationTypes,
            zeroDateAsNull: cache.zeroDateAsNull, allowBinary: binaryCopy)
        return Staging(
            number: cache.stagingNumber(for: signature), encoder: encoder, keyColumns: keyColumns,
            keyIndexes: keyIndexes, keyIsIndexed: keyIsIndexed, upsertInPlace: upsertInPlace)
    }

    private func columnTypes(of table: TableName) async throws -> [String: String] {
        if let types = cache.columnTypes(of: table) { return types }
        let types: [String: String]
        do {
            types = try await PostgresCatalog.columnTypes(of: table, on: connection, logger: logger)
        } catch {
            throw PostgresErrorText.wrapped(error, .destinationFailed, context: "reading the columns of \(table)")
        }
        guard !types.isEmpty else { throw SyncEngineError(.notFound, "destination table \(table) does not exist") }
        cache.setColumnTypes(types, of: table)
        return types
    }

    /// The COPY text of the batch: deleted keys first (`f`, key columns only, the rest NULL), then upserts (`t`).
    private func encode(_ changes: TableChangeSet, staging: Staging) throws -> ByteBuffer {
        let plan = changes.plan
        var buffer = ByteBuffer()
        let width = plan.columns.count + 1
        var estimate = (changes.deletes.count + changes.upserts.count) * width * 3
        for row in changes.upserts { estimate += row.byteCount }
        for key in changes.deletes { estimate += key.byteCount * 2 }
        buffer.reserveCapacity(estimate + 32)
        staging.encoder.begin(&buffer)
        for key in changes.deletes {
            guard key.count == staging.keyIndexes.count else {
                throw SyncEngineError(
                    .invalidConfiguration,
                    "a deleted key of \(plan.tableKey) has \(key.count) values; the key has "
                        + "\(staging.keyIndexes.count) columns")
            }
            // The key's values at their columns, the rest NULL, over the key's own storage.
            var spans = [ValueSpan](repeating: .null, count: plan.columns.count)
            for (span, index) in zip(key.spans, staging.keyIndexes) { spans[index] = span }
            try append(Row(storage: key.storage, spans: spans[...]), upsert: false, plan: plan, staging: staging, to: &buffer)
        }
        for row in changes.upserts {
            try append(row, upsert: true, plan: plan, staging: staging, to: &buffer)
        }
        staging.encoder.finish(&buffer)
        return buffer
    }

    private func append(
        _ row: Row, upsert: Bool, plan: TablePlan, staging: Staging, to buffer: inout ByteBuffer
    ) throws {
        if let refusal = staging.encoder.append(row, to: &buffer, flag: upsert) {
            throw SyncEngineError(
                .destinationFailed,
                "applying changes of \(plan.tableKey) to \(plan.destination): key "
                    + "\(PostgresKeyText.key(ofRow: row, plan: plan, keyIndexes: staging.keyIndexes)): \(refusal)")
        }
    }

    /// The key of the COPY line the server refused (its `where` field reads `COPY ..., line N, column ...`).
    private func refusedKey(_ error: PSQLError, changes: TableChangeSet, staging: Staging) -> String? {
        guard let location = error.serverInfo?[.locationContext], location.hasPrefix("COPY "),
            let range = location.firstRange(of: ", line ")
        else { return nil }
        let digits = location[range.upperBound...].prefix { $0.isNumber }
        guard let line = Int(digits), line >= 1 else { return nil }
        let plan = changes.plan
        if line <= changes.deletes.count {
            return PostgresKeyText.key(changes.deletes[line - 1].values, plan: plan, keyIndexes: staging.keyIndexes)
        }
        let index = line - 1 - changes.deletes.count
        guard index < changes.upserts.count else { return nil }
        return PostgresKeyText.key(ofRow: changes.upserts[index], plan: plan, keyIndexes: staging.keyIndexes)
    }

    private func query(_ sql: String) async throws {
        try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
    }

    private func execute(_ sql: String, context: String) async throws {
        try await execute(PostgresQuery(unsafeSQL: sql), context: context)
    }

    private func execute(_ query: PostgresQuery, context: String) async throws {
        do {
            try await connection.query(query, logger: logger)
        } catch {
            throw PostgresErrorText.wrapped(error, .destinationFailed, context: context)
        }
    }
}

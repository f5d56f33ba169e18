import AsyncAlgorithms
import Logging
import NIOCore
import PostgresNIO
import SyncEngine

/// Writes one chunk on one connection in ONE transaction (issue 4 item 3; SnapshotSink.writeChunk): each batch is
/// encoded straight into a COPY buffer (binary when every column allows, `COPYRowEncoder`; text otherwise) and sent with postgres-nio `copyFrom` under a savepoint, directly into
/// the table (`.insert`) or into a per-transaction staging table merged with `INSERT ... ON CONFLICT`
/// (`.ignore`/`.replace`). A batch the server refuses for its data (SQLSTATE class 22/23) is rolled back to its
/// savepoint and retried row by row, each refused row becoming a `DirtyRecord`. The checkpoint row is inserted
/// before COMMIT. Any other error, or cancellation, leaves the transaction uncommitted: the caller closes the
/// connection, which rolls it back.
struct PostgresChunkWriter {
    let connection: PostgresConnection
    let plan: TablePlan
    let options: SinkOptions
    let chunkIndex: Int
    let logger: Logger
    /// Whether COPY may use the binary format (`PostgresSink.binaryCopyAllowed`).
    let binaryCopy: Bool
    private let usesStaging: Bool

    /// Creates a writer for one chunk of `plan`.
    init(
        connection: PostgresConnection, plan: TablePlan, options: SinkOptions, chunkIndex: Int, binaryCopy: Bool,
        logger: Logger
    ) {
        self.connection = connection
        self.binaryCopy = binaryCopy
        self.plan = plan
        self.options = options
        self.chunkIndex = chunkIndex
        self.logger = logger
        // Without a key there is no conflict to resolve: every mode is a plain COPY into the table.
        self.usesStaging = options.writeMode != .insert && PostgresDDL.destinationKeyColumns(plan) != nil
    }

    /// The encoder for the destination table as it exists: each column encoded for its actual type, or for the
    /// mapped type when the catalog does not list it (the COPY then fails with the server's message). Binary when
    /// every column has a binary form and the server is PostgreSQL (Hologres keeps text).
    private func makeEncoder() async throws -> COPYRowEncoder {
        let actual = try await PostgresCatalog.columnTypes(of: plan.destination, on: connection, logger: logger)
        let types = zip(plan.columns, plan.destinationColumns).map { column, name in
            actual[name] ?? PostgresTypeMapping.destinationType(for: column.type, options: options)
        }
        return COPYRowEncoder.make(
            sources: plan.columns.map(\.type), destinationTypes: types, zeroDateAsNull: options.zeroDateAsNull,
            allowBinary: binaryCopy)
    }

    /// Copies every batch of `batches`, inserts `checkpoint` (with the rows actually written) and commits.
    func write(checkpoint: ChunkCheckpoint, batches: RowBatchChannel) async throws -> ChunkWriteResult {
        do {
            return try await writeInTransaction(checkpoint: checkpoint, batches: batches)
        } catch {
            throw PostgresErrorText.wrapped(
                error, .destinationFailed,
                context: "writing chunk \(chunkIndex) of \(plan.tableKey) to \(plan.destination)"
            )
        }
    }

    private func writeInTransaction(
        checkpoint: ChunkCheckpoint, batches: RowBatchChannel
    ) async throws -> ChunkWriteResult {
        guard let generation = Int32(exactly: checkpoint.generation),
            let index = Int32(exactly: checkpoint.chunkIndex)
        else {
            throw SyncEngineError(.invalidConfiguration, "checkpoint generation or chunk index is out of range")
        }
        var result = ChunkWriteResult()
        let encoder = try await makeEncoder()
        try await execute("BEGIN")
        if usesStaging { try await execute(PostgresDDL.createStaging(plan)) }
        for try await batch in batches {
            try Task.checkCancellation()
            try await writeBatch(batch, encoder: encoder, into: &result)
        }
        // A cancelled consumer sees the channel end like a finished one: never commit a cut-short chunk.
        try Task.checkCancellation()
        let query: PostgresQuery = """
            INSERT INTO "_tide"."chunk_checkpoints" (task_uuid, generation, table_key, chunk_index, rows) \
            VALUES (\(checkpoint.taskUUID), \(generation), \(checkpoint.tableKey), \(index), \(result.rowsWritten)) \
            ON CONFLICT (task_uuid, generation, table_key, chunk_index) \
            DO UPDATE SET rows = EXCLUDED.rows, committed_at = now()
            """
        try await execute(query)
        try Task.checkCancellation()
        try await execute("COMMIT")
        return result
    }

    private func writeBatch(
        _ batch: RowBatch, encoder: COPYRowEncoder, into result: inout ChunkWriteResult
    ) async throws {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(batch.byteCount + batch.rows.count * (plan.columns.count + 1) * 6 + 32)
        encoder.begin(&buffer)
        var accepted: [Int] = []
        accepted.reserveCapacity(batch.rows.count)
        for (position, row) in batch.rows.enumerated() {
            if let refusal = encoder.append(row, to: &buffer) {
                result.dirty.append(dirtyRecord(row, reason: refusal))
            } else {
                accepted.append(position)
            }
        }
        guard !accepted.isEmpty else { return }
        encoder.finish(&buffer)
        try await execute("SAVEPOINT tide_batch")
        do {
            try await apply(buffer, encoder: encoder)
            try await execute("RELEASE SAVEPOINT tide_batch")
            if accepted.count == batch.rows.count {
                // The usual case: the batch's own totals, without walking every row's values again.
                result.rowsWritten += Int64(batch.rows.count)
                result.bytesWritten += Int64(batch.byteCount)
            } else {
                for position in accepted { result.add(batch.rows[position]) }
            }
        } catch  where PostgresErrorText.isDataError(error) {
            try await execute("ROLLBACK TO SAVEPOINT tide_batch")
            for position in accepted {
                try await writeAlone(batch.rows[position], encoder: encoder, into: &result)
            }
            try await execute("RELEASE SAVEPOINT tide_batch")
        }
    }

    /// Writes one row under a savepoint of its own; a data or integrity error makes it a dirty record.
    private func writeAlone(
        _ row: Row, encoder: COPYRowEncoder, into result: inout ChunkWriteResult
    ) async throws {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(row.byteCount * 2 + row.count * 6 + 32)
        encoder.begin(&buffer)
        if let refusal = encoder.append(row, to: &buffer) {
            result.dirty.append(dirtyRecord(row, reason: refusal))
            return
        }
        encoder.finish(&buffer)
        try await execute("SAVEPOINT tide_row")
        do {
            try await apply(buffer, encoder: encoder)
            result.add(row)
        } catch  where PostgresErrorText.isDataError(error) {
            try await execute("ROLLBACK TO SAVEPOINT tide_row")
            result.dirty.append(dirtyRecord(row, reason: PostgresErrorText.message(error)))
        }
        try await execute("RELEASE SAVEPOINT tide_row")
    }

    /// Sends encoded rows: COPY into the table, or COPY into staging then merge and empty the staging table.
    private func apply(_ buffer: ByteBuffer, encoder: COPYRowEncoder) async throws {
        let target = usesStaging ? PostgresDDL.stagingTable : plan.destination
        try await encoder.copy(
            buffer, into: target, columns: plan.destinationColumns, on: connection, logger: logger)
        if usesStaging {
            try await connection.query(
                PostgresQuery(unsafeSQL: PostgresDDL.mergeStaging(plan, mode: options.writeMode)), logger: logger
            )
            try await connection.query(PostgresQuery(unsafeSQL: PostgresDDL.truncateStaging), logger: logger)
        }
    }

    private func execute(_ sql: String) async throws {
        try await execute(PostgresQuery(unsafeSQL: sql))
    }

    private func execute(_ query: PostgresQuery) async throws {
        try await connection.query(query, logger: logger)
    }

    private func dirtyRecord(_ row: Row, reason: String) -> DirtyRecord {
        let indexes = plan.keyIndexesInRow ?? Array(plan.columns.indices)
        let key = indexes.map { index -> String in
            guard let value = row[index] else { return "NULL" }
            guard plan.columns[index].type.isBinary else { return String(buffer: value) }
            return "0x"
                + value.readableBytesView.map { byte in
                    let digits = String(byte, radix: 16)
                    return byte < 16 ? "0" + digits : digits
                }.joined()
        }
        return DirtyRecord(table: plan.tableKey, key: key, reason: reason)
    }
}

extension ChunkWriteResult {
    /// Counts one accepted row.
    fileprivate mutating func add(_ row: Row) {
        rowsWritten += 1
        bytesWritten += Int64(row.byteCount)
    }
}

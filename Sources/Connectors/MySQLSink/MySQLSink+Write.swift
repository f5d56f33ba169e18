import AsyncAlgorithms
import MySQLClient
import NIOCore
import SyncEngine

extension MySQLSink {
    /// Server errors after which InnoDB has rolled back only the failing statement and the rows it carried can
    /// be retried one by one: duplicate key, out of range, truncated, bad date/number/string, too long, NULL into
    /// NOT NULL, invalid JSON, CHECK failed, bad geometry ...
    static let rowErrorCodes: Set<UInt16> = [
        1048, 1062, 1136, 1264, 1265, 1292, 1364, 1366, 1367, 1406, 1411, 1416, 1452, 1690, 3140, 3819, 4025,
    ]

    /// Writes one chunk in one transaction with its checkpoint row; see `SnapshotSink.writeChunk`.
    public func writeChunk(
        _ chunk: ChunkRange, of plan: TablePlan, options: SinkOptions, checkpoint: ChunkCheckpoint,
        batches: RowBatchChannel
    ) async throws -> ChunkWriteResult {
        let connection: MySQLConnection
        do {
            connection = try await pool.acquireConnection()
        } catch {
            throw SyncEngineError(.destinationFailed, "connecting to write \(plan.destination): \(error)")
        }
        var writer = MySQLChunkWriter(
            connection: connection, plan: plan, builder: MySQLInsertBuilder(plan: plan, mode: options.writeMode),
            statementBytes: statementBytes)
        do {
            try await connection.execute("START TRANSACTION")
            for try await batch in batches {
                try Task.checkCancellation()
                try await writer.add(batch)
            }
            // A cancelled task ends the channel iteration early: never commit a partial chunk then.
            try Task.checkCancellation()
            try await writer.flush()
            var committed = checkpoint
            committed.rows = writer.result.rowsWritten
            try await connection.execute(checkpointStatement(committed))
            try await connection.execute("COMMIT")
            await pool.releaseConnection(connection)
            return writer.result
        } catch {
            await rollBack(connection)
            if error is CancellationError || error is SyncEngineError { throw error }
            throw SyncEngineError(.destinationFailed, "writing chunk \(chunk.index) of \(plan.destination): \(error)")
        }
    }

    /// Rolls back the open transaction of `connection` (closing it when that fails) and returns it to the pool.
    func rollBack(_ connection: MySQLConnection) async {
        do {
            try await connection.execute("ROLLBACK")
        } catch {
            await connection.close()
        }
        await pool.releaseConnection(connection)
    }

    func checkpointStatement(_ checkpoint: ChunkCheckpoint) -> String {
        "INSERT INTO \(checkpointTable) (task_uuid, generation, table_key, chunk_index, `rows`) VALUES ("
            + "\(MySQLSQLText.stringLiteral(checkpoint.taskUUID)), \(checkpoint.generation), "
            + "\(MySQLSQLText.stringLiteral(checkpoint.tableKey)), \(checkpoint.chunkIndex), \(checkpoint.rows))"
            + " ON DUPLICATE KEY UPDATE `rows` = VALUES(`rows`), committed_at = current_timestamp(6)"
    }
}

/// Accumulates rows into statements of up to `statementBytes` and runs them; when a statement fails with a
/// row-level error, retries its rows one by one and records the refused ones.
struct MySQLChunkWriter {
    let connection: MySQLConnection
    let plan: TablePlan
    let builder: MySQLInsertBuilder
    let statementBytes: Int
    var result = ChunkWriteResult()
    private var buffer = ByteBuffer()
    private var pending: [Row] = []
    private var pendingBytes = 0

    init(connection: MySQLConnection, plan: TablePlan, builder: MySQLInsertBuilder, statementBytes: Int) {
        self.connection = connection
        self.plan = plan
        self.builder = builder
        self.statementBytes = statementBytes
        buffer.reserveCapacity(statementBytes + 64 * 1024)
        builder.begin(&buffer)
    }

    /// Adds a batch, running statements as they fill.
    mutating func add(_ batch: RowBatch) async throws {
        for row in batch.rows {
            builder.append(row, first: pending.isEmpty, to: &buffer)
            pending.append(row)
            pendingBytes += row.byteCount
            if buffer.readableBytes >= statementBytes { try await flush() }
        }
    }

    /// Runs the statement being built, if any.
    mutating func flush() async throws {
        guard !pending.isEmpty else { return }
        builder.end(&buffer)
        do {
            try await connection.execute(bytes: buffer)
            result.rowsWritten += Int64(pending.count)
            result.bytesWritten += Int64(pendingBytes)
        } catch let error as MySQLClientError where Self.isRowError(error) {
            try await insertOneByOne(pending)
        }
        pending.removeAll(keepingCapacity: true)
        pendingBytes = 0
        builder.begin(&buffer)
    }

    static func isRowError(_ error: MySQLClientError) -> Bool {
        guard let code = error.serverError?.code else { return false }
        return MySQLSink.rowErrorCodes.contains(code)
    }

    private mutating func insertOneByOne(_ rows: [Row]) async throws {
        for row in rows {
            try Task.checkCancellation()
            do {
                try await connection.execute(bytes: builder.single(row))
                result.rowsWritten += 1
                result.bytesWritten += Int64(row.byteCount)
            } catch let error as MySQLClientError where Self.isRowError(error) {
                let reason = error.serverError?.message ?? "\(error)"
                result.dirty.append(DirtyRecord(table: plan.tableKey, key: MySQLKeyText.of(row, plan: plan), reason: reason))
            }
        }
    }
}

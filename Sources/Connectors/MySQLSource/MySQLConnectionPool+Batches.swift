import MySQLClient
import MySQLWire
import SyncEngine

/// The connection handling the MySQL source and the MySQL sink share: client errors become `SyncEngineError`s with
/// the side's code (`sourceFailed` / `destinationFailed`) and what was being done; cancellation passes through.
extension MySQLConnectionPool {
    /// Runs `body` on a pooled connection, mapping client errors to `failure`.
    package nonisolated func run<T: Sendable>(
        failing failure: SyncEngineError.Code, _ doing: @autoclosure () -> String,
        _ body: @Sendable (MySQLConnection) async throws -> T
    ) async throws -> T {
        do {
            return try await withConnection(body)
        } catch let error as SyncEngineError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw SyncEngineError(failure, "\(doing()): \(error)")
        }
    }

    /// The interchange rows of a batch of text rows: each row over its own packet payload, located by one span
    /// array the whole batch shares (no copy of any value, two reference counts per row).
    static func rows(of batch: TextResultBatch) -> [Row] {
        var spans: [ValueSpan] = []
        var total = 0
        for row in batch.rows { total += row.columnCount }
        spans.reserveCapacity(total)
        for row in batch.rows {
            let first = spans.count
            row.forEachValue { offset, length in
                spans.append(length < 0 ? .null : ValueSpan(offset: offset, length: length))
            }
            // `decode` checked the payload, so this never pads; it keeps every row's spans in place regardless.
            while spans.count - first < row.columnCount { spans.append(.null) }
        }
        let shared = ArraySlice(spans)
        var rows: [Row] = []
        rows.reserveCapacity(batch.rows.count)
        var start = 0
        for row in batch.rows {
            rows.append(Row(storage: row.payload, spans: shared[start..<(start + row.columnCount)]))
            start += row.columnCount
        }
        return rows
    }

    /// Runs `sql` on one pooled connection and hands its rows on in batches within `limits` (one actor hop per
    /// batch). On any failure the connection is closed rather than returned (it may be in the middle of a result
    /// set); client errors become `failure`.
    package nonisolated func streamBatches(
        _ sql: String, limits: BatchLimits, failing failure: SyncEngineError.Code, doing: String,
        _ body: (RowBatch) async throws -> Void
    ) async throws {
        let connection: MySQLConnection
        do {
            connection = try await acquireConnection()
        } catch {
            throw SyncEngineError(failure, "\(doing): \(error)")
        }
        do {
            let rows = try await connection.query(sql)
            while true {
                try Task.checkCancellation()
                let raw = try await rows.nextSizedBatch(maxRows: limits.rows, maxBytes: limits.bytes)
                if raw.rows.isEmpty { break }
                try await body(RowBatch(rows: Self.rows(of: raw), byteCount: raw.byteCount))
            }
            await releaseConnection(connection)
        } catch {
            await connection.close()
            await releaseConnection(connection)
            if error is SyncEngineError || error is CancellationError { throw error }
            throw SyncEngineError(failure, "\(doing): \(error)")
        }
    }
}

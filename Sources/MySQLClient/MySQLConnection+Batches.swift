import MySQLWire
import NIOCore

extension MySQLConnection {
    /// Runs a statement given as raw bytes (no leading command byte) that returns no rows, and returns its OK
    /// packet. Used by bulk writers that build multi-row INSERT statements straight into a buffer.
    @discardableResult
    public func execute(bytes statement: ByteBuffer) async throws -> OKPacket {
        try await start(.queryBytes(statement))
        while true {
            switch try await nextAction() {
            case .commandCompleted(let ok): return ok
            case .commandFailed(let error): throw error
            default: continue
            }
        }
    }

    /// Reads up to `maxRows` rows (or until their values reach `maxBytes`) of the current result set in one
    /// call, so that a reader pays one actor hop per batch rather than per row. Returns an empty array once the
    /// result set is exhausted.
    func nextRows(maxRows: Int, maxBytes: Int) async throws -> [TextResultRow] {
        var rows: [TextResultRow] = []
        rows.reserveCapacity(min(max(maxRows, 1), 4096))
        var bytes = 0
        while rows.count < maxRows, bytes < maxBytes, let row = try await nextRow() {
            for value in row.values { bytes += value?.readableBytes ?? 0 }
            rows.append(row)
        }
        return rows
    }
}

extension MySQLRowSequence {
    /// The next rows of the result set, at most `maxRows` and stopping once their values reach `maxBytes`;
    /// empty at the end. Reads on demand like iteration does (the socket is read only as fast as batches are
    /// taken). Do not mix with an iterator of the same sequence.
    public func nextBatch(maxRows: Int, maxBytes: Int) async throws -> [TextResultRow] {
        guard !columns.isEmpty else { return [] }
        return try await connection.nextRows(maxRows: maxRows, maxBytes: maxBytes)
    }
}

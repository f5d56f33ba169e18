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
    /// call, so that a reader pays one actor hop per batch rather than per row. Rows whose packets already arrived
    /// are decoded without suspending (one async step per socket read, not per row). Returns no rows once the
    /// result set is exhausted.
    func nextRows(maxRows: Int, maxBytes: Int) async throws -> TextResultBatch {
        var batch = TextResultBatch()
        batch.rows.reserveCapacity(min(max(maxRows, 1), 4096))
        while batch.rows.count < maxRows, batch.byteCount < maxBytes, !machine.isReady {
            let action: ConnectionStateMachine.Action
            if let packet = packets.popBuffered() {
                let immediate = machine.packetReceived(packet)
                if case .row(let row) = immediate {
                    batch.append(row)
                    continue
                }
                guard let settled = try await settle(immediate) else { continue }
                action = settled
            } else {
                action = try await nextAction()
            }
            switch action {
            case .row(let row): batch.append(row)
            case .commandCompleted: return batch
            case .commandFailed(let error): throw error
            case .columns: continue
            default: throw MySQLClientError(.protocolViolation, "unexpected packet in a result set")
            }
        }
        return batch
    }
}

/// Rows of a text result set read together, with the total size of their values (`TextResultRow` values, NULL
/// counting 0), so that callers need not walk the values again to size the batch.
public struct TextResultBatch: Sendable {
    /// The rows in arrival order.
    public var rows: [TextResultRow] = []
    /// Sum of the rows' value sizes in bytes.
    public var byteCount = 0

    /// An empty batch.
    public init() {}

    /// Appends a row and counts its bytes.
    mutating func append(_ row: TextResultRow) {
        var bytes = 0
        row.forEachValue { _, length in bytes &+= max(0, length) }
        byteCount &+= bytes
        rows.append(row)
    }
}

extension MySQLRowSequence {
    /// The next rows of the result set, at most `maxRows` and stopping once their values reach `maxBytes`;
    /// empty at the end. Reads on demand like iteration does (the socket is read only as fast as batches are
    /// taken). Do not mix with an iterator of the same sequence.
    public func nextBatch(maxRows: Int, maxBytes: Int) async throws -> [TextResultRow] {
        try await nextSizedBatch(maxRows: maxRows, maxBytes: maxBytes).rows
    }

    /// `nextBatch` with the size of the rows' values already summed.
    public func nextSizedBatch(maxRows: Int, maxBytes: Int) async throws -> TextResultBatch {
        guard !columns.isEmpty else { return TextResultBatch() }
        return try await connection.nextRows(maxRows: maxRows, maxBytes: maxBytes)
    }
}

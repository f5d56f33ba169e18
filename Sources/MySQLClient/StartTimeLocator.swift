import MySQLBinlog

/// Finds where to start streaming for a start time (DataWorks `StartTime`): the first transaction whose commit
/// event timestamp is at or after `epoch`, by scanning binlog event headers from the oldest retained file.
/// Fails with `.positionNotRetained` when older binlogs were purged and the oldest retained one starts after
/// `epoch`.
public enum StartTimeLocator {
    /// The result: where to start, and the oldest retained file.
    public struct Result: Sendable, Hashable {
        /// The position of the first transaction at or after the time (or the end of the binlog).
        public var start: BinlogPosition
        /// The oldest binlog file the server still has.
        public var oldestRetained: String
    }

    /// Scans the server's binlogs.
    public static func locate(epoch: UInt32, configuration: MySQLConfiguration, serverID: UInt32 = 4243) async throws -> Result {
        let connection = try await MySQLConnection.connect(configuration)
        let files = try await connection.binaryLogs()
        let end = try await connection.currentBinlogPosition()
        await connection.close()
        guard let oldest = files.first else { throw MySQLClientError(.invalidState, "the server has no binlogs") }
        let stream = BinlogStream(
            configuration: configuration,
            options: BinlogStreamOptions(
                serverID: serverID, start: .position(BinlogPosition(file: oldest.name, position: 4)), stopAtEnd: true,
                reconnect: false))
        do {
            let result = try await scan(stream: stream, epoch: epoch, oldest: oldest.name, end: end)
            await stream.close()
            return result
        } catch {
            await stream.close()
            throw error
        }
    }

    private static func scan(stream: BinlogStream, epoch: UInt32, oldest: String, end: BinlogPosition) async throws -> Result {
        var checkedOldest = false
        var transactionStart: BinlogPosition?
        while let event = try await stream.next() {
            let header = event.header
            if !checkedOldest, header.type == .formatDescription, header.timestamp > 0 {
                checkedOldest = true
                let purged = (BinlogPosition(file: oldest, position: 4).sequence ?? 1) > 1
                if purged && header.timestamp > epoch {
                    throw MySQLClientError(
                        .positionNotRetained,
                        "start time \(epoch) is older than the oldest retained binlog \(oldest) (starts at \(header.timestamp))")
                }
            }
            // Artificial events (ROTATE, a replayed FORMAT_DESCRIPTION) carry no real position: never underflow.
            let end = event.nextPosition.position
            let size = UInt64(header.eventSize)
            let eventStart = BinlogPosition(file: event.nextPosition.file, position: end >= size ? end - size : end)
            switch header.type {
            case .gtid, .anonymousGTID, .mariaDBGTID:
                transactionStart = eventStart
            case .query where transactionStart == nil:
                transactionStart = eventStart
            case .xid, .query:
                // Commit (XID, or a DDL/COMMIT query): the transaction's commit timestamp.
                if header.timestamp >= epoch, let start = transactionStart {
                    return Result(start: start, oldestRetained: oldest)
                }
                transactionStart = nil
            default: break
            }
        }
        return Result(start: end, oldestRetained: oldest)
    }
}

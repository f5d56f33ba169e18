import Foundation
import MySQLBinlog
import MySQLClient

/// Reads the first event of a binlog dump that is not part of a file's preamble (issue 5 item 4): whether a start
/// position is a transaction boundary, and where the first transaction after a GTID set begins.
enum StartPositionProbe {
    /// What the dump began with.
    enum Found: Sendable, Hashable {
        /// A transaction's first event (a GTID event: MariaDB 162, MySQL 33/34/42; or a `BEGIN` query) starts here.
        case transactionStart(BinlogPosition)
        /// Another event (`type` for messages) starts here: the position is inside a transaction.
        case other(BinlogPosition, type: UInt8)
        /// The binlog ended before any event.
        case end
    }

    /// Events a dump sends before the requested position's events, or between files: skipped.
    static let preamble: Set<BinlogEventType> = [
        .formatDescription, .rotate, .previousGTIDs, .mariaDBGTIDList, .binlogCheckpoint, .heartbeat, .heartbeatV2,
        .stop, .startEncryption,
    ]

    /// Opens a non-blocking dump at `start` and returns its first transaction event, another event, or the end.
    /// Client errors (an offset in the middle of an event, a purged GTID set) are thrown unchanged.
    static func firstEvent(configuration: MySQLConfiguration, start: BinlogStart, serverID: UInt32) async throws
        -> Found
    {
        let stream = BinlogStream(
            configuration: configuration,
            options: BinlogStreamOptions(serverID: serverID, start: start, stopAtEnd: true, reconnect: false))
        do {
            let found = try await scan(stream)
            await stream.close()
            return found
        } catch {
            await stream.close()
            throw error
        }
    }

    private static func scan(_ stream: BinlogStream) async throws -> Found {
        var decoder = BinlogDecoder()
        while let event = try await stream.next() {
            let header = event.header
            if header.type == .formatDescription { _ = try? decoder.decode(event.raw) }
            if preamble.contains(header.type) || header.isArtificial { continue }
            guard let offset = header.position else { continue }
            let position = BinlogPosition(file: event.nextPosition.file, position: UInt64(offset))
            switch header.type {
            case .gtid, .anonymousGTID, .gtidTagged, .mariaDBGTID:
                return .transactionStart(position)
            case .query:
                if case .query(_, let query)? = try? decoder.decode(event.raw),
                    query.query.trimmingCharacters(in: .whitespacesAndNewlines).uppercased() == "BEGIN"
                {
                    return .transactionStart(position)
                }
                return .other(position, type: header.typeCode)
            default:
                return .other(position, type: header.typeCode)
            }
        }
        return .end
    }
}

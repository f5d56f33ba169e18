import NIOCore

/// A decoded binlog event: a closed enum of the events Tide understands, each with its header.
/// Any other type code decodes as ``unknown(_:_:)`` carrying the body, so unknown events are skipped by
/// length and never fatal.
public enum BinlogEvent: Sendable, Equatable {
    case formatDescription(BinlogEventHeader, FormatDescriptionEvent)
    case rotate(BinlogEventHeader, RotateEvent)
    case query(BinlogEventHeader, QueryEvent)
    case xid(BinlogEventHeader, XIDEvent)
    case tableMap(BinlogEventHeader, TableMapEvent)
    case rows(BinlogEventHeader, RowsEvent)
    case gtid(BinlogEventHeader, GTIDEvent)
    case previousGTIDs(BinlogEventHeader, PreviousGTIDsEvent)
    case mariaDBGTID(BinlogEventHeader, MariaDBGTIDEvent)
    case mariaDBGTIDList(BinlogEventHeader, MariaDBGTIDListEvent)
    case binlogCheckpoint(BinlogEventHeader, BinlogCheckpointEvent)
    /// MariaDB ANNOTATE_ROWS (160) or MySQL ROWS_QUERY (29): the SQL that produced the next rows events.
    case rowsQuery(BinlogEventHeader, RowsQueryEvent)
    case heartbeat(BinlogEventHeader, HeartbeatEvent)
    case incident(BinlogEventHeader, IncidentEvent)
    /// MySQL TRANSACTION_PAYLOAD (40): the events of one compressed transaction, decompressed.
    case transactionPayload(BinlogEventHeader, TransactionPayloadEvent)
    /// Any other event: its header and its body (without the checksum).
    case unknown(BinlogEventHeader, ByteBuffer)

    /// The header of the event.
    public var header: BinlogEventHeader {
        switch self {
        case .formatDescription(let header, _), .rotate(let header, _), .query(let header, _), .xid(let header, _),
            .tableMap(let header, _), .rows(let header, _), .gtid(let header, _), .previousGTIDs(let header, _),
            .mariaDBGTID(let header, _), .mariaDBGTIDList(let header, _), .binlogCheckpoint(let header, _),
            .rowsQuery(let header, _), .heartbeat(let header, _), .incident(let header, _),
            .transactionPayload(let header, _), .unknown(let header, _):
            return header
        }
    }
}

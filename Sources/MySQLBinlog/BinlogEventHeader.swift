import NIOCore

/// The common 19-byte header of every binlog event v4 (MySQL source documentation,
/// "Binary log event header": timestamp, type_code, server_id, event_size, log_pos, flags).
public struct BinlogEventHeader: Hashable, Sendable {
    /// Size of the v4 header in bytes.
    public static let size = 19

    /// Seconds since the epoch when the statement began (the commit time for GTID events).
    public var timestamp: UInt32
    /// The event type code.
    public var typeCode: UInt8
    /// The server id of the server that originally wrote the event.
    public var serverID: UInt32
    /// Size of the whole event: header, body and checksum.
    public var eventSize: UInt32
    /// Position of the next event in the binlog file (0 for artificial events).
    public var nextPosition: UInt32
    /// Event flags (`LOG_EVENT_*_F`), e.g. 0x20 = artificial.
    public var flags: UInt16

    /// The memberwise initialiser.
    public init(
        timestamp: UInt32, typeCode: UInt8, serverID: UInt32, eventSize: UInt32, nextPosition: UInt32, flags: UInt16
    ) {
        self.timestamp = timestamp
        self.typeCode = typeCode
        self.serverID = serverID
        self.eventSize = eventSize
        self.nextPosition = nextPosition
        self.flags = flags
    }

    /// The event type.
    public var type: BinlogEventType { BinlogEventType(rawValue: typeCode) }

    /// True for events the server generated rather than read from a binlog (e.g. the fake ROTATE; flag 0x20).
    public var isArtificial: Bool { flags & 0x20 != 0 }

    /// The position where this event starts, when it came from a file (`nextPosition - eventSize`).
    public var position: UInt32? {
        nextPosition >= eventSize && nextPosition != 0 ? nextPosition - eventSize : nil
    }

    /// Reads a header from `buffer`.
    public static func read(from buffer: inout ByteBuffer) throws(MySQLBinlogError) -> BinlogEventHeader {
        guard buffer.readableBytes >= size else { throw .truncated("event header") }
        let header = BinlogEventHeader(
            timestamp: try buffer.readLE(UInt32.self),
            typeCode: try buffer.readLE(UInt8.self),
            serverID: try buffer.readLE(UInt32.self),
            eventSize: try buffer.readLE(UInt32.self),
            nextPosition: try buffer.readLE(UInt32.self),
            flags: try buffer.readLE(UInt16.self)
        )
        guard header.eventSize >= UInt32(size) else {
            throw MySQLBinlogError(.malformed, "event size \(header.eventSize) is below the header size", header: header)
        }
        return header
    }
}

import NIOCore

/// MySQL ROWS_QUERY_EVENT (29, `binlog_rows_query_log_events`) and MariaDB ANNOTATE_ROWS_EVENT (160): the
/// statement text that produced the following rows events (MySQL "Rows_query_event"; MariaDB KB "ANNOTATE_ROWS_EVENT").
public struct RowsQueryEvent: Hashable, Sendable {
    /// The SQL text.
    public var query: String

    /// The memberwise initialiser.
    public init(query: String) { self.query = query }

    static func decodeRowsQuery(body: inout ByteBuffer) throws(MySQLBinlogError) -> RowsQueryEvent {
        try body.skip(1, "rows query length")  // a 1-byte length that overflows for long text: ignored
        return RowsQueryEvent(query: body.readRemainingText())
    }

    static func decodeAnnotateRows(body: inout ByteBuffer) -> RowsQueryEvent {
        RowsQueryEvent(query: body.readRemainingText())
    }
}

/// HEARTBEAT_LOG_EVENT (27): sent by the server when idle; the body is the current binlog file name
/// (MySQL "Heartbeat_event"). HEARTBEAT_LOG_EVENT_V2 (41) carries it as a TLV and is decoded the same way
/// when possible.
public struct HeartbeatEvent: Hashable, Sendable {
    /// The binlog file the server is at.
    public var file: String

    /// The memberwise initialiser.
    public init(file: String) { self.file = file }

    static func decode(body: inout ByteBuffer) -> HeartbeatEvent {
        HeartbeatEvent(file: body.readRemainingText())
    }

    static func decodeV2(body: inout ByteBuffer) throws(MySQLBinlogError) -> HeartbeatEvent {
        var file = ""
        while body.readableBytes > 0 {
            let field = try body.readLE(UInt8.self, "heartbeat field")
            let length = try body.readLengthEncodedCount("heartbeat field length")
            if field == 1 {
                file = try body.readText(length, "heartbeat file")
            } else {
                try body.skip(length, "heartbeat field")
            }
        }
        return HeartbeatEvent(file: file)
    }
}

/// INCIDENT_EVENT (26): something happened on the source that makes replication unsafe (MySQL "Incident_event").
public struct IncidentEvent: Hashable, Sendable {
    /// The incident number (1 = LOST_EVENTS).
    public var incident: UInt16
    /// The message.
    public var message: String

    /// The memberwise initialiser.
    public init(incident: UInt16, message: String) {
        self.incident = incident
        self.message = message
    }

    static func decode(body: inout ByteBuffer) throws(MySQLBinlogError) -> IncidentEvent {
        let incident = try body.readLE(UInt16.self, "incident")
        guard body.readableBytes > 0 else { return IncidentEvent(incident: incident, message: "") }
        let length = try body.readLE(UInt8.self, "incident message length")
        return IncidentEvent(incident: incident, message: try body.readText(Int(length), "incident message"))
    }
}

/// MariaDB BINLOG_CHECKPOINT_EVENT (161): the oldest binlog file still needed for crash recovery
/// (MariaDB KB "BINLOG_CHECKPOINT_EVENT").
public struct BinlogCheckpointEvent: Hashable, Sendable {
    /// The binlog file name.
    public var file: String

    /// The memberwise initialiser.
    public init(file: String) { self.file = file }

    static func decode(body: inout ByteBuffer) throws(MySQLBinlogError) -> BinlogCheckpointEvent {
        let length = try body.readLE(UInt32.self, "checkpoint file length")
        return BinlogCheckpointEvent(file: try body.readText(Int(length), "checkpoint file"))
    }
}

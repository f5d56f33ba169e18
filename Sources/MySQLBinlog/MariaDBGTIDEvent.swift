import NIOCore

/// MariaDB GTID_EVENT (162): opens an event group and replaces the BEGIN query
/// (MariaDB KB "GTID_EVENT": 8-byte sequence number, 4-byte domain id, 1-byte flags, optional commit id / XID).
/// The server id of the GTID is the event header's server id.
public struct MariaDBGTIDEvent: Hashable, Sendable {
    /// The GTID (domain-server-sequence).
    public var gtid: MariaDBGTID
    /// `FL_*` flags: 1 standalone (no BEGIN/COMMIT, e.g. DDL), 2 group commit id, 4 transactional, 8 allow
    /// parallel, 16 waited, 32 DDL, 64 prepared XA, 128 completed XA.
    public var flags: UInt8
    /// Group commit id when flag 2 is set.
    public var commitID: UInt64?

    /// The memberwise initialiser.
    public init(gtid: MariaDBGTID, flags: UInt8, commitID: UInt64? = nil) {
        self.gtid = gtid
        self.flags = flags
        self.commitID = commitID
    }

    /// True when the group is a single statement without BEGIN/COMMIT (typically DDL).
    public var isStandalone: Bool { flags & 1 != 0 }

    static func decode(body: inout ByteBuffer, serverID: UInt32) throws(MySQLBinlogError) -> MariaDBGTIDEvent {
        let sequence = try body.readLE(UInt64.self, "gtid sequence")
        let domain = try body.readLE(UInt32.self, "gtid domain")
        let flags = try body.readLE(UInt8.self, "gtid flags")
        var event = MariaDBGTIDEvent(
            gtid: MariaDBGTID(domainID: domain, serverID: serverID, sequence: sequence), flags: flags)
        if flags & 2 != 0 {
            event.commitID = try body.readLE(UInt64.self, "commit id")
        }
        body.moveReaderIndex(forwardBy: body.readableBytes)  // XA xid, extra flags, padding
        return event
    }
}

/// MariaDB GTID_LIST_EVENT (163): the binlog state (last GTID per domain and server) at the start of a file
/// (MariaDB KB "GTID_LIST_EVENT": 4-byte count whose top 4 bits are flags, then 16-byte entries).
public struct MariaDBGTIDListEvent: Hashable, Sendable {
    /// The GTIDs.
    public var gtids: [MariaDBGTID]
    /// The 4 flag bits.
    public var flags: UInt8

    /// The memberwise initialiser.
    public init(gtids: [MariaDBGTID], flags: UInt8) {
        self.gtids = gtids
        self.flags = flags
    }

    static func decode(body: inout ByteBuffer) throws(MySQLBinlogError) -> MariaDBGTIDListEvent {
        let raw = try body.readLE(UInt32.self, "gtid list count")
        let count = Int(raw & 0x0FFF_FFFF)
        guard count * 16 <= body.readableBytes else { throw .truncated("gtid list") }
        var gtids: [MariaDBGTID] = []
        gtids.reserveCapacity(count)
        for _ in 0..<count {
            let domain = try body.readLE(UInt32.self)
            let server = try body.readLE(UInt32.self)
            let sequence = try body.readLE(UInt64.self)
            gtids.append(MariaDBGTID(domainID: domain, serverID: server, sequence: sequence))
        }
        return MariaDBGTIDListEvent(gtids: gtids, flags: UInt8(raw >> 28))
    }
}

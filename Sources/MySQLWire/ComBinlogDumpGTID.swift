import NIOCore

/// COM_BINLOG_DUMP_GTID (MySQL 5.6+): stream the binlog, skipping transactions in an executed GTID set.
///
/// MySQL Client/Server Protocol, "COM_BINLOG_DUMP_GTID". `sidData` is the encoded GTID set (the binary form of
/// `Gtid_set::encode`: number of SIDs, then per SID the 16-byte UUID, number of intervals and [start, end) pairs).
public struct ComBinlogDumpGTID: Hashable, Sendable {
    /// Flag: return EOF instead of blocking at the end of the binlog.
    public static let nonBlock: UInt16 = 0x01
    /// Flag: the position below is ignored, the GTID set decides (BINLOG_THROUGH_GTID).
    public static let throughGTID: UInt16 = 0x04

    /// Flags.
    public var flags: UInt16
    /// This replica's server id.
    public var serverID: UInt32
    /// Binlog file name (usually empty).
    public var filename: String
    /// Position (usually 4).
    public var position: UInt64
    /// The encoded GTID set.
    public var sidData: [UInt8]

    /// Creates the command.
    public init(flags: UInt16 = ComBinlogDumpGTID.throughGTID, serverID: UInt32, filename: String = "", position: UInt64 = 4, sidData: [UInt8]) {
        self.flags = flags
        self.serverID = serverID
        self.filename = filename
        self.position = position
        self.sidData = sidData
    }

    /// Encodes the payload.
    public func encode() -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(CommandByte.binlogDumpGTID)
        buffer.writeMySQLInteger(flags)
        buffer.writeMySQLInteger(serverID)
        let name = Array(filename.utf8)
        buffer.writeMySQLInteger(UInt32(name.count))
        buffer.writeBytes(name)
        buffer.writeMySQLInteger(position)
        buffer.writeMySQLInteger(UInt32(sidData.count))
        buffer.writeBytes(sidData)
        return buffer
    }
}

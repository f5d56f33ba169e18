import NIOCore

/// COM_BINLOG_DUMP: stream the binlog from a file and position.
///
/// MySQL Client/Server Protocol, "COM_BINLOG_DUMP". For MariaDB GTID starts the same command is used after
/// `SET @slave_connect_state`, with an empty file name and position 4.
public struct ComBinlogDump: Hashable, Sendable {
    /// Flag: return EOF instead of blocking at the end of the binlog.
    public static let nonBlock: UInt16 = 0x01
    /// MariaDB flag: send ANNOTATE_ROWS events.
    public static let sendAnnotateRows: UInt16 = 0x02

    /// Start position (4 = first event after the magic).
    public var position: UInt32
    /// Flags (`nonBlock` ...).
    public var flags: UInt16
    /// This replica's server id.
    public var serverID: UInt32
    /// Binlog file name (empty = first file / MariaDB GTID start).
    public var filename: String

    /// Creates the command.
    public init(position: UInt32, flags: UInt16 = 0, serverID: UInt32, filename: String) {
        self.position = position
        self.flags = flags
        self.serverID = serverID
        self.filename = filename
    }

    /// Encodes the payload.
    public func encode() -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(CommandByte.binlogDump)
        buffer.writeMySQLInteger(position)
        buffer.writeMySQLInteger(flags)
        buffer.writeMySQLInteger(serverID)
        buffer.writeString(filename)
        return buffer
    }
}

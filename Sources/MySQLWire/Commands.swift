import NIOCore

/// Command bytes of the text protocol and replication protocol.
///
/// MySQL Client/Server Protocol, "Text Protocol" and "Replication Protocol".
public enum CommandByte {
    /// COM_QUIT
    public static let quit: UInt8 = 0x01
    /// COM_QUERY
    public static let query: UInt8 = 0x03
    /// COM_PING
    public static let ping: UInt8 = 0x0E
    /// COM_BINLOG_DUMP
    public static let binlogDump: UInt8 = 0x12
    /// COM_REGISTER_SLAVE
    public static let registerSlave: UInt8 = 0x15
    /// COM_BINLOG_DUMP_GTID
    public static let binlogDumpGTID: UInt8 = 0x1E
}

/// COM_QUERY: run one SQL statement in the text protocol. ("COM_QUERY")
public struct ComQuery: Hashable, Sendable {
    /// The statement.
    public var sql: String
    /// Creates the command.
    public init(sql: String) { self.sql = sql }
    /// Encodes the payload.
    public func encode() -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(CommandByte.query)
        buffer.writeString(sql)
        return buffer
    }
}

/// COM_PING: check that the server is alive; answered by OK. ("COM_PING")
public struct ComPing: Hashable, Sendable {
    /// Creates the command.
    public init() {}
    /// Encodes the payload.
    public func encode() -> ByteBuffer { ByteBuffer(bytes: [CommandByte.ping]) }
}

/// COM_QUIT: tell the server the client is closing; the server closes without replying. ("COM_QUIT")
public struct ComQuit: Hashable, Sendable {
    /// Creates the command.
    public init() {}
    /// Encodes the payload.
    public func encode() -> ByteBuffer { ByteBuffer(bytes: [CommandByte.quit]) }
}

import NIOCore

/// The server's error reply (header 0xFF): error code, SQL state and message.
///
/// MySQL Client/Server Protocol, "Protocol::ERR_Packet".
public struct ERRPacket: Hashable, Sendable {
    /// The server error number, e.g. 1045 (access denied) or 1236 (binlog read error).
    public var errorCode: UInt16
    /// The five-character SQL state, e.g. `28000` (`HY000` when the server sent none).
    public var sqlState: String
    /// The server's message.
    public var message: String

    /// Creates a packet.
    public init(errorCode: UInt16, sqlState: String, message: String) {
        self.errorCode = errorCode
        self.sqlState = sqlState
        self.message = message
    }

    /// Decodes an ERR packet (protocol 4.1; the SQL state marker `#` is optional).
    public static func decode(_ payload: ByteBuffer) throws -> ERRPacket {
        var buffer = payload
        guard buffer.readInteger(as: UInt8.self) == 0xFF else {
            throw MySQLWireError(.malformed, message: "ERR_Packet", detail: "header is not 0xFF")
        }
        guard let code = buffer.readMySQLInteger(as: UInt16.self) else {
            throw MySQLWireError(.truncated, message: "ERR_Packet", detail: "error code")
        }
        var state = "HY000"
        if buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) == UInt8(ascii: "#") {
            buffer.moveReaderIndex(forwardBy: 1)
            guard let s = buffer.readString(length: 5) else {
                throw MySQLWireError(.truncated, message: "ERR_Packet", detail: "sql state")
            }
            state = s
        }
        return ERRPacket(errorCode: code, sqlState: state, message: buffer.readEOFString())
    }

    /// Encodes the packet (used by tests).
    public func encode() -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt8(0xFF))
        buffer.writeMySQLInteger(errorCode)
        buffer.writeString("#")
        buffer.writeString(sqlState)
        buffer.writeString(message)
        return buffer
    }
}

import NIOCore

/// The server's success reply (header 0x00, or 0xFE when it ends a result set under CLIENT_DEPRECATE_EOF).
///
/// MySQL Client/Server Protocol, "Protocol::OK_Packet".
public struct OKPacket: Hashable, Sendable {
    /// Rows changed by the statement.
    public var affectedRows: UInt64
    /// The AUTO_INCREMENT id generated, if any.
    public var lastInsertID: UInt64
    /// Server status flags.
    public var statusFlags: UInt16
    /// Number of warnings.
    public var warnings: UInt16
    /// Human-readable info (may be empty).
    public var info: String

    /// Creates a packet.
    public init(affectedRows: UInt64 = 0, lastInsertID: UInt64 = 0, statusFlags: UInt16 = 0, warnings: UInt16 = 0, info: String = "") {
        self.affectedRows = affectedRows
        self.lastInsertID = lastInsertID
        self.statusFlags = statusFlags
        self.warnings = warnings
        self.info = info
    }

    /// Status flag: more results follow (multi-statement or CALL).
    public static let serverMoreResultsExist: UInt16 = 0x0008

    /// Decodes an OK packet (protocol 4.1).
    public static func decode(_ payload: ByteBuffer) throws -> OKPacket {
        var buffer = payload
        guard let header = buffer.readInteger(as: UInt8.self), header == 0x00 || header == 0xFE else {
            throw MySQLWireError(.malformed, message: "OK_Packet", detail: "header")
        }
        guard let affected = buffer.readLengthEncodedInteger(), let lastID = buffer.readLengthEncodedInteger(),
            let status = buffer.readMySQLInteger(as: UInt16.self), let warnings = buffer.readMySQLInteger(as: UInt16.self)
        else { throw MySQLWireError(.truncated, message: "OK_Packet") }
        return OKPacket(
            affectedRows: affected, lastInsertID: lastID, statusFlags: status, warnings: warnings,
            info: buffer.readEOFString())
    }

    /// Encodes the packet (used by tests).
    public func encode() -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt8(0))
        buffer.writeLengthEncodedInteger(affectedRows)
        buffer.writeLengthEncodedInteger(lastInsertID)
        buffer.writeMySQLInteger(statusFlags)
        buffer.writeMySQLInteger(warnings)
        buffer.writeString(info)
        return buffer
    }
}

import NIOCore

/// The end-of-data marker (header 0xFE, payload under 9 bytes): after column definitions and after the last row
/// when CLIENT_DEPRECATE_EOF is off, and at the end of a binlog dump.
///
/// MySQL Client/Server Protocol, "Protocol::EOF_Packet".
public struct EOFPacket: Hashable, Sendable {
    /// Number of warnings.
    public var warnings: UInt16
    /// Server status flags.
    public var statusFlags: UInt16

    /// Creates a packet.
    public init(warnings: UInt16 = 0, statusFlags: UInt16 = 0) {
        self.warnings = warnings
        self.statusFlags = statusFlags
    }

    /// Decodes an EOF packet; the 4.1 fields are optional (a bare 0xFE is accepted).
    public static func decode(_ payload: ByteBuffer) throws -> EOFPacket {
        var buffer = payload
        guard buffer.readInteger(as: UInt8.self) == 0xFE, buffer.readableBytes < 8 else {
            throw MySQLWireError(.malformed, message: "EOF_Packet", detail: "header")
        }
        let warnings = buffer.readMySQLInteger(as: UInt16.self) ?? 0
        let status = buffer.readMySQLInteger(as: UInt16.self) ?? 0
        return EOFPacket(warnings: warnings, statusFlags: status)
    }

    /// Encodes the packet (used by tests).
    public func encode() -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt8(0xFE))
        buffer.writeMySQLInteger(warnings)
        buffer.writeMySQLInteger(statusFlags)
        return buffer
    }
}

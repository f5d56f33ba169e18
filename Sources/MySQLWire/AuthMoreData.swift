import NIOCore

/// Extra authentication data from the server (header 0x01), used by caching_sha2_password: `0x03` means fast
/// authentication succeeded, `0x04` asks for full authentication, and otherwise it carries a PEM public key.
///
/// MySQL Client/Server Protocol, "Protocol::AuthMoreData"; "caching_sha2_password information".
public struct AuthMoreData: Hashable, Sendable {
    /// The data after the 0x01 header.
    public var data: [UInt8]

    /// Creates the message.
    public init(data: [UInt8]) { self.data = data }

    /// Decodes the message from a payload that starts with 0x01.
    public static func decode(_ payload: ByteBuffer) throws -> AuthMoreData {
        var buffer = payload
        guard buffer.readInteger(as: UInt8.self) == 0x01 else {
            throw MySQLWireError(.malformed, message: "AuthMoreData", detail: "header is not 0x01")
        }
        return AuthMoreData(data: buffer.readBytes(length: buffer.readableBytes) ?? [])
    }

    /// Encodes the message (used by tests).
    public func encode() -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt8(0x01))
        buffer.writeBytes(data)
        return buffer
    }
}

import NIOCore

/// The client's reply to the handshake: capabilities, user, auth response, database, auth plugin.
///
/// MySQL Client/Server Protocol, "Protocol::HandshakeResponse41". The same prefix (first 32 bytes) is the
/// SSLRequest packet ("Protocol::SSLRequest"), see `encodeSSLRequest`.
public struct HandshakeResponse41: Hashable, Sendable {
    /// Capabilities the client uses (already intersected with the server's).
    public var capabilities: CapabilityFlags
    /// Largest packet the client wants to receive.
    public var maxPacketSize: UInt32
    /// Client collation id (utf8mb4_general_ci = 45).
    public var characterSet: UInt8
    /// The user name.
    public var username: String
    /// The scrambled password (never the password itself).
    public var authResponse: [UInt8]
    /// Initial schema, if any.
    public var database: String?
    /// The auth plugin `authResponse` was computed for.
    public var authPluginName: String

    /// Creates a response.
    public init(
        capabilities: CapabilityFlags, maxPacketSize: UInt32 = 0x100_0000, characterSet: UInt8 = 45,
        username: String, authResponse: [UInt8], database: String?, authPluginName: String
    ) {
        self.capabilities = capabilities
        self.maxPacketSize = maxPacketSize
        self.characterSet = characterSet
        self.username = username
        self.authResponse = authResponse
        self.database = database
        self.authPluginName = authPluginName
    }

    private func writePrefix(into buffer: inout ByteBuffer, capabilities caps: CapabilityFlags) {
        buffer.writeMySQLInteger(caps.rawValue)
        buffer.writeMySQLInteger(maxPacketSize)
        buffer.writeInteger(characterSet)
        buffer.writeBytes([UInt8](repeating: 0, count: 23))
    }

    /// The capabilities actually sent (connect-with-db added when a database is given).
    public var effectiveCapabilities: CapabilityFlags {
        var caps = capabilities
        if database != nil { caps.insert(.connectWithDB) } else { caps.remove(.connectWithDB) }
        return caps
    }

    /// Encodes the SSLRequest packet for these capabilities (with the SSL flag set).
    public func encodeSSLRequest() -> ByteBuffer {
        var buffer = ByteBuffer()
        var caps = effectiveCapabilities
        caps.insert(.ssl)
        writePrefix(into: &buffer, capabilities: caps)
        return buffer
    }

    /// Encodes the full response.
    public func encode() -> ByteBuffer {
        var buffer = ByteBuffer()
        let caps = effectiveCapabilities
        writePrefix(into: &buffer, capabilities: caps)
        buffer.writeNullTerminatedString(username)
        if caps.contains(.pluginAuthLenencClientData) {
            buffer.writeLengthEncodedBytes(authResponse)
        } else {
            buffer.writeInteger(UInt8(truncatingIfNeeded: authResponse.count))
            buffer.writeBytes(authResponse)
        }
        if let database { buffer.writeNullTerminatedString(database) }
        if caps.contains(.pluginAuth) { buffer.writeNullTerminatedString(authPluginName) }
        return buffer
    }
}

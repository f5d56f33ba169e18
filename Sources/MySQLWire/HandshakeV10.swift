import NIOCore

/// The server's initial handshake packet, protocol version 10.
///
/// MySQL Client/Server Protocol, "Protocol::HandshakeV10".
public struct HandshakeV10: Hashable, Sendable {
    /// e.g. `10.11.19-MariaDB` or `9.7.4`.
    public var serverVersion: String
    /// The connection (thread) id.
    public var connectionID: UInt32
    /// The 20-byte scramble (auth-plugin-data parts 1 and 2, without the trailing NUL).
    public var authPluginData: [UInt8]
    /// The server's capability flags (lower and upper halves combined).
    public var capabilities: CapabilityFlags
    /// The server's default collation id.
    public var characterSet: UInt8
    /// Server status flags.
    public var statusFlags: UInt16
    /// The auth plugin the scramble is for, e.g. `mysql_native_password`.
    public var authPluginName: String

    /// Creates a handshake (used by tests).
    public init(
        serverVersion: String, connectionID: UInt32, authPluginData: [UInt8], capabilities: CapabilityFlags,
        characterSet: UInt8, statusFlags: UInt16, authPluginName: String
    ) {
        self.serverVersion = serverVersion
        self.connectionID = connectionID
        self.authPluginData = authPluginData
        self.capabilities = capabilities
        self.characterSet = characterSet
        self.statusFlags = statusFlags
        self.authPluginName = authPluginName
    }

    /// Whether the server is MariaDB (its version string says so).
    public var isMariaDB: Bool { serverVersion.contains("MariaDB") }

    /// Decodes a handshake from a packet payload.
    public static func decode(_ payload: ByteBuffer) throws -> HandshakeV10 {
        var buffer = payload
        func truncated(_ field: String) -> MySQLWireError {
            MySQLWireError(.truncated, message: "HandshakeV10", detail: field)
        }
        guard let version = buffer.readInteger(as: UInt8.self) else { throw truncated("protocol version") }
        guard version == 10 else {
            throw MySQLWireError(.unsupportedProtocolVersion, message: "HandshakeV10", detail: "version \(version)")
        }
        guard let serverVersion = buffer.readNullTerminatedString() else { throw truncated("server version") }
        guard let connectionID = buffer.readMySQLInteger(as: UInt32.self) else { throw truncated("connection id") }
        guard let part1 = buffer.readBytes(length: 8), buffer.readInteger(as: UInt8.self) != nil else {
            throw truncated("auth-plugin-data-part-1")
        }
        guard let capLow = buffer.readMySQLInteger(as: UInt16.self) else { throw truncated("capability flags") }
        var capabilities = UInt32(capLow)
        var characterSet: UInt8 = 0
        var status: UInt16 = 0
        var data = part1
        var pluginName = "mysql_native_password"
        if buffer.readableBytes > 0 {
            guard let charset = buffer.readInteger(as: UInt8.self), let flags = buffer.readMySQLInteger(as: UInt16.self),
                let capHigh = buffer.readMySQLInteger(as: UInt16.self), let dataLength = buffer.readInteger(as: UInt8.self),
                buffer.readBytes(length: 10) != nil
            else { throw truncated("capability flags (upper)") }
            characterSet = charset
            status = flags
            capabilities |= UInt32(capHigh) << 16
            let caps = CapabilityFlags(rawValue: capabilities)
            if caps.contains(.secureConnection) {
                let part2Length = max(13, Int(dataLength) - 8)
                guard var part2 = buffer.readBytes(length: part2Length) else { throw truncated("auth-plugin-data-part-2") }
                if part2.last == 0 { part2.removeLast() }
                data += part2
            }
            if caps.contains(.pluginAuth) {
                pluginName = buffer.readNullTerminatedString() ?? buffer.readEOFString()
            }
        }
        return HandshakeV10(
            serverVersion: serverVersion, connectionID: connectionID, authPluginData: data,
            capabilities: CapabilityFlags(rawValue: capabilities), characterSet: characterSet, statusFlags: status,
            authPluginName: pluginName)
    }

    /// Encodes the handshake (used by tests to build server input).
    public func encode() -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt8(10))
        buffer.writeNullTerminatedString(serverVersion)
        buffer.writeMySQLInteger(connectionID)
        buffer.writeBytes(authPluginData.prefix(8))
        buffer.writeInteger(UInt8(0))
        buffer.writeMySQLInteger(UInt16(truncatingIfNeeded: capabilities.rawValue))
        buffer.writeInteger(characterSet)
        buffer.writeMySQLInteger(statusFlags)
        buffer.writeMySQLInteger(UInt16(truncatingIfNeeded: capabilities.rawValue >> 16))
        buffer.writeInteger(UInt8(truncatingIfNeeded: authPluginData.count + 1))
        buffer.writeBytes([UInt8](repeating: 0, count: 10))
        var part2 = Array(authPluginData.dropFirst(8))
        part2.append(0)
        while part2.count < 13 { part2.append(0) }
        buffer.writeBytes(part2)
        buffer.writeNullTerminatedString(authPluginName)
        return buffer
    }
}

import NIOCore

/// The server asks the client to authenticate again with another plugin and a fresh scramble (header 0xFE).
///
/// MySQL Client/Server Protocol, "Protocol::AuthSwitchRequest".
public struct AuthSwitchRequest: Hashable, Sendable {
    /// The plugin to use, e.g. `mysql_native_password`.
    public var pluginName: String
    /// The new scramble (trailing NUL removed).
    public var pluginData: [UInt8]

    /// Creates a request.
    public init(pluginName: String, pluginData: [UInt8]) {
        self.pluginName = pluginName
        self.pluginData = pluginData
    }

    /// Decodes a request from a packet payload that starts with 0xFE.
    public static func decode(_ payload: ByteBuffer) throws -> AuthSwitchRequest {
        var buffer = payload
        guard buffer.readInteger(as: UInt8.self) == 0xFE else {
            throw MySQLWireError(.malformed, message: "AuthSwitchRequest", detail: "header is not 0xFE")
        }
        guard let name = buffer.readNullTerminatedString() else {
            throw MySQLWireError(.truncated, message: "AuthSwitchRequest", detail: "plugin name")
        }
        var data = buffer.readBytes(length: buffer.readableBytes) ?? []
        if data.last == 0 { data.removeLast() }
        return AuthSwitchRequest(pluginName: name, pluginData: data)
    }

    /// Encodes the request (used by tests).
    public func encode() -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt8(0xFE))
        buffer.writeNullTerminatedString(pluginName)
        buffer.writeBytes(pluginData)
        buffer.writeInteger(UInt8(0))
        return buffer
    }
}

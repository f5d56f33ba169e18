import NIOCore

/// COM_REGISTER_SLAVE: announce this client as a replica before asking for the binlog.
///
/// MySQL Client/Server Protocol, "COM_REGISTER_SLAVE".
public struct ComRegisterSlave: Hashable, Sendable {
    /// This replica's server id (must be unique among the source's replicas).
    public var serverID: UInt32
    /// Reported host name (may be empty).
    public var hostname: String
    /// Reported user (may be empty).
    public var user: String
    /// Reported password (always sent empty by Tide; kept for completeness).
    public var password: String
    /// Reported port.
    public var port: UInt16

    /// Creates the command.
    public init(serverID: UInt32, hostname: String = "", user: String = "", password: String = "", port: UInt16 = 0) {
        self.serverID = serverID
        self.hostname = hostname
        self.user = user
        self.password = password
        self.port = port
    }

    /// Encodes the payload.
    public func encode() -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(CommandByte.registerSlave)
        buffer.writeMySQLInteger(serverID)
        for field in [hostname, user, password] {
            let bytes = Array(field.utf8.prefix(255))
            buffer.writeInteger(UInt8(bytes.count))
            buffer.writeBytes(bytes)
        }
        buffer.writeMySQLInteger(port)
        buffer.writeMySQLInteger(UInt32(0))  // replication rank
        buffer.writeMySQLInteger(UInt32(0))  // master id
        return buffer
    }
}

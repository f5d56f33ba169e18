import MySQLWire

/// An error from a MySQL connection or binlog stream: a `Code`, context, and for server errors the server's
/// error number, SQL state and message. Descriptions never contain passwords.
public struct MySQLClientError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, extensible without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate let raw: String
        /// The server answered with an ERR packet (see `serverError`).
        public static let server = Code(raw: "server")
        /// TCP connect failed or timed out.
        public static let connectFailed = Code(raw: "connectFailed")
        /// The connection was closed (by either side) while a reply was expected.
        public static let connectionClosed = Code(raw: "connectionClosed")
        /// No data arrived within the read timeout (or heartbeats stopped).
        public static let readTimeout = Code(raw: "readTimeout")
        /// The server sent something the protocol does not allow here.
        public static let protocolViolation = Code(raw: "protocolViolation")
        /// The server asked for an authentication plugin Tide does not implement.
        public static let unsupportedAuthPlugin = Code(raw: "unsupportedAuthPlugin")
        /// TLS was required but the server does not offer it, or the TLS handshake failed.
        public static let tlsUnavailable = Code(raw: "tlsUnavailable")
        /// A command was issued while another one is running, or after close.
        public static let invalidState = Code(raw: "invalidState")
        /// The configuration (URL, option) is invalid.
        public static let invalidConfiguration = Code(raw: "invalidConfiguration")
        /// RSA encryption of the password for caching_sha2_password failed (bad public key).
        public static let publicKey = Code(raw: "publicKey")
        /// The requested binlog start is no longer retained by the server.
        public static let positionNotRetained = Code(raw: "positionNotRetained")
        /// A binlog event failed to decode or failed its checksum.
        public static let binlogDecode = Code(raw: "binlogDecode")
        public var description: String { raw }
    }

    /// The server's error reply.
    public struct ServerError: Hashable, Sendable {
        /// The server error number, e.g. 1045.
        public var code: UInt16
        /// The SQL state, e.g. `28000`.
        public var sqlState: String
        /// The server's message.
        public var message: String
    }

    /// The kind of failure.
    public var code: Code
    /// Detail for humans.
    public var detail: String
    /// Set when `code == .server`.
    public var serverError: ServerError?

    /// Creates an error.
    public init(_ code: Code, _ detail: String = "", serverError: ServerError? = nil) {
        self.code = code
        self.detail = detail
        self.serverError = serverError
    }

    /// Wraps a server ERR packet.
    public static func server(_ packet: ERRPacket) -> MySQLClientError {
        MySQLClientError(
            .server, "",
            serverError: ServerError(code: packet.errorCode, sqlState: packet.sqlState, message: packet.message))
    }

    public var description: String {
        if let serverError {
            return "MySQL error \(serverError.code) (\(serverError.sqlState)): \(serverError.message)"
        }
        return detail.isEmpty ? "MySQLClientError(\(code))" : "MySQLClientError(\(code)): \(detail)"
    }
}

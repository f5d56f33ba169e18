import NIOCore

/// An error from decoding or encoding a MySQL client/server protocol message.
///
/// The description names the message and what was wrong; it never contains payload bytes that could hold secrets.
public struct MySQLWireError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, extensible without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Base: String, Hashable, Sendable {
            case truncated, unexpectedSequenceID, malformed, trailingBytes, unsupportedProtocolVersion
        }
        fileprivate let base: Base
        /// The payload ended before a field that the message format requires.
        public static let truncated = Code(base: .truncated)
        /// A packet arrived with a sequence id other than the expected one.
        public static let unexpectedSequenceID = Code(base: .unexpectedSequenceID)
        /// A field holds a value the format does not allow.
        public static let malformed = Code(base: .malformed)
        /// The payload had bytes left after the last field.
        public static let trailingBytes = Code(base: .trailingBytes)
        /// The server's handshake is not protocol version 10.
        public static let unsupportedProtocolVersion = Code(base: .unsupportedProtocolVersion)
        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// The message being decoded, e.g. `HandshakeV10`.
    public var message: String
    /// Human-readable detail.
    public var detail: String

    /// Creates an error for `message` with a short `detail`.
    public init(_ code: Code, message: String, detail: String = "") {
        self.code = code
        self.message = message
        self.detail = detail
    }

    public var description: String {
        detail.isEmpty ? "MySQLWireError(\(code), \(message))" : "MySQLWireError(\(code), \(message): \(detail))"
    }
}

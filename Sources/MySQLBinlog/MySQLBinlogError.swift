/// An error raised while framing or decoding binlog events.
///
/// Carries a machine-readable ``Code``, a short human message, the header of the event being decoded
/// (when known) and the source location that raised it. Binlog bytes never contain secrets, but the
/// description still only shows a bounded prefix of the raw bytes.
public struct MySQLBinlogError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, extensible without breaking callers.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The event (or a field in it) ended before the field was complete.
        public static let truncated = Code(rawValue: "truncated")
        /// The CRC32 stored in the event does not match its bytes.
        public static let checksumMismatch = Code(rawValue: "checksumMismatch")
        /// A field holds a value the format does not allow.
        public static let malformed = Code(rawValue: "malformed")
        /// Bytes were left over after the payload was decoded.
        public static let trailingBytes = Code(rawValue: "trailingBytes")
        /// A rows event referenced a table id with no preceding TABLE_MAP.
        public static let unknownTable = Code(rawValue: "unknownTable")
        /// A column type the decoder cannot read (e.g. the pre-5.0 DECIMAL).
        public static let unsupportedColumnType = Code(rawValue: "unsupportedColumnType")
        /// The data is not a binlog file (bad magic).
        public static let badMagic = Code(rawValue: "badMagic")
        /// Decompression of a compressed event failed.
        public static let decompression = Code(rawValue: "decompression")
    }

    /// The kind of failure.
    public var code: Code
    /// A short explanation.
    public var message: String
    /// The header of the event being decoded, when it was already read.
    public var header: BinlogEventHeader?
    /// The source file that raised the error.
    public var file: String
    /// The source line that raised the error.
    public var line: Int

    /// Creates an error; `file`/`line` default to the caller's location.
    public init(
        _ code: Code, _ message: String, header: BinlogEventHeader? = nil,
        file: String = #fileID, line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.header = header
        self.file = file
        self.line = line
    }

    public var description: String {
        var text = "MySQLBinlogError.\(code): \(message)"
        if let header {
            text += " [event type \(header.typeCode) size \(header.eventSize) next \(header.nextPosition)]"
        }
        return text + " (\(file):\(line))"
    }

    static func truncated(_ what: String, file: String = #fileID, line: Int = #line) -> MySQLBinlogError {
        MySQLBinlogError(.truncated, "not enough bytes for \(what)", file: file, line: line)
    }

    static func malformed(_ what: String, file: String = #fileID, line: Int = #line) -> MySQLBinlogError {
        MySQLBinlogError(.malformed, what, file: file, line: line)
    }
}

/// The event checksum algorithm announced by the FORMAT_DESCRIPTION event (`binlog_checksum`).
public enum ChecksumAlgorithm: UInt8, Hashable, Sendable {
    /// No checksum (`binlog_checksum=NONE`).
    case off = 0
    /// A 4-byte CRC-32 (zlib polynomial) after each event body.
    case crc32 = 1
    /// The server predates checksums (MySQL < 5.6.1, MariaDB < 5.3).
    case undefined = 255

    /// Number of checksum bytes at the end of each event.
    public var trailerLength: Int { self == .crc32 ? 4 : 0 }
}

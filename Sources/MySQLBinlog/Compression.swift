import NIOCore

/// ZSTD frames of MySQL TRANSACTION_PAYLOAD events.
enum Zstd {
    static func decompress(_ payload: ByteBuffer, expectedSize: UInt64) throws(MySQLBinlogError) -> ByteBuffer {
        throw MySQLBinlogError(.decompression, "zstd decompression is not available in this build")
    }
}

/// MariaDB `log_bin_compress` events (QUERY_COMPRESSED 165, *_ROWS_COMPRESSED 166-171).
enum MariaDBCompression {
    static func decompressQuery(_ query: QueryEvent) throws(MySQLBinlogError) -> String {
        throw MySQLBinlogError(.decompression, "MariaDB compressed events are not available in this build")
    }

    static func decompressRows(_ data: inout ByteBuffer) throws(MySQLBinlogError) -> ByteBuffer {
        throw MySQLBinlogError(.decompression, "MariaDB compressed events are not available in this build")
    }
}

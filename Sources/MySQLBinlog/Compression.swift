import NIOCore

/// MariaDB `log_bin_compress` events (QUERY_COMPRESSED 165, *_ROWS_COMPRESSED 166-171): one header byte
/// (0x80 | number of length bytes; the algorithm bits 4-6 are 0 = zlib), the uncompressed length big-endian,
/// then a zlib stream (MariaDB `binlog_buf_compress`).
enum MariaDBCompression {
    /// Largest uncompressed size accepted (MariaDB's own limit is the 1 GiB packet ceiling).
    static let maximumSize = 1 << 30

    static func decompress(_ data: inout ByteBuffer) throws(MySQLBinlogError) -> [UInt8] {
        let header = try data.readLE(UInt8.self, "compressed header")
        let lengthBytes = Int(header & 0x07)
        guard header & 0x70 == 0, (1...4).contains(lengthBytes) else {
            throw MySQLBinlogError(.decompression, "unknown compressed header \(header)")
        }
        let size = Int(try data.readUIntBE(bytes: lengthBytes, "uncompressed length"))
        guard size <= maximumSize else { throw MySQLBinlogError(.decompression, "uncompressed size \(size)") }
        let compressed = try data.readByteArray(data.readableBytes)
        return try Inflate.zlib(compressed, expectedSize: size)
    }

    static func decompressRows(_ data: inout ByteBuffer) throws(MySQLBinlogError) -> ByteBuffer {
        ByteBuffer(bytes: try decompress(&data))
    }
}

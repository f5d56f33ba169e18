import CZstd
import NIOCore

/// The zstd payload of a MySQL TRANSACTION_PAYLOAD event (compression type 0), decompressed through the
/// system libzstd (MySQL source documentation, "Transaction_payload_event"; zstd format: RFC 8878).
///
/// The output is bounded before any allocation: the size the event header declares must be at most
/// ``maximumSize``, exactly that many bytes are allocated, and a stream that would produce more (or fewer)
/// bytes is refused with a typed error.
enum ZstdPayload {
    /// Largest uncompressed payload accepted (MySQL's own ceiling is the 1 GiB `max_allowed_packet`).
    static let maximumSize: UInt64 = 1 << 30

    /// Decompresses `payload` (one or more zstd frames) into exactly `expectedSize` bytes.
    static func decompress(_ payload: ByteBuffer, expectedSize: UInt64) throws(MySQLBinlogError) -> ByteBuffer {
        guard expectedSize <= maximumSize else {
            throw MySQLBinlogError(
                .decompression, "declared uncompressed size \(expectedSize) exceeds \(maximumSize)")
        }
        let size = Int(expectedSize)
        guard let context = ZSTD_createDCtx() else {
            throw MySQLBinlogError(.decompression, "zstd could not allocate a decompression context")
        }
        defer { ZSTD_freeDCtx(context) }
        // One spare byte of room makes an over-long stream observable instead of silently stopping.
        var output = ByteBufferAllocator().buffer(capacity: size + 1)
        var result: Result<Int, MySQLBinlogError> = .success(0)
        _ = payload.withUnsafeReadableBytes { source in
            output.writeWithUnsafeMutableBytes(minimumWritableBytes: size + 1) { target in
                let room = UnsafeMutableRawBufferPointer(rebasing: target[..<(size + 1)])
                result = run(context, source: source, target: room)
                return (try? result.get()) ?? 0
            }
        }
        let produced = try result.get()
        guard produced == size else {
            throw MySQLBinlogError(
                .decompression, "zstd payload decompressed to \(produced) bytes, header declares \(size)")
        }
        return output
    }

    /// Streams `source` through `context` into `target`; fails when the stream is corrupt, ends inside a
    /// frame, or fills `target` completely (the caller sized it one byte above the allowed output).
    private static func run(
        _ context: OpaquePointer, source: UnsafeRawBufferPointer, target: UnsafeMutableRawBufferPointer
    ) -> Result<Int, MySQLBinlogError> {
        var input = ZSTD_inBuffer(src: source.baseAddress, size: source.count, pos: 0)
        var out = ZSTD_outBuffer(dst: target.baseAddress, size: target.count, pos: 0)
        guard source.count > 0 else { return .failure(MySQLBinlogError(.decompression, "empty zstd payload")) }
        while true {
            let hint = ZSTD_decompressStream(context, &out, &input)
            if ZSTD_isError(hint) != 0 {
                let name = ZSTD_getErrorName(hint).map { String(cString: $0) } ?? "unknown"
                return .failure(MySQLBinlogError(.decompression, "zstd: \(name)"))
            }
            if out.pos == out.size {
                return .failure(MySQLBinlogError(.decompression, "zstd payload exceeds its declared size"))
            }
            if input.pos == input.size {
                guard hint == 0 else {
                    return .failure(MySQLBinlogError(.decompression, "zstd payload ends inside a frame"))
                }
                return .success(out.pos)
            }
        }
    }
}

import NIOCore

/// Little-endian and length-encoded readers used by every binlog payload decoder.
///
/// All readers throw ``MySQLBinlogError/Code/truncated`` instead of returning nil, because a payload
/// decoder always works on a complete, bounded event slice: running out of bytes there is an error.
extension ByteBuffer {
    @inline(__always)
    mutating func readLE<T: FixedWidthInteger>(_: T.Type, _ what: @autoclosure () -> String = "integer")
        throws(MySQLBinlogError) -> T
    {
        guard let value = readInteger(endianness: .little, as: T.self) else { throw .truncated(what()) }
        return value
    }

    @inline(__always)
    mutating func readBE<T: FixedWidthInteger>(_: T.Type, _ what: @autoclosure () -> String = "integer")
        throws(MySQLBinlogError) -> T
    {
        guard let value = readInteger(endianness: .big, as: T.self) else { throw .truncated(what()) }
        return value
    }

    /// Reads an unsigned little-endian integer of `count` (1...8) bytes.
    @inline(__always)
    mutating func readUIntLE(bytes count: Int, _ what: @autoclosure () -> String = "integer")
        throws(MySQLBinlogError) -> UInt64
    {
        guard count >= 0, count <= 8, readableBytes >= count else { throw .truncated(what()) }
        var value: UInt64 = 0
        let start = readerIndex
        for offset in 0..<count {
            let byte = getInteger(at: start + offset, as: UInt8.self) ?? 0
            value |= UInt64(byte) << (8 * UInt64(offset))
        }
        moveReaderIndex(forwardBy: count)
        return value
    }

    /// Reads an unsigned big-endian integer of `count` (1...8) bytes.
    @inline(__always)
    mutating func readUIntBE(bytes count: Int, _ what: @autoclosure () -> String = "integer")
        throws(MySQLBinlogError) -> UInt64
    {
        guard count >= 0, count <= 8, readableBytes >= count else { throw .truncated(what()) }
        var value: UInt64 = 0
        let start = readerIndex
        for offset in 0..<count {
            let byte = getInteger(at: start + offset, as: UInt8.self) ?? 0
            value = value << 8 | UInt64(byte)
        }
        moveReaderIndex(forwardBy: count)
        return value
    }

    /// Reads a MySQL length-encoded integer (0xFB..0xFF prefixes; MySQL manual "Protocol::LengthEncodedInteger").
    mutating func readLengthEncodedInteger(_ what: @autoclosure () -> String = "length-encoded integer")
        throws(MySQLBinlogError) -> UInt64
    {
        let first: UInt8 = try readLE(UInt8.self, what())
        switch first {
        case 0..<0xFB: return UInt64(first)
        case 0xFC: return try readUIntLE(bytes: 2, what())
        case 0xFD: return try readUIntLE(bytes: 3, what())
        case 0xFE: return try readUIntLE(bytes: 8, what())
        default: throw .malformed("invalid length-encoded integer prefix \(first) in \(what())")
        }
    }

    /// Reads a length-encoded integer and checks it fits in the remaining bytes (a count of items or bytes).
    mutating func readLengthEncodedCount(_ what: @autoclosure () -> String) throws(MySQLBinlogError) -> Int {
        let value = try readLengthEncodedInteger(what())
        guard value <= UInt64(readableBytes) else { throw .truncated(what()) }
        return Int(value)
    }

    /// Reads `count` bytes as an array.
    mutating func readByteArray(_ count: Int, _ what: @autoclosure () -> String = "bytes")
        throws(MySQLBinlogError) -> [UInt8]
    {
        guard count >= 0, let bytes = readBytes(length: count) else { throw .truncated(what()) }
        return bytes
    }

    /// Reads `count` bytes as a slice sharing storage.
    mutating func readSliceOrThrow(_ count: Int, _ what: @autoclosure () -> String = "bytes")
        throws(MySQLBinlogError) -> ByteBuffer
    {
        guard count >= 0, let slice = readSlice(length: count) else { throw .truncated(what()) }
        return slice
    }

    /// Reads `count` bytes decoded as UTF-8 (invalid sequences repaired; identifiers and SQL text only).
    mutating func readText(_ count: Int, _ what: @autoclosure () -> String = "text") throws(MySQLBinlogError) -> String {
        guard count >= 0, count <= readableBytes else { throw .truncated(what()) }
        let text = getString(at: readerIndex, length: count) ?? ""
        moveReaderIndex(forwardBy: count)
        return text
    }

    /// Reads all remaining bytes as text.
    mutating func readRemainingText() -> String {
        readString(length: readableBytes) ?? ""
    }

    /// Skips `count` bytes.
    mutating func skip(_ count: Int, _ what: @autoclosure () -> String = "bytes") throws(MySQLBinlogError) {
        guard count >= 0, count <= readableBytes else { throw .truncated(what()) }
        moveReaderIndex(forwardBy: count)
    }
}

import NIOCore

/// Readers and writers for the MySQL basic data types ("Basic Data Types" in the Client/Server Protocol manual):
/// fixed-length little-endian integers, length-encoded integers and strings, NUL-terminated strings.
extension ByteBuffer {
    /// Reads a little-endian fixed-length integer.
    public mutating func readMySQLInteger<T: FixedWidthInteger>(as: T.Type = T.self) -> T? {
        readInteger(endianness: .little, as: T.self)
    }

    /// Reads a 3-byte little-endian integer.
    public mutating func readMySQLUInt24() -> UInt32? {
        guard let low = readInteger(endianness: .little, as: UInt16.self), let high = readInteger(as: UInt8.self)
        else { return nil }
        return UInt32(low) | UInt32(high) << 16
    }

    /// Reads a 6-byte little-endian integer (binlog positions in some events).
    public mutating func readMySQLUInt48() -> UInt64? {
        guard let low = readInteger(endianness: .little, as: UInt32.self),
            let high = readInteger(endianness: .little, as: UInt16.self)
        else { return nil }
        return UInt64(low) | UInt64(high) << 32
    }

    /// Reads a length-encoded integer. Returns nil when truncated or when the first byte is 0xFB (NULL) or 0xFF.
    public mutating func readLengthEncodedInteger() -> UInt64? {
        let saved = readerIndex
        guard let first = readInteger(as: UInt8.self) else { return nil }
        let value: UInt64?
        switch first {
        case 0..<0xFB: value = UInt64(first)
        case 0xFC: value = readInteger(endianness: .little, as: UInt16.self).map(UInt64.init)
        case 0xFD: value = readMySQLUInt24().map(UInt64.init)
        case 0xFE: value = readInteger(endianness: .little, as: UInt64.self)
        default: value = nil
        }
        if value == nil { moveReaderIndex(to: saved) }
        return value
    }

    /// Reads a length-encoded string as bytes. Returns `.some(nil)` for the NULL marker 0xFB, nil when truncated.
    public mutating func readLengthEncodedSlice() -> ByteBuffer?? {
        let saved = readerIndex
        if getInteger(at: readerIndex, as: UInt8.self) == 0xFB {
            moveReaderIndex(forwardBy: 1)
            return .some(nil)
        }
        guard let length = readLengthEncodedInteger(), length <= UInt64(Int.max),
            let slice = readSlice(length: Int(length))
        else {
            moveReaderIndex(to: saved)
            return nil
        }
        return .some(slice)
    }

    /// Reads a non-NULL length-encoded string as UTF-8 text.
    public mutating func readLengthEncodedString() -> String? {
        guard case .some(.some(var slice)) = readLengthEncodedSlice() else { return nil }
        return slice.readString(length: slice.readableBytes)
    }

    /// Reads the rest of the buffer as a string (a "string<EOF>"), dropping one trailing NUL if present.
    public mutating func readEOFString() -> String {
        var bytes = readableBytesView
        if bytes.last == 0 { bytes = bytes.dropLast() }
        let string = String(decoding: bytes, as: UTF8.self)
        moveReaderIndex(to: writerIndex)
        return string
    }

    /// Writes a length-encoded integer.
    public mutating func writeLengthEncodedInteger(_ value: UInt64) {
        switch value {
        case 0..<0xFB: writeInteger(UInt8(value))
        case 0xFB...0xFFFF:
            writeInteger(UInt8(0xFC))
            writeInteger(UInt16(value), endianness: .little)
        case 0x1_0000...0xFF_FFFF:
            writeInteger(UInt8(0xFD))
            writeInteger(UInt16(truncatingIfNeeded: value), endianness: .little)
            writeInteger(UInt8(truncatingIfNeeded: value >> 16))
        default:
            writeInteger(UInt8(0xFE))
            writeInteger(value, endianness: .little)
        }
    }

    /// Writes bytes preceded by their length as a length-encoded integer.
    public mutating func writeLengthEncodedBytes(_ bytes: some Collection<UInt8>) {
        writeLengthEncodedInteger(UInt64(bytes.count))
        writeBytes(bytes)
    }

    /// Writes a little-endian integer.
    public mutating func writeMySQLInteger<T: FixedWidthInteger>(_ value: T) {
        writeInteger(value, endianness: .little)
    }
}

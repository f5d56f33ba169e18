import NIOCore

/// One row of a text result set: each value is a length-encoded string, or NULL (0xFB).
///
/// MySQL Client/Server Protocol, "Text Resultset Row" (Protocol::ResultsetRow).
public struct TextResultRow: Hashable, Sendable {
    /// The raw values in column order; nil is SQL NULL.
    public var values: [ByteBuffer?]

    /// Creates a row.
    public init(values: [ByteBuffer?]) { self.values = values }

    /// The value of column `index` as UTF-8 text (nil for NULL or out of range).
    public func string(at index: Int) -> String? {
        guard values.indices.contains(index), let value = values[index] else { return nil }
        return String(buffer: value)
    }

    /// Decodes a row of `columnCount` values; the payload must be fully consumed. The values are slices of
    /// `payload` (no copy). The lengths are read from the raw bytes in one pass: this runs once per row of every
    /// snapshot read, and reading through `ByteBuffer`'s mutating readers cost a dynamic exclusivity check each.
    public static func decode(_ payload: ByteBuffer, columnCount: Int) throws -> TextResultRow {
        var values: [ByteBuffer?] = []
        values.reserveCapacity(columnCount)
        let base = payload.readerIndex
        var column = 0
        let consumed = payload.withUnsafeReadableBytes { raw -> Int? in
            var offset = 0
            while column < columnCount {
                guard offset < raw.count else { return nil }
                let first = raw[offset]
                let header: Int
                let length: UInt64
                switch first {
                case 0xFB:
                    values.append(nil)
                    offset += 1
                    column += 1
                    continue
                case 0..<0xFB:
                    header = 1
                    length = UInt64(first)
                case 0xFC:
                    header = 3
                    guard raw.count - offset >= header else { return nil }
                    length = UInt64(raw[offset + 1]) | UInt64(raw[offset + 2]) << 8
                case 0xFD:
                    header = 4
                    guard raw.count - offset >= header else { return nil }
                    length = UInt64(raw[offset + 1]) | UInt64(raw[offset + 2]) << 8 | UInt64(raw[offset + 3]) << 16
                case 0xFE:
                    header = 9
                    guard raw.count - offset >= header else { return nil }
                    var value: UInt64 = 0
                    for index in (1...8).reversed() { value = value << 8 | UInt64(raw[offset + index]) }
                    length = value
                default:
                    return nil
                }
                guard length <= UInt64(raw.count - offset - header),
                    let slice = payload.getSlice(at: base + offset + header, length: Int(length))
                else { return nil }
                values.append(slice)
                offset += header + Int(length)
                column += 1
            }
            return offset
        }
        guard let consumed else {
            throw MySQLWireError(.truncated, message: "ResultsetRow", detail: "column \(column)")
        }
        guard consumed == payload.readableBytes else {
            throw MySQLWireError(
                .trailingBytes, message: "ResultsetRow", detail: "\(payload.readableBytes - consumed) bytes")
        }
        return TextResultRow(values: values)
    }

    /// Encodes the row (used by tests).
    public func encode() -> ByteBuffer {
        var buffer = ByteBuffer()
        for value in values {
            if let value { buffer.writeLengthEncodedBytes(value.readableBytesView) } else { buffer.writeInteger(UInt8(0xFB)) }
        }
        return buffer
    }
}

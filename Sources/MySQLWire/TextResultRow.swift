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

    /// Decodes a row of `columnCount` values; the payload must be fully consumed.
    public static func decode(_ payload: ByteBuffer, columnCount: Int) throws -> TextResultRow {
        var buffer = payload
        var values: [ByteBuffer?] = []
        values.reserveCapacity(columnCount)
        for index in 0..<columnCount {
            guard let value = buffer.readLengthEncodedSlice() else {
                throw MySQLWireError(.truncated, message: "ResultsetRow", detail: "column \(index)")
            }
            values.append(value)
        }
        guard buffer.readableBytes == 0 else {
            throw MySQLWireError(.trailingBytes, message: "ResultsetRow", detail: "\(buffer.readableBytes) bytes")
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

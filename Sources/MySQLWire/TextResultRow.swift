import NIOCore

/// One row of a text result set: each value is a length-encoded string, or NULL (0xFB).
///
/// MySQL Client/Server Protocol, "Text Resultset Row" (Protocol::ResultsetRow). The row keeps its packet payload as
/// it arrived (checked once by `decode`) and finds its values in it on demand: a reader that only forwards the
/// values (the snapshot path) pays no array and no slice per value.
public struct TextResultRow: Hashable, Sendable {
    /// The payload: `columnCount` length-encoded strings or NULL markers, nothing after them.
    public let payload: ByteBuffer
    /// The number of values.
    public let columnCount: Int

    private init(checkedPayload payload: ByteBuffer, columnCount: Int) {
        self.payload = payload
        self.columnCount = columnCount
    }

    /// Creates a row of `values` (encodes them; used by tests and by code that builds rows by hand).
    public init(values: [ByteBuffer?]) {
        var buffer = ByteBuffer()
        for value in values {
            if let value { buffer.writeLengthEncodedBytes(value.readableBytesView) } else { buffer.writeInteger(UInt8(0xFB)) }
        }
        self.init(checkedPayload: buffer, columnCount: values.count)
    }

    /// The raw values in column order; nil is SQL NULL (slices of the payload, made on each call).
    public var values: [ByteBuffer?] {
        var values: [ByteBuffer?] = []
        values.reserveCapacity(columnCount)
        forEachValue { offset, length in
            values.append(
                length < 0 ? nil : payload.getSlice(at: payload.readerIndex + offset, length: length))
        }
        return values
    }

    /// Calls `body` with the offset (from the payload's reader index) and length of each value in order; the
    /// length is -1 for NULL.
    public func forEachValue(_ body: (_ offset: Int, _ length: Int) -> Void) {
        payload.withUnsafeReadableBytes { bytes in
            _ = Self.scan(bytes, columnCount: columnCount, body)
        }
    }

    /// The value of column `index` as UTF-8 text (nil for NULL or out of range).
    public func string(at index: Int) -> String? {
        guard index >= 0, index < columnCount else { return nil }
        var found: (Int, Int) = (0, -1)
        var position = 0
        forEachValue { offset, length in
            if position == index { found = (offset, length) }
            position += 1
        }
        guard found.1 >= 0 else { return nil }
        return payload.getString(at: payload.readerIndex + found.0, length: found.1)
    }

    /// Decodes a row of `columnCount` values; the payload must be fully consumed.
    public static func decode(_ payload: ByteBuffer, columnCount: Int) throws -> TextResultRow {
        let outcome = payload.withUnsafeReadableBytes { bytes in
            scan(bytes, columnCount: columnCount) { _, _ in }
        }
        switch outcome {
        case .complete:
            return TextResultRow(checkedPayload: payload, columnCount: columnCount)
        case .truncated(let column):
            throw MySQLWireError(.truncated, message: "ResultsetRow", detail: "column \(column)")
        case .trailing(let count):
            throw MySQLWireError(.trailingBytes, message: "ResultsetRow", detail: "\(count) bytes")
        }
    }

    /// Encodes the row (used by tests).
    public func encode() -> ByteBuffer { payload }

    /// How a scan of a payload ended.
    enum ScanOutcome {
        case complete
        /// The payload ended inside or before column N.
        case truncated(Int)
        /// N bytes followed the last value.
        case trailing(Int)
    }

    /// Walks `columnCount` length-encoded values of `bytes`, calling `body` with each value's offset and length
    /// (-1 for NULL), stopping at the first malformed one.
    static func scan(
        _ bytes: UnsafeRawBufferPointer, columnCount: Int, _ body: (_ offset: Int, _ length: Int) -> Void
    ) -> ScanOutcome {
        let count = bytes.count
        var position = 0
        for column in 0..<columnCount {
            guard position < count else { return .truncated(column) }
            let first = bytes[position]
            var length: Int
            switch first {
            case 0xFB:
                body(position, -1)
                position &+= 1
                continue
            case 0..<0xFB:
                length = Int(first)
                position &+= 1
            case 0xFC, 0xFD, 0xFE:
                let width = first == 0xFC ? 2 : first == 0xFD ? 3 : 8
                guard count - position > width else { return .truncated(column) }
                var value: UInt64 = 0
                for byte in 0..<width { value |= UInt64(bytes[position + 1 + byte]) << (8 * UInt64(byte)) }
                guard value <= UInt64(count) else { return .truncated(column) }
                length = Int(value)
                position += 1 + width
            default:
                return .truncated(column)
            }
            guard length <= count - position else { return .truncated(column) }
            body(position, length)
            position &+= length
        }
        return position == count ? .complete : .trailing(count - position)
    }
}

import NIOCore
import SyncEngine

/// Encodes interchange rows (`Row`) straight into a `ByteBuffer` in COPY text format (PostgreSQL manual, COPY
/// "Text Format"): columns separated by tab, rows ended by newline, NULL as `\N`, and backslash, tab, newline and
/// carriage return escaped. Values are copied byte-wise from their buffers: no per-value `String`.
struct COPYTextEncoder: Sendable {
    /// One encoding per column, in row order.
    let columns: [COPYColumnEncoding]
    /// Zero dates become NULL (true) or refuse the row (false).
    let zeroDateAsNull: Bool

    /// Creates an encoder.
    init(columns: [COPYColumnEncoding], zeroDateAsNull: Bool) {
        self.columns = columns
        self.zeroDateAsNull = zeroDateAsNull
    }

    /// Appends `row` as one line. Returns nil when written, or why the row is refused (a dirty record); a refused
    /// row leaves `buffer` as it was.
    func append(_ row: Row, to buffer: inout ByteBuffer) -> String? {
        guard row.values.count == columns.count else {
            return "the row has \(row.values.count) values but the table plan has \(columns.count) columns"
        }
        let start = buffer.writerIndex
        for index in columns.indices {
            if index > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
            guard let value = row.values[index] else {
                Self.writeNull(to: &buffer)
                continue
            }
            if let refusal = append(value, as: columns[index], to: &buffer) {
                buffer.moveWriterIndex(to: start)
                return refusal
            }
        }
        buffer.writeInteger(UInt8(ascii: "\n"))
        return nil
    }

    private func append(_ value: ByteBuffer, as encoding: COPYColumnEncoding, to buffer: inout ByteBuffer) -> String? {
        switch encoding {
        case .text:
            Self.writeEscaped(value, to: &buffer)
        case .date:
            guard Self.isZeroDate(value) else {
                Self.writeEscaped(value, to: &buffer)
                return nil
            }
            guard zeroDateAsNull else {
                return "zero date '\(String(buffer: value))' has no PostgreSQL equivalent (zeroDateAsNull is off)"
            }
            Self.writeNull(to: &buffer)
        case .bytea:
            Self.writeByteaHex(value, to: &buffer)
        case .bits(let width):
            Self.writeBits(value, width: width, to: &buffer)
        case .boolean:
            switch value.readableBytesView.first {
            case UInt8(ascii: "0") where value.readableBytes == 1:
                buffer.writeInteger(UInt8(ascii: "f"))
            case UInt8(ascii: "1") where value.readableBytes == 1:
                buffer.writeInteger(UInt8(ascii: "t"))
            default:
                return "TINYINT(1) value '\(String(buffer: value))' is neither 0 nor 1 and the column is boolean"
            }
        }
        return nil
    }

    /// Writes `\N`.
    static func writeNull(to buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt16(0x5C4E))  // "\N", big-endian
    }

    /// Writes `value` with COPY escapes; NUL bytes are dropped (PostgreSQL text cannot hold them).
    static func writeEscaped(_ value: ByteBuffer, to buffer: inout ByteBuffer) {
        value.withUnsafeReadableBytes { bytes in
            var runStart = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte == 0x5C || (byte < 0x0E && (byte == 0x00 || byte == 0x09 || byte == 0x0A || byte == 0x0D))
                else { continue }
                if runStart < index {
                    buffer.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[runStart..<index]))
                }
                runStart = index + 1
                switch byte {
                case 0x5C: buffer.writeInteger(UInt16(0x5C5C))  // "\\"
                case 0x09: buffer.writeInteger(UInt16(0x5C74))  // "\t"
                case 0x0A: buffer.writeInteger(UInt16(0x5C6E))  // "\n"
                case 0x0D: buffer.writeInteger(UInt16(0x5C72))  // "\r"
                default: break  // NUL: removed
                }
            }
            if runStart < bytes.count {
                buffer.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[runStart..<bytes.count]))
            }
        }
    }

    /// Writes `\\x` and two lower-case hex digits per byte.
    static func writeByteaHex(_ value: ByteBuffer, to buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt16(0x5C5C))
        buffer.writeInteger(UInt8(ascii: "x"))
        let count = value.readableBytes
        guard count > 0 else { return }
        value.withUnsafeReadableBytes { bytes in
            _ = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count * 2) { target in
                for index in 0..<count {
                    let byte = bytes[index]
                    target[index * 2] = hexDigits[Int(byte >> 4)]
                    target[index * 2 + 1] = hexDigits[Int(byte & 0x0F)]
                }
                return count * 2
            }
        }
    }

    /// Writes the low `width` bits of the big-endian `value`, most significant first, as `0`/`1`.
    static func writeBits(_ value: ByteBuffer, width: Int, to buffer: inout ByteBuffer) {
        guard width > 0 else { return }
        value.withUnsafeReadableBytes { bytes in
            _ = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: width) { target in
                for position in 0..<width {
                    let bitFromRight = width - 1 - position
                    let byteFromRight = bitFromRight / 8
                    var bit: UInt8 = 0
                    if byteFromRight < bytes.count {
                        bit = (bytes[bytes.count - 1 - byteFromRight] >> UInt8(bitFromRight % 8)) & 1
                    }
                    target[position] = bit == 1 ? UInt8(ascii: "1") : UInt8(ascii: "0")
                }
                return width
            }
        }
    }

    /// Whether a DATE/DATETIME/TIMESTAMP text is a zero date: `0000-00-00`, or a zero month or day.
    static func isZeroDate(_ value: ByteBuffer) -> Bool {
        guard value.readableBytes >= 10 else { return false }
        let view = value.readableBytesView
        let start = view.startIndex
        let zero = UInt8(ascii: "0")
        let monthIsZero = view[start + 5] == zero && view[start + 6] == zero
        let dayIsZero = view[start + 8] == zero && view[start + 9] == zero
        return monthIsZero || dayIsZero
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}

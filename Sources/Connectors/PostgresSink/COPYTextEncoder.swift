import NIOCore
import SyncEngine

/// Encodes interchange rows (`Row`) straight into a `ByteBuffer` in COPY text format (PostgreSQL manual, COPY
/// "Text Format"): columns separated by tab, rows ended by newline, NULL as `\N`, and backslash, tab, newline and
/// carriage return escaped. Each row is written with one capacity check into the buffer's raw bytes, values copied
/// byte-wise from their buffers: no per-value `String`, and no `inout` captured by closures on the hot path (which
/// would cost a dynamic exclusivity check per value).
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
        guard row.count == columns.count else {
            return "the row has \(row.count) values but the table plan has \(columns.count) columns"
        }
        var capacity = columns.count  // separators and the newline
        for (index, encoding) in columns.enumerated() {
            guard let value = row[index] else {
                capacity += 2
                continue
            }
            if let refusal = refusal(of: value, as: encoding) { return refusal }
            capacity += Self.maximumLength(of: value.readableBytes, as: encoding)
        }
        _ = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: capacity) { target in
            var position = 0
            for (index, encoding) in columns.enumerated() {
                if index > 0 {
                    target[position] = UInt8(ascii: "\t")
                    position += 1
                }
                position = row.withValue(at: index) { bytes in
                    guard let bytes else { return Self.writeNull(into: target, at: position) }
                    return Self.write(bytes, as: encoding, into: target, at: position)
                }
            }
            target[position] = UInt8(ascii: "\n")
            return position + 1
        }
        return nil
    }

    /// Why `value` cannot be written as `encoding`, or nil.
    private func refusal(of value: ByteBuffer, as encoding: COPYColumnEncoding) -> String? {
        switch encoding {
        case .date where !zeroDateAsNull && Self.isZeroDate(value):
            return "zero date '\(String(buffer: value))' has no PostgreSQL equivalent (zeroDateAsNull is off)"
        case .boolean:
            let view = value.readableBytesView
            guard view.count == 1, view.first == UInt8(ascii: "0") || view.first == UInt8(ascii: "1") else {
                return "TINYINT(1) value '\(String(buffer: value))' is neither 0 nor 1 and the column is boolean"
            }
            return nil
        default:
            return nil
        }
    }

    /// The most bytes `length` value bytes can take once encoded.
    private static func maximumLength(of length: Int, as encoding: COPYColumnEncoding) -> Int {
        switch encoding {
        case .text, .date: max(2, length * 2)  // every byte escaped at worst; `\N` for a zero date
        case .bytea: 3 + length * 2
        case .bits(let width): width
        case .boolean: 1
        }
    }

    /// Writes one non-NULL value at `position`; returns the position after it.
    private static func write(
        _ bytes: UnsafeRawBufferPointer, as encoding: COPYColumnEncoding,
        into target: UnsafeMutableRawBufferPointer, at position: Int
    ) -> Int {
        switch encoding {
        case .text:
            return writeEscaped(bytes, into: target, at: position)
        case .date:
            // Refused rows never get here, so a zero date is one to write as NULL.
            return InterchangeBinary.isZeroDate(bytes) ? writeNull(into: target, at: position) : writeEscaped(bytes, into: target, at: position)
        case .bytea:
            return writeByteaHex(bytes, into: target, at: position)
        case .bits(let width):
            return writeBits(bytes, width: width, into: target, at: position)
        case .boolean:
            target[position] = bytes.first == UInt8(ascii: "1") ? UInt8(ascii: "t") : UInt8(ascii: "f")
            return position + 1
        }
    }

    private static func writeNull(into target: UnsafeMutableRawBufferPointer, at position: Int) -> Int {
        target[position] = UInt8(ascii: "\\")
        target[position + 1] = UInt8(ascii: "N")
        return position + 2
    }

    /// Copies `bytes` with COPY escapes; NUL bytes are dropped (PostgreSQL text cannot hold them).
    private static func writeEscaped(
        _ bytes: UnsafeRawBufferPointer, into target: UnsafeMutableRawBufferPointer, at start: Int
    ) -> Int {
        var position = start
        var runStart = 0
        for index in 0..<bytes.count {
            let byte = bytes[index]
            guard byte == 0x5C || (byte < 0x0E && (byte == 0x00 || byte == 0x09 || byte == 0x0A || byte == 0x0D))
            else { continue }
            position = copy(bytes, runStart..<index, into: target, at: position)
            runStart = index + 1
            let escaped: UInt8
            switch byte {
            case 0x5C: escaped = UInt8(ascii: "\\")
            case 0x09: escaped = UInt8(ascii: "t")
            case 0x0A: escaped = UInt8(ascii: "n")
            case 0x0D: escaped = UInt8(ascii: "r")
            default: continue  // NUL: removed
            }
            target[position] = UInt8(ascii: "\\")
            target[position + 1] = escaped
            position += 2
        }
        return copy(bytes, runStart..<bytes.count, into: target, at: position)
    }

    private static func copy(
        _ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, into target: UnsafeMutableRawBufferPointer, at position: Int
    ) -> Int {
        guard !range.isEmpty else { return position }
        UnsafeMutableRawBufferPointer(rebasing: target[position..<(position + range.count)])
            .copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[range]))
        return position + range.count
    }

    /// Writes `\\x` and two lower-case hex digits per byte.
    private static func writeByteaHex(
        _ bytes: UnsafeRawBufferPointer, into target: UnsafeMutableRawBufferPointer, at start: Int
    ) -> Int {
        target[start] = UInt8(ascii: "\\")
        target[start + 1] = UInt8(ascii: "\\")
        target[start + 2] = UInt8(ascii: "x")
        var position = start + 3
        for byte in bytes {
            target[position] = hexDigit(byte >> 4)
            target[position + 1] = hexDigit(byte & 0x0F)
            position += 2
        }
        return position
    }

    /// Writes the low `width` bits of the big-endian `bytes`, most significant first, as `0`/`1`.
    private static func writeBits(
        _ bytes: UnsafeRawBufferPointer, width: Int, into target: UnsafeMutableRawBufferPointer, at start: Int
    ) -> Int {
        for position in 0..<width {
            let bitFromRight = width - 1 - position
            let byteFromRight = bitFromRight / 8
            var bit: UInt8 = 0
            if byteFromRight < bytes.count {
                bit = (bytes[bytes.count - 1 - byteFromRight] >> UInt8(bitFromRight % 8)) & 1
            }
            target[start + position] = bit == 1 ? UInt8(ascii: "1") : UInt8(ascii: "0")
        }
        return start + width
    }

    /// Whether a DATE/DATETIME/TIMESTAMP text is a zero date: `0000-00-00`, or a zero month or day.
    static func isZeroDate(_ value: ByteBuffer) -> Bool {
        value.withUnsafeReadableBytes { InterchangeBinary.isZeroDate($0) }
    }

    @inline(__always)
    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? nibble + UInt8(ascii: "0") : nibble - 10 + UInt8(ascii: "a")
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import SyncEngine

/// Encodes interchange rows (`Row`) in COPY binary format (PostgreSQL manual, COPY "Binary Format"): a header,
/// then per row a 16-bit field count and per field a 32-bit length (-1 for NULL) and the type's binary
/// representation, then a trailer. PostgreSQL reads this with far less work than text (no number or date parsing,
/// no escapes): about 40% less server time for a narrow table. Used when every column has a `COPYBinaryColumn`.
struct COPYBinaryEncoder: Sendable {
    /// One encoding per column, in row order.
    let columns: [COPYBinaryColumn]
    /// Zero dates become NULL (true) or refuse the row (false).
    let zeroDateAsNull: Bool

    /// The 11-byte signature, then 32-bit flags (no OIDs) and header-extension length, both 0.
    static let header: [UInt8] = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00] + [0, 0, 0, 0] + [0, 0, 0, 0]

    /// Creates an encoder; nil when `columns` is too long for the 16-bit field count.
    init?(columns: [COPYBinaryColumn], zeroDateAsNull: Bool) {
        guard columns.count < Int(Int16.max) else { return nil }
        self.columns = columns
        self.zeroDateAsNull = zeroDateAsNull
    }

    /// Writes the header that starts every COPY's data.
    func begin(_ buffer: inout ByteBuffer) {
        buffer.writeBytes(Self.header)
    }

    /// Writes the trailer (a field count of -1) that ends every COPY's data.
    func finish(_ buffer: inout ByteBuffer) {
        buffer.writeInteger(Int16(-1))
    }

    /// Appends `row`, after a leading boolean field `flag` when given (change staging's operation column).
    /// Returns nil when written, or why the row is refused (a dirty record); a refused row leaves `buffer` as it
    /// was.
    func append(_ row: Row, to buffer: inout ByteBuffer, flag: Bool? = nil) -> String? {
        guard row.count == columns.count else {
            return "the row has \(row.count) values but the table plan has \(columns.count) columns"
        }
        var capacity = 2 + (flag == nil ? 0 : 5)
        for (span, column) in zip(row.spans, columns) {
            capacity += 4 + (span.isNull ? 0 : column.maximumLength(of: Int(span.length)))
        }
        var refusal: String?
        _ = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: capacity) { target in
            guard let base = target.baseAddress else { return 0 }
            var position = InterchangeBinary.store(UInt16(columns.count + (flag == nil ? 0 : 1)), at: base, 0)
            if let flag {
                position = InterchangeBinary.store(UInt32(1), at: base, position)
                base.storeBytes(of: flag ? 1 : 0, toByteOffset: position, as: UInt8.self)
                position += 1
            }
            row.forEachValue { index, value in
                guard refusal == nil else { return }
                guard let value else {
                    position = InterchangeBinary.store(UInt32(bitPattern: -1), at: base, position)
                    return
                }
                switch write(value, as: columns[index], at: base, position) {
                case .written(let next): position = next
                case .refused(let reason): refusal = reason
                }
            }
            return refusal == nil ? position : 0
        }
        return refusal
    }

    private enum Outcome {
        case written(Int)
        case refused(String)
    }

    /// Writes one non-NULL field (length word and data) at `position`.
    private func write(
        _ bytes: UnsafeRawBufferPointer, as column: COPYBinaryColumn, at base: UnsafeMutableRawPointer, _ position: Int
    ) -> Outcome {
        switch column {
        case .integer(let width):
            guard let value = InterchangeBinary.integer(bytes), InterchangeBinary.fits(value, width: width) else {
                return .refused(Self.outOfRange(bytes, column))
            }
            let start = InterchangeBinary.store(UInt32(width), at: base, position)
            switch width {
            case 2: return .written(InterchangeBinary.store(UInt16(truncatingIfNeeded: value), at: base, start))
            case 4: return .written(InterchangeBinary.store(UInt32(truncatingIfNeeded: value), at: base, start))
            default: return .written(InterchangeBinary.store(UInt64(bitPattern: value), at: base, start))
            }
        case .text:
            return .written(Self.writeWithoutNUL(bytes, at: base, position))
        case .jsonb:
            // The text goes after the version byte; its length word lands where the version goes, so the version
            // and the field's own length are written after it.
            let end = Self.writeWithoutNUL(bytes, at: base, position + 1)
            _ = InterchangeBinary.store(UInt32(end - position - 4), at: base, position)
            base.storeBytes(of: 1, toByteOffset: position + 4, as: UInt8.self)
            return .written(end)
        case .numeric:
            guard let end = InterchangeBinary.writeNumeric(bytes, at: base, position + 4) else {
                return .refused(
                    "invalid input syntax for type numeric: \"\(String(decoding: bytes, as: UTF8.self))\" [SQLSTATE 22P02]")
            }
            _ = InterchangeBinary.store(UInt32(end - position - 4), at: base, position)
            return .written(end)
        case .bytea:
            let start = InterchangeBinary.store(UInt32(bytes.count), at: base, position)
            if let source = bytes.baseAddress, !bytes.isEmpty {
                (base + start).copyMemory(from: source, byteCount: bytes.count)
            }
            return .written(start + bytes.count)
        case .boolean:
            guard bytes.count == 1, bytes[0] == UInt8(ascii: "0") || bytes[0] == UInt8(ascii: "1") else {
                return .refused(
                    "TINYINT(1) value '\(String(decoding: bytes, as: UTF8.self))' is neither 0 nor 1 and the column is boolean"
                )
            }
            let start = InterchangeBinary.store(UInt32(1), at: base, position)
            base.storeBytes(of: bytes[0] == UInt8(ascii: "1") ? 1 : 0, toByteOffset: start, as: UInt8.self)
            return .written(start + 1)
        case .date, .timestamp:
            if InterchangeBinary.isZeroDate(bytes) {
                guard zeroDateAsNull else {
                    return .refused(
                        "zero date '\(String(decoding: bytes, as: UTF8.self))' has no PostgreSQL equivalent (zeroDateAsNull is off)"
                    )
                }
                return .written(InterchangeBinary.store(UInt32(bitPattern: -1), at: base, position))
            }
            if column == .date {
                guard let days = InterchangeBinary.postgresDays(bytes), bytes.count == 10 else {
                    return .refused(Self.outOfRange(bytes, column))
                }
                let start = InterchangeBinary.store(UInt32(4), at: base, position)
                return .written(InterchangeBinary.store(UInt32(bitPattern: days), at: base, start))
            }
            guard let microseconds = InterchangeBinary.postgresMicroseconds(bytes) else {
                return .refused(Self.outOfRange(bytes, column))
            }
            let start = InterchangeBinary.store(UInt32(8), at: base, position)
            return .written(InterchangeBinary.store(UInt64(bitPattern: microseconds), at: base, start))
        }
    }

    /// Why `bytes` cannot be a `column` value, in the words (and with the SQLSTATE) of the server's text input
    /// function, which the text format would have run into.
    private static func outOfRange(_ bytes: UnsafeRawBufferPointer, _ column: COPYBinaryColumn) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        switch column {
        case .date, .timestamp:
            return "date/time field value out of range: \"\(text)\" [SQLSTATE 22008]"
        default:
            let digits = bytes.drop { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") }
            guard !digits.isEmpty, digits.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }), bytes.count - digits.count <= 1
            else { return "invalid input syntax for type \(column.typeName): \"\(text)\" [SQLSTATE 22P02]" }
            return "value \"\(text)\" is out of range for type \(column.typeName) [SQLSTATE 22003]"
        }
    }

    /// Writes the length word and `bytes` without their NUL bytes.
    private static func writeWithoutNUL(
        _ bytes: UnsafeRawBufferPointer, at base: UnsafeMutableRawPointer, _ position: Int
    ) -> Int {
        let start = position + 4
        var end = start
        if let source = bytes.baseAddress, !bytes.isEmpty {
            if memchr(source, 0, bytes.count) == nil {
                (base + start).copyMemory(from: source, byteCount: bytes.count)
                end += bytes.count
            } else {
                for byte in bytes where byte != 0 {
                    base.storeBytes(of: byte, toByteOffset: end, as: UInt8.self)
                    end += 1
                }
            }
        }
        _ = InterchangeBinary.store(UInt32(end - start), at: base, position)
        return end
    }
}

import MySQLBinlog
import NIOCore
import SyncEngine

/// Converts binlog row values (`MySQLValue`) into the interchange bytes of `Row`, exactly as the snapshot reader
/// receives the same value over the text protocol with `SET NAMES utf8mb4` and `time_zone = '+00:00'` (issue 5
/// item 1; `Row` documents the form): integers in decimal, FLOAT/DOUBLE as `MySQLDoubleText`, DECIMAL with its
/// scale, temporal values with exactly the column's fractional digits, TIMESTAMP as UTC, BIT as (n+7)/8
/// big-endian bytes, ENUM/SET as member names, text as UTF-8, binary strings raw (BINARY(n) zero-padded).
public enum BinlogRowConverter {
    /// Converts one value for `column` (the plan's column); nil for SQL NULL. Fails with `.unsupportedValue` for
    /// text in a character set Tide cannot convert to UTF-8.
    public static func convert(_ value: MySQLValue, for column: ColumnSchema) throws -> ByteBuffer? {
        var buffer = ByteBuffer()
        return try append(value, for: column, to: &buffer) ? buffer : nil
    }

    /// Appends the interchange bytes of `value` for `column` to `buffer`; false (nothing written) for SQL NULL.
    /// The change stream converts every value of a rows event into one buffer and hands slices of it on, so a row
    /// image costs one allocation instead of one per value.
    public static func append(_ value: MySQLValue, for column: ColumnSchema, to buffer: inout ByteBuffer) throws -> Bool {
        let type = column.type
        switch value {
        case .null: return false
        case .signed(let number):
            if type.isUnsigned && number < 0 {
                buffer.writeString(String(unsignedBits(number, type.kind)))
            } else {
                buffer.writeString(String(number))
            }
        case .unsigned(let number):
            if !type.isUnsigned && type.kind != .bit && type.isInteger {
                buffer.writeString(String(signedBits(number, type.kind)))
            } else {
                buffer.writeString(String(number))
            }
        case .float(let number): buffer.writeString(MySQLDoubleText.format(Double(number)))
        case .double(let number): buffer.writeString(MySQLDoubleText.format(number))
        case .decimal(let text): buffer.writeString(text)
        case .string(let bytes, let collation): buffer.writeBytes(try utf8(bytes, collation, value, column))
        case .bytes(let bytes):
            buffer.writeBytes(bytes)
            if type.kind == .binary, bytes.count < type.length {
                buffer.writeRepeatingByte(0, count: type.length - bytes.count)
            }
        case .date(let date):
            writeRaw(to: &buffer) { RawText.date(Int(date.year), Int(date.month), Int(date.day), $0) }
        case .time(let time): buffer.writeString(timeText(time, digits: type.fractionalDigits))
        case .datetime(let value):
            writeRaw(to: &buffer) { out in
                var count = RawText.date(Int(value.year), Int(value.month), Int(value.day), out)
                out[count] = UInt8(ascii: " ")
                count += 1
                count += RawText.clock(Int(value.hour), Int(value.minute), Int(value.second), out + count)
                return count + RawText.fraction(value.microsecond, digits: type.fractionalDigits, out + count)
            }
        case .timestamp(let seconds, let microseconds):
            writeRaw(to: &buffer) { RawText.timestamp(seconds, microseconds, digits: type.fractionalDigits, $0) }
        case .year(let year): buffer.writeString(year == 0 ? "0000" : String(year))
        case .bit(let bits, let width):
            let length = type.length > 0 ? type.length : Int(width)
            let count = max(1, (length + 7) / 8)
            for shift in (0..<count).reversed() {
                buffer.writeInteger(UInt8(truncatingIfNeeded: bits >> (8 * UInt64(shift))))
            }
        case .enumeration(let index, let name):
            if let name {
                buffer.writeString(name)
            } else {
                let members = type.members
                buffer.writeString(index >= 1 && Int(index) <= members.count ? members[Int(index) - 1] : "")
            }
        case .set(let mask, let names):
            let members =
                names
                ?? type.members.enumerated().filter { $0.offset < 64 && mask & (1 << UInt64($0.offset)) != 0 }
                .map(\.element)
            buffer.writeString(members.joined(separator: ","))
        case .json(let text): buffer.writeString(text)
        case .geometry(let bytes): buffer.writeBytes(bytes)
        }
        return true
    }

    /// A negative value decoded as signed (signedness unknown to the decoder) read back as the column's unsigned
    /// value of its width.
    static func unsignedBits(_ number: Int64, _ kind: SyncEngine.ColumnType.Kind) -> UInt64 {
        let bits: UInt64
        switch kind {
        case .tinyInt: bits = 8
        case .smallInt: bits = 16
        case .mediumInt: bits = 24
        case .int: bits = 32
        default: return UInt64(bitPattern: number)
        }
        return UInt64(bitPattern: number) & ((1 << bits) - 1)
    }

    /// A value decoded as unsigned for a signed column (the decoder's signedness flags disagree with the schema)
    /// read back as the column's signed value of its width.
    static func signedBits(_ number: UInt64, _ kind: SyncEngine.ColumnType.Kind) -> Int64 {
        let bits: UInt64
        switch kind {
        case .tinyInt: bits = 8
        case .smallInt: bits = 16
        case .mediumInt: bits = 24
        case .int: bits = 32
        case .year: return Int64(clamping: number)
        default: return Int64(bitPattern: number)
        }
        let value = number & ((1 << bits) - 1)
        return value >= 1 << (bits - 1) ? Int64(value) - Int64(1 << bits) : Int64(value)
    }

    /// Text bytes as UTF-8: UTF-8 and ASCII collations (and unknown ones) as they are, latin1 converted the way
    /// MySQL does (its latin1 is Windows-1252), other character sets through the decoder's own table.
    static func utf8(_ bytes: [UInt8], _ collation: UInt16?, _ value: MySQLValue, _ column: ColumnSchema) throws -> [UInt8] {
        guard let collation else { return bytes }
        let base = collation >= 1024 && collation < 2048 ? collation - 1024 : collation
        if [5, 8, 15, 31, 47, 48, 49, 94].contains(base) { return Latin1.utf8(bytes) }
        if CollationFamily.isUTF8OrASCII(collation) || base == 63 { return bytes }
        guard let text = value.text else {
            throw SyncEngineError(
                .unsupportedValue,
                "column \(column.name) uses collation id \(collation), whose character set Tide cannot convert to UTF-8")
        }
        return Array(text.utf8)
    }

    /// `[-]HH:MM:SS[.f]` with exactly `digits` fractional digits.
    static func timeText(_ time: MySQLTime, digits: Int) -> String {
        var hours = String(time.hours)
        if hours.count < 2 { hours = "0" + hours }
        return (time.negative ? "-" : "") + hours + ":" + pad(Int(time.minutes), 2) + ":" + pad(Int(time.seconds), 2)
            + fraction(time.microseconds, digits: digits)
    }

    /// Writes at most 48 bytes through a `RawText` writer (dates and times: every part fits 16 bits, so the longest,
    /// a DATETIME with six fractional digits, takes 32), with one capacity check.
    @inline(__always)
    static func writeRaw(to buffer: inout ByteBuffer, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 48) { raw in
            guard let base = raw.baseAddress else { return 0 }
            return body(base.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// `.` and the first `digits` (0...6) digits of the microseconds; empty for 0 digits.
    static func fraction(_ microseconds: UInt32, digits: Int) -> String {
        guard digits > 0 else { return "" }
        return "." + pad(Int(microseconds), 6).prefix(min(digits, 6))
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}

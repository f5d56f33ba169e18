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
            writeDate(Int(date.year), Int(date.month), Int(date.day), to: &buffer)
        case .time(let time): buffer.writeString(timeText(time, digits: type.fractionalDigits))
        case .datetime(let value):
            writeDate(Int(value.year), Int(value.month), Int(value.day), to: &buffer)
            buffer.writeInteger(UInt8(ascii: " "))
            writeClock(Int(value.hour), Int(value.minute), Int(value.second), to: &buffer)
            writeFraction(value.microsecond, digits: type.fractionalDigits, to: &buffer)
        case .timestamp(let seconds, let microseconds):
            writeTimestamp(seconds, microseconds, digits: type.fractionalDigits, to: &buffer)
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

    /// A TIMESTAMP as UTC `YYYY-MM-DD HH:MM:SS[.f]`; 0 is the zero date.
    static func writeTimestamp(_ seconds: Int64, _ microseconds: UInt32, digits: Int, to buffer: inout ByteBuffer) {
        if seconds == 0 && microseconds == 0 {
            buffer.writeStaticString("0000-00-00 00:00:00")
            writeFraction(0, digits: digits, to: &buffer)
            return
        }
        let time = UTCCivilTime(epochSeconds: seconds)
        writeDate(Int(time.year), Int(time.month), Int(time.day), to: &buffer)
        buffer.writeInteger(UInt8(ascii: " "))
        writeClock(Int(time.hour), Int(time.minute), Int(time.second), to: &buffer)
        writeFraction(microseconds, digits: digits, to: &buffer)
    }

    /// `YYYY-MM-DD`, each part zero-padded (wider values are written whole).
    static func writeDate(_ year: Int, _ month: Int, _ day: Int, to buffer: inout ByteBuffer) {
        writePadded(year, width: 4, to: &buffer)
        buffer.writeInteger(UInt8(ascii: "-"))
        writePadded(month, width: 2, to: &buffer)
        buffer.writeInteger(UInt8(ascii: "-"))
        writePadded(day, width: 2, to: &buffer)
    }

    /// `HH:MM:SS`.
    static func writeClock(_ hour: Int, _ minute: Int, _ second: Int, to buffer: inout ByteBuffer) {
        writePadded(hour, width: 2, to: &buffer)
        buffer.writeInteger(UInt8(ascii: ":"))
        writePadded(minute, width: 2, to: &buffer)
        buffer.writeInteger(UInt8(ascii: ":"))
        writePadded(second, width: 2, to: &buffer)
    }

    /// `.` and the first `digits` (0...6) digits of the microseconds; nothing for 0 digits.
    static func writeFraction(_ microseconds: UInt32, digits: Int, to buffer: inout ByteBuffer) {
        guard digits > 0 else { return }
        buffer.writeInteger(UInt8(ascii: "."))
        var divisor: UInt32 = 100_000
        for _ in 0..<min(digits, 6) {
            buffer.writeInteger(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: microseconds / divisor % 10))
            divisor /= 10
        }
    }

    /// A non-negative value in decimal, left-padded with zeros to `width`; a negative one as `String` writes it.
    static func writePadded(_ value: Int, width: Int, to buffer: inout ByteBuffer) {
        guard value >= 0 else {
            buffer.writeString(String(value))
            return
        }
        var digits = 1
        var bound = 10
        while value >= bound && digits < 19 {
            digits += 1
            bound = bound &* 10
        }
        if digits < width { buffer.writeRepeatingByte(UInt8(ascii: "0"), count: width - digits) }
        var divisor = 1
        for _ in 1..<digits { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            buffer.writeInteger(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest / divisor))
            rest %= divisor
            divisor /= 10
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

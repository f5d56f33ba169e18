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
        let type = column.type
        switch value {
        case .null: return nil
        case .signed(let number):
            if type.isUnsigned && number < 0 { return ByteBuffer(string: String(unsignedBits(number, type.kind))) }
            return ByteBuffer(string: String(number))
        case .unsigned(let number):
            if !type.isUnsigned && type.kind != .bit && type.isInteger {
                return ByteBuffer(string: String(signedBits(number, type.kind)))
            }
            return ByteBuffer(string: String(number))
        case .float(let number): return ByteBuffer(string: MySQLDoubleText.format(Double(number)))
        case .double(let number): return ByteBuffer(string: MySQLDoubleText.format(number))
        case .decimal(let text): return ByteBuffer(string: text)
        case .string(let bytes, let collation): return ByteBuffer(bytes: try utf8(bytes, collation, value, column))
        case .bytes(let bytes):
            if type.kind == .binary, bytes.count < type.length {
                return ByteBuffer(bytes: bytes + repeatElement(0, count: type.length - bytes.count))
            }
            return ByteBuffer(bytes: bytes)
        case .date(let date): return ByteBuffer(string: date.description)
        case .time(let time): return ByteBuffer(string: timeText(time, digits: type.fractionalDigits))
        case .datetime(let value):
            let date = MySQLDate(year: value.year, month: value.month, day: value.day)
            return ByteBuffer(
                string: date.description + " " + clock(value.hour, value.minute, value.second)
                    + fraction(value.microsecond, digits: type.fractionalDigits))
        case .timestamp(let seconds, let microseconds):
            return ByteBuffer(string: timestampText(seconds, microseconds, digits: type.fractionalDigits))
        case .year(let year): return ByteBuffer(string: year == 0 ? "0000" : String(year))
        case .bit(let bits, let width):
            let length = type.length > 0 ? type.length : Int(width)
            let count = max(1, (length + 7) / 8)
            return ByteBuffer(bytes: (0..<count).reversed().map { UInt8(truncatingIfNeeded: bits >> (8 * UInt64($0))) })
        case .enumeration(let index, let name):
            if let name { return ByteBuffer(string: name) }
            let members = type.members
            return ByteBuffer(string: index >= 1 && Int(index) <= members.count ? members[Int(index) - 1] : "")
        case .set(let mask, let names):
            let members =
                names
                ?? type.members.enumerated().filter { $0.offset < 64 && mask & (1 << UInt64($0.offset)) != 0 }
                .map(\.element)
            return ByteBuffer(string: members.joined(separator: ","))
        case .json(let text): return ByteBuffer(string: text)
        case .geometry(let bytes): return ByteBuffer(bytes: bytes)
        }
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
    static func timestampText(_ seconds: Int64, _ microseconds: UInt32, digits: Int) -> String {
        if seconds == 0 && microseconds == 0 {
            return "0000-00-00 00:00:00" + fraction(0, digits: digits)
        }
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        // Civil-from-days (proleptic Gregorian), Howard Hinnant's algorithm.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return pad(Int(year), 4) + "-" + pad(Int(month), 2) + "-" + pad(Int(day), 2) + " "
            + clock(UInt8(secondOfDay / 3600), UInt8(secondOfDay / 60 % 60), UInt8(secondOfDay % 60))
            + fraction(microseconds, digits: digits)
    }

    static func clock(_ hour: UInt8, _ minute: UInt8, _ second: UInt8) -> String {
        pad(Int(hour), 2) + ":" + pad(Int(minute), 2) + ":" + pad(Int(second), 2)
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

/// The binary temporal formats of row images (MySQL `mysys/my_time.cc`: `my_time_packed_from_binary`,
/// `my_datetime_packed_from_binary`; the 5.6 "TIME2/DATETIME2/TIMESTAMP2" formats and the older ones).
enum TemporalBinary {
    /// Reads the fractional-seconds part of TIME2/DATETIME2/TIMESTAMP2 and returns microseconds.
    static func readFraction(fsp: Int, from buffer: inout RawReader) throws(MySQLBinlogError) -> UInt32 {
        switch fsp {
        case 0: return 0
        case 1, 2: return UInt32(try buffer.readUIntBE(bytes: 1, "fraction")) * 10_000
        case 3, 4: return UInt32(try buffer.readUIntBE(bytes: 2, "fraction")) * 100
        case 5, 6: return UInt32(try buffer.readUIntBE(bytes: 3, "fraction"))
        default: throw .malformed("fractional seconds precision \(fsp)")
        }
    }

    /// DATETIME2: 5 bytes big-endian (sign bit, 17 bits year*13+month, 5 day, 5 hour, 6 minute, 6 second),
    /// then the fraction.
    static func decodeDateTime2(fsp: Int, from buffer: inout RawReader) throws(MySQLBinlogError) -> MySQLDateTime {
        let packed = Int64(try buffer.readUIntBE(bytes: 5, "DATETIME2")) - 0x80_0000_0000
        let micros = try readFraction(fsp: fsp, from: &buffer)
        let value = packed < 0 ? -packed : packed
        let yearMonthDay = value >> 17
        let yearMonth = yearMonthDay >> 5
        let hms = value & 0x1FFFF
        return MySQLDateTime(
            year: UInt16(truncatingIfNeeded: yearMonth / 13), month: UInt8(yearMonth % 13),
            day: UInt8(yearMonthDay & 31), hour: UInt8(truncatingIfNeeded: hms >> 12), minute: UInt8((hms >> 6) & 63),
            second: UInt8(hms & 63), microsecond: micros)
    }

    /// TIME2: 3 bytes big-endian offset by 0x800000 (sign, 1 unused, 10 hour, 6 minute, 6 second bits) plus
    /// the fraction, where negative values borrow from the integer part.
    static func decodeTime2(fsp: Int, from buffer: inout RawReader) throws(MySQLBinlogError) -> MySQLTime {
        var packed: Int64
        switch fsp {
        case 0:
            packed = (Int64(try buffer.readUIntBE(bytes: 3, "TIME2")) - 0x80_0000) << 24
        case 1, 2:
            var integer = Int64(try buffer.readUIntBE(bytes: 3, "TIME2")) - 0x80_0000
            var fraction = Int64(try buffer.readUIntBE(bytes: 1, "TIME2 fraction"))
            if integer < 0 && fraction != 0 {
                integer += 1
                fraction -= 0x100
            }
            packed = integer << 24 + fraction * 10_000
        case 3, 4:
            var integer = Int64(try buffer.readUIntBE(bytes: 3, "TIME2")) - 0x80_0000
            var fraction = Int64(try buffer.readUIntBE(bytes: 2, "TIME2 fraction"))
            if integer < 0 && fraction != 0 {
                integer += 1
                fraction -= 0x10000
            }
            packed = integer << 24 + fraction * 100
        case 5, 6:
            packed = Int64(try buffer.readUIntBE(bytes: 6, "TIME2")) - 0x8000_0000_0000
        default:
            throw .malformed("TIME2 precision \(fsp)")
        }
        return unpackTime(packed)
    }

    /// Splits a packed TIME (`hms << 24 | micros`, negated for negative times).
    static func unpackTime(_ packed: Int64) -> MySQLTime {
        let negative = packed < 0
        let value = negative ? 0 &- packed : packed
        let hms = value >> 24
        return MySQLTime(
            negative: negative, hours: UInt32(truncatingIfNeeded: (hms >> 12) & 0x3FF),
            minutes: UInt8((hms >> 6) & 63), seconds: UInt8(hms & 63),
            microseconds: UInt32(truncatingIfNeeded: value & 0xFF_FFFF))
    }

    /// Splits a packed DATETIME (`ymdhms << 24 | micros`), as used inside binary JSON.
    static func unpackDateTime(_ packed: Int64) -> MySQLDateTime {
        let value = packed < 0 ? 0 &- packed : packed
        let micros = value & 0xFF_FFFF
        let ymdhms = value >> 24
        let ymd = ymdhms >> 17
        let yearMonth = ymd >> 5
        let hms = ymdhms & 0x1FFFF
        return MySQLDateTime(
            year: UInt16(truncatingIfNeeded: yearMonth / 13), month: UInt8(yearMonth % 13), day: UInt8(ymd & 31),
            hour: UInt8(truncatingIfNeeded: hms >> 12), minute: UInt8((hms >> 6) & 63), second: UInt8(hms & 63),
            microsecond: UInt32(truncatingIfNeeded: micros))
    }

    /// The pre-5.6 TIME: 3-byte little-endian signed integer `±HHMMSS`.
    static func decodeTimeV1(from buffer: inout RawReader) throws(MySQLBinlogError) -> MySQLTime {
        let raw = try buffer.readUIntLE(bytes: 3, "TIME")
        let signed = raw & 0x80_0000 != 0 ? Int64(raw) - 0x100_0000 : Int64(raw)
        let value = signed < 0 ? -signed : signed
        return MySQLTime(
            negative: signed < 0, hours: UInt32(value / 10_000), minutes: UInt8(value / 100 % 100),
            seconds: UInt8(value % 100), microseconds: 0)
    }

    /// The pre-5.6 DATETIME: 8-byte little-endian integer `YYYYMMDDhhmmss`.
    static func decodeDateTimeV1(from buffer: inout RawReader) throws(MySQLBinlogError) -> MySQLDateTime {
        let raw = try buffer.readLE(UInt64.self, "DATETIME")
        let date = raw / 1_000_000
        let time = raw % 1_000_000
        return MySQLDateTime(
            year: UInt16(truncatingIfNeeded: date / 10_000), month: UInt8(date / 100 % 100), day: UInt8(date % 100),
            hour: UInt8(time / 10_000), minute: UInt8(time / 100 % 100), second: UInt8(time % 100), microsecond: 0)
    }
}

import MySQLBinlog

/// The interchange text of numbers, dates and times written straight to memory the caller reserved (one
/// `ByteBuffer` reservation per run of values instead of one call per byte, whose exclusivity checks and capacity
/// checks dominated the change path's profile). `BinlogRowConverter.append` writes its dates and times through it
/// too (`writeRaw`), so both paths give the same bytes.
enum RawText {
    /// Copies the bytes a string/bytes/DECIMAL cell points at in `bytes` (its range checked by the caller).
    @inline(__always)
    static func copy(_ bytes: UnsafeRawBufferPointer, _ cell: RowCell, _ out: UnsafeMutablePointer<UInt8>) -> Int {
        let count = Int(cell.length)
        if count > 0, let base = bytes.baseAddress {
            UnsafeMutableRawPointer(out).copyMemory(from: base + Int(cell.value), byteCount: count)
        }
        return count
    }

    /// `[-]digits` of a magnitude (at most 21 bytes).
    @inline(__always)
    static func digits(_ magnitude: UInt64, negative: Bool, _ out: UnsafeMutablePointer<UInt8>) -> Int {
        var length = 1
        var bound: UInt64 = 10
        while length < 20 && magnitude >= bound {
            length += 1
            bound = bound &* 10
        }
        var position = (negative ? 1 : 0) + length
        let total = position
        if negative { out[0] = UInt8(ascii: "-") }
        // Two digits per division (by a constant: a multiplication), from the end.
        var rest = magnitude
        while rest >= 100 {
            let pair = rest % 100
            rest /= 100
            position -= 2
            out[position] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: pair / 10)
            out[position + 1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: pair % 10)
        }
        if rest >= 10 {
            out[position - 2] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest / 10)
            out[position - 1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
        } else {
            out[position - 1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest)
        }
        return total
    }

    /// A non-negative value left-padded with zeros to `width` (wider values whole).
    @inline(__always)
    static func padded(_ value: Int, width: Int, _ out: UnsafeMutablePointer<UInt8>) -> Int {
        if width == 2 && value >= 0 && value < 100 {
            out[0] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value / 10)
            out[1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value % 10)
            return 2
        }
        if width == 4 && value >= 0 && value < 10_000 {
            // Years: two independent pairs, divisions by constants.
            let high = value / 100
            let low = value % 100
            out[0] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: high / 10)
            out[1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: high % 10)
            out[2] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: low / 10)
            out[3] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: low % 10)
            return 4
        }
        var count = 1
        var bound = 10
        while value >= bound && count < 19 {
            count += 1
            bound = bound &* 10
        }
        var position = 0
        while position + count < width {
            out[position] = UInt8(ascii: "0")
            position += 1
        }
        return position + digits(UInt64(max(0, value)), negative: false, out + position)
    }

    /// `YYYY-MM-DD` (at most 13 bytes for 16-bit years and 8-bit months and days).
    @inline(__always)
    static func date(_ year: Int, _ month: Int, _ day: Int, _ out: UnsafeMutablePointer<UInt8>) -> Int {
        threeParts(year, firstWidth: 4, month, day, separator: UInt8(ascii: "-"), out)
    }

    /// `HH:MM:SS` (at most 11 bytes for 8-bit parts).
    @inline(__always)
    static func clock(_ hour: Int, _ minute: Int, _ second: Int, _ out: UnsafeMutablePointer<UInt8>) -> Int {
        threeParts(hour, firstWidth: 2, minute, second, separator: UInt8(ascii: ":"), out)
    }

    /// `first` padded to `firstWidth`, then `second` and `third` padded to 2, joined by `separator`.
    @inline(__always)
    private static func threeParts(
        _ first: Int, firstWidth: Int, _ second: Int, _ third: Int, separator: UInt8, _ out: UnsafeMutablePointer<UInt8>
    ) -> Int {
        var count = padded(first, width: firstWidth, out)
        out[count] = separator
        count += 1
        count += padded(second, width: 2, out + count)
        out[count] = separator
        count += 1
        return count + padded(third, width: 2, out + count)
    }

    /// `.` and the first `digits` (0...6) digits of the microseconds; nothing for 0 digits (returns at most 7; writes
    /// 7 bytes for any `digits` above 0, so the caller reserves 7).
    @inline(__always)
    static func fraction(_ microseconds: UInt32, digits: Int, _ out: UnsafeMutablePointer<UInt8>) -> Int {
        guard digits > 0 else { return 0 }
        out[0] = UInt8(ascii: ".")
        // All six digits by divisions by constants (three independent pairs), then the first `digits` kept: the
        // bytes past them are room the caller reserved and overwrites or leaves outside the value.
        let value = microseconds % 1_000_000
        let first = value / 10_000
        let second = value / 100 % 100
        let third = value % 100
        out[1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: first / 10)
        out[2] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: first % 10)
        out[3] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: second / 10)
        out[4] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: second % 10)
        out[5] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: third / 10)
        out[6] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: third % 10)
        return 1 + min(digits, 6)
    }

    /// A TIMESTAMP of 0...2^32-1 seconds as UTC `YYYY-MM-DD HH:MM:SS[.f]`; 0 is the zero date (at most 26 bytes).
    @inline(__always)
    static func timestamp(_ seconds: Int64, _ microseconds: UInt32, digits: Int, _ out: UnsafeMutablePointer<UInt8>) -> Int {
        var count: Int
        if seconds == 0 && microseconds == 0 {
            count = date(0, 0, 0, out)
            out[count] = UInt8(ascii: " ")
            count += 1
            count += clock(0, 0, 0, out + count)
            return count + fraction(0, digits: digits, out + count)
        }
        let time = UTCCivilTime(epochSeconds: seconds)
        count = date(Int(time.year), Int(time.month), Int(time.day), out)
        out[count] = UInt8(ascii: " ")
        count += 1
        count += clock(Int(time.hour), Int(time.minute), Int(time.second), out + count)
        return count + fraction(microseconds, digits: digits, out + count)
    }
}

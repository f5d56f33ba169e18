/// Parsing of interchange text (`Row`) into the numbers PostgreSQL's binary formats carry (`COPYBinaryEncoder`),
/// as strictly as the server's text input functions read the same text: anything they would refuse is nil here.
enum InterchangeBinary {
    /// Days from 1970-01-01 to 2000-01-01, PostgreSQL's date and timestamp epoch.
    static let postgresEpochDays: Int64 = 10_957

    /// A decimal integer (`-12`, `0`, `9223372036854775807`), or nil when malformed or beyond Int64.
    static func integer(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        guard !bytes.isEmpty else { return nil }
        let negative = bytes[0] == UInt8(ascii: "-")
        let start = negative || bytes[0] == UInt8(ascii: "+") ? 1 : 0
        guard start < bytes.count, bytes.count - start <= 20 else { return nil }
        var magnitude: UInt64 = 0
        for index in start..<bytes.count {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit))
            guard !overflow1, !overflow2 else { return nil }
            magnitude = sum
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }

    /// Whether `value` fits a signed integer of `width` bytes.
    static func fits(_ value: Int64, width: Int) -> Bool {
        switch width {
        case 2: return Int64(Int16.min)...Int64(Int16.max) ~= value
        case 4: return Int64(Int32.min)...Int64(Int32.max) ~= value
        default: return true
        }
    }

    /// Whether a DATE/DATETIME/TIMESTAMP text is a zero date: a zero month or day (`0000-00-00`, `2024-00-10`).
    /// The one rule of both COPY formats.
    static func isZeroDate(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count >= 10 else { return false }
        let zero = UInt8(ascii: "0")
        return (bytes[5] == zero && bytes[6] == zero) || (bytes[8] == zero && bytes[9] == zero)
    }

    /// Days since 2000-01-01 of a `YYYY-MM-DD` prefix, or nil unless it is a real date of years 1...9999
    /// (PostgreSQL refuses year 0 and days a month does not have, e.g. `2023-02-29`).
    static func postgresDays(_ bytes: UnsafeRawBufferPointer) -> Int32? {
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = digits(bytes, 0, 4), let month = digits(bytes, 5, 2), let day = digits(bytes, 8, 2),
            year >= 1, (1...12).contains(month), day >= 1, day <= daysInMonth(month, year: year)
        else { return nil }
        return Int32(daysFromCivil(year: year, month: month, day: day) - postgresEpochDays)
    }

    /// Microseconds since 2000-01-01 00:00:00 of `YYYY-MM-DD HH:MM:SS[.f{1,6}]`, or nil when malformed or not a
    /// real date and time. `24:00:00` is midnight of the next day, as PostgreSQL reads it.
    static func postgresMicroseconds(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        guard bytes.count >= 19, bytes[10] == UInt8(ascii: " "), bytes[13] == UInt8(ascii: ":"),
            bytes[16] == UInt8(ascii: ":"), let days = postgresDays(bytes),
            let hour = digits(bytes, 11, 2), let minute = digits(bytes, 14, 2), let second = digits(bytes, 17, 2),
            hour <= 24, minute < 60, second < 60
        else { return nil }
        var fraction: Int64 = 0
        if bytes.count > 19 {
            let fractionDigits = bytes.count - 20
            guard bytes[19] == UInt8(ascii: "."), (1...6).contains(fractionDigits),
                let parsed = digits(bytes, 20, fractionDigits)
            else { return nil }
            fraction = parsed
            for _ in fractionDigits..<6 { fraction *= 10 }
        }
        // PostgreSQL reads 24:00:00 (and only that) as midnight of the next day.
        guard hour < 24 || (minute == 0 && second == 0 && fraction == 0) else { return nil }
        let seconds = (Int64(days) * 24 + hour) * 3600 + minute * 60 + second
        return seconds * 1_000_000 + fraction
    }

    /// Writes DECIMAL text (`[-]digits[.digits]`) at `position` in `numeric`'s binary form (PostgreSQL
    /// `numeric_send`: int16 digit count, int16 weight of the first digit in powers of 10000, uint16 sign 0x0000 or
    /// 0x4000, int16 display scale, then the base-10000 digits, big-endian). Digits are grouped by fours from the
    /// decimal point; leading and trailing zero groups are left for the server, which strips them. Returns the
    /// position after it, or nil when the text is not a plain decimal. Writes at most 8 + 2 * (count / 4 + 2) bytes.
    static func writeNumeric(_ bytes: UnsafeRawBufferPointer, at base: UnsafeMutableRawPointer, _ position: Int) -> Int? {
        var start = 0
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            start = 1
        }
        var point = bytes.count
        for index in start..<bytes.count where bytes[index] == UInt8(ascii: ".") {
            point = index
            break
        }
        let integerDigits = point - start
        let fractionDigits = point < bytes.count ? bytes.count - point - 1 : 0
        guard integerDigits + fractionDigits > 0, integerDigits >= 0, fractionDigits <= 16_383 else { return nil }
        let integerGroups = (integerDigits + 3) / 4
        let fractionGroups = (fractionDigits + 3) / 4
        var offset = position + 8
        // Integer part: the first group takes the leftover digits, so that groups end at the decimal point.
        var index = start
        var groupLength = integerDigits - (integerGroups - 1) * 4
        for _ in 0..<integerGroups {
            var group: UInt16 = 0
            for _ in 0..<groupLength {
                let digit = bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                group = group * 10 + UInt16(digit)
                index += 1
            }
            offset = store(group, at: base, offset)
            groupLength = 4
        }
        index = point + 1
        for groupIndex in 0..<fractionGroups {
            var group: UInt16 = 0
            for digitIndex in 0..<4 {
                var digit: UInt8 = 0
                if groupIndex * 4 + digitIndex < fractionDigits {
                    digit = bytes[index] &- UInt8(ascii: "0")
                    guard digit < 10 else { return nil }
                    index += 1
                }
                group = group * 10 + UInt16(digit)
            }
            offset = store(group, at: base, offset)
        }
        _ = store(UInt16(integerGroups + fractionGroups), at: base, position)
        _ = store(Int16(integerGroups - 1), at: base, position + 2)
        _ = store(UInt16(negative ? 0x4000 : 0), at: base, position + 4)
        _ = store(UInt16(fractionDigits), at: base, position + 6)
        return offset
    }

    /// Stores `value` big-endian at `position`; returns the position after it.
    @inline(__always)
    static func store<T: FixedWidthInteger>(_ value: T, at base: UnsafeMutableRawPointer, _ position: Int) -> Int
    {
        base.storeBytes(of: value.bigEndian, toByteOffset: position, as: T.self)
        return position + MemoryLayout<T>.size
    }

    /// The value of `count` ASCII digits at `offset`, or nil when any is not a digit.
    private static func digits(_ bytes: UnsafeRawBufferPointer, _ offset: Int, _ count: Int) -> Int64? {
        var value: Int64 = 0
        for index in offset..<(offset + count) {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int64(digit)
        }
        return value
    }

    private static func daysInMonth(_ month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (the era-based civil-to-days method: eras of 400 years
    /// of 146,097 days, years counted from March so that the leap day ends the year).
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let monthFromMarch = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

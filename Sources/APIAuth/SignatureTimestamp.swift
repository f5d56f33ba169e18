#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The UTC timestamps the schemes carry: ISO 8601 `YYYY-MM-DDTHH:MM:SSZ` (ACS3 `x-acs-date`, RPC v1 `Timestamp`,
/// sdk-wire-formats §1.2 and §1.6) and the compact `YYYYMMDDTHHMMSSZ` (Huawei `X-Sdk-Date`, §2.2).
enum SignatureTimestamp {
    /// Seconds since 1970-01-01T00:00:00Z of an extended ISO 8601 UTC time; nil when malformed.
    static func parseExtended(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        guard b.count == 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
            b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"), b[19] == UInt8(ascii: "Z")
        else { return nil }
        return epochSeconds(
            year: digits(b, 0, 4), month: digits(b, 5, 2), day: digits(b, 8, 2),
            hour: digits(b, 11, 2), minute: digits(b, 14, 2), second: digits(b, 17, 2))
    }

    /// Seconds since the epoch of a compact ISO 8601 UTC time such as `20261123T153304Z`; nil when malformed.
    static func parseCompact(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        guard b.count == 16, b[8] == UInt8(ascii: "T"), b[15] == UInt8(ascii: "Z") else { return nil }
        return epochSeconds(
            year: digits(b, 0, 4), month: digits(b, 4, 2), day: digits(b, 6, 2),
            hour: digits(b, 9, 2), minute: digits(b, 11, 2), second: digits(b, 13, 2))
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` of `date` (fractions truncated).
    static func formatExtended(_ date: Date) -> String {
        let c = civil(Int64(date.timeIntervalSince1970.rounded(.down)))
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))T\(pad(c.hour, 2)):\(pad(c.minute, 2)):"
            + "\(pad(c.second, 2))Z"
    }

    /// `YYYYMMDDTHHMMSSZ` of `date` (fractions truncated).
    static func formatCompact(_ date: Date) -> String {
        let c = civil(Int64(date.timeIntervalSince1970.rounded(.down)))
        return "\(pad(c.year, 4))\(pad(c.month, 2))\(pad(c.day, 2))T\(pad(c.hour, 2))\(pad(c.minute, 2))"
            + "\(pad(c.second, 2))Z"
    }

    private static func digits(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int? {
        var value = 0
        for byte in bytes[start..<start + count] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    private static func epochSeconds(
        year: Int?, month: Int?, day: Int?, hour: Int?, minute: Int?, second: Int?
    ) -> Int64? {
        guard let year, let month, let day, let hour, let minute, let second,
            (1...12).contains(month), (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second),
            day >= 1, day <= daysInMonth(year: year, month: month)
        else { return nil }
        return daysFromCivil(year: year, month: month, day: day) * 86_400
            + Int64(hour * 3600 + minute * 60 + second)
    }

    private static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (years counted from March, 400-year eras).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let shiftedYear = Int64(month <= 2 ? year - 1 : year)
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let monthFromMarch = Int64(month > 2 ? month - 3 : month + 9)
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private struct Civil {
        var year: Int64, month: Int64, day: Int64, hour: Int64, minute: Int64, second: Int64
    }

    /// The inverse of `daysFromCivil`, plus the time of day.
    private static func civil(_ epoch: Int64) -> Civil {
        let days = epoch >= 0 ? epoch / 86_400 : (epoch - 86_399) / 86_400
        let secondsOfDay = epoch - days * 86_400
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return Civil(
            year: year, month: month, day: day, hour: secondsOfDay / 3600, minute: secondsOfDay % 3600 / 60,
            second: secondsOfDay % 60)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}

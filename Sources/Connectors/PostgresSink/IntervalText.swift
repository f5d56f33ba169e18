import NIOCore

/// Converts PostgreSQL interval output (IntervalStyle `postgres`: `838:59:59.5`, `-01:00:00`, `1 day 02:00:00`)
/// into MySQL TIME text `[-]HH:MM:SS[.ffffff]` (MySQL manual 13.2.3 "The TIME Type"; TIME is stored as interval
/// because PostgreSQL `time` cannot hold -838:59:59..838:59:59).
enum IntervalText {
    /// The MySQL TIME text for `interval`, with exactly `fractionalDigits` fractional digits; nil for an interval
    /// with months or years, or malformed text.
    static func mysqlTime(fromInterval interval: ByteBuffer, fractionalDigits: Int) -> ByteBuffer? {
        guard let micros = microseconds(String(buffer: interval)) else { return nil }
        let magnitude = micros.magnitude
        let totalSeconds = magnitude / 1_000_000
        var result = ByteBuffer()
        if micros < 0 { result.writeString("-") }
        let hours = totalSeconds / 3600
        result.writeString(hours < 10 ? "0\(hours)" : "\(hours)")
        result.writeString(twoDigits((totalSeconds / 60) % 60, prefix: ":"))
        result.writeString(twoDigits(totalSeconds % 60, prefix: ":"))
        let fraction = String(magnitude % 1_000_000)
        let padded = String(repeating: "0", count: 6 - fraction.count) + fraction
        InterchangeConversion.appendFraction(ArraySlice(padded.utf8), digits: min(fractionalDigits, 6), to: &result)
        return result
    }

    /// Signed microseconds of an interval made of `N day(s)` and `[-]H:MM:SS[.f]` parts.
    static func microseconds(_ text: String) -> Int64? {
        let parts = text.split(separator: " ")
        var total: Int64 = 0
        var index = 0
        while index < parts.count {
            let part = parts[index]
            if part.contains(":") {
                guard let clock = clockMicroseconds(part) else { return nil }
                total += clock
                index += 1
            } else if index + 1 < parts.count, parts[index + 1].hasPrefix("day"), let days = Int64(part) {
                total += days * 86_400_000_000
                index += 2
            } else {
                return nil
            }
        }
        return parts.isEmpty ? nil : total
    }

    private static func clockMicroseconds(_ part: Substring) -> Int64? {
        let negative = part.hasPrefix("-")
        let unsigned = part.drop { $0 == "-" || $0 == "+" }
        let fields = unsigned.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 3, let hours = Int64(fields[0]), let minutes = Int64(fields[1]) else { return nil }
        let secondParts = fields[2].split(separator: ".", omittingEmptySubsequences: false)
        guard let seconds = Int64(secondParts[0]) else { return nil }
        var micros: Int64 = 0
        if secondParts.count == 2 {
            let digits = String(secondParts[1].prefix(6))
            guard let value = Int64(digits + String(repeating: "0", count: 6 - digits.count)) else { return nil }
            micros = value
        }
        let magnitude = ((hours * 60 + minutes) * 60 + seconds) * 1_000_000 + micros
        return negative ? -magnitude : magnitude
    }

    private static func twoDigits(_ value: UInt64, prefix: String) -> String {
        prefix + (value < 10 ? "0\(value)" : "\(value)")
    }
}

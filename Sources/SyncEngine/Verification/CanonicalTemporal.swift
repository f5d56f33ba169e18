/// Canonical forms of DATE, DATETIME, TIMESTAMP and TIME values (`CanonicalValue`, issue 4 item 6), and the value
/// order of TIME (which can be negative and have more than two hour digits).
enum CanonicalTemporal {
    private static let zero = UInt8(ascii: "0")
    private static let fractionDigits = 6

    /// `YYYY-MM-DD[ HH:MM:SS.ffffff]`: a `T` separator becomes a space, the time part gets 6 fraction digits. A zero
    /// date (year, month or day zero) is nil when `zeroDateAsNull`. Text that is not a date is returned as is.
    static func dateTime(_ bytes: [UInt8], zeroDateAsNull: Bool) -> [UInt8]? {
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return bytes }
        if zeroDateAsNull && (allZero(bytes[0..<4]) || allZero(bytes[5..<7]) || allZero(bytes[8..<10])) {
            return nil
        }
        guard bytes.count > 10 else { return bytes }
        var out = bytes
        if out[10] == UInt8(ascii: "T") { out[10] = UInt8(ascii: " ") }
        return padFraction(out, from: 11)
    }

    /// `[-]HH:MM:SS.ffffff` with at least two hour digits and no sign on zero; anything else as is.
    static func time(_ bytes: [UInt8]) -> [UInt8] {
        guard let parts = TimeParts(bytes) else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(16)
        if parts.isNegative && !parts.isZero { out.append(UInt8(ascii: "-")) }
        if parts.hours.count < 2 { out.append(contentsOf: repeatElement(zero, count: 2 - parts.hours.count)) }
        out.append(contentsOf: parts.hours)
        out.append(UInt8(ascii: ":"))
        out.append(contentsOf: parts.minutes)
        out.append(UInt8(ascii: ":"))
        out.append(contentsOf: parts.seconds)
        out.append(UInt8(ascii: "."))
        out.append(contentsOf: parts.fraction)
        return out
    }

    /// Orders two canonical TIME values by value (negative before positive, then by magnitude).
    static func compareTime(_ lhs: [UInt8], _ rhs: [UInt8]) -> KeyOrder.Order {
        guard let left = TimeParts(lhs), let right = TimeParts(rhs) else { return KeyOrder.compareBytes(lhs, rhs) }
        let leftNegative = left.isNegative && !left.isZero
        let rightNegative = right.isNegative && !right.isZero
        if leftNegative != rightNegative { return leftNegative ? .less : .greater }
        var magnitude: KeyOrder.Order =
            left.hours.count != right.hours.count
            ? (left.hours.count < right.hours.count ? .less : .greater) : KeyOrder.compareBytes(left.hours, right.hours)
        if magnitude == .equal {
            magnitude = KeyOrder.compareBytes(left.minutes + left.seconds + left.fraction,
                right.minutes + right.seconds + right.fraction)
        }
        return leftNegative ? magnitude.reversed : magnitude
    }

    private static func allZero(_ bytes: ArraySlice<UInt8>) -> Bool { bytes.allSatisfy { $0 == zero } }

    /// Pads (or trims trailing zeros of) the fraction of the time part starting at `start` to 6 digits.
    private static func padFraction(_ bytes: [UInt8], from start: Int) -> [UInt8] {
        guard let dot = bytes[start...].firstIndex(of: UInt8(ascii: ".")) else {
            return bytes + [UInt8(ascii: ".")] + Array(repeating: zero, count: fractionDigits)
        }
        var out = bytes
        var digits = out.count - dot - 1
        while digits > fractionDigits, out.last == zero {
            out.removeLast()
            digits -= 1
        }
        if digits < fractionDigits { out.append(contentsOf: repeatElement(zero, count: fractionDigits - digits)) }
        return out
    }
}

/// A TIME value split into its parts: hours without leading zeros, two-digit minutes and seconds, and a fraction
/// of exactly 6 digits (more only when the extra digits are not zeros).
struct TimeParts {
    var isNegative: Bool
    var hours: [UInt8]
    var minutes: [UInt8]
    var seconds: [UInt8]
    var fraction: [UInt8]

    var isZero: Bool {
        hours.isEmpty && minutes.allSatisfy { $0 == UInt8(ascii: "0") }
            && seconds.allSatisfy { $0 == UInt8(ascii: "0") } && fraction.allSatisfy { $0 == UInt8(ascii: "0") }
    }

    /// Parses `[-]H...H:MM:SS[.f...]`; nil otherwise.
    init?(_ bytes: [UInt8]) {
        var rest = bytes[...]
        isNegative = rest.first == UInt8(ascii: "-")
        if isNegative { rest = rest.dropFirst() }
        let fields = rest.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        guard fields.count == 3 else { return nil }
        let secondsAndFraction = fields[2].split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard secondsAndFraction.count <= 2, !fields[0].isEmpty, fields[1].count == 2,
            secondsAndFraction[0].count == 2
        else { return nil }
        var fraction = secondsAndFraction.count == 2 ? Array(secondsAndFraction[1]) : []
        guard (fields[0] + fields[1] + secondsAndFraction[0] + fraction).allSatisfy(Self.isDigit) else { return nil }
        while fraction.count > 6, fraction.last == UInt8(ascii: "0") { fraction.removeLast() }
        if fraction.count < 6 {
            fraction.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: 6 - fraction.count))
        }
        hours = Array(fields[0].drop { $0 == UInt8(ascii: "0") })
        minutes = Array(fields[1])
        seconds = Array(secondsAndFraction[0])
        self.fraction = fraction
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}

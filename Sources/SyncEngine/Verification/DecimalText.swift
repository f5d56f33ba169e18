/// A decimal number in text form split into sign, integer digits and fraction digits, without any conversion to
/// binary floating point, so that integers of any size and DECIMAL(65,30) values stay exact (issue 4 item 6).
struct DecimalText: Sendable, Hashable {
    /// Whether a '-' sign was given and the value is not zero.
    var isNegative: Bool
    /// Integer digits without leading zeros (empty for zero).
    var integerDigits: [UInt8]
    /// Fraction digits without trailing zeros.
    var fractionDigits: [UInt8]

    /// Whether the value is zero.
    var isZero: Bool { integerDigits.isEmpty && fractionDigits.isEmpty }

    /// Parses `[+-]digits[.digits]` (at least one digit in all); nil for anything else (exponents included).
    init?(_ bytes: some Collection<UInt8>) {
        var index = bytes.startIndex
        var negative = false
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index = bytes.index(after: index)
        }
        var integer: [UInt8] = []
        var fraction: [UInt8] = []
        var sawDigit = false
        var inFraction = false
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                sawDigit = true
                if inFraction {
                    fraction.append(byte)
                } else if !(integer.isEmpty && byte == UInt8(ascii: "0")) {
                    integer.append(byte)
                }
            } else if byte == UInt8(ascii: ".") && !inFraction {
                inFraction = true
            } else {
                return nil
            }
            index = bytes.index(after: index)
        }
        guard sawDigit else { return nil }
        while fraction.last == UInt8(ascii: "0") { fraction.removeLast() }
        self.integerDigits = integer
        self.fractionDigits = fraction
        self.isNegative = negative && !(integer.isEmpty && fraction.isEmpty)
    }

    /// The text with exactly `scale` fraction digits when the value has no more significant ones than that
    /// (more are kept, never rounded away, so that a real difference stays visible); `nil` scale: as few as needed.
    func text(scale: Int?) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(integerDigits.count + fractionDigits.count + 3)
        if isNegative { out.append(UInt8(ascii: "-")) }
        if integerDigits.isEmpty { out.append(UInt8(ascii: "0")) } else { out.append(contentsOf: integerDigits) }
        var fraction = fractionDigits
        if let scale, fraction.count < scale {
            fraction.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: scale - fraction.count))
        }
        if !fraction.isEmpty {
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: fraction)
        }
        return out
    }

    /// Orders two values numerically: sign, then integer length, then digits, then fraction digits.
    static func compare(_ lhs: DecimalText, _ rhs: DecimalText) -> KeyOrder.Order {
        if lhs.isNegative != rhs.isNegative { return lhs.isNegative ? .less : .greater }
        let magnitude = compareMagnitude(lhs, rhs)
        return lhs.isNegative ? magnitude.reversed : magnitude
    }

    private static func compareMagnitude(_ lhs: DecimalText, _ rhs: DecimalText) -> KeyOrder.Order {
        if lhs.integerDigits.count != rhs.integerDigits.count {
            return lhs.integerDigits.count < rhs.integerDigits.count ? .less : .greater
        }
        let integer = KeyOrder.compareBytes(lhs.integerDigits, rhs.integerDigits)
        if integer != .equal { return integer }
        // Fractions have no trailing zeros, so a plain byte comparison orders them ("5" < "51" < "6").
        return KeyOrder.compareBytes(lhs.fractionDigits, rhs.fractionDigits)
    }
}

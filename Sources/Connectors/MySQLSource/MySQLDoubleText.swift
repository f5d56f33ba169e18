/// The text MySQL and MariaDB print for a DOUBLE (and for a FLOAT selected as `c + 0e0`): the shortest digits that
/// round-trip, in fixed notation when the decimal exponent allows it, else `d.ddde[-]x` without a `+` or padding
/// (MySQL `my_gcvt`, `MAX_DECPT_FOR_F_FORMAT` = 15: `1e15`, `123456789012345.6`, `1234567890123456.8`,
/// `0.000000000000001`, `1e-16`, `1e100`, `2.2250738585072014e-308`).
enum MySQLDoubleText {
    /// The text of `value` (NaN and infinities, which MySQL cannot store, print as Swift does).
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        if value == 0 { return "0" }
        let (digits, decimalPoint) = shortestDigits(value.magnitude)
        let sign = value < 0 ? "-" : ""
        let count = digits.count
        if decimalPoint >= -14 && (decimalPoint <= 15 || count > decimalPoint) {
            if decimalPoint <= 0 {
                return sign + "0." + String(repeating: "0", count: -decimalPoint) + digits
            }
            if decimalPoint >= count {
                return sign + digits + String(repeating: "0", count: decimalPoint - count)
            }
            let split = digits.index(digits.startIndex, offsetBy: decimalPoint)
            return sign + digits[..<split] + "." + digits[split...]
        }
        var text = sign + String(digits.prefix(1))
        if count > 1 { text += "." + digits.dropFirst() }
        return text + "e" + String(decimalPoint - 1)
    }

    /// The shortest round-trip significant digits of a positive finite `value` (no leading or trailing zeros)
    /// and the decimal point position: value = 0.DIGITS x 10^decimalPoint. Read from Swift's `description`,
    /// which is the shortest round-trip form.
    static func shortestDigits(_ value: Double) -> (String, Int) {
        let text = "\(value)"
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...].filter { $0 != "+" }) ?? 0
        }
        var integerPart = mantissa
        var fraction = Substring("")
        if let dot = mantissa.firstIndex(of: ".") {
            integerPart = mantissa[..<dot]
            fraction = mantissa[mantissa.index(after: dot)...]
        }
        var all = String(integerPart) + fraction
        var decimalPoint = integerPart.count + exponent
        while all.first == "0" {
            all.removeFirst()
            decimalPoint -= 1
        }
        while all.last == "0" { all.removeLast() }
        return (all.isEmpty ? "0" : all, decimalPoint)
    }
}

/// The canonical text of a JSON number token (`CanonicalJSON`, issue 4 item 6): its exact decimal value written
/// without exponent, leading zeros, trailing fraction zeros or a sign on zero (`1e2`, `100.0` and `1.00E+2` are all
/// `100`; `-0.0` is `0`; `5E-3` is `0.005`). Tokens whose value would need more than `maximumDigits` digits
/// written out are kept as they are.
enum JSONNumber {
    /// The most digits either side of the point a canonical number is expanded to.
    static let maximumDigits = 400

    /// The canonical text of `token`, a valid JSON number.
    static func canonical(_ token: ArraySlice<UInt8>) -> [UInt8] {
        var index = token.startIndex
        let negative = index < token.endIndex && token[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        var digits: [UInt8] = []
        var integerCount = 0
        var inFraction = false
        var exponent = 0
        while index < token.endIndex {
            let byte = token[index]
            if byte == UInt8(ascii: ".") {
                inFraction = true
            } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                guard let value = exponentValue(token[(index + 1)...]) else { return Array(token) }
                exponent = value
                break
            } else {
                digits.append(byte)
                if !inFraction { integerCount += 1 }
            }
            index += 1
        }
        // The value is 0.digits × 10^point.
        var point = integerCount + exponent
        let leadingZeros = digits.prefix { $0 == UInt8(ascii: "0") }.count
        point -= leadingZeros
        var significant = digits[leadingZeros...]
        while significant.last == UInt8(ascii: "0") { significant.removeLast() }
        guard !significant.isEmpty else { return [UInt8(ascii: "0")] }
        guard point <= maximumDigits, point - significant.count >= -maximumDigits else { return Array(token) }
        var out: [UInt8] = negative ? [UInt8(ascii: "-")] : []
        if point <= 0 {
            out.append(contentsOf: [UInt8(ascii: "0"), UInt8(ascii: ".")])
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -point))
            out.append(contentsOf: significant)
        } else if point >= significant.count {
            out.append(contentsOf: significant)
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: point - significant.count))
        } else {
            let split = significant.startIndex + point
            out.append(contentsOf: significant[..<split])
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: significant[split...])
        }
        return out
    }

    /// `[+-]digits` as an Int; nil beyond six digits (such a number is kept as written anyway).
    private static func exponentValue(_ text: ArraySlice<UInt8>) -> Int? {
        var digits = text
        var sign = 1
        if let first = digits.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            sign = first == UInt8(ascii: "-") ? -1 : 1
            digits = digits.dropFirst()
        }
        let significant = digits.drop { $0 == UInt8(ascii: "0") }
        guard significant.count <= 6 else { return nil }
        var value = 0
        for digit in significant { value = value * 10 + Int(digit - UInt8(ascii: "0")) }
        return sign * value
    }
}

import Testing

@testable import MySQLBinlog

/// DECIMAL binary values built by a reference encoder (MySQL's `decimal2bin` layout: groups of nine digits in four
/// big-endian bytes, leftover digits in 1-4 bytes, the sign in the inverted top bit, negatives one's-complemented)
/// decode to MySQL's text, for narrow types (the one-pass path) and wide ones (the group-by-group path) alike.
struct DecimalBinaryPropertyTests {
    /// Bytes of a group of `digits` digits (dig2bytes in decimal.cc).
    static func bytes(ofDigits digits: Int) -> Int { digits == 9 ? 4 : (digits + 1) / 2 }

    static func encode(negative: Bool, integer: String, fraction: String, precision: Int, scale: Int) -> [UInt8] {
        let integerDigits = precision - scale
        let paddedInteger = String(repeating: "0", count: integerDigits - integer.count) + integer
        let paddedFraction = fraction + String(repeating: "0", count: scale - fraction.count)
        var groups: [(String, Int)] = []
        var rest = Substring(paddedInteger)
        if integerDigits % 9 > 0 {
            groups.append((String(rest.prefix(integerDigits % 9)), integerDigits % 9))
            rest = rest.dropFirst(integerDigits % 9)
        }
        while !rest.isEmpty {
            groups.append((String(rest.prefix(9)), 9))
            rest = rest.dropFirst(9)
        }
        rest = Substring(paddedFraction)
        while !rest.isEmpty {
            let width = min(9, rest.count)
            groups.append((String(rest.prefix(width)), width))
            rest = rest.dropFirst(width)
        }
        var output: [UInt8] = []
        for (digits, width) in groups {
            let value = UInt32(digits) ?? 0
            let count = bytes(ofDigits: width)
            for index in (0..<count).reversed() { output.append(UInt8(truncatingIfNeeded: value >> (8 * UInt32(index)))) }
        }
        if negative { output = output.map { $0 ^ 0xFF } }
        if !output.isEmpty { output[0] ^= 0x80 }
        return output
    }

    static func expectedText(negative: Bool, integer: String, fraction: String, scale: Int) -> String {
        let trimmed = integer.drop { $0 == "0" }
        let integerText = trimmed.isEmpty ? "0" : String(trimmed)
        let fractionText = fraction + String(repeating: "0", count: scale - fraction.count)
        return (negative ? "-" : "") + integerText + (scale > 0 ? "." + fractionText : "")
    }

    @Test(arguments: [
        (1, 0), (2, 2), (5, 2), (9, 9), (10, 9), (12, 2), (17, 8), (18, 0), (18, 9), (19, 9), (20, 10), (27, 9),
        (27, 0), (30, 12), (65, 30), (65, 0),
    ])
    func randomValuesDecodeToMySQLText(precision: Int, scale: Int) throws {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789")
        for round in 0..<400 {
            let integerLength = round == 0 ? 0 : Int.random(in: 0...(precision - scale), using: &generator)
            let fractionLength = round == 1 ? scale : Int.random(in: 0...scale, using: &generator)
            let integer = String((0..<integerLength).map { _ in digits.randomElement(using: &generator) ?? "0" })
            let fraction = String((0..<fractionLength).map { _ in digits.randomElement(using: &generator) ?? "0" })
            let zero = (integer + fraction).allSatisfy { $0 == "0" }
            let negative = !zero && Bool.random(using: &generator)
            let bytes = Self.encode(
                negative: negative, integer: integer, fraction: fraction, precision: precision, scale: scale)
            #expect(bytes.count == DecimalBinary.size(precision: precision, scale: scale))
            let text = try bytes.withUnsafeBytes { raw in
                var reader = RawReader(raw)
                let text = try DecimalBinary.decode(precision: precision, scale: scale, from: &reader)
                #expect(reader.readableBytes == 0)
                return text
            }
            #expect(
                text == Self.expectedText(negative: negative, integer: integer, fraction: fraction, scale: scale),
                "DECIMAL(\(precision),\(scale)) \(negative ? "-" : "")\(integer).\(fraction)")
        }
    }

    /// A group above its digit count (corrupt data) is written whole by the general path, as before.
    @Test func aLeadingGroupAboveItsWidthIsWrittenWhole() throws {
        // DECIMAL(3,0): one leftover group of 3 digits in 2 bytes; 0x03E8 = 1000 does not fit in 3 digits.
        let bytes: [UInt8] = [0x03 ^ 0x80, 0xE8]
        let text = try bytes.withUnsafeBytes { raw in
            var reader = RawReader(raw)
            return try DecimalBinary.decode(precision: 3, scale: 0, from: &reader)
        }
        #expect(text == "1000")
    }
}

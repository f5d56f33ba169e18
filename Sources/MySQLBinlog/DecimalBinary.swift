/// The binary DECIMAL format (`decimal2bin` in MySQL `strings/decimal.cc`): groups of 9 decimal digits in
/// 4 big-endian bytes, leftover digits in 1-4 bytes, sign in the inverted top bit, negatives stored
/// one's-complemented. Used by NEWDECIMAL columns and by DECIMAL values inside binary JSON.
enum DecimalBinary {
    static let bytesForDigits: [Int] = [0, 1, 1, 2, 2, 3, 3, 4, 4, 4]

    /// Number of bytes a DECIMAL(precision, scale) takes.
    static func size(precision: Int, scale: Int) -> Int {
        let integer = precision - scale
        return integer / 9 * 4 + bytesForDigits[integer % 9] + scale / 9 * 4 + bytesForDigits[scale % 9]
    }

    /// Decodes one value to MySQL's exact text form: no leading zeros, exactly `scale` fraction digits.
    static func decode(precision: Int, scale: Int, from buffer: inout RawReader) throws(MySQLBinlogError) -> String {
        guard precision >= 1, precision <= 65, scale >= 0, scale <= 30, scale <= precision else {
            throw .malformed("DECIMAL(\(precision),\(scale))")
        }
        let count = size(precision: precision, scale: scale)
        guard buffer.readableBytes >= count, count > 0 else { throw .truncated("DECIMAL") }
        let base = buffer.base
        let start = buffer.index
        buffer.index += count
        let negative = base[start] & 0x80 == 0
        let mask: UInt8 = negative ? 0xFF : 0
        var position = start
        func group(_ length: Int) -> UInt32 {
            var value: UInt32 = 0
            for offset in 0..<length {
                var byte = base[position + offset] ^ mask
                if position + offset == start { byte ^= 0x80 }
                value = value << 8 | UInt32(byte)
            }
            position += length
            return value
        }
        let integerDigits = precision - scale
        var integer = ""
        let leading = integerDigits % 9
        if leading > 0 {
            let value = group(bytesForDigits[leading])
            if value != 0 { integer = String(value) }
        }
        for _ in 0..<(integerDigits / 9) {
            let value = group(4)
            guard value < 1_000_000_000 else { throw .malformed("DECIMAL digit group \(value)") }
            integer += integer.isEmpty ? (value == 0 ? "" : String(value)) : String(value).leftPadded(9)
        }
        if integer.isEmpty { integer = "0" }
        var text = negative ? "-" + integer : integer
        if scale > 0 {
            text += "."
            for _ in 0..<(scale / 9) {
                let value = group(4)
                guard value < 1_000_000_000 else { throw .malformed("DECIMAL digit group \(value)") }
                text += String(value).leftPadded(9)
            }
            let trailing = scale % 9
            if trailing > 0 {
                text += String(group(bytesForDigits[trailing])).leftPadded(trailing)
            }
        }
        return text
    }
}

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
        // Digits go straight into a stack buffer, so the only allocation is the String for long values.
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: textCapacity) { (text) throws(MySQLBinlogError) -> String in
            let range = try format(precision: precision, scale: scale, from: &buffer, into: text)
            return String(decoding: UnsafeBufferPointer(rebasing: text[range]), as: UTF8.self)
        }
    }

    /// The room ``format(precision:scale:from:into:)`` needs: at most 65 digits, a sign and a point, 10 per group
    /// if a corrupt group overflows its width.
    static let textCapacity = 160

    /// Decodes one value into `text` (at least ``textCapacity`` bytes) and returns where its text lies there
    /// (``RowImageCells`` keeps the digits of a rows event in one buffer; ``decode(precision:scale:from:)`` makes a
    /// String of them).
    @inline(__always)
    static func format(
        precision: Int, scale: Int, from buffer: inout RawReader, into text: UnsafeMutableBufferPointer<UInt8>
    ) throws(MySQLBinlogError) -> Range<Int> {
        guard precision >= 1, precision <= 65, scale >= 0, scale <= 30, scale <= precision else {
            throw .malformed("DECIMAL(\(precision),\(scale))")
        }
        guard text.count >= textCapacity else { throw .malformed("DECIMAL text buffer") }
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
        let leading = integerDigits % 9
        let trailing = scale % 9
        var end = 1  // slot 0 is kept for the sign
        func put(_ value: UInt32, width: Int) {
            var digits = value
            var count = 0
            repeat {
                count += 1
                digits /= 10
            } while digits != 0
            let length = max(width, count)
            var index = end + length - 1
            digits = value
            while index >= end {
                text[index] = 0x30 + UInt8(digits % 10)
                digits /= 10
                index -= 1
            }
            end += length
        }
        if leading > 0 { put(group(bytesForDigits[leading]), width: leading) }
        for _ in 0..<(integerDigits / 9) {
            let value = group(4)
            guard value < 1_000_000_000 else { throw .malformed("DECIMAL digit group \(value)") }
            put(value, width: 9)
        }
        // No leading zeros, but at least one integer digit.
        var first = 1
        while first < end - 1 && text[first] == 0x30 { first += 1 }
        if end == 1 {
            text[1] = 0x30
            end = 2
        }
        if negative {
            first -= 1
            text[first] = 0x2D
        }
        if scale > 0 {
            text[end] = 0x2E
            end += 1
            for _ in 0..<(scale / 9) {
                let value = group(4)
                guard value < 1_000_000_000 else { throw .malformed("DECIMAL digit group \(value)") }
                put(value, width: 9)
            }
            if trailing > 0 { put(group(bytesForDigits[trailing]), width: trailing) }
        }
        return first..<end
    }
}

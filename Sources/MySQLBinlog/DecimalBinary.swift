/// The binary DECIMAL format (`decimal2bin` in MySQL `strings/decimal.cc`): groups of 9 decimal digits in
/// 4 big-endian bytes, leftover digits in 1-4 bytes, sign in the inverted top bit, negatives stored
/// one's-complemented. Used by NEWDECIMAL columns and by DECIMAL values inside binary JSON.
enum DecimalBinary {
    /// Number of bytes a DECIMAL(precision, scale) takes.
    static func size(precision: Int, scale: Int) -> Int {
        let integer = precision - scale
        // d leftover digits (0..<9) take (d + 1) / 2 bytes (dig2bytes in decimal.cc), computed: no global table.
        return integer / 9 * 4 + (integer % 9 + 1) / 2 + scale / 9 * 4 + (scale % 9 + 1) / 2
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
        guard let bytes = buffer.base.baseAddress, let out = text.baseAddress else { throw .truncated("DECIMAL") }
        let value = bytes + buffer.index
        buffer.index += count
        let negative = value.load(as: UInt8.self) & 0x80 == 0
        let mask: UInt8 = negative ? 0xFF : 0
        if precision - scale <= 18, scale <= 9,
            let range = formatNarrow(precision: precision, scale: scale, value, mask: mask, negative: negative, out)
        {
            return range
        }
        // The first group read (always at byte 0) has the sign bit inverted.
        var position = 0
        var signBit: UInt32 = 0x80
        let integerDigits = precision - scale
        let leading = integerDigits % 9
        let trailing = scale % 9
        var end = 1  // slot 0 is kept for the sign
        if leading > 0 {
            let length = (leading + 1) / 2
            let group = Self.group(value, &position, length, mask, &signBit)
            end = put(group, width: leading, out, at: end)
        }
        for _ in 0..<(integerDigits / 9) {
            let group = Self.group(value, &position, 4, mask, &signBit)
            guard group < 1_000_000_000 else { throw .malformed("DECIMAL digit group \(group)") }
            end = put(group, width: 9, out, at: end)
        }
        // No leading zeros, but at least one integer digit.
        var first = 1
        while first < end - 1 && out[first] == 0x30 { first += 1 }
        if end == 1 {
            out[1] = 0x30
            end = 2
        }
        if negative {
            first -= 1
            out[first] = 0x2D
        }
        if scale > 0 {
            out[end] = 0x2E
            end += 1
            for _ in 0..<(scale / 9) {
                let group = Self.group(value, &position, 4, mask, &signBit)
                guard group < 1_000_000_000 else { throw .malformed("DECIMAL digit group \(group)") }
                end = put(group, width: 9, out, at: end)
            }
            if trailing > 0 {
                let group = Self.group(value, &position, (trailing + 1) / 2, mask, &signBit)
                end = put(group, width: trailing, out, at: end)
            }
        }
        return first..<end
    }

    /// The common narrow case (at most 18 integer digits and 9 fraction digits, e.g. DECIMAL(12,2)): the integer
    /// part gathered into one 64-bit number and written without leading zeros in one pass, the fraction padded to
    /// `scale` digits. Nil when a group is out of its range (corrupt data): ``format`` then takes the general path,
    /// which reports it or writes it whole exactly as before.
    @inline(__always)
    private static func formatNarrow(
        precision: Int, scale: Int, _ value: UnsafeRawPointer, mask: UInt8, negative: Bool,
        _ out: UnsafeMutablePointer<UInt8>
    ) -> Range<Int>? {
        var position = 0
        var signBit: UInt32 = 0x80
        let integerDigits = precision - scale
        let leading = integerDigits % 9
        var integer: UInt64 = 0
        if leading > 0 {
            let group = Self.group(value, &position, (leading + 1) / 2, mask, &signBit)
            guard UInt64(group) < powerOfTen(leading) else { return nil }
            integer = UInt64(group)
        }
        for _ in 0..<(integerDigits / 9) {
            let group = Self.group(value, &position, 4, mask, &signBit)
            guard group < 1_000_000_000 else { return nil }
            integer = integer &* 1_000_000_000 &+ UInt64(group)
        }
        var fraction: UInt32 = 0
        if scale > 0 {
            fraction = Self.group(value, &position, scale == 9 ? 4 : (scale + 1) / 2, mask, &signBit)
            guard UInt64(fraction) < powerOfTen(scale) else { return nil }
        }
        var end = 0
        if negative {
            out[0] = 0x2D
            end = 1
        }
        var digits = 1
        var limit: UInt64 = 10
        while digits < 20, integer >= limit {
            digits += 1
            limit = limit &* 10
        }
        end = putPadded(integer, width: digits, out, at: end)
        if scale > 0 {
            out[end] = 0x2E
            end = putPadded(UInt64(fraction), width: scale, out, at: end + 1)
        }
        return 0..<end
    }

    /// 10^n for n in 0...19.
    @inline(__always)
    private static func powerOfTen(_ n: Int) -> UInt64 {
        var result: UInt64 = 1
        for _ in 0..<n { result &*= 10 }
        return result
    }

    /// Writes the last `width` digits of `value` (zero-padded) at `out + end`, two per division; returns the new end.
    @inline(__always)
    private static func putPadded(_ value: UInt64, width: Int, _ out: UnsafeMutablePointer<UInt8>, at end: Int) -> Int {
        var index = end + width
        var rest = value
        while index - end >= 2 {
            let pair = rest % 100
            rest /= 100
            index -= 2
            out[index] = 0x30 &+ UInt8(truncatingIfNeeded: pair / 10)
            out[index + 1] = 0x30 &+ UInt8(truncatingIfNeeded: pair % 10)
        }
        if index > end { out[end] = 0x30 &+ UInt8(truncatingIfNeeded: rest % 10) }
        return end + width
    }

    /// The big-endian group of `length` bytes at `position` (advanced past it), each byte xored with `mask`, the
    /// first byte of the value also with its sign bit (`signBit`, cleared once used).
    @inline(__always)
    private static func group(
        _ value: UnsafeRawPointer, _ position: inout Int, _ length: Int, _ mask: UInt8, _ signBit: inout UInt32
    ) -> UInt32 {
        var group: UInt32 = 0
        for offset in 0..<length {
            group = group << 8 | UInt32(value.load(fromByteOffset: position + offset, as: UInt8.self) ^ mask)
        }
        group ^= signBit << (8 * UInt32(length - 1))
        signBit = 0
        position += length
        return group
    }

    /// Writes `value` left-padded with zeros to `width` digits (wider values whole) at `out + end`, two digits per
    /// division, and returns the new end.
    @inline(__always)
    private static func put(_ value: UInt32, width: Int, _ out: UnsafeMutablePointer<UInt8>, at end: Int) -> Int {
        var length = width
        var limit = powerOfTen(width)
        while UInt64(value) >= limit {
            length += 1
            limit &*= 10
        }
        return putPadded(UInt64(value), width: length, out, at: end)
    }
}

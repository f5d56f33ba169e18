/// A small DEFLATE (RFC 1951) decoder with the zlib wrapper (RFC 1950), for MariaDB's compressed binlog
/// events (`log_bin_compress`, written with zlib `compress()`). Canonical-Huffman decoding in the style of
/// zlib's reference `puff.c`: simple, bounded, never trusting the input (every error is typed, output is
/// capped at the size the event announces).
enum Inflate {
    /// Decompresses a zlib stream whose uncompressed size must be exactly `expectedSize`.
    static func zlib(_ input: [UInt8], expectedSize: Int) throws(MySQLBinlogError) -> [UInt8] {
        guard input.count >= 6 else { throw MySQLBinlogError(.decompression, "zlib stream too short") }
        let cmf = input[0]
        let flags = input[1]
        guard cmf & 0x0F == 8, (UInt16(cmf) << 8 | UInt16(flags)) % 31 == 0, flags & 0x20 == 0 else {
            throw MySQLBinlogError(.decompression, "not a zlib deflate stream")
        }
        var state = InflateState(input: input, position: 2, limit: expectedSize)
        try state.run()
        guard state.output.count == expectedSize else {
            throw MySQLBinlogError(.decompression, "inflated \(state.output.count) bytes, expected \(expectedSize)")
        }
        let trailer = (state.position + 3 < input.count) ? input[state.position..<(state.position + 4)] : []
        guard trailer.count == 4 else { throw MySQLBinlogError(.decompression, "missing adler32") }
        let stored = trailer.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard stored == adler32(state.output) else { throw MySQLBinlogError(.decompression, "adler32 mismatch") }
        return state.output
    }

    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in bytes {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        return b << 16 | a
    }
}

/// A canonical Huffman code: symbol counts per length and symbols in code order.
struct HuffmanCode {
    var counts = [Int](repeating: 0, count: 16)
    var symbols: [Int] = []

    init(lengths: ArraySlice<Int>) throws(MySQLBinlogError) {
        symbols = [Int](repeating: 0, count: lengths.count)
        for length in lengths { counts[length] += 1 }
        var left = 1
        for length in 1..<16 {
            left = left * 2 - counts[length]
            guard left >= 0 else { throw MySQLBinlogError(.decompression, "over-subscribed Huffman code") }
        }
        var offsets = [Int](repeating: 0, count: 16)
        for length in 1..<15 { offsets[length + 1] = offsets[length] + counts[length] }
        for (symbol, length) in lengths.enumerated() where length != 0 {
            symbols[offsets[length]] = symbol
            offsets[length] += 1
        }
    }
}

struct InflateState {
    let input: [UInt8]
    var position: Int
    let limit: Int
    var output: [UInt8] = []
    var bitBuffer: UInt32 = 0
    var bitCount = 0

    static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
        131, 163, 195, 227, 258]
    static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025,
        1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12,
        12, 13, 13]
    static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    init(input: [UInt8], position: Int, limit: Int) {
        self.input = input
        self.position = position
        self.limit = limit
        output.reserveCapacity(limit)
    }

    mutating func bits(_ count: Int) throws(MySQLBinlogError) -> Int {
        while bitCount < count {
            guard position < input.count else { throw MySQLBinlogError(.decompression, "deflate data ends early") }
            bitBuffer |= UInt32(input[position]) << UInt32(bitCount)
            position += 1
            bitCount += 8
        }
        let value = Int(bitBuffer & ((1 << UInt32(count)) - 1))
        bitBuffer >>= UInt32(count)
        bitCount -= count
        return value
    }

    mutating func run() throws(MySQLBinlogError) {
        var last = false
        while !last {
            last = try bits(1) == 1
            switch try bits(2) {
            case 0: try stored()
            case 1: try codes(try Self.fixedLiteral(), try Self.fixedDistance())
            case 2:
                let (literal, distance) = try dynamicTables()
                try codes(literal, distance)
            default: throw MySQLBinlogError(.decompression, "invalid deflate block type")
            }
        }
    }

    mutating func stored() throws(MySQLBinlogError) {
        bitBuffer = 0
        bitCount = 0
        guard position + 4 <= input.count else { throw MySQLBinlogError(.decompression, "stored block header") }
        let length = Int(input[position]) | Int(input[position + 1]) << 8
        let complement = Int(input[position + 2]) | Int(input[position + 3]) << 8
        position += 4
        guard length == ~complement & 0xFFFF, position + length <= input.count, output.count + length <= limit else {
            throw MySQLBinlogError(.decompression, "bad stored block")
        }
        output.append(contentsOf: input[position..<(position + length)])
        position += length
    }

    mutating func decode(_ code: HuffmanCode) throws(MySQLBinlogError) -> Int {
        var value = 0
        var first = 0
        var index = 0
        for length in 1..<16 {
            value |= try bits(1)
            let count = code.counts[length]
            if value - count < first { return code.symbols[index + (value - first)] }
            index += count
            first += count
            first <<= 1
            value <<= 1
        }
        throw MySQLBinlogError(.decompression, "invalid Huffman code")
    }

    mutating func codes(_ literal: HuffmanCode, _ distance: HuffmanCode) throws(MySQLBinlogError) {
        while true {
            let symbol = try decode(literal)
            if symbol < 256 {
                guard output.count < limit else { throw MySQLBinlogError(.decompression, "output exceeds size") }
                output.append(UInt8(symbol))
            } else if symbol == 256 {
                return
            } else {
                let index = symbol - 257
                guard index < Self.lengthBase.count else { throw MySQLBinlogError(.decompression, "bad length code") }
                let length = Self.lengthBase[index] + (try bits(Self.lengthExtra[index]))
                let distanceSymbol = try decode(distance)
                guard distanceSymbol < Self.distanceBase.count else {
                    throw MySQLBinlogError(.decompression, "bad distance code")
                }
                let back = Self.distanceBase[distanceSymbol] + (try bits(Self.distanceExtra[distanceSymbol]))
                guard back <= output.count, output.count + length <= limit else {
                    throw MySQLBinlogError(.decompression, "bad back-reference")
                }
                let start = output.count - back
                for offset in 0..<length { output.append(output[start + offset]) }
            }
        }
    }

    static func fixedLiteral() throws(MySQLBinlogError) -> HuffmanCode {
        var lengths = [Int](repeating: 8, count: 288)
        for symbol in 144..<256 { lengths[symbol] = 9 }
        for symbol in 256..<280 { lengths[symbol] = 7 }
        return try HuffmanCode(lengths: lengths[...])
    }

    static func fixedDistance() throws(MySQLBinlogError) -> HuffmanCode {
        try HuffmanCode(lengths: [Int](repeating: 5, count: 30)[...])
    }

    mutating func dynamicTables() throws(MySQLBinlogError) -> (HuffmanCode, HuffmanCode) {
        let literalCount = try bits(5) + 257
        let distanceCount = try bits(5) + 1
        let codeCount = try bits(4) + 4
        guard literalCount <= 286, distanceCount <= 30 else { throw MySQLBinlogError(.decompression, "bad counts") }
        var codeLengths = [Int](repeating: 0, count: 19)
        for index in 0..<codeCount { codeLengths[Self.codeLengthOrder[index]] = try bits(3) }
        let lengthCode = try HuffmanCode(lengths: codeLengths[...])
        var lengths: [Int] = []
        while lengths.count < literalCount + distanceCount {
            let symbol = try decode(lengthCode)
            switch symbol {
            case 0..<16: lengths.append(symbol)
            case 16:
                guard let previous = lengths.last else { throw MySQLBinlogError(.decompression, "repeat with no length") }
                lengths.append(contentsOf: repeatElement(previous, count: 3 + (try bits(2))))
            case 17: lengths.append(contentsOf: repeatElement(0, count: 3 + (try bits(3))))
            default: lengths.append(contentsOf: repeatElement(0, count: 11 + (try bits(7))))
            }
        }
        guard lengths.count == literalCount + distanceCount, lengths[256] != 0 else {
            throw MySQLBinlogError(.decompression, "bad code lengths")
        }
        return (
            try HuffmanCode(lengths: lengths[0..<literalCount]),
            try HuffmanCode(lengths: lengths[literalCount...])
        )
    }
}

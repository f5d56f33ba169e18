import Testing

@testable import MySQLSource

/// `RawText`'s digit writers against the standard library's formatting, at every length and boundary.
@Suite struct RawTextTests {
    static func text(_ body: (UnsafeMutablePointer<UInt8>) -> Int) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { out in
            guard let base = out.baseAddress else { return "" }
            base.initialize(repeating: UInt8(ascii: "#"), count: 64)
            let count = body(base)
            return String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self)
        }
    }

    @Test func digitsMatchStringForEveryLengthAndBoundary() {
        var magnitudes: [UInt64] = [0, 1, 9, UInt64.max, UInt64.max - 1]
        var power: UInt64 = 1
        for _ in 0..<19 {
            power *= 10
            magnitudes += [power - 1, power, power + 1, power / 2 + 7]
        }
        for magnitude in magnitudes {
            #expect(Self.text { RawText.digits(magnitude, negative: false, $0) } == String(magnitude))
            #expect(Self.text { RawText.digits(magnitude, negative: true, $0) } == "-" + String(magnitude))
        }
    }

    @Test func paddedMatchesZeroPaddedText() {
        for width in [1, 2, 4, 6] {
            for value in [0, 1, 9, 10, 42, 99, 100, 999, 1000, 2026, 9999, 10_000, 65_535, 123_456_789] {
                let plain = String(value)
                let expected = String(repeating: "0", count: max(0, width - plain.count)) + plain
                #expect(Self.text { RawText.padded(value, width: width, $0) } == expected, "\(value) width \(width)")
            }
        }
    }

    @Test func fractionKeepsTheFirstDigits() {
        for microseconds: UInt32 in [0, 1, 10, 123_456, 999_999, 500_000, 1_234_567] {
            let plain = String(microseconds % 1_000_000)
            let digits = String(repeating: "0", count: 6 - plain.count) + plain
            for count in 0...6 {
                let expected = count == 0 ? "" : "." + digits.prefix(count)
                #expect(Self.text { RawText.fraction(microseconds, digits: count, $0) } == expected)
            }
        }
    }

    @Test func datesClocksAndTimestamps() {
        #expect(Self.text { RawText.date(2026, 11, 30, $0) } == "2026-11-30")
        #expect(Self.text { RawText.date(0, 0, 0, $0) } == "0000-00-00")
        #expect(Self.text { RawText.date(10_082, 12, 31, $0) } == "10082-12-31")
        #expect(Self.text { RawText.clock(7, 5, 9, $0) } == "07:05:09")
        #expect(Self.text { RawText.timestamp(1_700_000_000, 123_456, digits: 6, $0) } == "2023-11-14 22:13:20.123456")
        #expect(Self.text { RawText.timestamp(0, 0, digits: 2, $0) } == "0000-00-00 00:00:00.00")
    }
}

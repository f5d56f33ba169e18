import NIOCore
import Testing

@testable import SyncEngine

/// Properties over generated values: canonical forms are fixed points, and `KeyOrder` agrees with arithmetic.
struct CanonicalPropertyTests {
    private func canonical(_ text: String, _ type: ColumnType) -> String? {
        CanonicalValue.canonical(ByteBuffer(string: text), type: type, options: CanonicalOptions())
            .map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func canonicalFormsAreFixedPoints() {
        let samples: [(String, ColumnType)] = [
            ("+007", ColumnType(kind: .int)), ("-0", ColumnType(kind: .bigInt)),
            ("1.5", ColumnType(kind: .decimal, scale: 3)), ("-0.000", ColumnType(kind: .decimal, scale: 2)),
            ("3.1415927410125732", ColumnType(kind: .float)), ("1e20", ColumnType(kind: .double)),
            ("2024-01-02 03:04:05.5", ColumnType(kind: .datetime)),
            ("2024-01-02T03:04:05", ColumnType(kind: .timestamp)),
            ("-1:02:03.4", ColumnType(kind: .time)), ("2024-01-02", ColumnType(kind: .date)),
            (#"{"b": [1e2, 2.50], "a": "\u00e9"}"#, ColumnType(kind: .json)), ("ab  ", ColumnType(kind: .char)),
            ("x\u{0}y", ColumnType(kind: .varchar)), ("5", ColumnType(kind: .year)),
        ]
        for (text, type) in samples {
            guard let once = canonical(text, type) else {
                Issue.record("\(text) became NULL")
                continue
            }
            #expect(canonical(once, type) == once, "\(type.kind): \(text) -> \(once)")
        }
    }

    @Test func integerKeyOrderAgreesWithArithmetic() {
        var generator = SystemRandomNumberGenerator()
        let type = ColumnType(kind: .bigInt)
        for _ in 0..<5_000 {
            let left = Int64.random(in: .min ... .max, using: &generator) >> Int64.random(in: 0...63)
            let right = Int64.random(in: .min ... .max, using: &generator) >> Int64.random(in: 0...63)
            let expected: KeyOrder.Order = left == right ? .equal : (left < right ? .less : .greater)
            let order = KeyOrder.compare(Array("\(left)".utf8), Array("\(right)".utf8), type: type)
            #expect(order == expected, "\(left) vs \(right)")
        }
    }

    @Test func decimalKeyOrderAgreesWithArithmetic() {
        // Values with up to 4 fraction digits, compared as scaled integers.
        var generator = SystemRandomNumberGenerator()
        let type = ColumnType(kind: .decimal, precision: 20, scale: 4)
        func text(_ scaled: Int64) -> String {
            let magnitude = scaled.magnitude
            let fraction = String(magnitude % 10_000)
            return (scaled < 0 ? "-" : "") + "\(magnitude / 10_000)."
                + String(repeating: "0", count: 4 - fraction.count) + fraction
        }
        for _ in 0..<5_000 {
            let left = Int64.random(in: -2_000_000...2_000_000, using: &generator)
            let right = Int64.random(in: -2_000_000...2_000_000, using: &generator)
            let expected: KeyOrder.Order = left == right ? .equal : (left < right ? .less : .greater)
            let lhs = CanonicalValue.canonical(ByteBuffer(string: text(left)), type: type, options: CanonicalOptions())
            let rhs = CanonicalValue.canonical(ByteBuffer(string: text(right)), type: type, options: CanonicalOptions())
            #expect(KeyOrder.compare(lhs, rhs, type: type) == expected, "\(text(left)) vs \(text(right))")
        }
    }

    @Test func timeKeyOrderAgreesWithArithmetic() {
        var generator = SystemRandomNumberGenerator()
        let type = ColumnType(kind: .time)
        // Microseconds within MySQL's TIME range, ±838:59:59.
        let limit: Int64 = 3_020_399_000_000
        func text(_ micros: Int64) -> String {
            let magnitude = micros.magnitude
            let seconds = magnitude / 1_000_000
            let fraction = String(magnitude % 1_000_000)
            func two(_ value: UInt64) -> String { value < 10 ? "0\(value)" : "\(value)" }
            return (micros < 0 ? "-" : "") + "\(seconds / 3600):\(two(seconds / 60 % 60)):\(two(seconds % 60))."
                + String(repeating: "0", count: 6 - fraction.count) + fraction
        }
        for _ in 0..<5_000 {
            let left = Int64.random(in: -limit...limit, using: &generator) >> Int64.random(in: 0...40)
            let right = Int64.random(in: -limit...limit, using: &generator) >> Int64.random(in: 0...40)
            let expected: KeyOrder.Order = left == right ? .equal : (left < right ? .less : .greater)
            let lhs = CanonicalValue.canonical(ByteBuffer(string: text(left)), type: type, options: CanonicalOptions())
            let rhs = CanonicalValue.canonical(ByteBuffer(string: text(right)), type: type, options: CanonicalOptions())
            #expect(KeyOrder.compare(lhs, rhs, type: type) == expected, "\(text(left)) vs \(text(right))")
        }
    }
}

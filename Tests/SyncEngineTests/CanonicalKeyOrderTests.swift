import Testing

@testable import SyncEngine

/// `KeyOrder` orders canonical keys the way the ordered readers return them (issue 4 item 6).
struct CanonicalKeyOrderTests {
    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    private func expectAscending(
        _ values: [[UInt8]], _ type: ColumnType, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for (position, value) in values.enumerated() {
            #expect(KeyOrder.compare(value, value, type: type) == .equal, sourceLocation: sourceLocation)
            for later in values[(position + 1)...] {
                #expect(KeyOrder.compare(value, later, type: type) == .less, sourceLocation: sourceLocation)
                #expect(KeyOrder.compare(later, value, type: type) == .greater, sourceLocation: sourceLocation)
            }
        }
        // Sorting a shuffled copy restores the order.
        let sorted = values.shuffled().sorted { KeyOrder.compare($0, $1, type: type) == .less }
        #expect(sorted == values, sourceLocation: sourceLocation)
    }

    @Test func integersOfAnySizeByValue() {
        expectAscending(
            ["-9223372036854775808", "-10", "-9", "-1", "0", "1", "9", "10", "9223372036854775807",
                "18446744073709551615", "18446744073709551616", "100000000000000000000000000000"].map(bytes),
            ColumnType(kind: .bigInt, isUnsigned: true))
        #expect(KeyOrder.compare(bytes("-0"), bytes("0"), type: ColumnType(kind: .int)) == .equal)
    }

    @Test func decimalsByExactValue() {
        expectAscending(
            ["-100.5", "-10.5", "-2.25", "-2.2", "-0.5", "-0.05", "0.00", "0.05", "0.5", "0.51", "0.6", "2",
                "2.000001", "10"].map(bytes),
            ColumnType(kind: .decimal, precision: 10, scale: 6))
        #expect(KeyOrder.compare(bytes("-1.50"), bytes("-1.5"), type: ColumnType(kind: .decimal)) == .equal)
    }

    @Test func floatsByValue() {
        expectAscending(
            ["-1e300", "-1.5", "-0.0", "1e-05", "0.5", "2.0", "1e+20"].map(bytes), ColumnType(kind: .double))
        #expect(KeyOrder.compare(bytes("nan"), bytes("1.0"), type: ColumnType(kind: .float)) == .greater)
    }

    @Test func timesByValueWithNegativesFirst() {
        expectAscending(
            ["-838:59:59.000000", "-100:00:00.000000", "-99:00:00.000000", "-01:00:00.000000", "-00:00:01.000000",
                "-00:00:00.500000", "00:00:00.000000", "00:00:00.000001", "00:00:01.000000", "09:59:59.999999",
                "99:00:00.000000", "100:00:00.000000", "838:59:59.000000"].map(bytes),
            ColumnType(kind: .time))
    }

    @Test func datesAndDateTimesByValue() {
        expectAscending(
            ["1000-01-01 00:00:00.000000", "1999-12-31 23:59:59.999999", "2000-01-01 00:00:00.000000"].map(bytes),
            ColumnType(kind: .datetime))
        expectAscending(["0001-01-01", "2024-02-29", "9999-12-31"].map(bytes), ColumnType(kind: .date))
    }

    @Test func everythingElseByBytes() {
        let values: [[UInt8]] = [[], [0x00], [0x41], [0x42], [0x61], [0x61, 0x00], [0x61, 0x62], [0x7F], [0x80],
            [0xC3, 0xA9], [0xFF]]
        expectAscending(values, ColumnType(kind: .varbinary))
        expectAscending(values, ColumnType(kind: .varchar))
        expectAscending(["B", "a", "ab", "b"].map(bytes), ColumnType(kind: .enum))
    }

    @Test func nullFirstAndTuplesColumnByColumn() {
        let int = ColumnType(kind: .int)
        #expect(KeyOrder.compare(nil, bytes("0"), type: int) == .less)
        #expect(KeyOrder.compare(nil, nil, type: int) == .equal)
        let types = [int, ColumnType(kind: .varchar)]
        #expect(KeyOrder.compare([bytes("1"), bytes("b")], [bytes("1"), bytes("a")], types: types) == .greater)
        #expect(KeyOrder.compare([bytes("1"), bytes("z")], [bytes("2"), bytes("a")], types: types) == .less)
        #expect(KeyOrder.compare([bytes("9"), bytes("z")], [bytes("10"), bytes("a")], types: types) == .less)
        #expect(KeyOrder.compare([bytes("1"), bytes("a")], [bytes("1"), bytes("a")], types: types) == .equal)
    }
}

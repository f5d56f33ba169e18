import NIOCore
import Testing

@testable import SyncEngine

/// `TableChangeSet.sortedByKey` / `KeyOrder.sorted`: change sets in the order of the destination's key index.
struct ChangeSetKeyOrderTests {
    private static func row(_ values: String?...) -> Row {
        Row(values: values.map { $0.map { ByteBuffer(string: $0) } })
    }

    private static func texts(_ rows: [Row]) -> [[String?]] {
        rows.map { row in row.values.map { $0.map { String(buffer: $0) } } }
    }

    private static func plan(_ columns: [ColumnSchema], key: [String]) -> TablePlan {
        TablePlan(
            source: TableSchema(name: TableName(schema: "s", name: "t"), columns: columns, keyColumns: key),
            destination: TableName(schema: "d", name: "t"))
    }

    @Test func integerKeysSortByValueIncludingNegativesAndBeyondInt64() {
        let keys = ["10", "-3", "9", "0", "-20", "9223372036854775807", "2"]
        let sorted = KeyOrder.sorted(
            keys.map { Self.row($0, "x") }, keyIndexes: [0], types: [ColumnType(kind: .bigInt)])
        #expect(Self.texts(sorted).map { $0[0] } == ["-20", "-3", "0", "2", "9", "10", "9223372036854775807"])
        // BIGINT UNSIGNED above Int64.max and Int64.min leave the fast path; the value order still holds.
        let unsigned = ["18446744073709551615", "1", "9223372036854775808", "42"]
        let sortedUnsigned = KeyOrder.sorted(
            unsigned.map { Self.row($0) }, keyIndexes: [0], types: [ColumnType(kind: .bigInt, isUnsigned: true)])
        #expect(
            Self.texts(sortedUnsigned).map { $0[0] } == [
                "1", "42", "9223372036854775808", "18446744073709551615",
            ])
        let extremes = ["5", "-9223372036854775808", "-1"]
        let sortedExtremes = KeyOrder.sorted(
            extremes.map { Self.row($0) }, keyIndexes: [0], types: [ColumnType(kind: .bigInt)])
        #expect(Self.texts(sortedExtremes).map { $0[0] } == ["-9223372036854775808", "-1", "5"])
    }

    @Test func integerParsingRefusesWhatIsNotCanonicalIntegerText() {
        func parse(_ text: String) -> Int64? {
            Array(text.utf8).withUnsafeBytes { KeyOrder.integer($0) }
        }
        #expect(parse("0") == 0)
        #expect(parse("-17") == -17)
        #expect(parse("9223372036854775807") == Int64.max)
        #expect(parse("9223372036854775808") == nil)
        #expect(parse("99999999999999999999") == nil)
        #expect(parse("") == nil)
        #expect(parse("-") == nil)
        #expect(parse("1.5") == nil)
        #expect(parse(" 1") == nil)
    }

    @Test func compositeKeysSortColumnByColumnInKeyOrder() {
        // Key (tenant varchar, n int) while the row's columns are (v, tenant, n).
        let plan = Self.plan(
            [
                ColumnSchema(name: "v", type: ColumnType(kind: .text)),
                ColumnSchema(name: "tenant", type: ColumnType(kind: .varchar, length: 10), isNullable: false),
                ColumnSchema(name: "n", type: ColumnType(kind: .int), isNullable: false),
            ], key: ["tenant", "n"])
        let upserts = [
            Self.row("b10", "b", "10"), Self.row("a2", "a", "2"), Self.row("b9", "b", "9"), Self.row("a10", "a", "10"),
            Self.row("ab1", "ab", "1"),
        ]
        // Deleted keys are key-only rows in key order (tenant, n).
        let deletes = [Self.row("b", "1"), Self.row("a", "-5"), Self.row("a", "3")]
        let sorted = TableChangeSet(plan: plan, deletes: deletes, upserts: upserts).sortedByKey()
        #expect(Self.texts(sorted.upserts).map { $0[0] } == ["a2", "a10", "ab1", "b9", "b10"])
        #expect(Self.texts(sorted.deletes) == [["a", "-5"], ["a", "3"], ["b", "1"]])
    }

    @Test func decimalKeysSortByValueAndNullFirst() {
        let values = ["10.50", "-0.25", "9.75", "-10.00", "0.00"]
        let sorted = KeyOrder.sorted(
            values.map { Self.row($0) } + [Self.row(nil)], keyIndexes: [0],
            types: [ColumnType(kind: .decimal, precision: 12, scale: 2)])
        #expect(Self.texts(sorted).map { $0[0] } == [nil, "-10.00", "-0.25", "0.00", "9.75", "10.50"])
    }

    @Test func setsWithoutKeyOrWithOneRowStayAsTheyAre() {
        let keyless = Self.plan([ColumnSchema(name: "v", type: ColumnType(kind: .int))], key: [])
        let set = TableChangeSet(plan: keyless, upserts: [Self.row("2"), Self.row("1")])
        #expect(Self.texts(set.sortedByKey().upserts) == [["2"], ["1"]])
        #expect(Self.texts(KeyOrder.sorted([Self.row("7")], keyIndexes: [0], types: [ColumnType(kind: .int)])) == [["7"]])
    }
}

import MySQLBinlog
import NIOCore
import Testing

/// Every column type from Fixtures/types.bin (types.sql on MariaDB 10.11.19, binlog_row_metadata=FULL,
/// time_zone +00:00). Expected values are the literals of types.sql.
struct RowValueDecoderTests {
    func table(_ name: String) throws -> [[MySQLValue?]] {
        try Fixture.rows("types").filter { $0.table?.table == name }.flatMap { $0.rows.compactMap(\.after) }
    }

    @Test func integersSignedAndUnsignedAtTheirLimits() throws {
        let rows = try table("ints")
        #expect(rows.count == 3)
        #expect(rows[0] == [
            .signed(1), .signed(-128), .unsigned(255), .signed(-32768), .unsigned(65535), .signed(-8_388_608),
            .unsigned(16_777_215), .signed(-2_147_483_648), .unsigned(4_294_967_295), .signed(Int64.min),
            .unsigned(18_446_744_073_709_551_615),
        ])
        #expect(rows[1] == [
            .signed(2), .signed(127), .unsigned(0), .signed(32767), .unsigned(0), .signed(8_388_607), .unsigned(0),
            .signed(2_147_483_647), .unsigned(0), .signed(Int64.max), .unsigned(0),
        ])
        #expect(rows[2] == [.signed(3)] + Array(repeating: .null, count: 10))
    }

    @Test func floatsDoublesAndExactDecimals() throws {
        let rows = try table("nums")
        #expect(rows[0] == [
            .signed(1), .float(1.5), .double(-2.25),
            .decimal("99999999999999999999999999999999999.999999999999999999999999999999"), .decimal("-1234.56"),
            .decimal("99999"), .decimal("-0.0001"), .decimal("1234567890.123456789"),
        ])
        #expect(rows[1] == [
            .signed(2), .float(-0.25), .double(0.1),
            .decimal("-12345678901234567890123456789012345.000000000000000000000000000001"), .decimal("0.00"),
            .decimal("-1"), .decimal("0.9999"), .decimal("-0.000000001"),
        ])
        #expect(rows[2] == [
            .signed(3), .float(0), .double(1e300), .decimal("0.000000000000000000000000000000"), .decimal("12.30"),
            .decimal("0"), .decimal("0.0000"), .decimal("0.000000000"),
        ])
    }

    @Test func temporalTypesWithFractionsNegativeTimesAndZeroDates() throws {
        let rows = try table("times")
        func time(_ negative: Bool, _ h: UInt32, _ m: UInt8, _ s: UInt8, _ us: UInt32) -> MySQLValue {
            .time(MySQLTime(negative: negative, hours: h, minutes: m, seconds: s, microseconds: us))
        }
        func datetime(_ y: UInt16, _ mo: UInt8, _ d: UInt8, _ h: UInt8, _ mi: UInt8, _ s: UInt8, _ us: UInt32)
            -> MySQLValue
        {
            .datetime(MySQLDateTime(year: y, month: mo, day: d, hour: h, minute: mi, second: s, microsecond: us))
        }
        #expect(rows[0] == [
            .signed(1), .date(MySQLDate(year: 2024, month: 2, day: 29)), time(false, 838, 59, 59, 0),
            time(true, 0, 0, 0, 100_000), time(true, 838, 59, 58, 999_000), time(true, 0, 0, 0, 1),
            datetime(9999, 12, 31, 23, 59, 59, 0), datetime(2000, 1, 1, 0, 0, 0, 100_000),
            datetime(2000, 1, 1, 12, 34, 56, 789_000), datetime(1970, 1, 1, 0, 0, 0, 999_999),
            .timestamp(seconds: 2_147_483_647, microseconds: 0), .timestamp(seconds: 981_173_106, microseconds: 654_321),
            .year(2155),
        ])
        #expect(rows[1] == [
            .signed(2), .date(MySQLDate(year: 0, month: 0, day: 0)), time(true, 838, 59, 59, 0),
            time(false, 12, 0, 0, 500_000), time(true, 1, 2, 3, 450_000), time(false, 0, 0, 0, 1),
            datetime(0, 0, 0, 0, 0, 0, 0), datetime(1000, 1, 1, 0, 0, 0, 900_000),
            datetime(2024, 6, 30, 23, 59, 59, 1000), datetime(2024, 6, 30, 23, 59, 59, 1),
            .timestamp(seconds: 1, microseconds: 0), .timestamp(seconds: 1_719_748_800, microseconds: 1), .year(0),
        ])
        #expect(rows[2] == [.signed(3)] + Array(repeating: .null, count: 11) + [.year(1901)])
        #expect(rows[0][4].map { "\($0)" } == "time(-838:59:58.999000)")
    }

    @Test func stringsBlobsEnumSetBitJSONAndGeometry() throws {
        let rows = try table("strs")
        let first = rows[0]
        #expect(first[1] == .utf8("abc"))
        #expect(first[2] == .utf8("😀€"))
        #expect(first[3] == .utf8(String(repeating: "é", count: 300)))
        #expect(first[4] == .bytes([0x00, 0xFF]))
        #expect(first[5] == .bytes([0xDE, 0xAD, 0xBE, 0xEF]))
        #expect(first[6] == .string([0x63, 0x61, 0x66, 0xE9], collationID: 8))
        #expect(first[6]?.text == "café")
        #expect(first[7] == .bytes([0x00, 0x01]))
        #expect(first[8] == .utf8("tiny"))
        #expect(first[9] == .bytes([0xFF, 0xFE]))
        #expect(first[10] == .utf8("medium"))
        #expect(first[11] == .bytes([0x00]))
        #expect(first[12] == .utf8("long ✓"))
        #expect(first[13] == .bytes([1, 2, 3]))
        #expect(first[14] == .utf8("text"))
        #expect(first[15]?.text == #"{"a": [1, 2.5, "x"], "b": null}"#)
        #expect(first[16] == .enumeration(index: 2, name: "b"))
        #expect(first[17] == .set(5, members: ["x", "z"]))
        #expect(first[18] == .bit(1, width: 1))
        #expect(first[19] == .bit(513, width: 10))
        #expect(first[20] == .bit(UInt64.max, width: 64))
        #expect(first[21] == .geometry([0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0, 0, 0, 0, 0, 0, 0, 0x40]))

        let second = rows[1]
        #expect(second[1] == .utf8(""))
        #expect(second[4] == .bytes([]))
        #expect(second[5] == .bytes([0, 0, 0, 0]))
        #expect(second[7] == .bytes([]))
        #expect(second[15]?.text == "[]")
        #expect(second[16] == .enumeration(index: 3, name: "c"))
        #expect(second[17] == .set(0, members: []))
        #expect(second[18] == .bit(0, width: 1))
        #expect(second[21] == .null)
        #expect(rows[2] == [.signed(3)] + Array(repeating: .null, count: 21))
    }

    @Test func nullsInEveryPosition() throws {
        let rows = try table("nulls")
        #expect(rows == [
            [.null, .utf8("x"), .signed(1)], [.signed(1), .null, .signed(2)], [.signed(1), .utf8("x"), .null],
            [.null, .null, .null],
        ])
    }

    @Test func tableMapCarriesTheFullOptionalMetadata() throws {
        let maps = try Fixture.events("types").compactMap { if case .tableMap(_, let t) = $0 { t } else { nil } }
        let strs = try #require(maps.first { $0.table == "strs" })
        #expect(strs.optionalMetadata.enumMembers == [["a", "b", "c"]])
        #expect(strs.optionalMetadata.setMembers == [["x", "y", "z"]])
        #expect(strs.optionalMetadata.primaryKey == [0])
        #expect(strs.columns[6].collationID == 8)
        #expect(strs.columns[4].collationID == 63)
        let nulls = try #require(maps.first { $0.table == "nulls" })
        #expect(nulls.optionalMetadata.primaryKey == nil)
        #expect(nulls.columns.map(\.name) == ["a", "b", "c"])
    }
}

import MySQLBinlog
import NIOCore
import SyncEngine
import Testing

@testable import MySQLSource

/// Pure tests of the change source's value conversion, position encoding and DDL classification.
@Suite struct BinlogRowConverterTests {
    /// What MariaDB 10.11 printed for these doubles (`SELECT <literal>`).
    @Test func doublesPrintAsMySQLPrintsThem() {
        let cases: [(Double, String)] = [
            (1e100, "1e100"), (1e15, "1e15"), (1e16, "1e16"), (0.0001, "0.0001"), (0.00001, "0.00001"),
            (1.5e-7, "0.00000015"), (-1.7976931348623157e308, "-1.7976931348623157e308"),
            (2.2250738585072014e-308, "2.2250738585072014e-308"), (100000, "100000"), (0, "0"),
            (3.1415927, "3.1415927"), (123456789012345, "123456789012345"), (1234567890123456, "1.234567890123456e15"),
            (12345678901234567, "1.2345678901234568e16"), (1.0 / 3.0, "0.3333333333333333"), (5e-324, "5e-324"),
            (1e-15, "0.000000000000001"), (1e-16, "1e-16"), (1234567890123456.7, "1234567890123456.8"),
            (-1234567890123456.7, "-1234567890123456.8"), (1.2345678901234567e-15, "0.0000000000000012345678901234568"),
            (123456789012345.6, "123456789012345.6"), (Double(Float(-1e38)), "-9.999999680285692e37"),
            (Double(Float(0.1)), "0.10000000149011612"), (16777216, "16777216"),
        ]
        for (value, text) in cases { #expect(MySQLDoubleText.format(value) == text, "\(value)") }
    }

    private func text(_ value: MySQLValue, _ type: SyncEngine.ColumnType) throws -> String? {
        try BinlogRowConverter.convert(value, for: ColumnSchema(name: "c", type: type)).map { String(buffer: $0) }
    }

    private func raw(_ value: MySQLValue, _ type: SyncEngine.ColumnType) throws -> [UInt8]? {
        try BinlogRowConverter.convert(value, for: ColumnSchema(name: "c", type: type)).map { Array($0.readableBytesView) }
    }

    @Test func temporalValuesHaveTheColumnsFractionalDigits() throws {
        let time = MySQLTime(negative: true, hours: 838, minutes: 59, seconds: 59, microseconds: 0)
        #expect(try text(.time(time), SyncEngine.ColumnType(kind: .time, fractionalDigits: 3)) == "-838:59:59.000")
        let short = MySQLTime(negative: false, hours: 1, minutes: 2, seconds: 3, microseconds: 500_000)
        #expect(try text(.time(short), SyncEngine.ColumnType(kind: .time, fractionalDigits: 1)) == "01:02:03.5")
        let moment = MySQLDateTime(year: 2024, month: 2, day: 29, hour: 23, minute: 5, second: 9, microsecond: 120)
        #expect(try text(.datetime(moment), SyncEngine.ColumnType(kind: .datetime, fractionalDigits: 6)) == "2024-02-29 23:05:09.000120")
        #expect(try text(.datetime(moment), SyncEngine.ColumnType(kind: .datetime)) == "2024-02-29 23:05:09")
        #expect(try text(.timestamp(seconds: 0, microseconds: 0), SyncEngine.ColumnType(kind: .timestamp)) == "0000-00-00 00:00:00")
        #expect(
            try text(.timestamp(seconds: 2_147_483_647, microseconds: 999_999), SyncEngine.ColumnType(kind: .timestamp, fractionalDigits: 6))
                == "2038-01-19 03:14:07.999999")
        #expect(try text(.timestamp(seconds: 951_782_400, microseconds: 0), SyncEngine.ColumnType(kind: .timestamp)) == "2000-02-29 00:00:00")
        #expect(try text(.year(0), SyncEngine.ColumnType(kind: .year)) == "0000")
        #expect(try text(.date(MySQLDate(year: 0, month: 0, day: 0)), SyncEngine.ColumnType(kind: .date)) == "0000-00-00")
    }

    @Test func numbersBitsEnumsAndSets() throws {
        #expect(try text(.signed(-1), SyncEngine.ColumnType(kind: .tinyInt, isUnsigned: true)) == "255")
        #expect(try text(.signed(-1), SyncEngine.ColumnType(kind: .bigInt, isUnsigned: true)) == "18446744073709551615")
        #expect(try text(.unsigned(0x80_0000), SyncEngine.ColumnType(kind: .mediumInt)) == "-8388608")
        #expect(try text(.unsigned(UInt64.max), SyncEngine.ColumnType(kind: .bigInt)) == "-1")
        #expect(try text(.unsigned(UInt64.max), SyncEngine.ColumnType(kind: .bigInt, isUnsigned: true)) == "18446744073709551615")
        #expect(try text(.float(3.1415927), SyncEngine.ColumnType(kind: .float)) == "3.1415927410125732")
        #expect(try text(.decimal("-0.50"), SyncEngine.ColumnType(kind: .decimal, precision: 10, scale: 2)) == "-0.50")
        #expect(try raw(.bit(1, width: 1), SyncEngine.ColumnType(kind: .bit, length: 1)) == [1])
        #expect(try raw(.bit(0xAAA, width: 12), SyncEngine.ColumnType(kind: .bit, length: 12)) == [0x0A, 0xAA])
        #expect(try raw(.bit(UInt64.max, width: 64), SyncEngine.ColumnType(kind: .bit, length: 64)) == Array(repeating: 0xFF, count: 8))
        let members = SyncEngine.ColumnType(kind: .set, members: ["r", "g", "b"])
        #expect(try text(.set(5, members: nil), members) == "r,b")
        #expect(try text(.set(0, members: []), members) == "")
        let enumeration = SyncEngine.ColumnType(kind: .enum, members: ["a", "b'c"])
        #expect(try text(.enumeration(index: 2, name: nil), enumeration) == "b'c")
        #expect(try text(.enumeration(index: 0, name: nil), enumeration) == "")
        #expect(try raw(.null, SyncEngine.ColumnType(kind: .int)) == nil)
    }

    @Test func textIsUTF8AndBinaryIsPadded() throws {
        // latin1 is Windows-1252 in MySQL: 0x80 is the euro sign.
        #expect(try text(.string([0x63, 0xE9, 0x80], collationID: 8), SyncEngine.ColumnType(kind: .varchar)) == "cé€")
        #expect(try raw(.string([0xF0, 0x9F, 0x98, 0x80], collationID: 45), SyncEngine.ColumnType(kind: .varchar)) == [0xF0, 0x9F, 0x98, 0x80])
        #expect(try raw(.bytes([0xAB]), SyncEngine.ColumnType(kind: .binary, length: 4)) == [0xAB, 0, 0, 0])
        #expect(try raw(.bytes([0xAB]), SyncEngine.ColumnType(kind: .varbinary, length: 4)) == [0xAB])
        #expect(throws: SyncEngineError.self) { try raw(.string([0x81], collationID: 28), SyncEngine.ColumnType(kind: .varchar)) }
    }

    @Test func positionsRoundTripAndGarbageIsRejected() throws {
        let position = MySQLStreamPosition(file: "mysql-bin.000003", pos: 1234, mariadbGTID: "0-1-42")
        #expect(position.encoded == #"{"file":"mysql-bin.000003","mariadbGTID":"0-1-42","pos":1234}"#)
        #expect(try MySQLStreamPosition(decoding: position.encoded) == position)
        for garbage in ["", "mysql-bin.000003:4", "{}", #"{"file":"","pos":4}"#, #"{"lsn":"0/16B3748"}"#] {
            #expect(throws: SyncEngineError.self) { try MySQLStreamPosition(decoding: garbage) }
            do {
                _ = try MySQLStreamPosition(decoding: garbage)
            } catch let error as SyncEngineError {
                #expect(error.code == .invalidConfiguration)
            }
        }
    }

    @Test func alterTableClausesAreClassified() {
        let cases: [(String, SchemaChange.Kind)] = [
            ("ALTER TABLE t ADD COLUMN x int", .addColumn),
            ("alter table `d`.`t` add `x` varchar(10) default 'a,b', add y int", .addColumn),
            ("ALTER TABLE t ADD (a int, b int)", .addColumn),
            ("ALTER TABLE t DROP COLUMN x, ALGORITHM=INPLACE, LOCK=NONE", .dropColumn),
            ("ALTER TABLE t DROP x", .dropColumn),
            ("ALTER TABLE t MODIFY x bigint NOT NULL", .modifyColumn),
            ("ALTER TABLE t CHANGE x x bigint", .modifyColumn),
            ("ALTER TABLE t CHANGE COLUMN x y bigint", .renameColumn),
            ("ALTER TABLE t RENAME COLUMN x TO y", .renameColumn),
            ("ALTER TABLE t ADD INDEX i (x), DROP PRIMARY KEY", .other),
            ("ALTER TABLE t ADD COLUMN x int, DROP COLUMN y", .other),
            ("ALTER TABLE t ENGINE=InnoDB", .other),
            ("ALTER TABLE t /* ADD COLUMN z int */ DROP INDEX i", .other),
        ]
        for (statement, kind) in cases { #expect(AlterTableClassifier.kind(statement) == kind, "\(statement)") }
    }
}

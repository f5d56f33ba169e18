import MySQLBinlog
import MySQLClient
import Testing

/// One column type with an edge value: how it is written, how SELECT shows it, how the binlog decodes it.
struct ColumnCase: Sendable, CustomStringConvertible {
    var type: String
    var literal: String
    var selectText: String?
    var binlogJSON: String
    var description: String { "\(type) \(literal)" }
}

extension MariaDBSuites {
    /// Every column type through SELECT and through the binlog, with edge values (mysql-binlog-connector-java
    /// style: one row per type).
    @Suite struct ColumnTypeIntegrationTests {
        static let cases: [ColumnCase] = [
            ColumnCase(type: "TINYINT", literal: "-128", selectText: "-128", binlogJSON: "-128"),
            ColumnCase(type: "TINYINT UNSIGNED", literal: "255", selectText: "255", binlogJSON: "255"),
            ColumnCase(type: "SMALLINT", literal: "-32768", selectText: "-32768", binlogJSON: "-32768"),
            ColumnCase(type: "SMALLINT UNSIGNED", literal: "65535", selectText: "65535", binlogJSON: "65535"),
            ColumnCase(type: "MEDIUMINT", literal: "-8388608", selectText: "-8388608", binlogJSON: "-8388608"),
            ColumnCase(type: "MEDIUMINT UNSIGNED", literal: "16777215", selectText: "16777215", binlogJSON: "16777215"),
            ColumnCase(type: "INT", literal: "-2147483648", selectText: "-2147483648", binlogJSON: "-2147483648"),
            ColumnCase(type: "INT UNSIGNED", literal: "4294967295", selectText: "4294967295", binlogJSON: "4294967295"),
            ColumnCase(type: "BIGINT", literal: "-9223372036854775808", selectText: "-9223372036854775808", binlogJSON: "-9223372036854775808"),
            ColumnCase(type: "BIGINT UNSIGNED", literal: "18446744073709551615", selectText: "18446744073709551615", binlogJSON: "18446744073709551615"),
            ColumnCase(type: "FLOAT", literal: "1.5", selectText: "1.5", binlogJSON: "1.5"),
            ColumnCase(type: "DOUBLE", literal: "-2.5e-300", selectText: "-2.5e-300", binlogJSON: "-2.5e-300"),
            ColumnCase(type: "DECIMAL(10,3)", literal: "-1234567.891", selectText: "-1234567.891", binlogJSON: "\"-1234567.891\""),
            ColumnCase(type: "DECIMAL(65,30)", literal: "12345678901234567890123456789012345.123456789012345678901234567890",
                selectText: "12345678901234567890123456789012345.123456789012345678901234567890",
                binlogJSON: "\"12345678901234567890123456789012345.123456789012345678901234567890\""),
            ColumnCase(type: "DECIMAL(5,2)", literal: "0.05", selectText: "0.05", binlogJSON: "\"0.05\""),
            ColumnCase(type: "DATE", literal: "'1000-01-01'", selectText: "1000-01-01", binlogJSON: "\"1000-01-01\""),
            ColumnCase(type: "DATE", literal: "'9999-12-31'", selectText: "9999-12-31", binlogJSON: "\"9999-12-31\""),
            // The decoded TIME omits a zero fraction (the value is exact either way).
            ColumnCase(type: "TIME(6)", literal: "'-838:59:59.000000'", selectText: "-838:59:59.000000", binlogJSON: "\"-838:59:59\""),
            ColumnCase(type: "TIME(6)", literal: "'-00:00:00.000001'", selectText: "-00:00:00.000001", binlogJSON: "\"-00:00:00.000001\""),
            ColumnCase(type: "TIME", literal: "'12:34:56'", selectText: "12:34:56", binlogJSON: "\"12:34:56\""),
            ColumnCase(type: "DATETIME(6)", literal: "'9999-12-31 23:59:59.999999'", selectText: "9999-12-31 23:59:59.999999", binlogJSON: "\"9999-12-31T23:59:59.999999\""),
            ColumnCase(type: "DATETIME", literal: "'1000-01-01 00:00:00'", selectText: "1000-01-01 00:00:00", binlogJSON: "\"1000-01-01T00:00:00\""),
            ColumnCase(type: "TIMESTAMP(6) NULL", literal: "'2038-01-19 03:14:07.999999'", selectText: "2038-01-19 03:14:07.999999", binlogJSON: "\"2038-01-19T03:14:07.999999Z\""),
            ColumnCase(type: "TIMESTAMP NULL", literal: "'1970-01-01 00:00:01'", selectText: "1970-01-01 00:00:01", binlogJSON: "\"1970-01-01T00:00:01Z\""),
            ColumnCase(type: "YEAR", literal: "2155", selectText: "2155", binlogJSON: "2155"),
            ColumnCase(type: "BIT(64)", literal: "b'1000000000000000000000000000000000000000000000000000000000000001'", selectText: nil, binlogJSON: "9223372036854775809"),
            ColumnCase(type: "BIT(3)", literal: "b'101'", selectText: nil, binlogJSON: "5"),
            ColumnCase(type: "ENUM('a','b','c')", literal: "'c'", selectText: "c", binlogJSON: "\"c\""),
            ColumnCase(type: "SET('x','y','z')", literal: "'x,z'", selectText: "x,z", binlogJSON: "[\"x\",\"z\"]"),
            ColumnCase(type: "CHAR(4)", literal: "'ab'", selectText: "ab", binlogJSON: "\"ab\""),
            ColumnCase(type: "VARCHAR(100)", literal: "'héllo 😀 \\\"q\\\"'", selectText: "héllo 😀 \"q\"", binlogJSON: "\"héllo 😀 \\\"q\\\"\""),
            ColumnCase(type: "VARCHAR(10) CHARACTER SET latin1", literal: "'café'", selectText: "café", binlogJSON: "\"café\""),
            ColumnCase(type: "BINARY(4)", literal: "0x00FF", selectText: nil, binlogJSON: "\"AP8AAA==\""),
            ColumnCase(type: "VARBINARY(10)", literal: "0x00FF10", selectText: nil, binlogJSON: "\"AP8Q\""),
            ColumnCase(type: "TINYBLOB", literal: "X''", selectText: "", binlogJSON: "\"\""),
            ColumnCase(type: "BLOB", literal: "0xDEADBEEF", selectText: nil, binlogJSON: "\"3q2+7w==\""),
            ColumnCase(type: "MEDIUMBLOB", literal: "REPEAT('z', 70000)", selectText: String(repeating: "z", count: 70000),
                binlogJSON: "\"" + String(repeating: "enp6", count: 70000 / 3) + "eg==\""),
            ColumnCase(type: "TEXT", literal: "'line1\\nline2'", selectText: "line1\nline2", binlogJSON: "\"line1\\nline2\""),
            ColumnCase(type: "LONGTEXT", literal: "''", selectText: "", binlogJSON: "\"\""),
            ColumnCase(type: "JSON", literal: "'{\"k\": [1, true, null]}'", selectText: "{\"k\": [1, true, null]}", binlogJSON: "\"{\\\"k\\\": [1, true, null]}\""),
            ColumnCase(type: "INT NULL", literal: "NULL", selectText: nil, binlogJSON: "null"),
        ]

        @Test func everyTypeThroughSelectAndThroughTheBinlog() async throws {
            let config = try MariaDBTestServer.configuration()
            let connection = try await MySQLConnection.connect(config)
            try await connection.execute("SET time_zone = '+00:00'")
            try await connection.execute("DROP DATABASE IF EXISTS tide_types")
            try await connection.execute("CREATE DATABASE tide_types")
            let columns = Self.cases.enumerated().map { "c\($0.offset) \($0.element.type)" }.joined(separator: ", ")
            try await connection.execute("CREATE TABLE tide_types.t (id INT PRIMARY KEY, \(columns))")
            let start = try await connection.currentBinlogPosition()
            let values = Self.cases.map(\.literal).joined(separator: ", ")
            try await connection.execute("INSERT INTO tide_types.t VALUES (1, \(values))")

            let row = try #require(try await connection.simpleQuery("SELECT * FROM tide_types.t").first)
            for (index, column) in Self.cases.enumerated() where column.selectText != nil || column.literal == "NULL" {
                #expect(row["c\(index)"] == column.selectText, "SELECT \(column)")
            }
            let binaryRow = try #require(try await connection.simpleQuery(
                "SELECT HEX(c32), HEX(c33), HEX(c35), BIN(c25), BIN(c26) FROM tide_types.t").first)
            #expect(binaryRow[0] == "00FF0000")
            #expect(binaryRow[1] == "00FF10")
            #expect(binaryRow[2] == "DEADBEEF")
            #expect(binaryRow[3] == "1000000000000000000000000000000000000000000000000000000000000001")
            #expect(binaryRow[4] == "101")
            await connection.close()

            let changes = try await BinlogTestSupport.rowChanges(configuration: config, from: start, database: "tide_types", count: 1)
            let change = try #require(changes.first)
            #expect(change.kind == .insert)
            #expect(change.table == "t")
            let after = Dictionary(uniqueKeysWithValues: (change.after ?? []).map { ($0.0, BinlogRowChange.json($0.1).rendered) })
            #expect(after["id"] == "1")
            for (index, column) in Self.cases.enumerated() {
                #expect(after["c\(index)"] == column.binlogJSON, "binlog \(column)")
            }
        }

        @Test func minimalAndNoblobRowImages() async throws {
            let config = try MariaDBTestServer.configuration()
            let connection = try await MySQLConnection.connect(config)
            try await connection.execute("DROP DATABASE IF EXISTS tide_images")
            try await connection.execute("CREATE DATABASE tide_images")
            try await connection.execute("CREATE TABLE tide_images.t (id INT PRIMARY KEY, a INT, b BLOB, c VARCHAR(10))")
            try await connection.execute("INSERT INTO tide_images.t VALUES (1, 10, 0x01, 'x')")
            let start = try await connection.currentBinlogPosition()
            try await connection.execute("SET SESSION binlog_row_image = 'MINIMAL'")
            try await connection.execute("UPDATE tide_images.t SET a = 11 WHERE id = 1")
            try await connection.execute("SET SESSION binlog_row_image = 'NOBLOB'")
            try await connection.execute("UPDATE tide_images.t SET c = 'y' WHERE id = 1")
            try await connection.execute("DELETE FROM tide_images.t WHERE id = 1")
            await connection.close()

            let changes = try await BinlogTestSupport.rowChanges(configuration: config, from: start, database: "tide_images", count: 3)
            try #require(changes.count == 3)
            #expect(BinlogTestSupport.rendered(changes[0].before) == ["id=1"])
            #expect(BinlogTestSupport.rendered(changes[0].after) == ["a=11"])
            #expect(BinlogTestSupport.rendered(changes[1].before) == ["id=1", "a=11", "c=\"x\""])
            #expect(BinlogTestSupport.rendered(changes[1].after) == ["id=1", "a=11", "c=\"y\""])
            #expect(changes[2].kind == .delete)
            #expect(BinlogTestSupport.rendered(changes[2].before) == ["id=1", "a=11", "c=\"y\""])
        }
    }
}

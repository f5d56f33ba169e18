import Foundation
import MetadataStore
import SyncEngine
import SyncModel
import SyncService
import Testing

/// The source tables every end-to-end snapshot test copies: every MySQL column type with edge values, composite
/// and non-integer keys, no key, an empty table, unicode and reserved-word names.
enum SampleSchema {
    static func create(_ database: String) -> [String] {
        [
            "DROP DATABASE IF EXISTS `\(database)`",
            "CREATE DATABASE `\(database)` CHARACTER SET utf8mb4",
            """
            CREATE TABLE `\(database)`.every_type (
              id INT PRIMARY KEY,
              ti TINYINT, tiu TINYINT UNSIGNED, t1 TINYINT(1), si SMALLINT, siu SMALLINT UNSIGNED,
              mi MEDIUMINT, miu MEDIUMINT UNSIGNED, i INT, iu INT UNSIGNED, bi BIGINT, biu BIGINT UNSIGNED,
              d DECIMAL(65,30), d0 DECIMAL(10,0), f FLOAT, db DOUBLE, b1 BIT(1), b64 BIT(64),
              dt DATE, tm TIME, tm3 TIME(3), dtm DATETIME, dtm6 DATETIME(6), ts TIMESTAMP(6) NULL, y YEAR,
              c CHAR(10), vc VARCHAR(300), tx TEXT, mtx MEDIUMTEXT, ltx LONGTEXT,
              bn BINARY(4), vb VARBINARY(20), bl BLOB, mbl MEDIUMBLOB,
              e ENUM('a','b','c d'), s SET('x','y','z'), j JSON, g GEOMETRY
            )
            """,
            """
            INSERT INTO `\(database)`.every_type VALUES
            (1, -128, 255, 1, -32768, 65535, -8388608, 16777215, -2147483648, 4294967295,
             -9223372036854775808, 18446744073709551615,
             -12345678901234567890123456789012345.123456789012345678901234567890, 0, 3.1415927, 2.718281828459045,
             b'1', b'1111111111111111111111111111111111111111111111111111111111111111',
             '1000-01-01', '-838:59:59', '838:59:59.999', '1000-01-01 00:00:00', '9999-12-31 23:59:59.999999',
             '1970-01-01 00:00:01.000000', 1901,
             'abc', REPEAT('é', 300), 'line1\\nline2\\ttab\\\\back', 'emoji 😀 𝄞', REPEAT('x', 70000),
             0x00FF00FF, 0x0001FEFF, 0x00, REPEAT(0xAB, 100000),
             'c d', 'x,z', '{"b": [1, 2.5, "s"], "a": {"k": null}}', ST_GeomFromText('POINT(1 2)')),
            (2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.000000000000000000000000000001, -1, -0.5, -1e308, b'0', b'0',
             '0000-00-00', '00:00:00', '-00:00:00.500', '0000-00-00 00:00:00', '2024-02-29 12:34:56.000001',
             '2038-01-19 03:14:07.999999', 2155,
             '', '', '', '', '', '', '', '', '', 'a', '', '[]', ST_GeomFromText('LINESTRING(0 0,1 1)')),
            (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
             NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
             NULL, NULL, NULL)
            """,
            "CREATE TABLE `\(database)`.composite (a INT, b VARCHAR(20), v TEXT, PRIMARY KEY (a, b))",
            """
            INSERT INTO `\(database)`.composite
            SELECT seq % 7, CONCAT('k', seq), CONCAT('v', seq) FROM `\(database)`.seq_1_to_5000
            """,
            "CREATE TABLE `\(database)`.string_key (k VARCHAR(40) PRIMARY KEY, v INT)",
            "INSERT INTO `\(database)`.string_key SELECT CONCAT(CHAR(65 + seq % 26), seq), seq FROM `\(database)`.seq_1_to_3000",
            "CREATE TABLE `\(database)`.no_key (a INT, b VARCHAR(10))",
            "INSERT INTO `\(database)`.no_key VALUES (1, 'x'), (1, 'x'), (2, NULL), (NULL, NULL)",
            "CREATE TABLE `\(database)`.empty_table (id BIGINT PRIMARY KEY, v TEXT)",
            "CREATE TABLE `\(database)`.`订单_ü` (`编号` INT PRIMARY KEY, `名称` VARCHAR(20))",
            "INSERT INTO `\(database)`.`订单_ü` VALUES (1, '一'), (2, '二')",
            "CREATE TABLE `\(database)`.`order` (`select` INT PRIMARY KEY, `from` VARCHAR(10), `group` INT)",
            "INSERT INTO `\(database)`.`order` VALUES (1, 'a', 2), (2, 'b', NULL)",
        ]
    }

    /// Rows per table, as created above.
    static let rowCounts: [String: Int] = [
        "every_type": 3, "composite": 5000, "string_key": 3000, "no_key": 4, "empty_table": 0, "订单_ü": 2, "order": 2,
    ]
}

@Suite(.enabled(if: TestServers.isConfigured, TestServers.disabledReason))
struct SnapshotSyncTests {
    static func database() -> String { "tide_s_\(UInt32.random(in: 0...UInt32.max))" }

    @Test func everyTypeCopiesToPostgresValueByValue() async throws {
        let harness = try await SyncHarness.make()
        defer { harness.cleanup() }
        let database = Self.database()
        try await TestServers.mysqlExecute(SampleSchema.create(database))
        try await harness.withRunner {
            let task = try await harness.createDIJob(name: "pg-\(database)", database: database)
            try await harness.start(task)
            let ended = try await harness.waitForEnd(task)
            #expect(ended.status == .fullTransferComplete, "\(ended.errorMessage ?? "")")
            #expect(ended.runStats.rowsWritten == Int64(SampleSchema.rowCounts.values.reduce(0, +)))
            #expect(ended.runStats.percent == 100)
            let report = try await harness.verifier.verifyTables(ended)
            #expect(report.isEqual, "\(report.render())")
            #expect(report.tables.count == SampleSchema.rowCounts.count)
        }
        // Independent spot checks straight from PostgreSQL.
        for (table, count) in SampleSchema.rowCounts {
            let rows = try await TestServers.pgQuery("SELECT count(*)::text FROM \"\(database)\".\"\(table)\"")
            #expect(rows.first?.first ?? nil == String(count), "\(table)")
        }
        let values = try await TestServers.pgQuery(
            """
            SELECT biu::text, d::text, tm::text, b64::text, j::text, dt::text, t1::text, encode(bn, 'hex'), ltx
            FROM "\(database)".every_type ORDER BY id
            """)
        #expect(values[0][0] == "18446744073709551615")
        #expect(values[0][1] == "-12345678901234567890123456789012345.123456789012345678901234567890")
        #expect(values[0][2] == "-838:59:59")
        #expect(values[0][3] == String(repeating: "1", count: 64))
        #expect(values[0][4] == #"{"a": {"k": null}, "b": [1, 2.5, "s"]}"#)
        #expect(values[0][5] == "1000-01-01")
        #expect(values[0][7] == "00ff00ff")
        #expect(values[1][5] == nil, "zero date becomes NULL")
        #expect(values[2].allSatisfy { $0 == nil })
        try await TestServers.mysqlExecute(["DROP DATABASE `\(database)`"])
        _ = try await TestServers.pgQuery("DROP SCHEMA \"\(database)\" CASCADE")
    }

    @Test func everyTypeCopiesToMariaDBValueByValue() async throws {
        let harness = try await SyncHarness.make()
        defer { harness.cleanup() }
        let database = Self.database()
        try await TestServers.mysqlExecute(SampleSchema.create(database) + ["DROP DATABASE IF EXISTS `\(database)_copy`"])
        try await harness.withRunner {
            let task = try await harness.createDIJob(
                name: "my-\(database)", database: database, destination: "my", rename: "${srcDatabaseName}_copy")
            try await harness.start(task)
            let ended = try await harness.waitForEnd(task)
            #expect(ended.status == .fullTransferComplete, "\(ended.errorMessage ?? "")")
            let report = try await harness.verifier.verifyTables(ended)
            #expect(report.isEqual, "\(report.render())")
        }
        let source = try await TestServers.mysqlQuery(
            "SELECT * FROM `\(database)`.every_type ORDER BY id")
        let copy = try await TestServers.mysqlQuery(
            "SELECT * FROM `\(database)_copy`.every_type ORDER BY id")
        #expect(source == copy)
        for (table, count) in SampleSchema.rowCounts {
            let rows = try await TestServers.mysqlQuery("SELECT count(*) FROM `\(database)_copy`.`\(table)`")
            #expect(rows.first?.first ?? nil == String(count), "\(table)")
        }
        try await TestServers.mysqlExecute(["DROP DATABASE `\(database)`", "DROP DATABASE `\(database)_copy`"])
    }

    @Test func stoppedRunResumesWithoutDuplicatesAndThrottleHolds() async throws {
        let harness = try await SyncHarness.make()
        defer { harness.cleanup() }
        let database = Self.database()
        try await TestServers.mysqlExecute([
            "CREATE DATABASE `\(database)`",
            "CREATE TABLE `\(database)`.big (id INT PRIMARY KEY, payload VARCHAR(100))",
            "INSERT INTO `\(database)`.big SELECT seq, REPEAT('p', 80) FROM `\(database)`.seq_1_to_200000",
        ])
        try await harness.withRunner {
            // 1 MB/s over ~17 MB: the copy takes well over ten seconds, long enough to stop it part-way.
            let task = try await harness.createDIJob(
                name: "resume-\(database)", database: database,
                runtime: [
                    "runtime.offline.concurrent": "2", "runtime.offline.speed.limit.enable": "true",
                    "runtime.offline.speed.limit.mb": "1",
                ])
            let began = ContinuousClock.now
            try await harness.start(task)
            while (try await harness.store.task(id: task.id))?.runStats.rowsWritten ?? 0 == 0 {
                try await Task.sleep(for: .milliseconds(200))
            }
            _ = try await harness.store.applyEvent(taskID: task.id, .pause, errorMessage: nil, startSettings: nil)
            try await harness.runner.stop(taskID: task.id)
            let paused = try await harness.waitForEnd(task)
            #expect(paused.status == .paused)
            let partial = try await TestServers.pgQuery("SELECT count(*)::text FROM \"\(database)\".big")
            let partialCount = Int(partial.first?.first.flatMap { $0 } ?? "") ?? -1
            #expect(partialCount > 0 && partialCount < 200_000, "stopped part-way: \(partialCount) rows")

            try await harness.start(paused)
            let ended = try await harness.waitForEnd(task)
            #expect(ended.status == .fullTransferComplete, "\(ended.errorMessage ?? "")")
            let elapsed = ContinuousClock.now - began
            // The throttle's lower bound: ~17 MB at 1 MB/s with a one-second burst cannot finish in under 8 s.
            #expect(elapsed > .seconds(8), "throttled copy took \(elapsed)")
            let report = try await harness.verifier.verifyTables(ended)
            #expect(report.isEqual, "\(report.render())")
            let dirty = try await harness.store.dirtyRecords(taskID: task.id, limit: 10)
            #expect(dirty.total == 0)
        }
        let count = try await TestServers.pgQuery("SELECT count(*)::text, count(DISTINCT id)::text FROM \"\(database)\".big")
        #expect(count.first == ["200000", "200000"])
        try await TestServers.mysqlExecute(["DROP DATABASE `\(database)`"])
        _ = try await TestServers.pgQuery("DROP SCHEMA \"\(database)\" CASCADE")
    }
}

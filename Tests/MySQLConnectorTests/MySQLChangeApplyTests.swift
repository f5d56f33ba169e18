import Foundation
import MySQLClient
import MySQLSink
import NIOCore
import SyncEngine
import Testing

/// `MySQLSink` as a `ChangeSink` against the real MariaDB: hand-built change batches, contents compared by SELECT.
@Suite(.enabled(if: MySQLTestServer.isConfigured, MySQLTestServer.disabledReason))
struct MySQLChangeApplyTests {
    // MARK: Helpers

    /// A plan whose destination is `db`.`table` (the source name is irrelevant to the sink).
    private static func plan(_ db: String, _ table: String, _ columns: [ColumnSchema], key: [String]) -> TablePlan {
        let schema = TableSchema(name: TableName(schema: "src", name: table), columns: columns, keyColumns: key)
        return TablePlan(source: schema, destination: TableName(schema: db, name: table))
    }

    private static func column(_ name: String, _ kind: ColumnType.Kind, _ text: String, nullable: Bool = true)
        -> ColumnSchema
    {
        ColumnSchema(name: name, type: ColumnType(kind: kind, sourceTypeText: text), isNullable: nullable)
    }

    /// `t (id int PRIMARY KEY, v varchar(20) NULL, n tinyint NULL)` in `db`.
    private static func simpleTable(_ admin: MySQLConnection, _ db: String) async throws -> TablePlan {
        try await admin.execute(
            "CREATE TABLE `\(db)`.t (id int NOT NULL PRIMARY KEY, v varchar(20) NULL, n tinyint NULL)")
        return plan(
            db, "t",
            [
                column("id", .int, "int", nullable: false), column("v", .varchar, "varchar(20)"),
                column("n", .tinyInt, "tinyint"),
            ],
            key: ["id"])
    }

    /// Every row of `db`.`table` as `a|b|c` (NULL spelled out), ordered by `order`.
    private static func contents(
        _ admin: MySQLConnection, _ db: String, _ table: String, _ columns: [String], order: String
    ) async throws -> [String] {
        let list = columns.map { "IFNULL(`\($0)`, 'NULL')" }.joined(separator: ", ")
        let rows = try await admin.simpleQuery(
            "SELECT CONCAT_WS('|', \(list)) FROM `\(db)`.`\(table)` ORDER BY \(order)")
        return rows.map { $0[0] ?? "?" }
    }

    private static func tContents(_ admin: MySQLConnection, _ db: String) async throws -> [String] {
        try await contents(admin, db, "t", ["id", "v", "n"], order: "id")
    }

    private static func batch(_ tables: [TableChangeSet], task: String = "task", position: String) -> ChangeBatch {
        ChangeBatch(
            tables: tables,
            checkpoint: StreamCheckpoint(
                taskUUID: task, generation: 1, position: position, commitTimestamp: 1_700_000_000),
            transactions: 1, rowChanges: tables.map { $0.deletes.count + $0.upserts.count }.reduce(0, +), byteCount: 0)
    }

    private static func withStreamSink<T>(
        _ db: String, statementBytes: Int = 4 << 20, _ body: (MySQLSink) async throws -> T
    )
        async throws -> T
    {
        try await withSink(checkpointDatabase: db, statementBytes: statementBytes) { sink in
            try await sink.prepareStream()
            return try await body(sink)
        }
    }

    /// A stream sink plus a second admin connection (to hold row locks), both closed afterwards.
    private static func withStreamSinkAndLocker(_ db: String, _ body: (MySQLSink, MySQLConnection) async throws -> Void)
        async throws
    {
        let locker = try await MySQLTestServer.admin()
        do {
            try await withStreamSink(db) { try await body($0, locker) }
            await locker.close()
        } catch {
            await locker.close()
            throw error
        }
    }

    // MARK: Applying rows

    @Test func insertUpdateAndDeleteApplyWithTheirCheckpoint() async throws {
        try await MySQLTestServer.withDatabases { admin, names in
            let db = names[0]
            let plan = try await Self.simpleTable(admin, db)
            try await admin.execute("INSERT INTO `\(db)`.t VALUES (1, 'one', 1), (2, 'two', 2), (3, 'three', 3)")
            try await Self.withStreamSink(db) { sink in
                let changes = TableChangeSet(
                    plan: plan, deletes: [textRow(["2"])],
                    upserts: [textRow(["3", "drei", nil]), textRow(["4", "it's \\ \"new\"", "-128"])])
                try await sink.applyChanges(Self.batch([changes], position: "mysql-bin.000001:400"))
                #expect(try await Self.tContents(admin, db) == ["1|one|1", "3|drei|NULL", "4|it's \\ \"new\"|-128"])
                let checkpoint = try await sink.streamCheckpoint(taskUUID: "task", generation: 1)
                #expect(
                    checkpoint
                        == StreamCheckpoint(
                            taskUUID: "task", generation: 1, position: "mysql-bin.000001:400",
                            commitTimestamp: 1_700_000_000))
            }
        }
    }

    @Test func deleteThenReinsertOfOneKeyReplacesTheRow() async throws {
        try await MySQLTestServer.withDatabases { admin, names in
            let db = names[0]
            let plan = try await Self.simpleTable(admin, db)
            try await admin.execute("INSERT INTO `\(db)`.t VALUES (1, 'old', 1), (2, 'keep', 2)")
            try await Self.withStreamSink(db) { sink in
                // The net effect of DELETE id=1 then INSERT id=1 in one batch is an upsert of the new row.
                try await sink.applyChanges(
                    Self.batch([TableChangeSet(plan: plan, upserts: [textRow(["1", "new", nil])])], position: "p1"))
                #expect(try await Self.tContents(admin, db) == ["1|new|NULL", "2|keep|2"])
                // Across batches: removed, then back with other values.
                try await sink.applyChanges(
                    Self.batch([TableChangeSet(plan: plan, deletes: [textRow(["1"])])], position: "p2"))
                #expect(try await Self.tContents(admin, db) == ["2|keep|2"])
                try await sink.applyChanges(
                    Self.batch([TableChangeSet(plan: plan, upserts: [textRow(["1", "again", "7"])])], position: "p3"))
                #expect(try await Self.tContents(admin, db) == ["1|again|7", "2|keep|2"])
                #expect(try await sink.streamCheckpoint(taskUUID: "task", generation: 1)?.position == "p3")
            }
        }
    }

    @Test func compositeKeysWithBinaryAndQuotedParts() async throws {
        try await MySQLTestServer.withDatabases { admin, names in
            let db = names[0]
            try await admin.execute(
                "CREATE TABLE `\(db)`.c (a int NOT NULL, b varbinary(8) NOT NULL, s varchar(10) COLLATE utf8mb4_bin NOT NULL,"
                    + " v varchar(10), PRIMARY KEY (a, b, s))")
            try await admin.execute(
                "INSERT INTO `\(db)`.c VALUES (1, X'00ff', 'x''y', 'a'), (1, X'00fe', 'x''y', 'b'), (2, X'00ff', 'X''y', 'c'),"
                    + " (2, X'00ff', 'x''y', 'd')")
            let plan = Self.plan(
                db, "c",
                [
                    Self.column("a", .int, "int", nullable: false),
                    Self.column("b", .varbinary, "varbinary(8)", nullable: false),
                    Self.column("s", .varchar, "varchar(10)", nullable: false),
                    Self.column("v", .varchar, "varchar(10)"),
                ],
                key: ["a", "b", "s"])
            let binary: (UInt8, UInt8) -> ByteBuffer = { ByteBuffer(bytes: [$0, $1]) }
            try await Self.withStreamSink(db) { sink in
                let changes = TableChangeSet(
                    plan: plan,
                    deletes: [Row(values: [ByteBuffer(string: "1"), binary(0, 0xFE), ByteBuffer(string: "x'y")])],
                    upserts: [
                        Row(values: [
                            ByteBuffer(string: "2"), binary(0, 0xFF), ByteBuffer(string: "x'y"),
                            ByteBuffer(string: "D"),
                        ]),
                        Row(values: [ByteBuffer(string: "3"), binary(0x5C, 0x27), ByteBuffer(string: "\\"), nil]),
                    ])
                try await sink.applyChanges(Self.batch([changes], position: "p"))
                let stored = try await admin.simpleQuery(
                    "SELECT CONCAT_WS('|', a, HEX(b), s, IFNULL(v, 'NULL')) FROM `\(db)`.c ORDER BY a, b, s")
                #expect(
                    stored.map { $0[0] ?? "?" } == ["1|00FF|x'y|a", "2|00FF|X'y|c", "2|00FF|x'y|D", "3|5C27|\\|NULL"])
            }
        }
    }

    @Test func keylessTableDeletesByEveryValueIncludingNull() async throws {
        try await MySQLTestServer.withDatabases { admin, names in
            let db = names[0]
            try await admin.execute("CREATE TABLE `\(db)`.k (a int, b varchar(10))")
            try await admin.execute("INSERT INTO `\(db)`.k VALUES (1, NULL), (1, 'x'), (2, NULL)")
            let plan = Self.plan(
                db, "k", [Self.column("a", .int, "int"), Self.column("b", .varchar, "varchar(10)")], key: [])
            try await Self.withStreamSink(db) { sink in
                let changes = TableChangeSet(
                    plan: plan, deletes: [textRow(["1", nil])], upserts: [textRow(["3", "y"])])
                try await sink.applyChanges(Self.batch([changes], position: "p"))
                let stored = try await Self.contents(admin, db, "k", ["a", "b"], order: "a, b")
                #expect(stored == ["1|x", "2|NULL", "3|y"])
            }
        }
    }

    @Test func sameBatchTwiceGivesTheSameContents() async throws {
        try await MySQLTestServer.withDatabases(2) { admin, names in
            let db = names[0]
            let plan = try await Self.simpleTable(admin, db)
            try await admin.execute(
                "CREATE TABLE `\(db)`.u (a int NOT NULL, b int NOT NULL, v int, PRIMARY KEY (a, b))")
            let other = Self.plan(
                db, "u",
                [
                    Self.column("a", .int, "int", nullable: false), Self.column("b", .int, "int", nullable: false),
                    Self.column("v", .int, "int"),
                ], key: ["a", "b"])
            try await admin.execute("INSERT INTO `\(db)`.t VALUES (1, 'a', 1), (2, 'b', 2)")
            try await admin.execute("INSERT INTO `\(db)`.u VALUES (1, 1, 1), (1, 2, 2)")
            // The checkpoint lives in another database than the tables.
            try await Self.withStreamSink(names[1]) { sink in
                let batch = Self.batch(
                    [
                        TableChangeSet(
                            plan: plan, deletes: [textRow(["1"])],
                            upserts: [textRow(["2", "B", nil]), textRow(["5", "e", "5"])]),
                        TableChangeSet(
                            plan: other, deletes: [textRow(["1", "2"])],
                            upserts: [textRow(["1", "1", "10"]), textRow(["2", "1", "20"])]),
                    ],
                    position: "p9")
                for _ in 0..<2 {
                    try await sink.applyChanges(batch)
                    #expect(try await Self.tContents(admin, db) == ["2|B|NULL", "5|e|5"])
                    #expect(
                        try await Self.contents(admin, db, "u", ["a", "b", "v"], order: "a, b") == ["1|1|10", "2|1|20"])
                    #expect(try await sink.streamCheckpoint(taskUUID: "task", generation: 1)?.position == "p9")
                }
            }
        }
    }

    @Test func refusedValueFailsTheBatchAndLeavesTablesAndCheckpointUntouched() async throws {
        try await MySQLTestServer.withDatabases { admin, names in
            let db = names[0]
            let plan = try await Self.simpleTable(admin, db)
            try await admin.execute("CREATE TABLE `\(db)`.t2 LIKE `\(db)`.t")
            var second = plan
            second.destination = TableName(schema: db, name: "t2")
            try await admin.execute("INSERT INTO `\(db)`.t VALUES (1, 'a', 1), (2, 'b', 2)")
            try await admin.execute("INSERT INTO `\(db)`.t2 VALUES (1, 'a', 1)")
            try await Self.withStreamSink(db, statementBytes: 1024) { sink in
                try await sink.saveStreamCheckpoint(
                    StreamCheckpoint(taskUUID: "task", generation: 1, position: "before", commitTimestamp: 5))
                let good = TableChangeSet(
                    plan: plan, deletes: [textRow(["1"])], upserts: (3...200).map { textRow([String($0), "ok", "1"]) })
                // tinyint holds -128...127: strict mode refuses 300 instead of clamping it.
                let bad = TableChangeSet(
                    plan: second, deletes: [textRow(["1"])],
                    upserts: (2...100).map { textRow([String($0), "v", $0 == 77 ? "300" : "1"]) })
                let error = await #expect(throws: SyncEngineError.self) {
                    try await sink.applyChanges(Self.batch([good, bad], position: "after"))
                }
                #expect(error?.code == .destinationFailed)
                #expect(error?.message.contains("\(db).t2") == true)
                #expect(error?.message.contains("key (77)") == true)
                #expect(error?.message.contains("Out of range") == true)
                #expect(try await Self.tContents(admin, db) == ["1|a|1", "2|b|2"])
                #expect(try await Self.contents(admin, db, "t2", ["id", "v", "n"], order: "id") == ["1|a|1"])
                #expect(try await sink.streamCheckpoint(taskUUID: "task", generation: 1)?.position == "before")
                // A string too long for varchar(20) is refused too, never truncated.
                let long = TableChangeSet(
                    plan: plan, upserts: [textRow(["9", String(repeating: "x", count: 21), nil])])
                await #expect(throws: SyncEngineError.self) {
                    try await sink.applyChanges(Self.batch([long], position: "after"))
                }
                #expect(try await Self.tContents(admin, db) == ["1|a|1", "2|b|2"])
            }
        }
    }

    @Test func lostConnectionFailsNamingTheTableAndRollsBack() async throws {
        try await MySQLTestServer.withDatabases { admin, names in
            let db = names[0]
            let plan = try await Self.simpleTable(admin, db)
            try await admin.execute("INSERT INTO `\(db)`.t VALUES (1, 'a', 1)")
            try await Self.withStreamSinkAndLocker(db) { sink, locker in
                try await locker.execute("START TRANSACTION")
                _ = try await locker.simpleQuery("SELECT * FROM `\(db)`.t WHERE id = 1 FOR UPDATE")
                let batch = Self.batch(
                    [TableChangeSet(plan: plan, deletes: [textRow(["1"])], upserts: [textRow(["2", "b", nil])])],
                    position: "x")
                let (killed, outcome) = try await withThrowingTaskGroup(of: (any Error)?.self) { group in
                    group.addTask {
                        do { try await sink.applyChanges(batch) } catch { return error }
                        return nil
                    }
                    // Wait until the sink's DELETE waits for the lock, then kill its connection.
                    var killed = false
                    for _ in 0..<100 where !killed {
                        try await Task.sleep(for: .milliseconds(50))
                        let waiting = try await admin.simpleQuery(
                            "SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE 'DELETE FROM `\(db)`%'")
                        if let id = waiting.first?[0] {
                            try await admin.execute("KILL \(id)")
                            killed = true
                        }
                    }
                    return (killed, try await group.next() ?? nil)
                }
                #expect(killed)
                let error = try #require(outcome as? SyncEngineError)
                #expect(error.code == .destinationFailed)
                #expect(error.message.contains("\(db).t"))
                try await locker.execute("ROLLBACK")
                #expect(try await Self.tContents(admin, db) == ["1|a|1"])
                #expect(try await sink.streamCheckpoint(taskUUID: "task", generation: 1) == nil)
                // The sink recovers: the pool drops the dead connection and the same batch applies.
                try await sink.applyChanges(batch)
                #expect(try await Self.tContents(admin, db) == ["2|b|NULL"])
            }
        }
    }

    @Test func cancellationRollsBack() async throws {
        try await MySQLTestServer.withDatabases { admin, names in
            let db = names[0]
            let plan = try await Self.simpleTable(admin, db)
            try await admin.execute("INSERT INTO `\(db)`.t VALUES (1, 'a', 1)")
            try await Self.withStreamSinkAndLocker(db) { sink, locker in
                try await locker.execute("START TRANSACTION")
                _ = try await locker.simpleQuery("SELECT * FROM `\(db)`.t WHERE id = 1 FOR UPDATE")
                let batch = Self.batch(
                    [TableChangeSet(plan: plan, deletes: [textRow(["1"])], upserts: [textRow(["2", "b", nil])])],
                    position: "x")
                let outcome = await withTaskGroup(of: (any Error)?.self) { group in
                    group.addTask {
                        do { try await sink.applyChanges(batch) } catch { return error }
                        return nil
                    }
                    // Cancel while the DELETE waits for the lock, then let it go on.
                    try? await Task.sleep(for: .milliseconds(300))
                    group.cancelAll()
                    try? await Task.sleep(for: .milliseconds(100))
                    _ = try? await locker.execute("ROLLBACK")
                    return await group.next() ?? nil
                }
                #expect(outcome != nil)
                #expect(try await Self.tContents(admin, db) == ["1|a|1"])
                #expect(try await sink.streamCheckpoint(taskUUID: "task", generation: 1) == nil)
            }
        }
    }

    @Test func checkpointRoundTrip() async throws {
        try await MySQLTestServer.withDatabases { _, names in
            try await withSink(checkpointDatabase: names[0] + "_cp") { sink in
                // Before prepareStream the table (and its database) does not exist: no checkpoint, no error.
                #expect(try await sink.streamCheckpoint(taskUUID: "a", generation: 1) == nil)
                try await sink.prepareStream()
                try await sink.prepareStream()
                #expect(try await sink.streamCheckpoint(taskUUID: "a", generation: 1) == nil)
                let first = StreamCheckpoint(
                    taskUUID: "a", generation: 1, position: "{\"gtid\":\"0-1-5\"} 'q'", commitTimestamp: 4_000_000_000)
                try await sink.saveStreamCheckpoint(first)
                #expect(try await sink.streamCheckpoint(taskUUID: "a", generation: 1) == first)
                let second = StreamCheckpoint(
                    taskUUID: "a", generation: 1, position: "mysql-bin.000002:4", commitTimestamp: 0)
                try await sink.saveStreamCheckpoint(second)
                try await sink.saveStreamCheckpoint(StreamCheckpoint(taskUUID: "a", generation: 2, position: "g2"))
                #expect(try await sink.streamCheckpoint(taskUUID: "a", generation: 1) == second)
                #expect(try await sink.streamCheckpoint(taskUUID: "a", generation: 2)?.position == "g2")
                #expect(try await sink.streamCheckpoint(taskUUID: "b", generation: 1) == nil)
                let admin = try await MySQLTestServer.admin()
                try await admin.execute("DROP DATABASE IF EXISTS `\(names[0])_cp`")
                await admin.close()
            }
        }
    }

    @Test func hundredThousandChangeBatchAppliesInOneTransaction() async throws {
        try await MySQLTestServer.withDatabases { admin, names in
            let db = names[0]
            try await admin.execute(
                "CREATE TABLE `\(db)`.big (a int NOT NULL, b int NOT NULL, v varchar(40), PRIMARY KEY (a, b))")
            // 60,000 rows: a in 1...600, b in 1...100.
            try await admin.execute(
                "INSERT INTO `\(db)`.big SELECT (seq - 1) DIV 100 + 1, (seq - 1) MOD 100 + 1, 'old' FROM `\(db)`.seq_1_to_60000"
            )
            let plan = Self.plan(
                db, "big",
                [
                    Self.column("a", .int, "int", nullable: false), Self.column("b", .int, "int", nullable: false),
                    Self.column("v", .varchar, "varchar(40)"),
                ], key: ["a", "b"])
            // 20,000 deletes (a 1...200), 30,000 updates (a 201...500), 50,000 inserts (a 601...1100).
            var changes = TableChangeSet(plan: plan)
            for a in 1...200 { for b in 1...100 { changes.deletes.append(textRow([String(a), String(b)])) } }
            for a in 201...500 {
                for b in 1...100 { changes.upserts.append(textRow([String(a), String(b), "updated \(a * b)"])) }
            }
            for a in 601...1100 {
                for b in 1...100 { changes.upserts.append(textRow([String(a), String(b), "new \(a + b)"])) }
            }
            #expect(changes.deletes.count + changes.upserts.count == 100_000)
            try await Self.withStreamSink(db) { sink in
                let clock = ContinuousClock()
                let elapsed = try await clock.measure {
                    try await sink.applyChanges(Self.batch([changes], position: "big"))
                }
                print("MySQLChangeApplyTests: 100,000 changes applied in \(elapsed)")
                let summary = try await admin.simpleQuery(
                    "SELECT COUNT(*), SUM(v = 'old'), SUM(v LIKE 'updated %'), SUM(v LIKE 'new %'), MIN(a),"
                        + " SUM(CRC32(CONCAT_WS('|', a, b, v))) FROM `\(db)`.big")
                var expected: UInt64 = 0
                for a in 201...600 {
                    for b in 1...100 {
                        expected += UInt64(Self.crc32("\(a)|\(b)|" + (a <= 500 ? "updated \(a * b)" : "old")))
                    }
                }
                for a in 601...1100 { for b in 1...100 { expected += UInt64(Self.crc32("\(a)|\(b)|new \(a + b)")) } }
                let row = try #require(summary.first)
                #expect((0..<5).map { row[$0] } == ["90000", "10000", "30000", "50000", "201"])
                #expect(row[5] == String(expected))
                #expect(try await sink.streamCheckpoint(taskUUID: "task", generation: 1)?.position == "big")
            }
        }
    }

    /// CRC-32 (IEEE), as MySQL's `CRC32()`.
    private static func crc32(_ text: String) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in text.utf8 {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (crc & 1 == 1 ? 0xEDB8_8320 : 0) }
        }
        return ~crc
    }
}

/// `MySQLSink.applySchemaChange` against the real MariaDB: each DDL, its effect read back from information_schema,
/// and its replay (a crash between the DDL and the next checkpoint) as a no-op.
@Suite(.enabled(if: MySQLTestServer.isConfigured, MySQLTestServer.disabledReason))
struct MySQLSchemaChangeApplyTests {
    private static func columns(_ admin: MySQLConnection, _ db: String, _ table: String) async throws -> [String] {
        try await admin.simpleQuery(
            "SELECT CONCAT(COLUMN_NAME, ' ', COLUMN_TYPE, ' ', IS_NULLABLE) FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = '\(db)' AND TABLE_NAME = '\(table)' ORDER BY ORDINAL_POSITION"
        ).map { $0[0] ?? "?" }
    }

    private static func rows(_ admin: MySQLConnection, _ sql: String) async throws -> [String] {
        try await admin.simpleQuery(sql).map { $0[0] ?? "NULL" }
    }

    @Test func everySchemaChangeAppliesAndReplaysAsANoOp() async throws {
        try await MySQLTestServer.withDatabases { admin, names in
            let db = names[0]
            let id = ColumnSchema(
                name: "id", type: ColumnType(kind: .bigInt, isUnsigned: true, sourceTypeText: "bigint(20) unsigned"),
                isNullable: false)
            let name = ColumnSchema(
                name: "name", type: ColumnType(kind: .varchar, length: 10, sourceTypeText: "varchar(10)"))
            let schema = TableSchema(
                name: TableName(schema: "src", name: "s"), columns: [id, name], keyColumns: ["id"])
            // The destination database does not exist yet: CREATE TABLE makes it.
            var plan = TablePlan(source: schema, destination: TableName(schema: db + "_new", name: "s"))
            try await withSink(checkpointDatabase: db) { sink in
                let options = SinkOptions()
                func apply(_ change: DestinationSchemaChange) async throws {
                    try await sink.applySchemaChange(change, table: plan, options: options)
                    try await sink.applySchemaChange(change, table: plan, options: options)
                }
                let target = db + "_new"
                do {
                    try await apply(.createTable)
                    #expect(
                        try await Self.columns(admin, target, "s") == [
                            "id bigint(20) unsigned NO", "name varchar(10) YES",
                        ])
                    try await admin.execute("INSERT INTO `\(target)`.s VALUES (1, 'a'), (2, 'b')")

                    let added = ColumnSchema(
                        name: "price",
                        type: ColumnType(kind: .decimal, precision: 10, scale: 2, sourceTypeText: "decimal(10,2)"),
                        isNullable: false)
                    plan.source.columns.append(added)
                    plan.columns.append(added)
                    plan.destinationColumns.append("price")
                    try await apply(.addColumn(added, destinationName: "price"))
                    #expect(try await Self.columns(admin, target, "s").last == "price decimal(10,2) YES")
                    // Rows with the new shape apply.
                    try await sink.prepareStream()
                    try await sink.applyChanges(
                        ChangeBatch(
                            tables: [TableChangeSet(plan: plan, upserts: [textRow(["2", "b", "9.50"])])],
                            checkpoint: StreamCheckpoint(taskUUID: "ddl", generation: 1, position: "p"),
                            transactions: 1, rowChanges: 1,
                            byteCount: 0))
                    #expect(
                        try await Self.rows(
                            admin, "SELECT CONCAT_WS('|', id, name, price) FROM `\(target)`.s ORDER BY id") == [
                                "1|a", "2|b|9.50",
                            ])

                    plan.destinationColumns[2] = "cost"
                    try await apply(.renameColumn(from: "price", to: "cost"))
                    #expect(try await Self.columns(admin, target, "s").last == "cost decimal(10,2) YES")

                    let wider = ColumnSchema(
                        name: "name", type: ColumnType(kind: .varchar, length: 40, sourceTypeText: "varchar(40)"),
                        isNullable: false)
                    try await apply(.alterColumnType(wider, destinationName: "name"))
                    #expect(try await Self.columns(admin, target, "s")[1] == "name varchar(40) NO")

                    try await apply(.dropColumn(destinationName: "cost"))
                    #expect(
                        try await Self.columns(admin, target, "s") == [
                            "id bigint(20) unsigned NO", "name varchar(40) NO",
                        ])
                    #expect(
                        try await Self.rows(admin, "SELECT CONCAT_WS('|', id, name) FROM `\(target)`.s ORDER BY id")
                            == ["1|a", "2|b"])

                    try await apply(.truncate)
                    #expect(try await Self.rows(admin, "SELECT COUNT(*) FROM `\(target)`.s") == ["0"])

                    try await apply(.dropTable)
                    #expect(try await Self.columns(admin, target, "s").isEmpty)
                    try await admin.execute("DROP DATABASE IF EXISTS `\(target)`")
                } catch {
                    _ = try? await admin.execute("DROP DATABASE IF EXISTS `\(target)`")
                    throw error
                }
            }
        }
    }

    @Test func schemaChangeOnAMissingColumnFailsNamingTheTable() async throws {
        try await MySQLTestServer.withDatabases { admin, names in
            let db = names[0]
            try await admin.execute("CREATE TABLE `\(db)`.m (id int PRIMARY KEY, a int)")
            let schema = TableSchema(
                name: TableName(schema: "src", name: "m"),
                columns: [ColumnSchema(name: "id", type: ColumnType(kind: .int), isNullable: false)], keyColumns: ["id"]
            )
            let plan = TablePlan(source: schema, destination: TableName(schema: db, name: "m"))
            try await withSink(checkpointDatabase: db) { sink in
                // Neither `nope` nor `b` exists: not a replay, a real failure.
                let error = await #expect(throws: SyncEngineError.self) {
                    try await sink.applySchemaChange(
                        .renameColumn(from: "nope", to: "b"), table: plan, options: SinkOptions())
                }
                #expect(error?.code == .destinationFailed)
                #expect(error?.message.contains("\(db).m") == true)
                #expect(error?.message.contains("RENAME COLUMN nope TO b") == true)
                let narrow = ColumnSchema(name: "a", type: ColumnType(kind: .tinyInt, sourceTypeText: "tinyint"))
                try await admin.execute("INSERT INTO `\(db)`.m VALUES (1, 1000)")
                // Strict mode: narrowing a column below its values fails instead of clamping them.
                await #expect(throws: SyncEngineError.self) {
                    try await sink.applySchemaChange(
                        .alterColumnType(narrow, destinationName: "a"), table: plan, options: SinkOptions())
                }
                #expect(try await Self.rows(admin, "SELECT a FROM `\(db)`.m") == ["1000"])
            }
        }
    }
}

import Foundation
import MySQLClient
import MySQLSink
import NIOCore
import SyncEngine
import Testing

/// HandleDml LogicalDelete in the MySQL sink (`TablePlan.logicalDeleteColumn`): the marker column is added to an
/// existing table (and created with a new one), deletes set it, a re-inserted key clears it, and ordered reads for
/// verification skip marked rows.
@Suite(.enabled(if: MySQLTestServer.isConfigured, MySQLTestServer.disabledReason))
struct MySQLLogicalDeleteTests {
    static func plan(_ db: String) -> TablePlan {
        var plan = TablePlan(
            source: TableSchema(
                name: TableName(schema: "src", name: "t"),
                columns: [
                    ColumnSchema(
                        name: "id", type: ColumnType(kind: .int, sourceTypeText: "int"), isNullable: false),
                    ColumnSchema(name: "v", type: ColumnType(kind: .varchar, length: 20, sourceTypeText: "varchar(20)")),
                ],
                keyColumns: ["id"]),
            destination: TableName(schema: db, name: "t"))
        plan.logicalDeleteColumn = "gone"
        return plan
    }

    static func batch(_ set: TableChangeSet, _ position: String) -> ChangeBatch {
        ChangeBatch(
            tables: [set], checkpoint: StreamCheckpoint(taskUUID: "task", generation: 1, position: position),
            transactions: 1, rowChanges: set.deletes.count + set.upserts.count, byteCount: 0)
    }

    static func contents(_ admin: MySQLConnection, _ db: String) async throws -> [String] {
        try await admin.simpleQuery("SELECT CONCAT_WS('|', id, v, gone) FROM `\(db)`.t ORDER BY id").map { $0[0] ?? "?" }
    }

    @Test func anExistingTableGetsTheMarkerAndDeletesSetIt() async throws {
        try await MySQLTestServer.withDatabases { admin, names in
            let db = names[0]
            try await admin.execute("CREATE TABLE `\(db)`.t (id int NOT NULL PRIMARY KEY, v varchar(20) NULL)")
            try await admin.execute("INSERT INTO `\(db)`.t VALUES (1, 'one'), (2, 'two'), (3, 'three')")
            let plan = Self.plan(db)
            try await withSink(checkpointDatabase: db) { sink in
                try await sink.prepareStream()
                #expect(try await sink.prepareLogicalDelete([plan]) == [plan.destination])
                #expect(try await sink.prepareLogicalDelete([plan]).isEmpty)
                #expect(try await Self.contents(admin, db) == ["1|one|0", "2|two|0", "3|three|0"])
                try await sink.applyChanges(
                    Self.batch(
                        TableChangeSet(plan: plan, deletes: [textRow(["1"]), textRow(["3"])], upserts: [textRow(["2", "TWO"])]),
                        "p1"))
                #expect(try await Self.contents(admin, db) == ["1|one|1", "2|TWO|0", "3|three|1"])
                try await sink.applyChanges(
                    Self.batch(TableChangeSet(plan: plan, upserts: [textRow(["3", "back"])]), "p2"))
                #expect(try await Self.contents(admin, db) == ["1|one|1", "2|TWO|0", "3|back|0"])
                var live: [String] = []
                try await sink.readOrdered(plan, side: .destination, limits: BatchLimits()) { batch in
                    live += batch.rows.map { String(buffer: $0.values[0] ?? ByteBuffer()) }
                }
                #expect(live == ["2", "3"])
            }
        }
    }

    @Test func aCreatedTableHasTheMarker() async throws {
        try await MySQLTestServer.withDatabases { admin, names in
            let db = names[0]
            let plan = Self.plan(db)
            try await withSink(checkpointDatabase: db) { sink in
                try await sink.prepare([plan], options: SinkOptions(), fresh: true)
                #expect(try await sink.prepareLogicalDelete([plan]).isEmpty)
            }
            let column = try await admin.simpleQuery(
                "SELECT COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '"
                    + db + "' AND TABLE_NAME = 't' AND COLUMN_NAME = 'gone'")
            #expect(column.map { [$0[0], $0[1], $0[2]] } == [["tinyint(1)", "NO", "0"]])
        }
    }
}

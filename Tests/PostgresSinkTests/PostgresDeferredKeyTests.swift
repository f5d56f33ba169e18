import Foundation
import NIOCore
import PostgresSink
import SyncEngine
import Testing

/// Keys built after the load (`SinkOptions.deferKeys`, `completeLoad`), against a real PostgreSQL.
@Suite(.enabled(if: PostgresTestSupport.isEnabled, "set TIDE_TEST_PG=postgres://user:pass@host:port/db"))
struct PostgresDeferredKeyTests {
    private typealias Support = PostgresTestSupport

    private static func plan(schema: String, keyIsPrimary: Bool = true) -> TablePlan {
        let source = TableSchema(
            name: TableName(schema: "src", name: "items"),
            columns: [
                ColumnSchema(name: "id", type: ColumnType(kind: .int), isNullable: false),
                ColumnSchema(name: "code", type: ColumnType(kind: .varbinary, length: 4), isNullable: false),
                ColumnSchema(name: "name", type: ColumnType(kind: .varchar, length: 10), isNullable: true),
            ],
            keyColumns: ["id", "code"], keyIsPrimary: keyIsPrimary
        )
        return TablePlan(source: source, destination: TableName(schema: schema, name: "items"))
    }

    private static func keyDefinitions(_ inspector: Inspector, _ schema: String) async throws
        -> [[String?]]
    {
        try await inspector.texts(
            """
            SELECT contype::text, pg_get_constraintdef(oid) FROM pg_constraint \
            WHERE conrelid = '\(Support.quoted(schema)).items'::regclass AND contype IN ('p', 'u') ORDER BY 1
            """)
    }

    private static func pending(_ inspector: Inspector, _ schema: String) async throws -> [[String?]] {
        try await inspector.texts(
            "SELECT key_clause FROM \"_tide\".deferred_keys WHERE table_name = '\(Support.quoted(schema)).\"items\"'")
    }

    @Test func aCreatedTableGetsItsKeyOnlyWhenTheLoadCompletes() async throws {
        let schema = Support.uniqueSchema()
        try await Support.withSink(schemas: [schema]) { sink, inspector in
            let plan = Self.plan(schema: schema)
            let options = SinkOptions(deferKeys: true)
            try await sink.prepare([plan], options: options, fresh: true)
            #expect(try await Self.keyDefinitions(inspector, schema) == [])
            #expect(try await Self.pending(inspector, schema) == [["PRIMARY KEY (\"id\", \"code\")"]])
            let checkpoint = ChunkCheckpoint(
                taskUUID: UUID().uuidString, generation: 1, tableKey: plan.tableKey, chunkIndex: 0, rows: 0)
            let result = try await Support.writeChunk(
                sink, plan: plan, options: options, checkpoint: checkpoint,
                rows: [Support.row(["2", "b", "two"]), Support.row(["1", "a", nil])])
            #expect(result.rowsWritten == 2)
            // A resumed run's prepare leaves the half-built table and its pending key alone.
            try await sink.prepare([plan], options: options, fresh: false)
            #expect(try await Self.pending(inspector, schema).count == 1)
            #expect(try await sink.completeLoad([plan], options: options) == [])
            #expect(try await Self.keyDefinitions(inspector, schema) == [["p", "PRIMARY KEY (id, code)"]])
            #expect(try await Self.pending(inspector, schema) == [])
            // Idempotent: nothing left to do.
            #expect(try await sink.completeLoad([plan], options: options) == [])
            let rows = try await inspector.texts(
                "SELECT id::text, encode(code, 'escape'), name FROM \(Support.quoted(schema)).items ORDER BY id")
            #expect(rows == [["1", "a", nil], ["2", "b", "two"]])
        }
    }

    @Test func duplicatesFoundWhenTheKeyIsBuiltBecomeDirtyRecords() async throws {
        let schema = Support.uniqueSchema()
        try await Support.withSink(schemas: [schema]) { sink, inspector in
            let plan = Self.plan(schema: schema, keyIsPrimary: false)
            let options = SinkOptions(deferKeys: true)
            try await sink.prepare([plan], options: options, fresh: true)
            for index in 0..<2 {
                let checkpoint = ChunkCheckpoint(
                    taskUUID: UUID().uuidString, generation: 1, tableKey: plan.tableKey, chunkIndex: index, rows: 0)
                _ = try await Support.writeChunk(
                    sink, plan: plan, options: options, checkpoint: checkpoint,
                    rows: [Support.row(["1", "a", "first \(index)"]), Support.row(["\(index + 2)", "\u{1}", nil])])
            }
            let dirty = try await sink.completeLoad([plan], options: options)
            #expect(dirty.map(\.key) == [["1", "0x61"]])
            #expect(dirty.first?.table == plan.tableKey)
            #expect(dirty.first?.reason.contains("duplicate key value") == true)
            #expect(try await Self.keyDefinitions(inspector, schema) == [["u", "UNIQUE (id, code)"]])
            let rows = try await inspector.texts(
                "SELECT id::text, name FROM \(Support.quoted(schema)).items ORDER BY id")
            #expect(rows == [["1", "first 0"], ["2", nil], ["3", nil]])
        }
    }

    @Test func keysAreCreatedWithTheTableWhenTheLoadMayConflict() async throws {
        let schema = Support.uniqueSchema()
        try await Support.withSink(schemas: [schema]) { sink, inspector in
            let plan = Self.plan(schema: schema)
            try await sink.prepare([plan], options: SinkOptions(writeMode: .replace, deferKeys: true), fresh: true)
            #expect(try await Self.keyDefinitions(inspector, schema) == [["p", "PRIMARY KEY (id, code)"]])
            #expect(try await Self.pending(inspector, schema) == [])
        }
    }

    @Test func anExistingTableIsLeftAsItIs() async throws {
        let schema = Support.uniqueSchema()
        try await Support.withSink(schemas: [schema]) { sink, inspector in
            try await inspector.execute("CREATE SCHEMA \(Support.quoted(schema))")
            try await inspector.execute(
                "CREATE TABLE \(Support.quoted(schema)).items (id int NOT NULL, code bytea NOT NULL, name text)")
            let plan = Self.plan(schema: schema)
            try await sink.prepare([plan], options: SinkOptions(deferKeys: true), fresh: true)
            #expect(try await Self.pending(inspector, schema) == [])
            #expect(try await sink.completeLoad([plan], options: SinkOptions(deferKeys: true)) == [])
            #expect(try await Self.keyDefinitions(inspector, schema) == [])
        }
    }
}

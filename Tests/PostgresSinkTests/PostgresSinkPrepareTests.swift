import Foundation
import NIOCore
import PostgresSink
import SyncEngine
import Testing

/// prepare/finish options, failures that must fail the chunk, and reader restrictions, against a real PostgreSQL.
@Suite(.enabled(if: PostgresTestSupport.isEnabled, "set TIDE_TEST_PG=postgres://user:pass@host:port/db"))
struct PostgresSinkPrepareTests {
    private typealias Support = PostgresTestSupport

    private static func plan(schema: String) -> TablePlan {
        let source = TableSchema(
            name: TableName(schema: "src", name: "items"),
            columns: [
                ColumnSchema(name: "id", type: ColumnType(kind: .int), isNullable: false),
                ColumnSchema(name: "name", type: ColumnType(kind: .varchar, length: 10), isNullable: false),
            ],
            keyColumns: ["id"]
        )
        return TablePlan(source: source, destination: TableName(schema: schema, name: "items"))
    }

    @Test func truncatesAndRunsPreSQLOnlyOnAFreshRunAndPostSQLAtFinish() async throws {
        let schema = Support.uniqueSchema()
        try await Support.withSink(schemas: [schema]) { sink, inspector in
            let plan = Self.plan(schema: schema)
            let table = "\(Support.quoted(schema)).items"
            let options = SinkOptions(
                truncateBeforeLoad: true,
                preSQL: [
                    "CREATE TABLE \(Support.quoted(schema)).log (event text)",
                    "INSERT INTO \(Support.quoted(schema)).log VALUES ('pre')",
                ],
                postSQL: ["INSERT INTO \(Support.quoted(schema)).log VALUES ('post')"]
            )
            try await sink.prepare([plan], options: SinkOptions(), fresh: true)
            try await inspector.execute("INSERT INTO \(table) VALUES (1, 'kept')")
            try await sink.prepare([plan], options: options, fresh: true)
            #expect(try await inspector.texts("SELECT count(*)::text FROM \(table)") == [["0"]])
            try await inspector.execute("INSERT INTO \(table) VALUES (2, 'kept')")
            try await sink.prepare([plan], options: SinkOptions(truncateBeforeLoad: true), fresh: false)
            #expect(try await inspector.texts("SELECT count(*)::text FROM \(table)") == [["1"]])
            try await sink.finish([plan], options: options)
            #expect(
                try await inspector.texts("SELECT event FROM \(Support.quoted(schema)).log") == [["pre"], ["post"]])
            let notNull = try await inspector.texts(
                "SELECT column_name::text, is_nullable::text FROM information_schema.columns WHERE table_schema = '\(schema)' AND table_name = 'items' ORDER BY ordinal_position"
            )
            #expect(notNull == [["id", "NO"], ["name", "NO"]])
        }
    }

    @Test(arguments: [false, true])
    func aFillFactorLeavesRoomForUpdatesInCreatedTables(deferKeys: Bool) async throws {
        let schema = Support.uniqueSchema()
        try await Support.withSink(schemas: [schema]) { sink, inspector in
            let plan = Self.plan(schema: schema)
            var options = SinkOptions(deferKeys: deferKeys)
            options.fillFactor = 90
            try await sink.prepare([plan], options: options, fresh: true)
            let table = "\(Support.quoted(schema)).\(Support.quoted(plan.destination.name))"
            let stored = try await inspector.texts("SELECT array_to_string(reloptions, ',') FROM pg_class WHERE oid = '\(table)'::regclass")
            #expect(stored == [["fillfactor=90"]])
        }
    }

    @Test func aMissingDestinationTableFailsTheChunkWithoutCheckpoint() async throws {
        let schema = Support.uniqueSchema()
        try await Support.withSink(schemas: [schema]) { sink, _ in
            let plan = Self.plan(schema: schema)
            try await sink.prepare([plan], options: SinkOptions(createTables: false), fresh: true)
            let task = UUID().uuidString
            let checkpoint = ChunkCheckpoint(
                taskUUID: task, generation: 1, tableKey: plan.tableKey, chunkIndex: 0, rows: 0)
            await #expect {
                _ = try await Support.writeChunk(
                    sink, plan: plan, options: SinkOptions(), checkpoint: checkpoint, rows: [Support.row(["1", "a"])])
            } throws: { error in
                guard let error = error as? SyncEngineError else { return false }
                return error.code == .destinationFailed && error.message.contains("42P01")
                    && error.message.contains("chunk 0 of src.items")
            }
            #expect(try await sink.committedChunks(taskUUID: task, generation: 1) == [])
        }
    }

    @Test func anExistingTableIsWrittenForTheTypesItHas() async throws {
        let schema = Support.uniqueSchema()
        try await Support.withSink(schemas: [schema]) { sink, inspector in
            let source = TableSchema(
                name: TableName(schema: "src", name: "existing"),
                columns: [
                    ColumnSchema(name: "id", type: ColumnType(kind: .int), isNullable: false),
                    ColumnSchema(name: "flag", type: ColumnType(kind: .tinyInt, length: 1)),
                    ColumnSchema(name: "data", type: ColumnType(kind: .blob)),
                ],
                keyColumns: ["id"]
            )
            let plan = TablePlan(source: source, destination: TableName(schema: schema, name: "existing"))
            try await inspector.execute("CREATE SCHEMA \(Support.quoted(schema))")
            try await inspector.execute(
                "CREATE TABLE \(Support.quoted(schema)).existing (id int PRIMARY KEY, flag boolean, data text)")
            try await sink.prepare([plan], options: SinkOptions(), fresh: true)
            let checkpoint = ChunkCheckpoint(
                taskUUID: UUID().uuidString, generation: 1, tableKey: plan.tableKey, chunkIndex: 0, rows: 0)
            let rows = [Row(values: [ByteBuffer(string: "1"), ByteBuffer(string: "1"), ByteBuffer(string: "AB")])]
            let result = try await Support.writeChunk(
                sink, plan: plan, options: SinkOptions(), checkpoint: checkpoint, rows: rows)
            #expect(result.rowsWritten == 1)
            #expect(
                try await inspector.texts("SELECT flag::text, data FROM \(Support.quoted(schema)).existing") == [
                    ["true", "AB"]
                ])
            #expect(try await Support.readBack(sink, plan: plan) == rows)
        }
    }

    @Test func readsOnlyTheDestinationSide() async throws {
        let schema = Support.uniqueSchema()
        try await Support.withSink(schemas: [schema]) { sink, _ in
            let plan = Self.plan(schema: schema)
            await #expect(throws: SyncEngineError.self) {
                try await sink.readOrdered(plan, side: .source, limits: BatchLimits()) { _ in }
            }
            await #expect {
                try await sink.readOrdered(plan, side: .destination, limits: BatchLimits()) { _ in }
            } throws: { error in
                (error as? SyncEngineError)?.code == .notFound
            }
        }
    }

    @Test func aWrongPasswordFailsToConnectWithoutShowingIt() async throws {
        var configuration = try Support.configuration()
        configuration.password = "wrong-secret-\(UUID().uuidString.prefix(4))"
        let password = configuration.password ?? ""
        await #expect {
            _ = try await PostgresSink.connect(configuration)
        } throws: { error in
            guard let error = error as? SyncEngineError else { return false }
            return error.code == .destinationFailed && !error.description.contains(password)
                && error.message.contains("cannot connect")
        }
    }
}

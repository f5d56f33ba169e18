import Foundation
import NIOCore
import PostgresSink
import SyncEngine
import Testing

/// `applySchemaChange` for each `DestinationSchemaChange`, and batches applied after each (issue 5 item 6); every
/// column type through `applyChanges` against the snapshot writer (issue 5 "every column type").
@Suite(.enabled(if: PostgresTestSupport.isEnabled, "set TIDE_TEST_PG=postgres://user:pass@host:port/db"))
struct PostgresChangeSchemaTests {
    private typealias Support = PostgresTestSupport
    private typealias Changes = PostgresChangeTestSupport

    private static func columns(_ inspector: Inspector, _ table: TableName) async throws -> [[String?]] {
        try await inspector.texts(
            """
            SELECT column_name::text, data_type::text FROM information_schema.columns \
            WHERE table_schema = '\(table.schema)' AND table_name = '\(table.name)' ORDER BY ordinal_position
            """)
    }

    @Test func columnChangesApplyAndLaterBatchesUseTheNewShape() async throws {
        let schema = Support.uniqueSchema()
        try await Support.withSink(schemas: [schema]) { sink, inspector in
            var plan = Changes.itemsPlan(schema: schema)
            let options = SinkOptions()
            try await sink.prepare([plan], options: options, fresh: true)
            try await sink.prepareStream()
            let task = Changes.task()
            try await sink.applyChanges(
                Changes.batch(plan, task: task, position: "p1", upserts: [["1", "a", "1.00", nil]]))

            let flag = ColumnSchema(name: "flag", type: ColumnType(kind: .int, isUnsigned: true))
            try await sink.applySchemaChange(.addColumn(flag, destinationName: "flag"), table: plan, options: options)
            try await sink.applySchemaChange(.addColumn(flag, destinationName: "flag"), table: plan, options: options)
            plan.source.columns.append(flag)
            plan.columns.append(flag)
            plan.destinationColumns.append("flag")
            try await sink.applyChanges(
                Changes.batch(plan, task: task, position: "p2", upserts: [["2", "b", nil, nil, "4294967295"]]))

            try await sink.applySchemaChange(.renameColumn(from: "name", to: "title"), table: plan, options: options)
            try await sink.applySchemaChange(.renameColumn(from: "name", to: "title"), table: plan, options: options)
            plan.destinationColumns[1] = "title"
            let wide = ColumnSchema(name: "amount", type: ColumnType(kind: .varchar, length: 20))
            try await sink.applySchemaChange(
                .alterColumnType(wide, destinationName: "amount"), table: plan, options: options)
            plan.columns[2] = wide
            try await sink.applySchemaChange(.dropColumn(destinationName: "seen"), table: plan, options: options)
            try await sink.applySchemaChange(.dropColumn(destinationName: "seen"), table: plan, options: options)
            plan.columns.remove(at: 3)
            plan.destinationColumns.remove(at: 3)
            #expect(
                try await Self.columns(inspector, plan.destination) == [
                    ["id", "bigint"], ["title", "character varying"], ["amount", "character varying"],
                    ["flag", "bigint"],
                ])
            try await sink.applyChanges(
                Changes.batch(plan, task: task, position: "p3", deletes: [["1"]], upserts: [["3", "c", "n/a", "7"]]))
            let stored = try await inspector.texts(
                "SELECT id::text, title, amount, flag::text FROM \(Support.quoted(schema)).items ORDER BY id")
            #expect(stored == [["2", "b", nil, "4294967295"], ["3", "c", "n/a", "7"]])
        }
    }

    @Test func truncateDropAndCreateTable() async throws {
        let schema = Support.uniqueSchema()
        try await Support.withSink(schemas: [schema]) { sink, inspector in
            let plan = Changes.itemsPlan(schema: schema)
            let options = SinkOptions()
            try await sink.prepare([plan], options: options, fresh: true)
            try await sink.prepareStream()
            let task = Changes.task()
            try await sink.applyChanges(
                Changes.batch(plan, task: task, position: "p1", upserts: [["1", "a", nil, nil], ["2", "b", nil, nil]]))
            try await sink.applySchemaChange(.truncate, table: plan, options: options)
            let count = try await inspector.texts("SELECT count(*)::text FROM \(Support.quoted(schema)).items")
            #expect(count == [["0"]])

            try await sink.applySchemaChange(.dropTable, table: plan, options: options)
            try await sink.applySchemaChange(.dropTable, table: plan, options: options)
            #expect(try await Self.columns(inspector, plan.destination) == [])

            let created = Changes.itemsPlan(schema: schema + "_new", table: "fresh")
            try await sink.applySchemaChange(.createTable, table: created, options: options)
            try await sink.applySchemaChange(.createTable, table: created, options: options)
            let key = try await inspector.texts(
                """
                SELECT a.attname::text FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid \
                AND a.attnum = ANY(i.indkey) WHERE i.indrelid = '\(created.destination.schema).fresh'::regclass \
                AND i.indisprimary
                """)
            #expect(key == [["id"]])
            try await sink.applyChanges(
                Changes.batch(created, task: task, position: "p2", upserts: [["5", "e", "5.50", "2000-01-01"]]))
            let stored = try await inspector.texts(
                "SELECT id::text, name, amount::text, seen::text FROM \(Support.quoted(schema + "_new")).fresh")
            #expect(stored == [["5", "e", "5.50", "2000-01-01"]])
            // A batch for the dropped table now fails clearly.
            let error = await #expect(throws: SyncEngineError.self) {
                try await sink.applyChanges(
                    Changes.batch(plan, task: task, position: "p3", upserts: [["1", "a", nil, nil]]))
            }
            #expect(error?.code == .notFound)
            try await inspector.execute("DROP SCHEMA \(Support.quoted(schema + "_new")) CASCADE")
        }
    }

    @Test func everyTypeLandsAsTheSnapshotWriterWritesIt() async throws {
        let schema = Support.uniqueSchema()
        try await Support.withSink(schemas: [schema]) { sink, inspector in
            let snapshot = PostgresSinkRoundTripTests.plan(schema: schema, table: "by_snapshot")
            let applied = PostgresSinkRoundTripTests.plan(schema: schema, table: "by_apply")
            let options = SinkOptions()
            try await sink.prepare([snapshot, applied], options: options, fresh: true)
            try await sink.prepareStream()
            let rows = PostgresSinkRoundTripTests.cases.map { Row(values: $0.input.map(\.buffer)) }
            let checkpoint = ChunkCheckpoint(
                taskUUID: Changes.task(), generation: 1, tableKey: snapshot.tableKey, chunkIndex: 0, rows: 0)
            _ = try await Support.writeChunk(sink, plan: snapshot, options: options, checkpoint: checkpoint, rows: rows)
            // Insert placeholders first, so that the real rows arrive as updates (delete + insert by key).
            let task = Changes.task()
            let placeholders = rows.map { row in
                Row(values: [row.values[0]] + Array(repeating: nil, count: row.values.count - 1))
            }
            let stream = StreamCheckpoint(taskUUID: task, generation: 1, position: "p1")
            try await sink.applyChanges(
                ChangeBatch(
                    tables: [TableChangeSet(plan: applied, upserts: placeholders)], checkpoint: stream,
                    transactions: 1, rowChanges: rows.count, byteCount: 0))
            try await sink.applyChanges(
                ChangeBatch(
                    tables: [TableChangeSet(plan: applied, upserts: rows)], checkpoint: stream, transactions: 1,
                    rowChanges: rows.count, byteCount: 0))
            let bySnapshot = try await inspector.texts(
                "SELECT t::text FROM \(Support.quoted(schema)).by_snapshot t ORDER BY id")
            let byApply = try await inspector.texts(
                "SELECT t::text FROM \(Support.quoted(schema)).by_apply t ORDER BY id")
            #expect(bySnapshot.count == rows.count)
            #expect(byApply == bySnapshot)
            let back = try await Support.readBack(sink, plan: applied)
            for (index, (row, testCase)) in zip(back, PostgresSinkRoundTripTests.cases).enumerated() {
                #expect(row.values == testCase.expected.map(\.buffer), "row \(index)")
            }
        }
    }
}

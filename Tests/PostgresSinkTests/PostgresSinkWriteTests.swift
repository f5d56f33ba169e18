import AsyncAlgorithms
import Foundation
import NIOCore
import PostgresSink
import SyncEngine
import Testing

/// Write modes, dirty records, cancellation, checkpoints and identifiers against a real PostgreSQL.
@Suite(.enabled(if: PostgresTestSupport.isEnabled, "set TIDE_TEST_PG=postgres://user:pass@host:port/db"))
struct PostgresSinkWriteTests {
    private typealias Support = PostgresTestSupport

    private static func keyValuePlan(schema: String, table: String = "kv") -> TablePlan {
        let source = TableSchema(
            name: TableName(schema: "src", name: table),
            columns: [
                ColumnSchema(name: "id", type: ColumnType(kind: .int), isNullable: false),
                ColumnSchema(name: "v", type: ColumnType(kind: .varchar, length: 20)),
                ColumnSchema(name: "n", type: ColumnType(kind: .int)),
            ],
            keyColumns: ["id"]
        )
        return TablePlan(source: source, destination: TableName(schema: schema, name: table))
    }

    private static func checkpoint(_ plan: TablePlan, task: String = UUID().uuidString, chunk: Int = 0)
        -> ChunkCheckpoint
    {
        ChunkCheckpoint(taskUUID: task, generation: 1, tableKey: plan.tableKey, chunkIndex: chunk, rows: 0)
    }

    @Test(arguments: WriteMode.allCases)
    func writeModesTreatExistingRows(mode: WriteMode) async throws {
        let schema = Support.uniqueSchema()
        try await Support.withSink(schemas: [schema]) { sink, inspector in
            let plan = Self.keyValuePlan(schema: schema)
            let options = SinkOptions(writeMode: mode)
            try await sink.prepare([plan], options: options, fresh: true)
            try await inspector.execute("INSERT INTO \(Support.quoted(schema)).kv VALUES (1, 'old', 1), (2, 'old', 2)")
            let rows = [["2", "new", "20"], ["3", "new", "30"]].map(Support.row)
            let result = try await Support.writeChunk(
                sink, plan: plan, options: options, checkpoint: Self.checkpoint(plan), rows: rows)
            let stored = try await inspector.texts(
                "SELECT id::text, v, n::text FROM \(Support.quoted(schema)).kv ORDER BY id")
            switch mode {
            case .insert:
                #expect(result.rowsWritten == 1)
                #expect(result.dirty.map(\.key) == [["2"]])
                #expect(result.dirty.first?.reason.contains("23505") == true)
                #expect(stored == [["1", "old", "1"], ["2", "old", "2"], ["3", "new", "30"]])
            case .ignore:
                #expect(result.rowsWritten == 2)
                #expect(result.dirty == [])
                #expect(stored == [["1", "old", "1"], ["2", "old", "2"], ["3", "new", "30"]])
            case .replace:
                #expect(result.rowsWritten == 2)
                #expect(result.dirty == [])
                #expect(stored == [["1", "old", "1"], ["2", "new", "20"], ["3", "new", "30"]])
            }
        }
    }

    @Test(arguments: [WriteMode.insert, .replace])
    func dirtyRowsAreIsolatedAndTheRestCommits(mode: WriteMode) async throws {
        let schema = Support.uniqueSchema()
        try await Support.withSink(schemas: [schema]) { sink, inspector in
            let plan = Self.keyValuePlan(schema: schema)
            let options = SinkOptions(writeMode: mode)
            try await sink.prepare([plan], options: options, fresh: true)
            if mode == .insert {
                try await inspector.execute("INSERT INTO \(Support.quoted(schema)).kv VALUES (5, 'old', 5)")
            }
            var rows: [Row] = (1...10).map { Support.row(["\($0)", "v\($0)", "\($0)"]) }
            rows[2] = Support.row(["3", "v3", "not a number"])
            rows[6] = Support.row(["7", String(repeating: "x", count: 21), "7"])
            let task = UUID().uuidString
            let result = try await Support.writeChunk(
                sink, plan: plan, options: options, checkpoint: Self.checkpoint(plan, task: task), rows: rows,
                batchRows: 4
            )
            let expectedDirty = mode == .insert ? [["3"], ["5"], ["7"]] : [["3"], ["7"]]
            #expect(result.dirty.map(\.key) == expectedDirty)
            #expect(result.dirty.first?.reason.contains("22P02") == true)
            #expect(result.rowsWritten == Int64(10 - expectedDirty.count))
            let ids = try await inspector.texts("SELECT id::text FROM \(Support.quoted(schema)).kv ORDER BY kv.id").map
            { $0[0] ?? "" }
            #expect(ids == ["1", "2", "4", "5", "6", "8", "9", "10"])
            let committed = try await sink.committedChunks(taskUUID: task, generation: 1)
            #expect(
                committed == [
                    ChunkCheckpoint(
                        taskUUID: task, generation: 1, tableKey: "src.kv", chunkIndex: 0,
                        rows: Int64(10 - expectedDirty.count))
                ])
        }
    }

    @Test func keylessTablesAreAppendedInEveryModeAndReadInColumnOrder() async throws {
        let schema = Support.uniqueSchema()
        try await Support.withSink(schemas: [schema]) { sink, _ in
            let source = TableSchema(
                name: TableName(schema: "src", name: "log"),
                columns: [
                    ColumnSchema(name: "msg", type: ColumnType(kind: .text)),
                    ColumnSchema(name: "n", type: ColumnType(kind: .int)),
                ],
                keyColumns: [], keyIsPrimary: false
            )
            let plan = TablePlan(source: source, destination: TableName(schema: schema, name: "log"))
            let rows = [["b", "2"], ["a", "1"], ["B", nil]].map(Support.row)
            for mode in WriteMode.allCases {
                let options = SinkOptions(writeMode: mode)
                try await sink.prepare([plan], options: options, fresh: true)
                _ = try await Support.writeChunk(
                    sink, plan: plan, options: options, checkpoint: Self.checkpoint(plan), rows: rows)
            }
            let back = try await Support.readBack(sink, plan: plan)
            let expected = [["B", nil], ["a", "1"], ["b", "2"]].flatMap { Array(repeating: Support.row($0), count: 3) }
            #expect(back == expected)
        }
    }

    @Test func readOrderedSortsNumericKeysByValueNotText() async throws {
        let schema = Support.uniqueSchema()
        try await Support.withSink(schemas: [schema]) { sink, _ in
            let plan = Self.keyValuePlan(schema: schema)
            try await sink.prepare([plan], options: SinkOptions(), fresh: true)
            let rows = [12, 2, 10, 1, -3, 100].map { Support.row(["\($0)", "v", nil]) }
            _ = try await Support.writeChunk(
                sink, plan: plan, options: SinkOptions(), checkpoint: Self.checkpoint(plan), rows: rows
            )
            let back = try await Support.readBack(sink, plan: plan, limits: BatchLimits(rows: 4))
            #expect(back == [-3, 1, 2, 10, 12, 100].map { Support.row(["\($0)", "v", nil]) })
        }
    }

    @Test func cancellationMidChunkLeavesNoRowsAndNoCheckpoint() async throws {
        let schema = Support.uniqueSchema()
        try await Support.withSink(schemas: [schema]) { sink, inspector in
            let plan = Self.keyValuePlan(schema: schema)
            let options = SinkOptions()
            try await sink.prepare([plan], options: options, fresh: true)
            let task = UUID().uuidString
            let channel = RowBatchChannel()
            let outcome = await withTaskGroup(of: String.self) { group in
                group.addTask {
                    do {
                        _ = try await sink.writeChunk(
                            .whole, of: plan, options: options, checkpoint: Self.checkpoint(plan, task: task),
                            batches: channel)
                        return "committed"
                    } catch {
                        return "failed: \(type(of: error))"
                    }
                }
                for batchIndex in 0..<3 {
                    var batch = RowBatch()
                    for id in (batchIndex * 100)..<(batchIndex * 100 + 100) {
                        batch.append(Support.row(["\(id)", "x", nil]))
                    }
                    await channel.send(batch)  // returns once the writer took the batch
                }
                try? await Task.sleep(for: .milliseconds(200))
                group.cancelAll()
                return await group.next() ?? "none"
            }
            #expect(outcome.hasPrefix("failed"))
            let count = try await inspector.texts("SELECT count(*)::text FROM \(Support.quoted(schema)).kv")
            #expect(count == [["0"]])
            #expect(try await sink.committedChunks(taskUUID: task, generation: 1) == [])
            // The sink still works afterwards (the cancelled connection was dropped, not reused mid-transaction).
            let result = try await Support.writeChunk(
                sink, plan: plan, options: options, checkpoint: Self.checkpoint(plan, task: task),
                rows: [Support.row(["1", "a", "1"])])
            #expect(result.rowsWritten == 1)
        }
    }

    @Test func committedChunksListsEveryCommittedChunkOfTheRun() async throws {
        let schema = Support.uniqueSchema()
        try await Support.withSink(schemas: [schema]) { sink, _ in
            let task = UUID().uuidString
            #expect(try await sink.committedChunks(taskUUID: task, generation: 1) == [])
            let plan = Self.keyValuePlan(schema: schema)
            try await sink.prepare([plan], options: SinkOptions(), fresh: true)
            #expect(try await sink.committedChunks(taskUUID: task, generation: 1) == [])
            for chunk in 0..<3 {
                let rows = (0..<5).map { Support.row(["\(chunk * 10 + $0)", "v", nil]) }
                let range = ChunkRange(index: chunk, lower: nil, upper: nil)
                _ = try await Support.writeChunk(
                    sink, plan: plan, options: SinkOptions(),
                    checkpoint: Self.checkpoint(plan, task: task, chunk: chunk), chunk: range, rows: rows)
            }
            let committed = try await sink.committedChunks(taskUUID: task, generation: 1)
            #expect(
                committed
                    == (0..<3).map {
                        ChunkCheckpoint(taskUUID: task, generation: 1, tableKey: "src.kv", chunkIndex: $0, rows: 5)
                    })
            #expect(try await sink.committedChunks(taskUUID: task, generation: 2) == [])
        }
    }

    @Test func unicodeAndReservedWordIdentifiersAreQuoted() async throws {
        let schema = Support.uniqueSchema("tide_测试")
        try await Support.withSink(schemas: [schema]) { sink, inspector in
            let source = TableSchema(
                name: TableName(schema: "src", name: "order"),
                columns: [
                    ColumnSchema(name: "select", type: ColumnType(kind: .varchar, length: 10), isNullable: false),
                    ColumnSchema(name: "名前", type: ColumnType(kind: .text)),
                    ColumnSchema(name: "we\"ird col", type: ColumnType(kind: .int)),
                    ColumnSchema(name: "Mixed Case", type: ColumnType(kind: .blob)),
                ],
                keyColumns: ["select"]
            )
            let plan = TablePlan(
                source: source, destination: TableName(schema: schema, name: "order"),
                destinationColumns: ["select", "名前", "we\"ird col", "Mixed Case"]
            )
            let options = SinkOptions(writeMode: .replace, truncateBeforeLoad: true, preSQL: ["SELECT 1"])
            try await sink.prepare([plan], options: options, fresh: true)
            let rows = [
                Row(values: [
                    ByteBuffer(string: "b"), ByteBuffer(string: "二"), ByteBuffer(string: "2"),
                    ByteBuffer(bytes: [0xFF]),
                ]),
                Row(values: [ByteBuffer(string: "B"), ByteBuffer(string: "一"), nil, ByteBuffer(bytes: [0x00])]),
                Row(values: [ByteBuffer(string: "a"), nil, ByteBuffer(string: "1"), nil]),
            ]
            _ = try await Support.writeChunk(
                sink, plan: plan, options: options, checkpoint: Self.checkpoint(plan), rows: rows)
            _ = try await Support.writeChunk(
                sink, plan: plan, options: options, checkpoint: Self.checkpoint(plan), rows: rows)
            let back = try await Support.readBack(sink, plan: plan)
            // Binary order of the key: "B" (0x42) < "a" (0x61) < "b" (0x62).
            #expect(back == [rows[1], rows[2], rows[0]])
            let tables = try await inspector.texts(
                "SELECT tablename::text FROM pg_tables WHERE schemaname = '\(schema)'")
            #expect(tables == [["order"]])
        }
    }

    @Test func parallelChunksUseSeparateConnections() async throws {
        let schema = Support.uniqueSchema()
        try await Support.withSink(schemas: [schema], maxConnections: 2) { sink, inspector in
            let plan = Self.keyValuePlan(schema: schema)
            try await sink.prepare([plan], options: SinkOptions(), fresh: true)
            let task = UUID().uuidString
            try await withThrowingTaskGroup(of: ChunkWriteResult.self) { group in
                for chunk in 0..<4 {
                    group.addTask {
                        let rows = (0..<2_000).map { Support.row(["\(chunk * 10_000 + $0)", "c\(chunk)", "\($0)"]) }
                        let range = ChunkRange(index: chunk, lower: nil, upper: nil)
                        return try await Support.writeChunk(
                            sink, plan: plan, options: SinkOptions(),
                            checkpoint: Self.checkpoint(plan, task: task, chunk: chunk), chunk: range, rows: rows,
                            batchRows: 300)
                    }
                }
                for try await result in group { #expect(result.rowsWritten == 2_000) }
            }
            let count = try await inspector.texts(
                "SELECT count(*)::text, count(DISTINCT v)::text FROM \(Support.quoted(schema)).kv")
            #expect(count == [["8000", "4"]])
            #expect(try await sink.committedChunks(taskUUID: task, generation: 1).count == 4)
        }
    }
}

import Foundation
import NIOCore
import PostgresSink
import SyncEngine
import Testing

/// `applyChanges` and the stream checkpoint against a real PostgreSQL (issue 5 items 1 and 2). The tests taking
/// `mergeStatement` run with `MERGE` (the default on PostgreSQL 15) and with `DELETE` + `INSERT ... ON CONFLICT` (older
/// servers and Hologres), which must store the same rows.
@Suite(.enabled(if: PostgresTestSupport.isEnabled, "set TIDE_TEST_PG=postgres://user:pass@host:port/db"))
struct PostgresChangeApplyTests {
    private typealias Support = PostgresTestSupport
    private typealias Changes = PostgresChangeTestSupport

    private static func contents(_ inspector: Inspector, _ plan: TablePlan) async throws -> [[String?]] {
        try await inspector.texts(
            "SELECT id::text, name, amount::text, seen::text FROM \(Support.quoted(plan.destination.schema))."
                + "\(Support.quoted(plan.destination.name)) ORDER BY id")
    }

    @Test(arguments: [true, false]) func insertsUpdatesAndDeletesAreApplied(mergeStatement: Bool) async throws {
        let schema = Support.uniqueSchema()
        try await Support.withSink(schemas: [schema], mergeStatement: mergeStatement) { sink, inspector in
            let plan = Changes.itemsPlan(schema: schema)
            try await sink.prepare([plan], options: SinkOptions(), fresh: true)
            try await sink.prepareStream()
            let task = Changes.task()
            try await sink.applyChanges(
                Changes.batch(
                    plan, task: task, position: "p1",
                    upserts: [["1", "one", "1.50", "2024-01-01"], ["2", "two", nil, nil], ["3", "three", "3", nil]]))
            try await sink.applyChanges(
                Changes.batch(
                    plan, task: task, position: "p2", deletes: [["2"]],
                    upserts: [["3", "THREE", "-3.25", "2024-02-29"], ["4", "four", "0.01", nil]]))
            #expect(
                try await Self.contents(inspector, plan) == [
                    ["1", "one", "1.50", "2024-01-01"], ["3", "THREE", "-3.25", "2024-02-29"],
                    ["4", "four", "0.01", nil],
                ])
            #expect(try await sink.streamCheckpoint(taskUUID: task, generation: 1)?.position == "p2")
        }
    }

    @Test(arguments: [true, false]) func deletedKeyAndReinsertedKeyInOneBatch(mergeStatement: Bool) async throws {
        let schema = Support.uniqueSchema()
        try await Support.withSink(schemas: [schema], mergeStatement: mergeStatement) { sink, inspector in
            let plan = Changes.itemsPlan(schema: schema)
            try await sink.prepare([plan], options: SinkOptions(), fresh: true)
            try await sink.prepareStream()
            let task = Changes.task()
            try await sink.applyChanges(
                Changes.batch(plan, task: task, position: "p1", upserts: [["1", "a", nil, nil], ["2", "b", nil, nil]]))
            try await sink.applyChanges(Changes.batch(plan, task: task, position: "p2", deletes: [["2"]]))
            // Key 1 goes, key 2 (deleted before) comes back with other values, key 3 is new.
            try await sink.applyChanges(
                Changes.batch(
                    plan, task: task, position: "p3", deletes: [["1"]],
                    upserts: [["2", "b again", "2.00", nil], ["3", "c", nil, nil]]))
            #expect(
                try await Self.contents(inspector, plan) == [["2", "b again", "2.00", nil], ["3", "c", nil, nil]])
        }
    }

    @Test(arguments: [true, false]) func compositeKeyRowsAreReplacedAndDeletedByAllKeyColumns(mergeStatement: Bool) async throws {
        let schema = Support.uniqueSchema()
        try await Support.withSink(schemas: [schema], mergeStatement: mergeStatement) { sink, inspector in
            let source = TableSchema(
                name: TableName(schema: "src", name: "pairs"),
                columns: [
                    ColumnSchema(name: "v", type: ColumnType(kind: .text)),
                    ColumnSchema(name: "tenant", type: ColumnType(kind: .varchar, length: 10), isNullable: false),
                    ColumnSchema(name: "n", type: ColumnType(kind: .int), isNullable: false),
                ],
                keyColumns: ["tenant", "n"]
            )
            let plan = TablePlan(source: source, destination: TableName(schema: schema, name: "pairs"))
            try await sink.prepare([plan], options: SinkOptions(), fresh: true)
            try await sink.prepareStream()
            let task = Changes.task()
            try await sink.applyChanges(
                Changes.batch(
                    plan, task: task, position: "p1",
                    upserts: [["a1", "a", "1"], ["a2", "a", "2"], ["b1", "b", "1"], ["b2", "b", "2"]]))
            // Deleted keys are in key order (tenant, n), not column order.
            try await sink.applyChanges(
                Changes.batch(
                    plan, task: task, position: "p2", deletes: [["a", "2"], ["b", "1"]],
                    upserts: [["A1", "a", "1"], ["b3", "b", "3"]]))
            let stored = try await inspector.texts(
                "SELECT tenant, n::text, v FROM \(Support.quoted(schema)).pairs ORDER BY tenant, n")
            #expect(stored == [["a", "1", "A1"], ["b", "2", "b2"], ["b", "3", "b3"]])
        }
    }

    @Test(arguments: [true, false]) func refusedValueFailsTheWholeBatchAndLeavesTableAndCheckpoint(mergeStatement: Bool) async throws {
        let schema = Support.uniqueSchema()
        try await Support.withSink(schemas: [schema], mergeStatement: mergeStatement) { sink, inspector in
            let plan = Changes.itemsPlan(schema: schema)
            try await sink.prepare([plan], options: SinkOptions(), fresh: true)
            try await sink.prepareStream()
            let task = Changes.task()
            try await sink.applyChanges(
                Changes.batch(plan, task: task, position: "p1", upserts: [["1", "a", nil, nil], ["2", "b", nil, nil]]))
            let before = try await Self.contents(inspector, plan)
            let bad = Changes.batch(
                plan, task: task, position: "p2", deletes: [["1"]],
                upserts: [["3", "c", nil, nil], ["7", "bad", nil, "2024-13-45"], ["8", "d", nil, nil]])
            let error = await #expect(throws: SyncEngineError.self) { try await sink.applyChanges(bad) }
            #expect(error?.code == .destinationFailed)
            #expect(error?.message.contains("src.items") == true, "\(String(describing: error))")
            #expect(error?.message.contains("id=7") == true, "\(String(describing: error))")
            let outOfRange = Changes.batch(
                plan, task: task, position: "p2", upserts: [["9", "x", "99999999999999", nil]])
            let rangeError = await #expect(throws: SyncEngineError.self) { try await sink.applyChanges(outOfRange) }
            #expect(rangeError?.code == .destinationFailed)
            #expect(rangeError?.message.contains("id=9") == true, "\(String(describing: rangeError))")
            let notNull = Changes.batch(plan, task: task, position: "p2", upserts: [["10", nil, nil, nil]])
            let nullError = await #expect(throws: SyncEngineError.self) { try await sink.applyChanges(notNull) }
            #expect(nullError?.code == .destinationFailed)
            #expect(try await Self.contents(inspector, plan) == before)
            #expect(try await sink.streamCheckpoint(taskUUID: task, generation: 1)?.position == "p1")
            // The sink is still usable after the failures.
            try await sink.applyChanges(Changes.batch(plan, task: task, position: "p3", deletes: [["2"]]))
            #expect(try await Self.contents(inspector, plan) == [["1", "a", nil, nil]])
        }
    }

    @Test func zeroDateRefusalNamesTheKeyWhenZeroDatesAreNotNull() async throws {
        let schema = Support.uniqueSchema()
        try await Support.withSink(schemas: [schema]) { sink, inspector in
            let plan = Changes.itemsPlan(schema: schema)
            try await sink.prepare([plan], options: SinkOptions(zeroDateAsNull: false), fresh: true)
            try await sink.prepareStream()
            let batch = Changes.batch(
                plan, task: Changes.task(), position: "p1", upserts: [["1", "a", nil, nil], ["5", "z", nil, "0000-00-00"]])
            let error = await #expect(throws: SyncEngineError.self) { try await sink.applyChanges(batch) }
            #expect(error?.code == .destinationFailed)
            #expect(error?.message.contains("id=5") == true && error?.message.contains("zero date") == true)
            #expect(try await Self.contents(inspector, plan) == [])
        }
    }

    @Test func checkpointRoundTripsAndMovesWithBatches() async throws {
        let schema = Support.uniqueSchema()
        try await Support.withSink(schemas: [schema]) { sink, _ in
            let plan = Changes.itemsPlan(schema: schema)
            try await sink.prepare([plan], options: SinkOptions(), fresh: true)
            let task = Changes.task()
            try await sink.prepareStream()
            try await sink.prepareStream()  // idempotent
            #expect(try await sink.streamCheckpoint(taskUUID: task, generation: 1) == nil)
            let start = StreamCheckpoint(taskUUID: task, generation: 1, position: "binlog.000001:4", commitTimestamp: 7)
            try await sink.saveStreamCheckpoint(start)
            #expect(try await sink.streamCheckpoint(taskUUID: task, generation: 1) == start)
            #expect(try await sink.streamCheckpoint(taskUUID: task, generation: 2) == nil)
            var batch = Changes.batch(plan, task: task, position: "binlog.000001:900", upserts: [["1", "a", nil, nil]])
            batch.checkpoint.commitTimestamp = 4_000_000_000
            try await sink.applyChanges(batch)
            #expect(try await sink.streamCheckpoint(taskUUID: task, generation: 1) == batch.checkpoint)
            // An empty batch still moves the checkpoint (transactions on other tables).
            let empty = ChangeBatch(
                tables: [TableChangeSet(plan: plan)],
                checkpoint: StreamCheckpoint(taskUUID: task, generation: 1, position: "binlog.000002:4"),
                transactions: 3, rowChanges: 0, byteCount: 0)
            try await sink.applyChanges(empty)
            #expect(try await sink.streamCheckpoint(taskUUID: task, generation: 1)?.position == "binlog.000002:4")
        }
    }

    @Test(arguments: [true, false]) func applyingTheSameBatchTwiceGivesTheSameContents(mergeStatement: Bool) async throws {
        let schema = Support.uniqueSchema()
        try await Support.withSink(schemas: [schema], mergeStatement: mergeStatement) { sink, inspector in
            let plan = Changes.itemsPlan(schema: schema)
            try await sink.prepare([plan], options: SinkOptions(), fresh: true)
            try await sink.prepareStream()
            let task = Changes.task()
            try await sink.applyChanges(
                Changes.batch(plan, task: task, position: "p1", upserts: (1...5).map { ["\($0)", "v\($0)", nil, nil] }))
            let batch = Changes.batch(
                plan, task: task, position: "p2", deletes: [["1"], ["99"]],
                upserts: [["2", "two", "2.00", nil], ["6", "six", nil, "2020-02-02"]])
            try await sink.applyChanges(batch)
            let once = try await Self.contents(inspector, plan)
            try await sink.applyChanges(batch)
            #expect(try await Self.contents(inspector, plan) == once)
            #expect(once.map { $0[0] } == ["2", "3", "4", "5", "6"])
        }
    }

    @Test(arguments: [true, false]) func hundredThousandRowBatchAndTwoPlansOnOneDestination(mergeStatement: Bool) async throws {
        let schema = Support.uniqueSchema()
        try await Support.withSink(schemas: [schema], mergeStatement: mergeStatement) { sink, inspector in
            let plan = Changes.itemsPlan(schema: schema)
            try await sink.prepare([plan], options: SinkOptions(), fresh: true)
            try await sink.prepareStream()
            let task = Changes.task()
            let rows = (1...100_000).map { ["\($0)", "name \($0)", "\($0 % 1000).25", nil] }
            try await sink.applyChanges(Changes.batch(plan, task: task, position: "p1", upserts: rows))
            let count = try await inspector.texts(
                "SELECT count(*)::text, sum(id)::text, sum(amount)::text FROM \(Support.quoted(schema)).items")
            #expect(count == [["100000", "5000050000", "49975000.00"]])
            // A second plan (another source table) with the same destination in the same batch: staging reused.
            var other = Changes.itemsPlan(schema: schema)
            other.source.name.name = "items_shard2"
            let batch = ChangeBatch(
                tables: [
                    TableChangeSet(plan: plan, deletes: (1...50_000).map { Support.row(["\($0)"]) }),
                    TableChangeSet(plan: other, upserts: [Support.row(["100001", "shard2", nil, nil])]),
                ],
                checkpoint: StreamCheckpoint(taskUUID: task, generation: 1, position: "p2"), transactions: 2,
                rowChanges: 50_001, byteCount: 0)
            try await sink.applyChanges(batch)
            let after = try await inspector.texts(
                "SELECT count(*)::text, min(id)::text, max(id)::text FROM \(Support.quoted(schema)).items")
            #expect(after == [["50001", "50001", "100001"]])
        }
    }

    @Test(arguments: [true, false]) func tableOfKeyColumnsOnly(mergeStatement: Bool) async throws {
        let schema = Support.uniqueSchema()
        try await Support.withSink(schemas: [schema], mergeStatement: mergeStatement) { sink, inspector in
            let source = TableSchema(
                name: TableName(schema: "src", name: "tags"),
                columns: [
                    ColumnSchema(name: "item", type: ColumnType(kind: .int), isNullable: false),
                    ColumnSchema(name: "tag", type: ColumnType(kind: .varchar, length: 10), isNullable: false),
                ],
                keyColumns: ["item", "tag"]
            )
            let plan = TablePlan(source: source, destination: TableName(schema: schema, name: "tags"))
            try await sink.prepare([plan], options: SinkOptions(), fresh: true)
            try await sink.prepareStream()
            let task = Changes.task()
            try await sink.applyChanges(
                Changes.batch(plan, task: task, position: "p1", upserts: [["1", "a"], ["1", "b"], ["2", "a"]]))
            // An upsert of a key that exists changes nothing (no column to update); a new key is inserted.
            try await sink.applyChanges(
                Changes.batch(
                    plan, task: task, position: "p2", deletes: [["1", "b"]], upserts: [["2", "a"], ["3", "c"]]))
            let stored = try await inspector.texts(
                "SELECT item::text, tag FROM \(Support.quoted(schema)).tags ORDER BY item, tag")
            #expect(stored == [["1", "a"], ["2", "a"], ["3", "c"]])
            #expect(try await sink.streamCheckpoint(taskUUID: task, generation: 1)?.position == "p2")
        }
    }

    @Test func keylessPlanAndMissingTableFailClearly() async throws {
        let schema = Support.uniqueSchema()
        try await Support.withSink(schemas: [schema]) { sink, _ in
            var plan = Changes.itemsPlan(schema: schema)
            try await sink.prepare([plan], options: SinkOptions(), fresh: true)
            try await sink.prepareStream()
            plan.source.keyColumns = []
            let keyless = Changes.batch(plan, task: Changes.task(), position: "p", upserts: [["1", "a", nil, nil]])
            let error = await #expect(throws: SyncEngineError.self) { try await sink.applyChanges(keyless) }
            #expect(error?.code == .invalidConfiguration)
            #expect(error?.message.contains("src.items has no key") == true)
            let missing = Changes.batch(
                Changes.itemsPlan(schema: schema, table: "nope"), task: Changes.task(), position: "p",
                upserts: [["1", "a", nil, nil]])
            let missingError = await #expect(throws: SyncEngineError.self) { try await sink.applyChanges(missing) }
            #expect(missingError?.code == .notFound)
        }
    }

    @Test func cancellationRollsBackTheBatch() async throws {
        let schema = Support.uniqueSchema()
        try await Support.withSink(schemas: [schema]) { sink, inspector in
            let plan = Changes.itemsPlan(schema: schema)
            try await sink.prepare([plan], options: SinkOptions(), fresh: true)
            try await sink.prepareStream()
            let task = Changes.task()
            let rows = (1...100_000).map { ["\($0)", "name \($0)", nil, "2024-01-01"] }
            let batch = Changes.batch(plan, task: task, position: "p1", upserts: rows)
            await #expect(throws: (any Error).self) {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await sink.applyChanges(batch) }
                    try await Task.sleep(for: .milliseconds(100))
                    group.cancelAll()
                    try await group.waitForAll()
                }
            }
            #expect(try await inspector.texts("SELECT count(*)::text FROM \(Support.quoted(schema)).items") == [["0"]])
            #expect(try await sink.streamCheckpoint(taskUUID: task, generation: 1) == nil)
        }
    }
}

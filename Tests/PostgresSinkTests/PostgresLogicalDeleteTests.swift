import Foundation
import NIOCore
import PostgresSink
import SyncEngine
import Testing

/// HandleDml LogicalDelete in the PostgreSQL sink (`TablePlan.logicalDeleteColumn`): the column is created with the
/// table or added to an existing one, deletes mark rows, upserts make them live again, on both merge paths (upsert
/// in place, and delete-then-insert when the table has another unique index), and ordered reads skip marked rows.
@Suite(.enabled(if: PostgresTestSupport.isEnabled, "set TIDE_TEST_PG=postgres://user:pass@host:port/db"))
struct PostgresLogicalDeleteTests {
    private typealias Support = PostgresTestSupport
    private typealias Changes = PostgresChangeTestSupport

    private static func contents(_ inspector: Inspector, _ plan: TablePlan, column: String) async throws
        -> [[String?]]
    {
        try await inspector.texts(
            "SELECT id::text, name, \(Support.quoted(column))::text FROM \(Support.quoted(plan.destination.schema))."
                + "\(Support.quoted(plan.destination.name)) ORDER BY id")
    }

    @Test(arguments: [false, true])
    func deletesMarkRowsAndUpsertsMakeThemLiveAgain(extraUniqueIndex: Bool) async throws {
        let schema = Support.uniqueSchema()
        try await Support.withSink(schemas: [schema]) { sink, inspector in
            var plan = Changes.itemsPlan(schema: schema)
            plan.logicalDeleteColumn = "gone"
            try await sink.prepare([plan], options: SinkOptions(), fresh: true)
            if extraUniqueIndex {
                // Not the key's only unique index: the merge deletes upserted keys and inserts them.
                try await inspector.execute(
                    "CREATE UNIQUE INDEX ON \(Support.quoted(schema)).items (name, id)")
            }
            try await sink.prepareStream()
            #expect(try await sink.prepareLogicalDelete([plan]).isEmpty)
            let task = Changes.task()
            try await sink.applyChanges(
                Changes.batch(
                    plan, task: task, position: "p1",
                    upserts: [["1", "one", nil, nil], ["2", "two", nil, nil], ["3", "three", nil, nil]]))
            try await sink.applyChanges(
                Changes.batch(plan, task: task, position: "p2", deletes: [["1"], ["3"]], upserts: [["2", "TWO", nil, nil]]))
            #expect(
                try await Self.contents(inspector, plan, column: "gone") == [
                    ["1", "one", "true"], ["2", "TWO", "false"], ["3", "three", "true"],
                ])
            #expect(try await Support.readBack(sink, plan: plan).count == 1)
            try await sink.applyChanges(
                Changes.batch(plan, task: task, position: "p3", upserts: [["3", "three again", nil, nil]]))
            #expect(
                try await Self.contents(inspector, plan, column: "gone") == [
                    ["1", "one", "true"], ["2", "TWO", "false"], ["3", "three again", "false"],
                ])
            let live = try await Support.readBack(sink, plan: plan)
            #expect(live.map { $0.values[0].map { String(buffer: $0) } } == ["2", "3"])
        }
    }

    @Test func anExistingTableGetsTheColumn() async throws {
        let schema = Support.uniqueSchema()
        try await Support.withSink(schemas: [schema]) { sink, inspector in
            let plain = Changes.itemsPlan(schema: schema)
            try await sink.prepare([plain], options: SinkOptions(), fresh: true)
            try await sink.prepareStream()
            let task = Changes.task()
            try await sink.applyChanges(
                Changes.batch(plain, task: task, position: "p1", upserts: [["1", "one", nil, nil]]))
            var plan = plain
            plan.logicalDeleteColumn = "_tide_is_deleted"
            #expect(try await sink.prepareLogicalDelete([plan]) == [plan.destination])
            #expect(try await sink.prepareLogicalDelete([plan]).isEmpty)
            #expect(try await Self.contents(inspector, plan, column: "_tide_is_deleted") == [["1", "one", "false"]])
            try await sink.applyChanges(Changes.batch(plan, task: task, position: "p2", deletes: [["1"]]))
            #expect(try await Self.contents(inspector, plan, column: "_tide_is_deleted") == [["1", "one", "true"]])
        }
    }
}

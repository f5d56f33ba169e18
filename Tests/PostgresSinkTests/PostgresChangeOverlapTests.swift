import Foundation
import NIOCore
import PostgresSink
import SyncEngine
import Synchronization
import Testing

/// `applyChanges(_:after:)` against a real PostgreSQL: batch k+1 is staged on a second connection while batch k is
/// still open, and is merged only after batch k committed, so the result is that of applying them in order.
@Suite(.enabled(if: PostgresTestSupport.isEnabled, "set TIDE_TEST_PG=postgres://user:pass@host:port/db"))
struct PostgresChangeOverlapTests {
    private typealias Support = PostgresTestSupport
    private typealias Changes = PostgresChangeTestSupport

    /// Opens when told to; `wait()` returns once open.
    final class Latch: Sendable {
        private let opened = Mutex(false)
        func open() { opened.withLock { $0 = true } }
        func wait() async throws {
            while !opened.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
        }
    }

    @Test func secondBatchStagedEarlyIsMergedAfterTheFirstCommits() async throws {
        let schema = Support.uniqueSchema()
        try await Support.withSink(schemas: [schema], maxConnections: 2) { sink, inspector in
            let plan = Changes.itemsPlan(schema: schema)
            try await sink.prepare([plan], options: SinkOptions(), fresh: true)
            try await sink.prepareStream()
            let task = Changes.task()
            let first = Changes.batch(
                plan, task: task, position: "p1", upserts: [["1", "one", "1.00", nil], ["2", "two", nil, nil]])
            let second = Changes.batch(
                plan, task: task, position: "p2", deletes: [["1"]], upserts: [["2", "TWO", "2.00", nil]])
            let firstCommitted = Latch()
            try await withThrowingTaskGroup(of: Void.self) { group in
                // The second batch starts first: it may stage, but must not touch rows before the first commits.
                group.addTask { try await sink.applyChanges(second) { try await firstCommitted.wait() } }
                try await Task.sleep(for: .milliseconds(300))
                try await sink.applyChanges(first)
                firstCommitted.open()
                try await group.waitForAll()
            }
            #expect(
                try await inspector.texts(
                    "SELECT id::text, name, amount::text FROM \(Support.quoted(schema)).items ORDER BY id")
                    == [["2", "TWO", "2.00"]])
            #expect(try await sink.streamCheckpoint(taskUUID: task, generation: 1)?.position == "p2")
        }
    }

    @Test func aFailedPredecessorLeavesTheStagedBatchUnapplied() async throws {
        let schema = Support.uniqueSchema()
        try await Support.withSink(schemas: [schema], maxConnections: 2) { sink, inspector in
            let plan = Changes.itemsPlan(schema: schema)
            try await sink.prepare([plan], options: SinkOptions(), fresh: true)
            try await sink.prepareStream()
            let task = Changes.task()
            try await sink.applyChanges(Changes.batch(plan, task: task, position: "p1", upserts: [["1", "one", nil, nil]]))
            let second = Changes.batch(plan, task: task, position: "p2", deletes: [["1"]])
            await #expect(throws: SyncEngineError.self) {
                try await sink.applyChanges(second) {
                    throw SyncEngineError(.destinationFailed, "the previous batch failed")
                }
            }
            #expect(
                try await inspector.texts("SELECT id::text, name FROM \(Support.quoted(schema)).items ORDER BY id")
                    == [["1", "one"]])
            #expect(try await sink.streamCheckpoint(taskUUID: task, generation: 1)?.position == "p1")
            // The sink stays usable.
            try await sink.applyChanges(second)
            #expect(try await inspector.texts("SELECT count(*)::text FROM \(Support.quoted(schema)).items") == [["0"]])
        }
    }
}

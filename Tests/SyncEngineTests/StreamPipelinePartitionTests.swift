import Logging
import NIOCore
import Synchronization
import Testing

@testable import SyncEngine

/// Key-partitioned apply with an in-memory source and destination: everything arrives, each partition commits its
/// own checkpoint, a restart starts where no partition can miss a change, and a DDL is handled once after every
/// partition applied what came before it.
struct StreamPipelinePartitionTests {
    /// Hands on its events from position `from` on (positions are transaction numbers), records where it was asked
    /// to start, then waits to be cancelled.
    final class NumberedSource: ChangeSource {
        let events: [ChangeStreamEvent]
        let starts = Mutex<[String]>([])
        init(_ events: [ChangeStreamEvent]) { self.events = events }
        func currentPosition() async throws -> String { "0" }
        func position(atEpochSeconds epochSeconds: UInt32) async throws -> String { "0" }
        func retentionMargin(of position: String) async throws -> Int64? { nil }
        func close() async {}
        func position(_ a: String, precedes b: String) -> Bool? {
            guard let a = Int(a), let b = Int(b) else { return nil }
            return a < b
        }
        func streamChanges(
            from position: String, plans: [TablePlan], _ body: (ChangeStreamEvent) async throws -> Void
        ) async throws {
            starts.withLock { $0.append(position) }
            let start = Int(position) ?? 0
            for event in events {
                if case .transaction(let transaction) = event, (Int(transaction.position) ?? 0) <= start { continue }
                try await body(event)
            }
            try await Task.sleep(for: .seconds(3600))
        }
    }

    /// A destination keyed by id with checkpoint rows by task id.
    final class MemorySink: ChangeSink {
        struct State {
            var rows: [String: Row] = [:]
            var checkpoints: [String: String] = [:]
            var schemaChanges = 0
        }
        let state = Mutex(State())
        func prepareStream() async throws {}
        func allowsKeyPartitioning(_ plan: TablePlan) async throws -> Bool { true }
        func streamCheckpoint(taskUUID: String, generation: Int) async throws -> StreamCheckpoint? {
            state.withLock { $0.checkpoints[taskUUID] }.map {
                StreamCheckpoint(taskUUID: taskUUID, generation: generation, position: $0)
            }
        }
        func saveStreamCheckpoint(_ checkpoint: StreamCheckpoint) async throws {
            state.withLock { $0.checkpoints[checkpoint.taskUUID] = checkpoint.position }
        }
        func applyChanges(_ batch: ChangeBatch) async throws {
            try await Task.sleep(for: .milliseconds(2))
            state.withLock { state in
                for set in batch.tables {
                    for key in set.deletes { state.rows[String(buffer: key.values[0] ?? ByteBuffer())] = nil }
                    for row in set.upserts { state.rows[String(buffer: row.values[0] ?? ByteBuffer())] = row }
                }
                state.checkpoints[batch.checkpoint.taskUUID] = batch.checkpoint.position
            }
        }
        func applySchemaChange(_ change: DestinationSchemaChange, table plan: TablePlan, options: SinkOptions)
            async throws
        {}
    }

    static func job(partitions: Int = 3) -> StreamJob {
        var job = StreamJob(taskUUID: "t", generation: 1, plans: [ChangeCompactorTests.plan])
        job.partitions = partitions
        job.batchLimits = BatchLimits(rows: 3_000, bytes: 1 << 20)
        return job
    }

    static func partitionID(_ partition: Int, of count: Int = 3) -> String {
        StreamCheckpoint.partitionTaskUUID("t", partition: partition, of: count)
    }

    /// Transactions of several keys each, with key changes, updates and deletes.
    static func transactions(_ count: Int) -> [ChangeStreamEvent] {
        (1...count).map { n in
            var changes = [ChangeCompactorTests.insert(n * 10, "v\(n)"), ChangeCompactorTests.insert(n * 10 + 1, "w")]
            if n > 1 {
                changes.append(ChangeCompactorTests.update(((n - 1) * 10 + 1, "w"), ((n - 1) * 10 + 2, "moved")))
                changes.append(ChangeCompactorTests.delete((n - 1) * 10, "v\(n - 1)"))
            }
            return .transaction(SourceTransaction(changes: changes, position: String(n), commitTimestamp: 0))
        }
    }

    static func expected(_ events: [ChangeStreamEvent]) -> [String: Row] {
        var changes: [RowChange] = []
        for case .transaction(let transaction) in events { changes += transaction.changes }
        return ChangeCompactorTests.replay(changes, onto: [:])
    }

    @Test func everyPartitionAppliesAndCheckpointsItsKeys() async throws {
        let events = Self.transactions(1_000)
        let sink = MemorySink()
        let pipeline = StreamPipeline(source: NumberedSource(events), sink: sink, logger: Logger(label: "test"))
        let progress = StreamProgress(plans: [ChangeCompactorTests.plan])
        await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { _ = try await pipeline.run(Self.job(), from: "0", progress: progress) { _ in } }
            while sink.state.withLock({ state in (0..<3).contains { state.checkpoints[Self.partitionID($0)] != "1000" } }) {
                try? await Task.sleep(for: .milliseconds(10))
            }
            group.cancelAll()
        }
        let state = sink.state.withLock { $0 }
        #expect(state.rows == Self.expected(events))
        #expect(state.checkpoints["t"] == nil, "partitioned batches write partition rows only")
        #expect(await progress.transactionsApplied == 1_000)
    }

    @Test func restartStartsAtTheOldestPartitionButNeverBeforeTheMainCheckpoint() async throws {
        func start(main: String, partitions: [String?], reset: Bool = false) async throws -> (String, [String: String]) {
            let sink = MemorySink()
            sink.state.withLock { state in
                state.checkpoints["t"] = main
                for (index, position) in partitions.enumerated() { state.checkpoints[Self.partitionID(index)] = position }
            }
            let source = NumberedSource([])
            let pipeline = StreamPipeline(source: source, sink: sink, logger: Logger(label: "test"))
            var job = Self.job()
            job.resetPartitions = reset
            let frozen = job
            await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    _ = try await pipeline.run(frozen, from: main, progress: StreamProgress(plans: frozen.plans)) { _ in }
                }
                while source.starts.withLock({ $0.isEmpty }) { try? await Task.sleep(for: .milliseconds(5)) }
                group.cancelAll()
            }
            return (source.starts.withLock { $0[0] }, sink.state.withLock { $0.checkpoints })
        }
        #expect(try await start(main: "10", partitions: ["100", "50", "80"]).0 == "50")
        // Rows older than the main checkpoint are stale (a run without partitions moved it since).
        #expect(try await start(main: "200", partitions: ["100", "50", "80"]).0 == "200")
        // A partition that never committed has applied only what the main checkpoint covers.
        #expect(try await start(main: "10", partitions: ["100", nil, "80"]).0 == "10")
        // A reset (start time) wins over everything partitions committed, and is written for each of them.
        let (resetStart, rows) = try await start(main: "5", partitions: ["100", "50", "80"], reset: true)
        #expect(resetStart == "5")
        #expect((0..<3).map { rows[Self.partitionID($0)] } == ["5", "5", "5"])
    }

    @Test func restartFromTheOldestPartitionConverges() async throws {
        let events = Self.transactions(600)
        let sink = MemorySink()
        // A first run stopped mid-way: partitions were at different points.
        let firstHalf = Array(events.prefix(300))
        let first = StreamPipeline(source: NumberedSource(firstHalf), sink: sink, logger: Logger(label: "test"))
        await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                _ = try await first.run(Self.job(), from: "0", progress: StreamProgress(plans: [ChangeCompactorTests.plan])) { _ in }
            }
            while sink.state.withLock({ state in (0..<3).contains { state.checkpoints[Self.partitionID($0)] != "300" } }) {
                try? await Task.sleep(for: .milliseconds(10))
            }
            group.cancelAll()
        }
        sink.state.withLock { $0.checkpoints[Self.partitionID(1)] = "120" }  // as if partition 1 had lagged
        let source = NumberedSource(events)
        let second = StreamPipeline(source: source, sink: sink, logger: Logger(label: "test"))
        await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                _ = try await second.run(Self.job(), from: "0", progress: StreamProgress(plans: [ChangeCompactorTests.plan])) { _ in }
            }
            while sink.state.withLock({ state in (0..<3).contains { state.checkpoints[Self.partitionID($0)] != "600" } }) {
                try? await Task.sleep(for: .milliseconds(10))
            }
            group.cancelAll()
        }
        #expect(source.starts.withLock { $0 } == ["120"])
        #expect(sink.state.withLock { $0.rows } == Self.expected(events))
    }

    @Test func aSchemaChangeIsHandledOnceAfterEveryPartitionCaughtUp() async throws {
        var events = Self.transactions(200)
        events.append(
            .schemaChange(
                SchemaChange(
                    kind: .addColumn, table: TableName(schema: "shop", name: "orders"),
                    statement: "ALTER TABLE orders ADD c INT", position: "201", commitTimestamp: 0)))
        let sink = MemorySink()
        let pipeline = StreamPipeline(source: NumberedSource(events), sink: sink, logger: Logger(label: "test"))
        let handled = Mutex<[Int]>([])
        let exit = try await pipeline.run(Self.job(), from: "0", progress: StreamProgress(plans: [ChangeCompactorTests.plan])) {
            _ in
            let rows = sink.state.withLock { $0.rows }
            handled.withLock { $0.append(rows.count) }
        }
        #expect(exit == .schemaChanged(position: "201"))
        let expected = Self.expected(Array(events.prefix(200)))
        #expect(handled.withLock { $0 } == [expected.count], "handled once, with everything before it applied")
        let state = sink.state.withLock { $0 }
        #expect(state.rows == expected)
        #expect(state.checkpoints["t"] == "201")
        #expect((0..<3).map { state.checkpoints[Self.partitionID($0)] } == ["201", "201", "201"])
    }
}

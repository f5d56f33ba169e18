import Logging
import NIOCore
import Synchronization
import Testing

@testable import SyncEngine

/// The pipeline's contract, with an in-memory source and destination: everything the source commits arrives,
/// whole transactions only, and the checkpoint of each applied batch is the position after its last transaction.
struct StreamPipelineTests {
    /// Hands on a fixed list of events, then (optionally) a schema change, then waits to be cancelled.
    struct ListSource: ChangeSource {
        var events: [ChangeStreamEvent]
        func currentPosition() async throws -> String { "0" }
        func position(atEpochSeconds epochSeconds: UInt32) async throws -> String { "0" }
        func retentionMargin(of position: String) async throws -> Int64? { nil }
        func close() async {}
        func streamChanges(
            from position: String, plans: [TablePlan], _ body: (ChangeStreamEvent) async throws -> Void
        ) async throws {
            for event in events { try await body(event) }
            try await Task.sleep(for: .seconds(3600))
        }
    }

    /// Applies batches to a dictionary, slowly enough that later transactions pile up (group commit).
    final class MemorySink: ChangeSink {
        struct State {
            var rows: [String: Row] = [:]
            var checkpoints: [String] = []
            var batches: [Int] = []
            var schemaChanges = 0
        }
        let state = Mutex(State())
        func prepareStream() async throws {}
        func streamCheckpoint(taskUUID: String, generation: Int) async throws -> StreamCheckpoint? { nil }
        func saveStreamCheckpoint(_ checkpoint: StreamCheckpoint) async throws {
            state.withLock { $0.checkpoints.append(checkpoint.position) }
        }
        func applyChanges(_ batch: ChangeBatch) async throws {
            try await Task.sleep(for: .milliseconds(5))
            state.withLock { state in
                for set in batch.tables {
                    for key in set.deletes { state.rows[String(buffer: key.values[0] ?? ByteBuffer())] = nil }
                    for row in set.upserts { state.rows[String(buffer: row.values[0] ?? ByteBuffer())] = row }
                }
                state.checkpoints.append(batch.checkpoint.position)
                state.batches.append(batch.transactions)
            }
        }
        func applySchemaChange(_ change: DestinationSchemaChange, table plan: TablePlan, options: SinkOptions)
            async throws
        {}
    }

    static func transactions(_ count: Int) -> [ChangeStreamEvent] {
        (1...count).map { n in
            var changes = [ChangeCompactorTests.insert(n, "v\(n)")]
            if n % 3 == 0 { changes.append(ChangeCompactorTests.delete(n - 1, "v\(n - 1)")) }
            return .transaction(SourceTransaction(changes: changes, position: String(n), commitTimestamp: 0))
        }
    }

    @Test func appliesEveryTransactionInBatchesWithTheirCheckpoint() async throws {
        let sink = MemorySink()
        let events = Self.transactions(2_000)
        let pipeline = StreamPipeline(
            source: ListSource(events: events), sink: sink, logger: Logger(label: "test"))
        let job = StreamJob(taskUUID: "t", generation: 1, plans: [ChangeCompactorTests.plan])
        let progress = StreamProgress(plans: job.plans)
        await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                _ = try await pipeline.run(job, from: "0", progress: progress) { _ in }
            }
            while sink.state.withLock({ $0.checkpoints.last }) != "2000" {
                try? await Task.sleep(for: .milliseconds(10))
            }
            group.cancelAll()
        }
        let state = sink.state.withLock { $0 }
        var expected: [String: Row] = [:]
        for n in 1...2_000 where n % 3 != 2 || n == 2_000 { expected[String(n)] = ChangeCompactorTests.row(n, "v\(n)") }
        let missing = Set(expected.keys).subtracting(state.rows.keys).sorted()
        let extra = Set(state.rows.keys).subtracting(expected.keys).sorted()
        #expect(missing.isEmpty, "missing \(missing.prefix(10)) of \(missing.count)")
        #expect(extra.isEmpty, "extra \(extra.prefix(10)) of \(extra.count)")
        #expect(state.rows == expected)
        #expect(state.batches.reduce(0, +) == 2_000)
        // Group commit: the source is faster than the sink, so transactions were applied together.
        #expect(state.batches.count < 2_000)
        let positions = state.checkpoints.compactMap { Int($0) }
        #expect(positions == positions.sorted())
        #expect(await progress.transactionsApplied == 2_000)
    }

    @Test func schemaChangeAppliesWhatCameBeforeThenReturns() async throws {
        let sink = MemorySink()
        var events = Self.transactions(10)
        events.append(
            .schemaChange(
                SchemaChange(
                    kind: .addColumn, table: TableName(schema: "shop", name: "orders"),
                    statement: "ALTER TABLE orders ADD c INT", position: "11", commitTimestamp: 0)))
        events += Self.transactions(20).suffix(5)
        let pipeline = StreamPipeline(source: ListSource(events: events), sink: sink, logger: Logger(label: "test"))
        let job = StreamJob(taskUUID: "t", generation: 1, plans: [ChangeCompactorTests.plan])
        let seen = Mutex<[SchemaChange.Kind]>([])
        let exit = try await pipeline.run(job, from: "0", progress: StreamProgress(plans: job.plans)) { change in
            seen.withLock { $0.append(change.kind) }
        }
        #expect(exit == .schemaChanged(position: "11"))
        #expect(seen.withLock { $0 } == [.addColumn])
        let state = sink.state.withLock { $0 }
        #expect(state.checkpoints.last == "11")
        #expect(state.rows["10"] != nil)
        #expect(state.rows["16"] == nil)
    }

    @Test func aFailingHandlerFailsTheRunAndLeavesTheCheckpoint() async throws {
        let sink = MemorySink()
        var events = Self.transactions(3)
        events.append(
            .schemaChange(
                SchemaChange(
                    kind: .modifyColumn, table: TableName(schema: "shop", name: "orders"), statement: "ALTER ...",
                    position: "4", commitTimestamp: 0)))
        let pipeline = StreamPipeline(source: ListSource(events: events), sink: sink, logger: Logger(label: "test"))
        let job = StreamJob(taskUUID: "t", generation: 1, plans: [ChangeCompactorTests.plan])
        await #expect(throws: SyncEngineError.self) {
            _ = try await pipeline.run(job, from: "0", progress: StreamProgress(plans: job.plans)) { _ in
                throw SyncEngineError(.schemaChangeRefused, "no")
            }
        }
        #expect(sink.state.withLock { $0.checkpoints.last } == "3")
    }
}

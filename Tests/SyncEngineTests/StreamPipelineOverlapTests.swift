import Logging
import NIOCore
import Synchronization
import Testing

@testable import SyncEngine

/// The pipeline with a sink that prepares batch k+1 while batch k commits (`applyChanges(_:after:)`): commits stay
/// in source order and whole, preparation overlaps, and a failed batch fails the run at once and keeps every later
/// batch from committing.
struct StreamPipelineOverlapTests {
    /// Stages each batch (slowly), waits for its predecessor, then commits it to a dictionary. Records the order of
    /// commits, how many batches were being staged or waiting at once, and fails the batch that covers
    /// `failAt` when set.
    final class OverlappingSink: ChangeSink {
        struct State {
            var rows: [String: Row] = [:]
            var commits: [Int] = []
            var preparing = 0
            var mostPreparing = 0
        }
        let state = Mutex(State())
        let failAt: Int?

        init(failAt: Int? = nil) { self.failAt = failAt }

        func prepareStream() async throws {}
        func streamCheckpoint(taskUUID: String, generation: Int) async throws -> StreamCheckpoint? { nil }
        func saveStreamCheckpoint(_ checkpoint: StreamCheckpoint) async throws {}
        func applyChanges(_ batch: ChangeBatch) async throws { try await applyChanges(batch, after: {}) }
        func applyChanges(_ batch: ChangeBatch, after predecessorCommitted: @Sendable () async throws -> Void)
            async throws
        {
            state.withLock { state in
                state.preparing += 1
                state.mostPreparing = max(state.mostPreparing, state.preparing)
            }
            defer { state.withLock { $0.preparing -= 1 } }
            try await Task.sleep(for: .milliseconds(3))
            try await predecessorCommitted()
            let last = Int(batch.checkpoint.position) ?? 0
            let first = last - batch.transactions + 1
            if let failAt, (first...last).contains(failAt) {
                throw SyncEngineError(.destinationFailed, "refused batch ending at \(last)")
            }
            try await Task.sleep(for: .milliseconds(2))
            state.withLock { state in
                for set in batch.tables {
                    for key in set.deletes { state.rows[String(buffer: key.values[0] ?? ByteBuffer())] = nil }
                    for row in set.upserts { state.rows[String(buffer: row.values[0] ?? ByteBuffer())] = row }
                }
                state.commits.append(last)
            }
        }
        func applySchemaChange(_ change: DestinationSchemaChange, table plan: TablePlan, options: SinkOptions)
            async throws
        {}
    }

    /// Small batches, so that there are many.
    static func job() -> StreamJob {
        var job = StreamJob(taskUUID: "t", generation: 1, plans: [ChangeCompactorTests.plan])
        job.batchLimits = BatchLimits(rows: 50, bytes: 1 << 20)
        return job
    }

    @Test func overlappedBatchesCommitInOrderAndWhole() async throws {
        let sink = OverlappingSink()
        let events = StreamPipelineTests.transactions(3_000)
        let pipeline = StreamPipeline(
            source: StreamPipelineTests.ListSource(events: events), sink: sink, logger: Logger(label: "test"))
        let job = Self.job()
        let progress = StreamProgress(plans: job.plans)
        await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { _ = try await pipeline.run(job, from: "0", progress: progress) { _ in } }
            while sink.state.withLock({ $0.commits.last }) != 3_000 {
                try? await Task.sleep(for: .milliseconds(10))
            }
            group.cancelAll()
        }
        let state = sink.state.withLock { $0 }
        var expected: [String: Row] = [:]
        for n in 1...3_000 where n % 3 != 2 || n == 3_000 { expected[String(n)] = ChangeCompactorTests.row(n, "v\(n)") }
        #expect(state.rows == expected)
        #expect(state.commits == state.commits.sorted())
        #expect(Set(state.commits).count == state.commits.count)
        #expect(state.mostPreparing == 2, "batch k+1 is prepared while batch k commits")
        #expect(await progress.transactionsApplied == 3_000)
        #expect(await progress.lagMillis() == 0)
    }

    @Test func aFailedBatchFailsTheRunAndNothingAfterItCommits() async throws {
        let sink = OverlappingSink(failAt: 1_500)
        let events = StreamPipelineTests.transactions(3_000)
        let pipeline = StreamPipeline(
            source: StreamPipelineTests.ListSource(events: events), sink: sink, logger: Logger(label: "test"))
        let job = Self.job()
        // The source then stays idle: the failure must end the run on its own, not wait for a next transaction.
        let error = await #expect(throws: SyncEngineError.self) {
            _ = try await pipeline.run(job, from: "0", progress: StreamProgress(plans: job.plans)) { _ in }
        }
        #expect(error?.message.contains("refused batch") == true)
        let commits = sink.state.withLock { $0.commits }
        #expect(commits == commits.sorted())
        #expect((commits.last ?? 0) < 1_500)
    }
}

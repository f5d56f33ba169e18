import AsyncAlgorithms
import Logging

/// Copies whole tables from a `SnapshotSource` to a `SnapshotSink` (issue 4 item 1): chunks are copied by
/// `concurrency` workers; within a chunk the reader and the writer run as two child tasks joined by a bounded
/// hand-off (`RowBatchChannel`); every chunk commits in one destination transaction together with its checkpoint,
/// so a run that is stopped or killed resumes at the first chunk that did not commit, with no duplicate and no
/// missing row.
public struct SnapshotPipeline: Sendable {
    /// Where rows come from.
    public let source: any SnapshotSource
    /// Where rows go.
    public let sink: any SnapshotSink
    /// Rate limit shared by every worker, when the task sets one.
    public let throttle: (any BatchThrottle)?
    /// Attempts per chunk for source/destination failures (connection lost, server restarted) before the run
    /// fails; the failed attempt rolled back, so a new attempt starts the chunk again.
    public let attemptsPerChunk: Int
    let logger: Logger

    /// Creates a pipeline.
    public init(
        source: any SnapshotSource, sink: any SnapshotSink, throttle: (any BatchThrottle)? = nil,
        attemptsPerChunk: Int = 3, logger: Logger = Logger(label: "tide.snapshot")
    ) {
        self.source = source
        self.sink = sink
        self.throttle = throttle
        self.attemptsPerChunk = max(1, attemptsPerChunk)
        self.logger = logger
    }

    /// Runs `job` to the end: reads the checkpoints already committed for this generation, prepares the
    /// destination (a fresh run truncates and runs preSQL; a resumed one does not), copies every chunk not yet
    /// committed, then runs postSQL. `onDirty` receives the rows the destination refused, chunk by chunk; the run
    /// fails with `dirtyRecordLimitExceeded` once there are more than `job.dirtyRecordLimit`.
    public func run(
        _ job: SnapshotJob, progress: SnapshotProgress,
        onDirty: @escaping @Sendable ([DirtyRecord]) async -> Void = { _ in }
    ) async throws {
        let committed = try await sink.committedChunks(taskUUID: job.taskUUID, generation: job.generation)
        try await sink.prepare(job.plans, options: job.sinkOptions, fresh: committed.isEmpty)
        var done: [String: Set<Int>] = [:]
        for checkpoint in committed { done[checkpoint.tableKey, default: []].insert(checkpoint.chunkIndex) }
        for plan in job.plans {
            let resumed = committed.filter { $0.tableKey == plan.tableKey }
            if !resumed.isEmpty { await progress.resumed(tableKey: plan.tableKey, checkpoints: resumed) }
        }
        var items: [ChunkQueue.Item] = []
        for (planIndex, plan) in job.plans.enumerated() {
            for chunk in plan.chunks where !(done[plan.tableKey]?.contains(chunk.index) ?? false) {
                items.append(ChunkQueue.Item(planIndex: planIndex, chunk: chunk))
            }
        }
        logger.info(
            "snapshot run",
            metadata: [
                "task": "\(job.taskUUID)", "generation": "\(job.generation)", "tables": "\(job.plans.count)",
                "chunks": "\(items.count)", "resumedChunks": "\(committed.count)",
            ])
        let queue = ChunkQueue(items)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<min(job.concurrency, max(1, items.count)) {
                group.addTask {
                    while let item = await queue.take() {
                        try Task.checkCancellation()
                        let plan = job.plans[item.planIndex]
                        let result = try await copyWithRetry(item.chunk, of: plan, job: job, progress: progress)
                        await progress.committed(tableKey: plan.tableKey, result: result)
                        if !result.dirty.isEmpty {
                            await onDirty(result.dirty)
                            try await checkDirtyLimit(job, progress: progress, last: result.dirty)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let removed = try await sink.completeLoad(job.plans, options: job.sinkOptions)
        if !removed.isEmpty {
            await progress.removed(removed)
            await onDirty(removed)
            try await checkDirtyLimit(job, progress: progress, last: removed)
        }
        try await sink.finish(job.plans, options: job.sinkOptions)
    }

    /// Fails the run once more rows were refused than `job.dirtyRecordLimit` (DataX `setting.errorLimit.record`).
    private func checkDirtyLimit(_ job: SnapshotJob, progress: SnapshotProgress, last: [DirtyRecord]) async throws {
        let total = await progress.dirtyRecords
        if let limit = job.dirtyRecordLimit, total > Int64(limit) {
            throw SyncEngineError(
                .dirtyRecordLimitExceeded,
                "\(total) rows were rejected by the destination, more than the limit of \(limit) "
                    + "(setting.errorLimit.record); the last reason: \(last.last?.reason ?? "")")
        }
    }

    private func copyWithRetry(
        _ chunk: ChunkRange, of plan: TablePlan, job: SnapshotJob, progress: SnapshotProgress
    ) async throws -> ChunkWriteResult {
        var attempt = 1
        while true {
            do {
                return try await copy(chunk, of: plan, job: job, progress: progress)
            } catch let error as SyncEngineError
                where (error.code == .sourceFailed || error.code == .destinationFailed) && attempt < attemptsPerChunk
                && !Task.isCancelled
            {
                logger.warning(
                    "chunk failed, retrying",
                    metadata: ["table": "\(plan.tableKey)", "chunk": "\(chunk.index)", "error": "\(error.message)"])
                try await Task.sleep(for: .seconds(attempt))
                attempt += 1
            }
        }
    }

    /// Copies one chunk: the reader feeds the channel, the writer drains it in one transaction.
    private func copy(
        _ chunk: ChunkRange, of plan: TablePlan, job: SnapshotJob, progress: SnapshotProgress
    ) async throws -> ChunkWriteResult {
        let channel = RowBatchChannel()
        let source = self.source
        let sink = self.sink
        let throttle = self.throttle
        let checkpoint = job.checkpoint(for: chunk, of: plan)
        return try await withThrowingTaskGroup(of: ChunkWriteResult?.self) { group in
            group.addTask {
                do {
                    try await source.readChunk(chunk, of: plan, limits: job.batchLimits) { batch in
                        try await throttle?.acquire(rows: batch.rows.count, bytes: batch.byteCount)
                        await progress.read(tableKey: plan.tableKey, rows: batch.rows.count, bytes: batch.byteCount)
                        await channel.send(batch)
                        try Task.checkCancellation()
                    }
                    channel.finish()
                } catch {
                    channel.fail(error)
                    throw error
                }
                return nil
            }
            group.addTask {
                try await sink.writeChunk(
                    chunk, of: plan, options: job.sinkOptions, checkpoint: checkpoint, batches: channel)
            }
            var written: ChunkWriteResult?
            for try await result in group {
                if let result { written = result }
            }
            guard let written else {
                throw SyncEngineError(.destinationFailed, "the writer of \(plan.tableKey) chunk \(chunk.index) returned nothing")
            }
            return written
        }
    }
}

import Logging

/// What a change-capture run is: which task and generation, which tables, how large batches may grow.
public struct StreamJob: Sendable {
    /// The task's stable id.
    public var taskUUID: String
    /// The run generation the checkpoint belongs to.
    public var generation: Int
    /// The tables, with destinations.
    public var plans: [TablePlan]
    /// Upper bounds of one destination transaction (row changes before compaction, payload bytes).
    public var batchLimits: BatchLimits
    /// Row-change kinds skipped (DIJob HandleDml `Ignore`).
    public var ignoredKinds: Set<RowChange.Kind> = []

    /// Creates a job.
    public init(taskUUID: String, generation: Int, plans: [TablePlan], batchLimits: BatchLimits = BatchLimits(rows: 25_000, bytes: 16 << 20)) {
        self.taskUUID = taskUUID
        self.generation = generation
        self.plans = plans
        self.batchLimits = batchLimits
    }
}

/// Why a stream run returned (it only returns for these; errors are thrown).
public enum StreamExit: Sendable, Equatable {
    /// A schema change was handled at `position` (the checkpoint was moved past it): restart from there with plans
    /// that match the new schema.
    case schemaChanged(position: String)
    /// The source ended the stream.
    case sourceEnded
}

/// Change capture for one task: a reader child streams committed transactions from the source into a
/// `ChangeMailbox`; an applier child takes everything pending whenever it is free, compacts it and applies it to
/// the sink in ONE destination transaction with the checkpoint (exactly-once effect: the checkpoint and the rows
/// it covers commit together, and a restart reads the checkpoint back from the destination). Model: PeerDB CDC
/// flow (pull, then sync records with the batch id in one transaction).
public struct StreamPipeline: Sendable {
    let source: any ChangeSource
    let sink: any ChangeSink
    let logger: Logger

    /// Creates a pipeline.
    public init(source: any ChangeSource, sink: any ChangeSink, logger: Logger) {
        self.source = source
        self.sink = sink
        self.logger = logger
    }

    /// Streams from `position` until cancelled, a failure, or a schema change. `onSchemaChange` is called for a
    /// DDL on a planned table after every change before it was applied; it decides the policy (apply, ignore, or
    /// throw to fail the task). The checkpoint then moves past the DDL and the run returns `.schemaChanged`.
    public func run(
        _ job: StreamJob, from position: String, progress: StreamProgress,
        onSchemaChange: @escaping @Sendable (SchemaChange) async throws -> Void
    ) async throws -> StreamExit {
        let mailbox = ChangeMailbox(plans: job.plans, limits: job.batchLimits)
        await progress.observePending { mailbox.oldestPendingCommit }
        let source = self.source
        let sink = self.sink
        return try await withThrowingTaskGroup(of: StreamExit?.self) { group in
            group.addTask {
                do {
                    try await source.streamChanges(from: position, plans: job.plans) { event in
                        switch event {
                        case .transaction(var transaction):
                            if !job.ignoredKinds.isEmpty {
                                transaction.changes.removeAll { job.ignoredKinds.contains($0.kind) }
                            }
                            try await mailbox.append(transaction, receivedAt: .now)
                            await progress.contact()
                        case .schemaChange(let change):
                            try await mailbox.append(change)
                            throw StopReading()
                        case .heartbeat:
                            await progress.contact()
                        }
                    }
                } catch is StopReading {}
                mailbox.finish()
                return nil
            }
            group.addTask {
                while let item = try await mailbox.take() {
                    switch item {
                    case .changes(let pending):
                        let batch = ChangeBatch(
                            tables: pending.compactor.changeSets(),
                            checkpoint: StreamCheckpoint(
                                taskUUID: job.taskUUID, generation: job.generation, position: pending.lastPosition,
                                commitTimestamp: pending.lastCommitTimestamp),
                            transactions: pending.transactions, rowChanges: pending.compactor.rowChanges,
                            byteCount: pending.compactor.byteCount)
                        await progress.applying(firstCommit: pending.firstCommitTimestamp)
                        try await sink.applyChanges(batch)
                        await progress.applied(batch, lastCommit: pending.lastCommitTimestamp)
                    case .schemaChange(let change):
                        try await onSchemaChange(change)
                        try await sink.saveStreamCheckpoint(
                            StreamCheckpoint(
                                taskUUID: job.taskUUID, generation: job.generation, position: change.position,
                                commitTimestamp: change.commitTimestamp))
                        return .schemaChanged(position: change.position)
                    }
                }
                return .sourceEnded
            }
            // The applier decides the outcome; the reader returning first only means the stream ended.
            var exit: StreamExit = .sourceEnded
            while let result = try await group.next() {
                if let result {
                    exit = result
                    group.cancelAll()
                }
            }
            return exit
        }
    }
}

private struct StopReading: Error {}

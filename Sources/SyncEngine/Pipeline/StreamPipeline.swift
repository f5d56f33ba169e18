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
    /// Row-change kinds skipped in every table (DIJob HandleDml `Ignore`).
    public var ignoredKinds: Set<RowChange.Kind> = []
    /// Per-table HandleDml policies (Ignore, Filter, LogicalDelete), keyed by `TablePlan.tableKey`, applied to
    /// each change before it is handed on (`DMLPolicy.apply`); tables not listed apply every change.
    public var dmlPolicies: [String: DMLPolicy] = [:]
    /// Batches applied at once, each on its own destination connection (1 or 2): with 2, batch k+1 is encoded
    /// and staged while batch k merges and commits; commits stay in order and whole.
    public var applyDepth = 2
    /// Key partitions applied in parallel, each on its own connection with its own checkpoint row (DIJob
    /// `runtime.realtime.concurrent`); 1 keeps every batch whole. See `runPartitioned`.
    public var partitions = 1
    /// The start position was just reset (a start time): partitions start there too, whatever they committed.
    public var resetPartitions = false
    /// Whether batches report the transactions they cover (partitions other than the first do not: every
    /// partition sees every transaction).
    var countsTransactions = true

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
        if job.partitions > 1 {
            return try await runPartitioned(job, from: position, progress: progress, onSchemaChange: onSchemaChange)
        }
        let mailbox = ChangeMailbox(plans: job.plans, limits: job.batchLimits)
        await progress.runStarted()
        await progress.observePending { mailbox.oldestPendingCommit }
        let source = self.source
        let sink = self.sink
        return try await withThrowingTaskGroup(of: StreamExit?.self) { group in
            group.addTask {
                try await Self.read(source, from: position, job: job, progress: progress, into: [mailbox])
                return nil
            }
            let logger = self.logger
            group.addTask {
                try await Self.apply(
                    from: mailbox, job: job, sink: sink, progress: progress, logger: logger,
                    onSchemaChange: onSchemaChange)
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

extension StreamPipeline {
    /// The reader: streams from `position` into `mailboxes` (one, or one per key partition, each transaction split
    /// by `partitioner`) until a schema change, which every mailbox gets after everything before it, or the end.
    static func read(
        _ source: any ChangeSource, from position: String, job: StreamJob, progress: StreamProgress,
        into mailboxes: [ChangeMailbox], partitioner: KeyPartitioner? = nil
    ) async throws {
        do {
            try await source.streamChanges(from: position, plans: job.plans) { event in
                switch event {
                case .transaction(var transaction):
                    if !job.ignoredKinds.isEmpty {
                        transaction.changes.removeAll { job.ignoredKinds.contains($0.kind) }
                    }
                    if !job.dmlPolicies.isEmpty {
                        // The transaction is handed on even when every change drops: its position still counts.
                        transaction.changes = transaction.changes.compactMap { change in
                            guard let policy = job.dmlPolicies[change.tableKey] else { return change }
                            return policy.apply(change)
                        }
                    }
                    let receivedAt = ContinuousClock.now
                    if let partitioner, mailboxes.count > 1 {
                        for (partition, changes) in partitioner.split(transaction).enumerated() {
                            try await mailboxes[partition].append(
                                SourceTransaction(
                                    changes: changes, position: transaction.position,
                                    commitTimestamp: transaction.commitTimestamp),
                                receivedAt: receivedAt)
                        }
                    } else {
                        try await mailboxes[0].append(transaction, receivedAt: receivedAt)
                    }
                    await progress.contact()
                case .schemaChange(let change):
                    for mailbox in mailboxes { try await mailbox.append(change) }
                    throw StopReading()
                case .heartbeat:
                    await progress.contact()
                }
            }
        } catch is StopReading {}
        for mailbox in mailboxes { mailbox.finish() }
    }

    /// The applier: takes batches from `mailbox` and applies up to `job.applyDepth` at once. Each batch waits for
    /// its predecessor's commit before it touches destination rows (`ChangeSink.applyChanges(_:after:)`), so
    /// commits happen in source order and each is whole; a failed batch fails its successor before it commits.
    /// A schema change waits until every batch before it committed.
    static func apply(
        from mailbox: ChangeMailbox, job: StreamJob, sink: any ChangeSink, progress: StreamProgress,
        logger: Logger, onSchemaChange: @escaping @Sendable (SchemaChange) async throws -> Void
    ) async throws -> StreamExit? {
        try await withThrowingTaskGroup(of: Void.self) { appliers in
            let depth = max(1, min(job.applyDepth, 2))
            var inFlight = 0
            var previous: CommitSignal?
            while true {
                if inFlight >= depth {
                    try await appliers.next()
                    inFlight -= 1
                }
                let asked = ContinuousClock.now
                guard let item = try await mailbox.take() else { break }
                switch item {
                case .changes(let pending):
                    if logger.logLevel <= .debug {
                        // Time the applier waited for changes: long waits mean the reader (source side) bounds the
                        // rate; none, the destination side.
                        let waited = ContinuousClock.now - asked
                        logger.debug(
                            "change batch taken",
                            metadata: [
                                "rowChanges": "\(pending.compactor.rowChanges)",
                                "keys": "\(pending.compactor.keyCount)",
                                "waitMs": "\(waited.wholeMilliseconds)",
                            ])
                    }
                    let batch = ChangeBatch(
                        tables: pending.compactor.changeSets(),
                        checkpoint: StreamCheckpoint(
                            taskUUID: job.taskUUID, generation: job.generation, position: pending.lastPosition,
                            commitTimestamp: pending.lastCommitTimestamp),
                        transactions: job.countsTransactions ? pending.transactions : 0,
                        rowChanges: pending.compactor.rowChanges,
                        byteCount: pending.compactor.byteCount)
                    let predecessor = previous
                    let committed = CommitSignal()
                    previous = committed
                    await progress.applying(firstCommit: pending.firstCommitTimestamp)
                    appliers.addTask {
                        do {
                            try await sink.applyChanges(batch) { try await predecessor?.wait() }
                            await progress.applied(
                                batch, firstCommit: pending.firstCommitTimestamp, lastCommit: pending.lastCommitTimestamp)
                            committed.succeed()
                        } catch {
                            committed.fail(error)
                            mailbox.fail(error)
                            throw error
                        }
                    }
                    inFlight += 1
                case .schemaChange(let change):
                    try await appliers.waitForAll()
                    inFlight = 0
                    try await onSchemaChange(change)
                    try await sink.saveStreamCheckpoint(
                        StreamCheckpoint(
                            taskUUID: job.taskUUID, generation: job.generation, position: change.position,
                            commitTimestamp: change.commitTimestamp))
                    return .schemaChanged(position: change.position)
                }
            }
            try await appliers.waitForAll()
            return .sourceEnded
        }
    }
}

/// Ends the reader once a schema change was handed on.
struct StopReading: Error {}

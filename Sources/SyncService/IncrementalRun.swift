import Foundation
import Logging
import Synchronization
import MetadataStore
import SyncEngine
import SyncModel

/// The real-time phase of a task (issue 5): change capture from the source's binlog into the destination, until
/// stopped. The start point is, in order: a reset to `RealtimeStartSettings.StartTime` or `StartPosition` (written
/// to the destination at once), the checkpoint the destination holds for this generation (exactly-once resume), or
/// the stream start saved with the generation (taken before the full copy read anything). Source and destination failures are
/// retried from the destination checkpoint after `FailoverSettings.Interval`, up to `UpperLimit` times in a row;
/// then the task fails with the error.
struct IncrementalRun: Sendable {
    let task: SyncTask
    let settings: StartSettings
    let definition: RunDefinition
    let store: any MetadataStore
    let connectors: any ConnectorFactory
    let reporter: any TaskEventReporter
    let logger: Logger
    /// The generation (its plans, stream start and full-copy figures).
    let generation: Int
    var plans: [TablePlan]
    let streamStart: String?
    let baseStats: RunStats
    /// How often progress is written to the store.
    var progressInterval: Duration = .seconds(1)

    /// Runs until cancelled (pause, stop, shutdown) or a failure the failover policy does not retry.
    func run() async throws {
        try Self.requireKeys(plans)
        let progress = StreamProgress(plans: plans, base: baseStats)
        let reporter = self.reporter
        let taskID = task.id
        let interval = progressInterval
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.stream(progress: progress) }
            group.addTask {
                var ticks = 0
                while true {
                    try await Task.sleep(for: interval)
                    if ticks % 30 == 0 { await self.measureRetention(progress) }
                    ticks += 1
                    await reporter.report(taskID: taskID, .progress(await progress.stats()))
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    /// Measures how far the checkpoint is from the oldest retained binlog (best effort: a failure leaves the last
    /// figure).
    private func measureRetention(_ progress: StreamProgress) async {
        guard let position = await progress.lastAppliedPosition ?? streamStart else { return }
        guard let source = try? await connectors.changeSource(definition.sourceType, definition.source) else { return }
        if let margin = try? await source.retentionMargin(of: position) { await progress.setRetentionMargin(margin) }
        await source.close()
    }

    /// The failover loop around the pipeline.
    private func stream(progress: StreamProgress) async throws {
        var plans = try definition.dmlRules.applyingLogicalDelete(to: self.plans)
        // Checked before any connection: a condition that cannot apply fails the task at once.
        _ = try definition.dmlRules.policies(for: plans)
        let failover = FailoverPolicy(settings: settings)
        var failures = 0
        var reset = StartReset(time: settings.startOffsetTime, position: settings.startPosition)
        while true {
            try Task.checkCancellation()
            let source = try await connectors.changeSource(definition.sourceType, definition.source)
            do {
                let sink = try await connectors.changeSink(
                    definition.destinationType, definition.destination,
                    connections: max(2, definition.realtimeConcurrency))
                do {
                    try await sink.prepareStream()
                    for table in try await sink.prepareLogicalDelete(plans) {
                        logger.notice(
                            "HandleDml LogicalDelete: added the deleted-row marker column to the destination table",
                            metadata: ["task": "\(task.id)", "table": "\(table)"])
                    }
                    let position = try await startPosition(source: source, sink: sink, reset: reset)
                    let wasReset = reset.isRequested
                    reset = StartReset()
                    let appliedBefore = await progress.transactionsApplied
                    let pipeline = StreamPipeline(source: source, sink: sink, logger: logger)
                    var job = StreamJob(taskUUID: task.uuid, generation: generation, plans: plans)
                    // Compiled per attempt: a schema change can move the columns conditions name.
                    job.dmlPolicies = try definition.dmlRules.policies(for: plans)
                    job.partitions = definition.realtimeConcurrency
                    job.resetPartitions = wasReset
                    let handler = SchemaChangeHandler(
                        taskUUID: task.uuid, definition: definition, plans: plans, connectors: connectors, sink: sink,
                        logger: logger)
                    logger.info("change capture starting", metadata: ["task": "\(task.id)", "position": "\(position)"])
                    let outcome: StreamExit
                    do {
                        outcome = try await pipeline.run(job, from: position, progress: progress) { change in
                            try await handler.handle(change)
                        }
                    } catch {
                        if await progress.transactionsApplied > appliedBefore { failures = 0 }
                        throw error
                    }
                    switch outcome {
                    case .schemaChanged:
                        if let updated = handler.updatedPlans.withLock({ $0 }) {
                            plans = updated
                        } else {
                            plans = try await replan(plans)
                        }
                        plans = try definition.dmlRules.applyingLogicalDelete(to: plans)
                        try Self.requireKeys(plans)
                        try await savePlans(plans)
                        failures = 0
                    case .sourceEnded:
                        break
                    }
                } catch {
                    await sink.close()
                    throw error
                }
                await sink.close()
                await source.close()
            } catch {
                await source.close()
                if Task.isCancelled || error is CancellationError { throw error }
                guard failover.isRetryable(error) else { throw error }
                failures += 1
                guard failures <= failover.upperLimit else {
                    throw SyncEngineError(
                        (error as? SyncEngineError)?.code ?? .sourceFailed,
                        "gave up after \(failover.upperLimit) failover attempts: \(Self.message(error))")
                }
                logger.warning(
                    "change capture failed; retrying from the checkpoint",
                    metadata: [
                        "task": "\(task.id)", "attempt": "\(failures)", "error": "\(Self.message(error))",
                    ])
                try await Task.sleep(for: failover.interval)
            }
        }
    }

    /// Where this attempt starts (see the type's doc comment).
    private func startPosition(source: any ChangeSource, sink: any ChangeSink, reset: StartReset) async throws
        -> String
    {
        if let requested = reset.position {
            let position = try await source.position(forStartPosition: requested)
            try await sink.saveStreamCheckpoint(
                StreamCheckpoint(taskUUID: task.uuid, generation: generation, position: position))
            logger.info(
                "change capture reset to a start position",
                metadata: ["task": "\(task.id)", "requested": "\(requested)", "position": "\(position)"])
            return position
        }
        if let resetTime = reset.time {
            let epoch = UInt32(clamping: Int64(resetTime.timeIntervalSince1970.rounded(.down)))
            let position = try await source.position(atEpochSeconds: epoch)
            try await sink.saveStreamCheckpoint(
                StreamCheckpoint(taskUUID: task.uuid, generation: generation, position: position))
            logger.info("change capture reset to a start time", metadata: ["task": "\(task.id)", "epoch": "\(epoch)"])
            return position
        }
        if let checkpoint = try await sink.streamCheckpoint(taskUUID: task.uuid, generation: generation) {
            return checkpoint.position
        }
        let position: String
        if let streamStart {
            position = streamStart
        } else {
            position = try await source.currentPosition()
        }
        try await sink.saveStreamCheckpoint(
            StreamCheckpoint(taskUUID: task.uuid, generation: generation, position: position))
        return position
    }

    /// Plans again after a schema change: the same tables and destinations, with the source's current columns.
    private func replan(_ plans: [TablePlan]) async throws -> [TablePlan] {
        SchemaChangeHandler.keepDestinationShape(previous: plans, current: try await connectors.currentPlans(definition))
    }

    /// Keeps the plans that match the destination after a schema change, so that a restart reads rows with them.
    private func savePlans(_ plans: [TablePlan]) async throws {
        guard var state = try await store.snapshotRunState(taskID: task.id), state.generation == generation else { return }
        state.planJSON = try JSONEncoder().encode(plans)
        state.updatedAt = Date()
        try await store.saveSnapshotRunState(taskID: task.id, state)
    }

    /// Real-time sync applies updates and deletes by key: every table needs one.
    static func requireKeys(_ plans: [TablePlan]) throws {
        for plan in plans where plan.keyIndexesInRow == nil {
            throw SyncEngineError(
                .invalidConfiguration,
                "\(plan.tableKey) has no primary key or NOT NULL unique key among the synced columns; real-time sync "
                    + "needs one to apply updates and deletes (add a key, or sync it with MigrationType Full)")
        }
    }

    static func message(_ error: any Error) -> String {
        (error as? SyncEngineError)?.message ?? "\(error)"
    }
}

/// A requested move of the start: to a start time or to a start position (exclusive; `StartSettings`).
struct StartReset: Sendable {
    var time: Date?
    var position: String?

    /// Whether a reset was requested.
    var isRequested: Bool { time != nil || position != nil }
}

/// DataWorks `RealtimeStartSettings.FailoverSettings`: how long to wait between automatic retries and how many
/// consecutive failures to retry before the task fails.
struct FailoverPolicy: Sendable {
    /// The wait between attempts (`Interval` minutes; 0 retries after two seconds).
    var interval: Duration
    /// Consecutive failed attempts retried (`UpperLimit`).
    var upperLimit: Int

    init(settings: StartSettings) {
        let minutes = settings.failoverIntervalMinutes ?? 0
        interval = minutes == 0 ? .seconds(2) : .seconds(minutes * 60)
        upperLimit = settings.failoverUpperLimit ?? 30
    }

    /// Whether a retry can help: connection losses, server restarts, timeouts and destination errors can; a
    /// configuration problem, a purged binlog, a refused DDL or a value that cannot be converted cannot.
    func isRetryable(_ error: any Error) -> Bool {
        guard let error = error as? SyncEngineError else { return true }
        switch error.code {
        case .invalidConfiguration, .notFound, .unsupportedValue, .schemaChangeRefused, .dirtyRecordLimitExceeded:
            return false
        default:
            return true
        }
    }
}

import Foundation
import Logging
import MetadataStore
import SyncEngine
import SyncModel

/// One execution of a task's full copy: picks the run generation (resume the unfinished one, or start a new one),
/// plans or reloads the chunks, runs the pipeline with a progress ticker, and records completion.
struct SnapshotRun: Sendable {
    let task: SyncTask
    let settings: StartSettings
    let definition: RunDefinition
    let store: any MetadataStore
    let connectors: any ConnectorFactory
    let reporter: any TaskEventReporter
    let logger: Logger
    /// How often progress is written to the store.
    var progressInterval: Duration = .seconds(1)
    /// For a task with a real-time phase: takes the source's restart point; it is taken before any chunk of a new
    /// generation is read and saved with the plan (`SnapshotRunState.streamStart`), so that change capture replays
    /// every change committed while the copy ran.
    var captureStreamStart: (@Sendable () async throws -> String)?

    /// What a finished copy leaves for change capture.
    struct Outcome: Sendable {
        var generation: Int
        var plans: [TablePlan]
        var streamStart: String?
        var stats: RunStats
    }

    /// Runs the copy to the end. Throws on failure or cancellation; reports progress on the way.
    @discardableResult
    func run() async throws -> Outcome {
        try await connectors.withSourceAndSink(
            definition, sourceConnections: definition.concurrency + 1, sinkConnections: definition.concurrency
        ) { source, sink in
            try await copy(source: source, sink: sink)
        }
    }

    private func copy(source: any SnapshotSource, sink: any SnapshotSink) async throws -> Outcome {
        let (generation, plans, streamStart) = try await generationAndPlans(source: source)
        var options = definition.sinkOptions
        // This run completes the load (SnapshotPipeline calls completeLoad) before anything else uses the tables.
        options.deferKeys = true
        if generation > 1, case .templates = definition.naming {
            // Tide owns these destination tables (DIJob / DRS): a new full run starts from empty tables, or a
            // rerun would meet its own earlier rows.
            options.truncateBeforeLoad = true
        }
        let job = SnapshotJob(
            taskUUID: task.uuid, generation: generation, plans: plans, sinkOptions: options,
            concurrency: definition.concurrency, batchLimits: BatchLimits(rows: 5_000, bytes: 4 << 20),
            maxRowsPerSecond: definition.maxRowsPerSecond, maxBytesPerSecond: definition.maxBytesPerSecond,
            dirtyRecordLimit: definition.dirtyRecordLimit)
        let progress = SnapshotProgress(plans: plans.filter { !$0.chunks.isEmpty })
        let throttle: (any BatchThrottle)? =
            job.maxRowsPerSecond == nil && job.maxBytesPerSecond == nil
            ? nil
            : Throttle(
                rowsPerSecond: job.maxRowsPerSecond.map(Double.init), bytesPerSecond: job.maxBytesPerSecond.map(Double.init))
        let pipeline = SnapshotPipeline(source: source, sink: sink, throttle: throttle, logger: logger)
        let store = self.store
        let taskID = task.id
        let reporter = self.reporter
        let interval = progressInterval
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await pipeline.run(job, progress: progress) { dirty in
                    let now = Date()
                    let entries = dirty.map {
                        DirtyRecordEntry(table: $0.table, key: $0.key, reason: $0.reason, recordedAt: now)
                    }
                    try? await store.appendDirtyRecords(taskID: taskID, entries, keep: 10_000)
                }
            }
            group.addTask {
                while true {
                    try await Task.sleep(for: interval)
                    await reporter.report(taskID: taskID, .progress(await progress.stats()))
                }
            }
            try await group.next()
            group.cancelAll()
        }
        let stats = await progress.stats()
        await reporter.report(taskID: taskID, .progress(stats))
        let planJSON = try JSONEncoder().encode(plans)
        try await store.saveSnapshotRunState(
            taskID: task.id,
            SnapshotRunState(
                generation: generation, planJSON: planJSON, completed: true, updatedAt: Date(),
                streamStart: streamStart))
        return Outcome(generation: generation, plans: plans, streamStart: streamStart, stats: stats)
    }

    /// `plans` with the chunks of every table not in `tables` removed (`StartSettings.rerunTables`): those tables
    /// are neither emptied nor copied, but stay in the run (change capture follows them). Only after a completed
    /// copy: the other tables must already hold their rows.
    static func onlyCopying(_ tables: [String], of plans: [TablePlan], after previous: SnapshotRunState?) throws
        -> [TablePlan]
    {
        guard previous?.completed == true else {
            throw SyncEngineError(
                .invalidConfiguration,
                "RerunTables copies some tables again after a completed full copy; this task has none yet: "
                    + "start it without RerunTables")
        }
        let known = Set(plans.map(\.tableKey))
        let unknown = tables.filter { !known.contains($0) }
        guard unknown.isEmpty else {
            throw SyncEngineError(
                .notFound,
                "RerunTables names \(unknown.joined(separator: ", ")), not among the task's tables: "
                    + known.sorted().joined(separator: ", "))
        }
        let selected = Set(tables)
        return plans.map { plan in
            var plan = plan
            if !selected.contains(plan.tableKey) { plan.chunks = [] }
            return plan
        }
    }

    /// Resumes the unfinished generation with its saved chunks, or plans a new generation (first run, forced
    /// rerun, or a start after a completed copy) and saves it before any chunk is copied.
    private func generationAndPlans(source: any SnapshotSource) async throws -> (Int, [TablePlan], String?) {
        let previous = try await store.snapshotRunState(taskID: task.id)
        if let previous, !previous.completed, !settings.forceRerun,
            captureStreamStart == nil || previous.streamStart != nil,
            let plans = try? JSONDecoder().decode([TablePlan].self, from: previous.planJSON)
        {
            logger.info("resuming snapshot", metadata: ["task": "\(task.id)", "generation": "\(previous.generation)"])
            return (previous.generation, plans, previous.streamStart)
        }
        let generation = (previous?.generation ?? 0) + 1
        // The restart point is taken before planning, so before any row is read: every change the copy might
        // miss is after it and will be replayed.
        let streamStart = try await captureStreamStart?()
        var plans = try await SnapshotPlanner(definition: definition).plan(with: source)
        if let rerunTables = settings.rerunTables, !rerunTables.isEmpty {
            plans = try Self.onlyCopying(rerunTables, of: plans, after: previous)
            logger.info("copying again only", metadata: ["task": "\(task.id)", "tables": "\(rerunTables)"])
        }
        try await store.clearDirtyRecords(taskID: task.id)
        try await store.saveSnapshotRunState(
            taskID: task.id,
            SnapshotRunState(
                generation: generation, planJSON: try JSONEncoder().encode(plans), completed: false, updatedAt: Date(),
                streamStart: streamStart))
        return (generation, plans, streamStart)
    }
}

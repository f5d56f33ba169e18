import AsyncAlgorithms
import Foundation
import Logging
import MetadataStore
import ServiceLifecycle
import SyncEngine
import SyncModel

/// The `TaskRunner` of `tide serve` (issue 4): runs every started task as a child of one service-lifecycle
/// `Service`. `start` hands the task over through a bounded channel; `run()` executes it in its task group and can
/// stop one run (`stop`) without touching the others. When the service starts it hands back the tasks a previous
/// server left running (killed or shut down mid-copy); they resume from their destination checkpoints.
public final class EngineRunner: TaskRunner, Service {
    struct StartCommand: Sendable {
        var task: SyncTask
        var settings: StartSettings
        var reporter: any TaskEventReporter
        var signal: StopSignal
    }

    let store: any MetadataStore
    let connectors: any ConnectorFactory
    let logger: Logger
    private let commands = AsyncChannel<StartCommand>()
    private let registry = RunRegistry()

    /// Creates a runner over `store` using `connectors`.
    public init(store: any MetadataStore, connectors: any ConnectorFactory, logger: Logger = Logger(label: "tide.engine")) {
        self.store = store
        self.connectors = connectors
        self.logger = logger
    }

    /// Queues the task; `run()` starts it. Waits only until the service takes the command.
    public func start(_ task: SyncTask, settings: StartSettings, reporter: any TaskEventReporter) async throws {
        // Registered before the hand-off, so that a pause arriving right after the start still stops the run.
        guard let signal = await begin(taskID: task.id) else {
            logger.warning("task is already running; start ignored", metadata: ["task": "\(task.id)"])
            return
        }
        await commands.send(StartCommand(task: task, settings: settings, reporter: reporter, signal: signal))
    }

    /// Registers a run of the task, waiting (up to 30 s) for a stopped run of the same task to wind down.
    private func begin(taskID: Int64) async -> StopSignal? {
        for _ in 0..<300 {
            if let signal = await registry.begin(taskID: taskID) { return signal }
            guard await registry.isStopping(taskID: taskID) else { return nil }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return nil
    }

    /// Stops the task's run, if any: its open chunk transactions roll back; committed chunks stay.
    public func stop(taskID: Int64) async throws {
        await registry.stop(taskID: taskID)
    }

    /// Whether a run of the task is in progress.
    public func isRunning(taskID: Int64) async -> Bool { await registry.isRunning(taskID: taskID) }

    /// Resumes interrupted tasks, then runs every started task until graceful shutdown, which stops all runs
    /// (their tasks stay in a running status and resume at the next start).
    public func run() async throws {
        await withDiscardingTaskGroup { group in
            let interrupted = (try? await store.tasksToResume()) ?? []
            for task in interrupted {
                logger.info("resuming task after restart", metadata: ["task": "\(task.id)", "status": "\(task.status)"])
                guard let signal = await begin(taskID: task.id) else { continue }
                let command = StartCommand(
                    task: task, settings: task.startSettings.resuming, reporter: StoreEventReporter(store: store),
                    signal: signal)
                group.addTask { await self.execute(command) }
            }
            for await command in commands.cancelOnGracefulShutdown() {
                group.addTask { await self.execute(command) }
            }
            group.cancelAll()
        }
    }

    /// Runs one task to its end, or until stopped.
    private func execute(_ command: StartCommand) async {
        let taskID = command.task.id
        let signal = command.signal
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.runTask(command) }
            group.addTask { await signal.wait() }
            await group.next()
            group.cancelAll()
        }
        await registry.end(taskID: taskID, signal: signal)
    }

    private func runTask(_ command: StartCommand) async {
        let task = command.task
        let reporter = command.reporter
        do {
            let store = self.store
            var definition = try await RunDefinition.make(task) { name in
                try await store.dataSource(projectID: task.projectID, name: name)
            }
            if task.migrationType != .full, definition.destinationType == .postgresql {
                // Tables that will receive updates keep 10% of each page free, so that an update can stay on its
                // page (HOT) instead of writing a new index entry on another one: about a quarter less work per
                // applied update in PostgreSQL (bench/cdc/RESULTS.md). Hologres has no fillfactor.
                definition.sinkOptions.fillFactor = definition.sinkOptions.fillFactor ?? 90
            }
            switch task.migrationType {
            case .full:
                await reporter.report(taskID: task.id, .started)
                try await snapshot(command, definition: definition, streaming: false)
                await reporter.report(taskID: task.id, .fullTransferCompleted)
                logger.info("full copy finished", metadata: ["task": "\(task.id)"])
            case .fullAndRealtimeIncremental:
                let previous = try await store.snapshotRunState(taskID: task.id)
                let outcome: SnapshotRun.Outcome
                if let previous, previous.completed, !command.settings.forceRerun,
                    let plans = try? JSONDecoder().decode([TablePlan].self, from: previous.planJSON)
                {
                    outcome = SnapshotRun.Outcome(
                        generation: previous.generation, plans: plans, streamStart: previous.streamStart,
                        stats: task.runStats)
                } else {
                    await reporter.report(taskID: task.id, .started)
                    outcome = try await snapshot(command, definition: definition, streaming: true)
                    await reporter.report(taskID: task.id, .fullTransferCompleted)
                    logger.info("full copy finished; change capture follows", metadata: ["task": "\(task.id)"])
                }
                await reporter.report(taskID: task.id, .incrementalStarted)
                try await incremental(command, definition: definition, outcome: outcome)
            case .realtimeIncremental:
                // Reported once the destination tables exist, so that a client seeing INCRE_TRANSFER_STARTED
                // finds them.
                let outcome = try await streamOnlyGeneration(command, definition: definition)
                await reporter.report(taskID: task.id, .started)
                try await incremental(command, definition: definition, outcome: outcome)
            }
        } catch is CancellationError {
            logger.info("run stopped", metadata: ["task": "\(task.id)"])
        } catch let error as SyncEngineError where error.code == .stopped {
            logger.info("run stopped", metadata: ["task": "\(task.id)"])
        } catch {
            if Task.isCancelled {
                logger.info("run stopped", metadata: ["task": "\(task.id)", "error": "\(error)"])
                return
            }
            let message = (error as? SyncEngineError)?.message ?? "\(error)"
            logger.error("run failed", metadata: ["task": "\(task.id)", "error": "\(message)"])
            await reporter.report(taskID: task.id, .failed(message: message))
        }
    }
}

extension EngineRunner {
    /// Runs (or resumes) the full copy of the task's current generation.
    private func snapshot(_ command: StartCommand, definition: RunDefinition, streaming: Bool) async throws
        -> SnapshotRun.Outcome
    {
        var run = SnapshotRun(
            task: command.task, settings: command.settings, definition: definition, store: store,
            connectors: connectors, reporter: command.reporter, logger: logger)
        if streaming {
            let connectors = self.connectors
            run.captureStreamStart = { try await connectors.currentStreamPosition(definition) }
        }
        return try await run.run()
    }

    /// The generation of a change-capture-only task: the saved one, or (first start, or ForceToRerun) a new one
    /// whose destination tables are created (never emptied) and whose stream starts now or at the start time.
    private func streamOnlyGeneration(_ command: StartCommand, definition: RunDefinition) async throws
        -> SnapshotRun.Outcome
    {
        let task = command.task
        if let previous = try await store.snapshotRunState(taskID: task.id), !command.settings.forceRerun,
            let plans = try? JSONDecoder().decode([TablePlan].self, from: previous.planJSON)
        {
            return SnapshotRun.Outcome(
                generation: previous.generation, plans: plans, streamStart: previous.streamStart, stats: task.runStats)
        }
        let generation = (try await store.snapshotRunState(taskID: task.id)?.generation ?? 0) + 1
        let plans = try await connectors.currentPlans(definition)
        try IncrementalRun.requireKeys(plans)
        let sink = try await connectors.sink(definition.destinationType, definition.destination, connections: 1)
        do {
            var options = definition.sinkOptions
            options.truncateBeforeLoad = false
            try await sink.prepare(plans, options: options, fresh: false)
            await sink.close()
        } catch {
            await sink.close()
            throw error
        }
        // The stream starts where the source is now, taken before the task reports INCRE_TRANSFER_STARTED: a change
        // committed after a client sees that status is never before the start. (A start time, when given, resets it.)
        let streamStart = try await connectors.currentStreamPosition(definition)
        try await store.saveSnapshotRunState(
            taskID: task.id,
            SnapshotRunState(
                generation: generation, planJSON: try JSONEncoder().encode(plans), completed: true, updatedAt: Date(),
                streamStart: streamStart))
        return SnapshotRun.Outcome(generation: generation, plans: plans, streamStart: streamStart, stats: RunStats())
    }

    /// Runs change capture until stopped or failed.
    private func incremental(_ command: StartCommand, definition: RunDefinition, outcome: SnapshotRun.Outcome)
        async throws
    {
        let run = IncrementalRun(
            task: command.task, settings: command.settings, definition: definition, store: store,
            connectors: connectors, reporter: command.reporter, logger: logger, generation: outcome.generation,
            plans: outcome.plans, streamStart: outcome.streamStart, baseStats: outcome.stats)
        try await run.run()
    }
}

extension StartSettings {
    /// The settings of a resumed run: a forced rerun is not repeated after a restart.
    var resuming: StartSettings {
        var settings = self
        settings.forceRerun = false
        // A reset to a start time happened when the run began (the checkpoint was moved there); a resumed run
        // continues from the checkpoint.
        settings.startOffsetTime = nil
        settings.startPosition = nil
        return settings
    }
}

/// The runs in progress, one per task, each with the signal that stops it.
actor RunRegistry {
    private var runs: [Int64: StopSignal] = [:]

    /// Registers a run; nil when the task already runs.
    func begin(taskID: Int64) -> StopSignal? {
        guard runs[taskID] == nil else { return nil }
        let signal = StopSignal()
        runs[taskID] = signal
        return signal
    }

    /// Unregisters a run.
    func end(taskID: Int64, signal: StopSignal) {
        if runs[taskID] === signal { runs[taskID] = nil }
    }

    /// Fires the run's stop signal.
    func stop(taskID: Int64) {
        runs[taskID]?.fire()
    }

    func isRunning(taskID: Int64) -> Bool { runs[taskID] != nil }

    /// Whether the task's run was told to stop and has not ended yet.
    func isStopping(taskID: Int64) -> Bool { runs[taskID]?.isFired ?? false }
}

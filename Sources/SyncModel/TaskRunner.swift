/// The boundary the data-moving engines plug into (issue 2). The server hands a task to a runner on start and asks
/// it to stop on pause/terminate; the runner reports back through `TaskEventReporter`, which the server implements
/// by applying state-machine events in the metadata store. A runner must never report progress it did not make.
public protocol TaskRunner: Sendable {
    /// Begins moving data for `task`. Returns once the runner has accepted the task; progress arrives through
    /// `reporter`. Throws when the task cannot be started at all (for example an unsupported source type).
    func start(_ task: SyncTask, settings: StartSettings, reporter: any TaskEventReporter) async throws

    /// Stops the task with the given integer id. Idempotent: stopping a task that is not running succeeds.
    func stop(taskID: Int64) async throws
}

/// What a runner reports about a task.
public enum RunnerReport: Sendable, Hashable {
    /// The runner began the task's first phase.
    case started
    /// Change capture began (directly, or after the full copy).
    case incrementalStarted
    /// The full copy finished.
    case fullTransferCompleted
    /// The current phase failed; the message must not contain secrets.
    case failed(message: String)
    /// Everything was released after a terminate.
    case released
    /// New progress figures (no status change).
    case progress(RunStats)

    /// The state-machine event this report applies, nil for progress.
    public var event: TaskEvent? {
        switch self {
        case .started: .runnerStarted
        case .incrementalStarted: .incrementalStarted
        case .fullTransferCompleted: .fullTransferCompleted
        case .failed: .failed
        case .released: .resourcesReleased
        case .progress: nil
        }
    }
}

/// Receives runner reports. The server's implementation applies each report in a store transaction
/// (read status, apply the event through `TaskStateMachine`, write).
public protocol TaskEventReporter: Sendable {
    /// Records a report for the task with the given integer id.
    func report(taskID: Int64, _ report: RunnerReport) async
}

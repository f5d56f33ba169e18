/// Everything that can happen to a task: commands from an API call and reports from a runner. The state machine
/// (`TaskStateMachine`) decides, per (status, migration type, event), whether it is legal and where it leads.
public enum TaskEvent: String, Sendable, Hashable, Codable, CaseIterable {
    // MARK: commands (API)

    /// Start now (DRS START / batch-starting without start_time; DataWorks StartDIJob, StartDISyncInstance).
    /// From PAUSING it resumes.
    case start
    /// Schedule a start (DRS batch-starting with `start_time` in the future).
    case scheduleStart
    /// Pause (DRS PAUSE / batch-pause-task; DataWorks StopDIJob, StopDISyncInstance).
    case pause
    /// Retry a failed phase from where it stopped (DRS RETRY / batch-retry-task).
    case retry
    /// Restart a failed task from scratch (DRS RESET).
    case reset
    /// End the task and release its resources (DRS FREE_RESOURCE, delete_type=terminate;
    /// DataWorks TerminateDISyncInstance).
    case terminate
    /// End the task at once without waiting for a runner (DRS delete_type=force_terminate; used before
    /// DataWorks deletes).
    case forceTerminate
    /// Remove an ended task (DRS DELETE, delete_type=delete).
    case delete

    // MARK: reports (runner / scheduler)

    /// Creation finished (CREATING -> CONFIGURATION).
    case created
    /// Creation failed.
    case creationFailed
    /// A scheduled start time arrived.
    case scheduledTimeReached
    /// The runner accepted the task and began its first phase.
    case runnerStarted
    /// The full copy finished.
    case fullTransferCompleted
    /// Change data capture began after the full copy.
    case incrementalStarted
    /// The current phase failed; the store records the error message.
    case failed
    /// The runner released everything after `terminate`.
    case resourcesReleased

    /// True for events that come from an API call rather than a runner.
    public var isCommand: Bool {
        switch self {
        case .start, .scheduleStart, .pause, .retry, .reset, .terminate, .forceTerminate, .delete: true
        default: false
        }
    }
}

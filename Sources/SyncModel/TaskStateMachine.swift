/// The one task state machine (issue 2). A pure value: it holds a status and the task's migration type, takes
/// events and either moves to the status the transition table names or refuses the event with
/// `SyncModelError.Code.illegalTransition`, leaving the status untouched. Every dialect's status and the DRS
/// `job_action` matrix derive from this table (anchors.md section 2.3, "Inferred state machine").
///
/// Every start goes through `STARTJOBING`; the runner then reports `runnerStarted` (first phase) or, when its
/// checkpoint says the full copy is already done, `incrementalStarted`.
public struct TaskStateMachine: Sendable, Hashable {
    /// The current status.
    public private(set) var status: TaskStatus
    /// The migration type; some transitions depend on it.
    public let migrationType: MigrationType

    /// Creates a machine in `status`.
    public init(status: TaskStatus = .configuration, migrationType: MigrationType) {
        self.status = status
        self.migrationType = migrationType
    }

    /// Applies `event`. Returns the new status, or throws `illegalTransition` without changing anything.
    @discardableResult
    public mutating func apply(_ event: TaskEvent) throws(SyncModelError) -> TaskStatus {
        guard let next = Self.target(of: event, from: status, migrationType: migrationType) else {
            throw Self.illegal(event, in: status)
        }
        status = next
        return next
    }

    /// True when `event` is legal now.
    public func accepts(_ event: TaskEvent) -> Bool {
        Self.target(of: event, from: status, migrationType: migrationType) != nil
    }

    /// The error for a refused event; names the event and the status, nothing else.
    public static func illegal(_ event: TaskEvent, in status: TaskStatus) -> SyncModelError {
        SyncModelError(
            .illegalTransition,
            "The operation \(event.rawValue) is not allowed while the task status is \(status.rawValue).",
            field: "status")
    }

    /// The transition table: the status `event` leads to from `status`, or nil when the event is illegal there.
    public static func target(
        of event: TaskEvent, from status: TaskStatus, migrationType: MigrationType
    ) -> TaskStatus? {
        switch event {
        case .created: return status == .creating ? .configuration : nil
        case .creationFailed: return status == .creating ? .createFailed : nil
        case .start: return startTarget(from: status, migrationType: migrationType)
        case .scheduleStart: return status == .configuration || status == .createFailed ? .waitingForStart : nil
        case .scheduledTimeReached: return status == .waitingForStart ? .startingJob : nil
        case .pause: return pauseTarget(from: status, migrationType: migrationType)
        case .retry: return retryTarget(from: status)
        case .reset:
            switch status {
            case .startJobFailed, .fullTransferFailed, .incrementalTransferFailed: return .startingJob
            default: return nil
            }
        case .terminate:
            switch status {
            case .creating, .createFailed, .releaseResourceStarted, .releaseResourceComplete, .deleted: return nil
            default: return .releaseResourceStarted
            }
        case .forceTerminate:
            switch status {
            case .creating, .releaseResourceComplete, .deleted: return nil
            default: return .releaseResourceComplete
            }
        case .delete: return status == .releaseResourceComplete || status == .createFailed ? .deleted : nil
        case .runnerStarted:
            guard status == .startingJob else { return nil }
            return migrationType.hasFullPhase ? .fullTransferStarted : .incrementalTransferStarted
        case .fullTransferCompleted: return status == .fullTransferStarted ? .fullTransferComplete : nil
        case .incrementalStarted:
            guard migrationType.hasIncrementalPhase else { return nil }
            switch status {
            case .startingJob: return .incrementalTransferStarted
            case .fullTransferComplete: return migrationType.hasFullPhase ? .incrementalTransferStarted : nil
            default: return nil
            }
        case .failed: return failureTarget(from: status)
        case .resourcesReleased:
            switch status {
            case .releaseResourceStarted: return .releaseResourceComplete
            case .releaseChildTransferStarted: return .releaseChildTransferComplete
            default: return nil
            }
        }
    }

    private static func startTarget(from status: TaskStatus, migrationType: MigrationType) -> TaskStatus? {
        switch status {
        case .configuration, .createFailed, .waitingForStart, .paused: return .startingJob
        case .fullTransferComplete: return migrationType == .full ? .startingJob : nil
        default: return nil
        }
    }

    private static func pauseTarget(from status: TaskStatus, migrationType: MigrationType) -> TaskStatus? {
        switch status {
        case .startingJob, .fullTransferStarted, .incrementalTransferStarted, .incrementalTransferFailed,
            .childTransferStarted:
            return .paused
        case .fullTransferComplete: return migrationType == .full ? nil : .paused
        default: return nil
        }
    }

    private static func retryTarget(from status: TaskStatus) -> TaskStatus? {
        switch status {
        case .startJobFailed, .fullTransferFailed, .incrementalTransferFailed, .rebuildNodeFailed,
            .changeJobFailed, .childTransferFailed, .nodeUpgradeFailed:
            return .startingJob
        case .releaseResourceFailed: return .releaseResourceStarted
        default: return nil
        }
    }

    private static func failureTarget(from status: TaskStatus) -> TaskStatus? {
        switch status {
        case .startingJob: .startJobFailed
        case .fullTransferStarted: .fullTransferFailed
        case .fullTransferComplete, .incrementalTransferStarted: .incrementalTransferFailed
        case .releaseResourceStarted: .releaseResourceFailed
        case .rebuildNodeStarted: .rebuildNodeFailed
        case .changeJobStarted: .changeJobFailed
        case .childTransferStarting, .childTransferStarted: .childTransferFailed
        case .nodeUpgradeStarted: .nodeUpgradeFailed
        default: nil
        }
    }
}

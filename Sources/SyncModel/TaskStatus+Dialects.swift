/// How each dialect names the one internal status (anchors.md sections 1.1, 1.2, 2.3).
extension TaskStatus {
    /// DataWorks 2020-05-18 `JobStatus` (Initialized, Running, Stopping, Stopped, Failed, Finished).
    public func dataWorksJobStatus(migrationType: MigrationType) -> DataWorksJobStatus {
        switch self {
        case .creating, .configuration: .initialized
        case .waitingForStart: .running
        case .fullTransferComplete: migrationType == .full ? .finished : .running
        case .paused, .releaseResourceComplete, .deleted, .releaseChildTransferComplete: .stopped
        case .releaseResourceStarted, .releaseChildTransferStarted: .stopping
        case .childTransferComplete, .nodeUpgradeComplete: .running
        default:
            if isFailed { .failed } else if isRunning { .running } else { .initialized }
        }
    }

    /// DISync solution status code of GetDISyncTask `SolutionDetail.Status` (0 success, 1 not running,
    /// 2 running, 3 failed, 4 committed, 8 waiting, 9 deleted, 7 others).
    public func diSyncSolutionStatusCode(migrationType: MigrationType, deployed: Bool) -> Int {
        switch self {
        case .configuration, .creating: deployed ? 4 : 1
        case .waitingForStart: 8
        case .fullTransferComplete: migrationType == .full ? 0 : 2
        case .paused, .releaseResourceComplete: 1
        case .deleted: 9
        default:
            if isFailed { 3 } else if isRunning { 2 } else { 7 }
        }
    }

    /// Real-time instance status of GetDISyncInstanceInfo (`PAUSE`, `NORUN`, `RUN`, `KILLING`, `WAIT`), and
    /// `FAIL` for failures.
    public var diSyncRealtimeInstanceStatus: String {
        switch self {
        case .creating, .configuration, .releaseResourceComplete, .deleted, .fullTransferComplete: "NORUN"
        case .waitingForStart, .startingJob: "WAIT"
        case .paused: "PAUSE"
        case .releaseResourceStarted, .releaseChildTransferStarted: "KILLING"
        default:
            if isFailed { "FAIL" } else { "RUN" }
        }
    }
}

/// DataWorks `JobStatus` values (2020-05-18 spelling; 2024-05-18 says `Stop` for `Stopped`).
public enum DataWorksJobStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case initialized = "Initialized"
    case running = "Running"
    case stopping = "Stopping"
    case stopped = "Stopped"
    case failed = "Failed"
    case finished = "Finished"

    /// Parses a filter value; accepts the 2024 spelling `Stop`.
    public init?(lenient text: String) {
        if text == "Stop" { self = .stopped } else { self.init(rawValue: text) }
    }
}

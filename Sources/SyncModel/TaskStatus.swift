/// The one internal task status. Its cases are the DRS v3 job statuses (drs-v3-ListJobs seed, `status`;
/// anchors.md section 2.3); the DataWorks `JobStatus` and DISync status codes are derived from it
/// (`TaskStatus+Dialects.swift`).
public enum TaskStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case creating = "CREATING"
    case createFailed = "CREATE_FAILED"
    case configuration = "CONFIGURATION"
    case startingJob = "STARTJOBING"
    case waitingForStart = "WAITING_FOR_START"
    case startJobFailed = "START_JOB_FAILED"
    case paused = "PAUSING"
    case fullTransferStarted = "FULL_TRANSFER_STARTED"
    case fullTransferFailed = "FULL_TRANSFER_FAILED"
    case fullTransferComplete = "FULL_TRANSFER_COMPLETE"
    case incrementalTransferStarted = "INCRE_TRANSFER_STARTED"
    case incrementalTransferFailed = "INCRE_TRANSFER_FAILED"
    case releaseResourceStarted = "RELEASE_RESOURCE_STARTED"
    case releaseResourceFailed = "RELEASE_RESOURCE_FAILED"
    case releaseResourceComplete = "RELEASE_RESOURCE_COMPLETE"
    case rebuildNodeStarted = "REBUILD_NODE_STARTED"
    case rebuildNodeFailed = "REBUILD_NODE_FAILED"
    case changeJobStarted = "CHANGE_JOB_STARTED"
    case changeJobFailed = "CHANGE_JOB_FAILED"
    case deleted = "DELETED"
    case childTransferStarting = "CHILD_TRANSFER_STARTING"
    case childTransferStarted = "CHILD_TRANSFER_STARTED"
    case childTransferComplete = "CHILD_TRANSFER_COMPLETE"
    case childTransferFailed = "CHILD_TRANSFER_FAILED"
    case releaseChildTransferStarted = "RELEASE_CHILD_TRANSFER_STARTED"
    case releaseChildTransferComplete = "RELEASE_CHILD_TRANSFER_COMPLETE"
    case nodeUpgradeStarted = "NODE_UPGRADE_START"
    case nodeUpgradeComplete = "NODE_UPGRADE_COMPLETE"
    case nodeUpgradeFailed = "NODE_UPGRADE_FAILED"

    /// The DRS spelling (the raw value).
    public var drsName: String { rawValue }

    /// True for statuses in which a runner is (or should be) moving data.
    public var isRunning: Bool {
        switch self {
        case .startingJob, .fullTransferStarted, .incrementalTransferStarted, .rebuildNodeStarted,
            .changeJobStarted, .childTransferStarting, .childTransferStarted, .nodeUpgradeStarted:
            true
        default:
            false
        }
    }

    /// True for the failure statuses.
    public var isFailed: Bool {
        switch self {
        case .createFailed, .startJobFailed, .fullTransferFailed, .incrementalTransferFailed,
            .releaseResourceFailed, .rebuildNodeFailed, .changeJobFailed, .childTransferFailed,
            .nodeUpgradeFailed:
            true
        default:
            false
        }
    }
}

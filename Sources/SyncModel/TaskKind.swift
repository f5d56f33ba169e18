/// Which API family created a task, and for DISync tasks which `TaskType` (anchors.md sections 1.1, 1.2, 2.1).
/// Every kind is the same internal `SyncTask`; the kind only decides how a dialect presents it.
public enum TaskKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// DataWorks DIJob (CreateDIJob).
    case diJob = "DI_JOB"
    /// DataWorks DISync task, TaskType DI_OFFLINE (DataX-style batch script).
    case diOffline = "DI_OFFLINE"
    /// DataWorks DISync task, TaskType DI_REALTIME.
    case diRealtime = "DI_REALTIME"
    /// DataWorks DISync task, TaskType DI_SOLUTION.
    case diSolution = "DI_SOLUTION"
    /// DRS v3 job (batch-creation).
    case drsJob = "DRS_JOB"

    /// Parses a DataWorks `TaskType` (DI_OFFLINE, DI_REALTIME, DI_SOLUTION).
    public init?(taskType: String) {
        switch taskType {
        case "DI_OFFLINE": self = .diOffline
        case "DI_REALTIME": self = .diRealtime
        case "DI_SOLUTION": self = .diSolution
        default: return nil
        }
    }

    /// True for the three DISync task types.
    public var isDISync: Bool { self == .diOffline || self == .diRealtime || self == .diSolution }
}

/// What a task moves (issue 2): DataWorks `MigrationType` names, with the DRS `task_type` names.
public enum MigrationType: String, Sendable, Hashable, Codable, CaseIterable {
    /// A one-off full copy. DRS `FULL_TRANS`.
    case full = "Full"
    /// Change data capture only. DRS `INCR_TRANS`.
    case realtimeIncremental = "RealtimeIncremental"
    /// A full copy followed by change data capture. DRS `FULL_INCR_TRANS`.
    case fullAndRealtimeIncremental = "FullAndRealtimeIncremental"

    /// The DRS `task_type` spelling.
    public var drsTaskType: String {
        switch self {
        case .full: "FULL_TRANS"
        case .realtimeIncremental: "INCR_TRANS"
        case .fullAndRealtimeIncremental: "FULL_INCR_TRANS"
        }
    }

    /// Parses a DRS `task_type`.
    public init?(drsTaskType: String) {
        switch drsTaskType {
        case "FULL_TRANS": self = .full
        case "INCR_TRANS": self = .realtimeIncremental
        case "FULL_INCR_TRANS": self = .fullAndRealtimeIncremental
        default: return nil
        }
    }

    /// True when the task copies existing rows first.
    public var hasFullPhase: Bool { self != .realtimeIncremental }
    /// True when the task keeps streaming changes.
    public var hasIncrementalPhase: Bool { self != .full }
}

import Foundation

/// How a task is started (DataWorks StartDIJob `ForceToRerun` and `RealtimeStartSettings`; DRS batch-starting
/// `StartInfo`). anchors.md sections 1.2 and 2.1.
public struct StartSettings: Sendable, Hashable, Codable {
    /// Where change capture begins (`RealtimeStartSettings.StartTime`, epoch seconds); nil keeps the saved offset.
    public var startOffsetTime: Date?
    /// Minutes between automatic failover attempts (`FailoverSettings.Interval`).
    public var failoverIntervalMinutes: Int?
    /// Maximum automatic failovers (`FailoverSettings.UpperLimit`).
    public var failoverUpperLimit: Int?
    /// Rerun every step, not only those not yet run (`ForceToRerun`).
    public var forceRerun: Bool
    /// A scheduled start (DRS `start_time`, epoch milliseconds); nil starts now.
    public var scheduledStartAt: Date?
    /// With `forceRerun`, copy only these source tables (`db.table`) again; the task's other tables keep their
    /// rows, and change capture (if any) restarts from now for all of them. The way back after a purged binlog
    /// for the tables it affected (a Tide extension of StartDIJob: `RerunTables`). nil or empty: every table.
    public var rerunTables: [String]?

    /// Creates settings; negative failover values are rejected.
    public init(
        startOffsetTime: Date? = nil, failoverIntervalMinutes: Int? = nil, failoverUpperLimit: Int? = nil,
        forceRerun: Bool = false, scheduledStartAt: Date? = nil, rerunTables: [String]? = nil
    ) throws(SyncModelError) {
        if let rerunTables, !rerunTables.isEmpty, !forceRerun {
            throw SyncModelError(
                .invalidParameter, "RerunTables needs ForceToRerun=true: it names the tables a rerun copies again",
                field: "RerunTables")
        }
        if let interval = failoverIntervalMinutes, interval < 0 || interval > 10_080 {
            throw SyncModelError(
                .invalidParameter, "RealtimeStartSettings.FailoverSettings.Interval must be 0 to 10080",
                field: "RealtimeStartSettings.FailoverSettings.Interval")
        }
        if let limit = failoverUpperLimit, limit < 0 || limit > 100_000 {
            throw SyncModelError(
                .invalidParameter, "RealtimeStartSettings.FailoverSettings.UpperLimit must be 0 to 100000",
                field: "RealtimeStartSettings.FailoverSettings.UpperLimit")
        }
        self.startOffsetTime = startOffsetTime
        self.failoverIntervalMinutes = failoverIntervalMinutes
        self.failoverUpperLimit = failoverUpperLimit
        self.forceRerun = forceRerun
        self.scheduledStartAt = scheduledStartAt
        self.rerunTables = rerunTables.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// No offset reset, no failover settings, no rerun, start now.
    public static let `default` = StartSettings(unchecked: ())

    private init(unchecked: Void) {
        forceRerun = false
    }
}

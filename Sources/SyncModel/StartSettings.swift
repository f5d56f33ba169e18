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
    /// Where change capture begins, as the user wrote it (`StartPosition.text`): a binlog `FILE:POS` or a GTID
    /// set (a Tide extension: `RealtimeStartSettings.StartPosition`, DRS `start_position`); nil keeps the saved
    /// offset. Exclusive with `startOffsetTime`.
    public var startPosition: String?

    /// Creates settings; negative failover values are rejected.
    public init(
        startOffsetTime: Date? = nil, failoverIntervalMinutes: Int? = nil, failoverUpperLimit: Int? = nil,
        forceRerun: Bool = false, scheduledStartAt: Date? = nil, rerunTables: [String]? = nil,
        startPosition: String? = nil
    ) throws(SyncModelError) {
        let position = try Self.checkedStartPosition(startPosition, startTime: startOffsetTime)
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
        self.startPosition = position?.text
    }

    /// Checks a start position's syntax and that no start time is given with it; nil for nil or empty text.
    public static func checkedStartPosition(
        _ text: String?, startTime: Date?, positionField: String = "RealtimeStartSettings.StartPosition",
        timeField: String = "RealtimeStartSettings.StartTime"
    ) throws(SyncModelError) -> StartPosition? {
        guard let text, !text.allSatisfy(\.isWhitespace) else { return nil }
        if startTime != nil {
            throw SyncModelError(
                .invalidParameter, "\(timeField) and \(positionField) are exclusive; give one of them",
                field: positionField)
        }
        guard let position = StartPosition(parsing: text) else {
            let shown = text.count > 80 ? String(text.prefix(80)) + "..." : text
            throw SyncModelError(
                .invalidParameter, "'\(shown)' is not \(StartPosition.accepted)", field: positionField)
        }
        return position
    }

    /// No offset reset, no failover settings, no rerun, start now.
    public static let `default` = StartSettings(unchecked: ())

    private init(unchecked: Void) {
        forceRerun = false
    }
}

import Foundation
import SyncModel

// Response bodies of the DIJob operations, field names and casing exactly as sdk-wire-formats.md §1.7.
// swiftlint:disable identifier_name

/// `{"RequestId"}`: StartDIJob, StopDIJob, DeleteDIJob, UpdateDIJob.
struct RequestIDResponse: Encodable, Sendable {
    let RequestId: String
}

/// CreateDIJob: `{"RequestId","DIJobId"}`.
struct CreateDIJobResponse: Encodable, Sendable {
    let RequestId: String
    let DIJobId: Int64
}

/// ListDIJobs: `{"RequestId","DIJobPaging":{...}}`.
struct ListDIJobsResponse: Encodable, Sendable {
    let RequestId: String
    let DIJobPaging: DIJobPaging
}

/// The paging wrapper of ListDIJobs.
struct DIJobPaging: Encodable, Sendable {
    let PageNumber: Int
    let PageSize: Int
    let TotalCount: Int
    let DIJobs: [DIJobSummary]
}

/// One row of ListDIJobs.
struct DIJobSummary: Encodable, Equatable, Sendable {
    let DIJobId: Int64
    let JobName: String
    let ProjectId: Int64
    let SourceDataSourceType: String
    let DestinationDataSourceType: String
    let MigrationType: String
    let JobStatus: String

    init(_ task: SyncTask) {
        DIJobId = task.id
        JobName = task.name
        ProjectId = task.projectID
        SourceDataSourceType = DataSourceType(lenient: task.sourceType)?.dataWorksName ?? task.sourceType
        DestinationDataSourceType = DataSourceType(lenient: task.destinationType)?.dataWorksName ?? task.destinationType
        MigrationType = task.migrationType.rawValue
        JobStatus = task.dataWorksJobStatus.rawValue
    }
}

/// GetDIJob: `{"RequestId","Data":{...}}`.
struct GetDIJobResponse: Encodable, Sendable {
    let RequestId: String
    let Data: DIJobDetail
}

/// The `Data` of GetDIJob; JSON settings come back as structures, arrays as arrays (the SDK's `from_map`
/// drops the whole body on a shape mismatch).
struct DIJobDetail: Encodable, Sendable {
    let CreatedTime: Int64
    let CreatedUid: String
    let DIJobId: Int64
    let Description: String
    let DestinationDataSourceSettings: JSONValue
    let DestinationDataSourceType: String
    let ErrorMessage: String?
    let JobName: String
    let JobSettings: JSONValue
    let JobStatus: String
    let MigrationType: String
    let ProjectId: Int64
    let ResourceSettings: JSONValue
    let RunStats: [String: String]
    let SourceDataSourceSettings: JSONValue
    let SourceDataSourceType: String
    let StartedTime: Int64?
    let StartedUid: String?
    let TableMappings: JSONValue
    let TransformationRules: JSONValue
    let UpdatedTime: Int64
    let UpdatedUid: String

    init(_ task: SyncTask) {
        let spec = (try? JSONValue.parse(task.settingsJSON, field: "settings"))?.objectValue ?? [:]
        func array(_ key: String) -> JSONValue {
            if let value = spec[key], value.arrayValue != nil { return value }
            return .array([])
        }
        func object(_ key: String) -> JSONValue {
            if let value = spec[key], value.objectValue != nil { return value }
            return .object([:])
        }
        CreatedTime = task.createdAt.epochMilliseconds
        CreatedUid = "tide"
        DIJobId = task.id
        Description = task.description
        DestinationDataSourceSettings = array("DestinationDataSourceSettings")
        DestinationDataSourceType = DataSourceType(lenient: task.destinationType)?.dataWorksName ?? task.destinationType
        ErrorMessage = task.errorMessage
        JobName = task.name
        JobSettings = object("JobSettings")
        JobStatus = task.dataWorksJobStatus.rawValue
        MigrationType = task.migrationType.rawValue
        ProjectId = task.projectID
        ResourceSettings = object("ResourceSettings")
        RunStats = DIJobDetail.runStats(task)
        SourceDataSourceSettings = array("SourceDataSourceSettings")
        SourceDataSourceType = DataSourceType(lenient: task.sourceType)?.dataWorksName ?? task.sourceType
        StartedTime = task.startedAt?.epochMilliseconds
        StartedUid = task.startedAt == nil ? nil : "tide"
        TableMappings = array("TableMappings")
        TransformationRules = array("TransformationRules")
        UpdatedTime = task.updatedAt.epochMilliseconds
        UpdatedUid = "tide"
    }

    /// `RunStats` as strings: the DRS status, the counters, and the settings of the last start.
    static func runStats(_ task: SyncTask) -> [String: String] {
        var stats = [
            "DrsStatus": task.status.rawValue, "RowsRead": String(task.runStats.rowsRead),
            "RowsWritten": String(task.runStats.rowsWritten), "Percent": String(task.runStats.percent),
            "BytesRead": String(task.runStats.bytesRead), "BytesWritten": String(task.runStats.bytesWritten),
        ]
        if let eta = task.runStats.etaSeconds { stats["EtaSeconds"] = String(eta) }
        if let lag = task.runStats.lagMillis { stats["DelayMillis"] = String(lag) }
        if let margin = task.runStats.binlogRetentionMarginBytes {
            stats["BinlogRetentionMarginBytes"] = String(margin)
        }
        if let updated = task.runStats.updatedAt { stats["StatsUpdatedTime"] = String(updated.epochMilliseconds) }
        if !task.runStats.tables.isEmpty {
            // Per-table figures as one JSON text: RunStats is a string map in the SDK model.
            let tables: [JSONValue] = task.runStats.tables.map { table in
                .object([
                    "Source": .string(table.source), "Destination": .string(table.destination),
                    "RowsRead": .number(Double(table.rowsRead)), "RowsWritten": .number(Double(table.rowsWritten)),
                    "Percent": .number((table.percent * 10).rounded() / 10),
                ])
            }
            stats["Tables"] = JSONValue.array(tables).jsonText
        }
        let start = task.startSettings
        stats["ForceToRerun"] = start.forceRerun ? "true" : "false"
        if let time = start.startOffsetTime { stats["StartTime"] = String(Int64(time.timeIntervalSince1970)) }
        if let position = start.startPosition { stats["StartPosition"] = position }
        if let interval = start.failoverIntervalMinutes { stats["FailoverInterval"] = String(interval) }
        if let limit = start.failoverUpperLimit { stats["FailoverUpperLimit"] = String(limit) }
        return stats
    }
}

extension Date {
    /// Milliseconds since 1970, as the APIs show times.
    var epochMilliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }
}

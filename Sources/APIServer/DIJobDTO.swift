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
struct DIJobSummary: Encodable, Sendable {
    let DIJobId: Int64
    let JobName: String
    let ProjectId: Int64
    let SourceDataSourceType: String
    let DestinationDataSourceType: String
    let MigrationType: String
    let JobStatus: String

    init(_ task: TaskInfo) {
        DIJobId = task.id
        JobName = task.draft.name
        ProjectId = task.draft.projectID
        SourceDataSourceType = task.draft.sourceType
        DestinationDataSourceType = task.draft.destinationType
        MigrationType = task.draft.migrationType.rawValue
        JobStatus = task.status.jobStatus
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

    init(_ task: TaskInfo) {
        let spec = (try? JSONValue.parse(task.draft.spec, field: "spec"))?.objectValue ?? [:]
        func array(_ key: String) -> JSONValue {
            if let value = spec[key], value.arrayValue != nil { return value }
            return .array([])
        }
        func object(_ key: String) -> JSONValue {
            if let value = spec[key], value.objectValue != nil { return value }
            return .object([:])
        }
        CreatedTime = task.createdAt
        CreatedUid = "tide"
        DIJobId = task.id
        Description = task.draft.description
        DestinationDataSourceSettings = array("DestinationDataSourceSettings")
        DestinationDataSourceType = task.draft.destinationType
        ErrorMessage = task.errorMessage
        JobName = task.draft.name
        JobSettings = object("JobSettings")
        JobStatus = task.status.jobStatus
        MigrationType = task.draft.migrationType.rawValue
        ProjectId = task.draft.projectID
        ResourceSettings = object("ResourceSettings")
        var stats = ["DrsStatus": task.status.drsStatus]
        if let start = task.startSettings {
            stats["ForceToRerun"] = start.forceToRerun ? "true" : "false"
            if let time = start.startTime { stats["StartTime"] = String(time) }
            if let interval = start.failoverInterval { stats["FailoverInterval"] = String(interval) }
            if let limit = start.failoverUpperLimit { stats["FailoverUpperLimit"] = String(limit) }
        }
        RunStats = stats
        SourceDataSourceSettings = array("SourceDataSourceSettings")
        SourceDataSourceType = task.draft.sourceType
        StartedTime = task.startedAt
        StartedUid = task.startedAt == nil ? nil : "tide"
        TableMappings = array("TableMappings")
        TransformationRules = array("TransformationRules")
        UpdatedTime = task.updatedAt
        UpdatedUid = "tide"
    }
}

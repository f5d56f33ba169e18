// Response bodies of the DISync operations (sdk-wire-formats.md §1.7; sdk-models/ali_models.txt).

/// CreateDISyncTask and the other file operations: `{"RequestId","Success","Data":{Status,FileId,Message}}`.
struct DISyncResultResponse: Encodable, Sendable {
    let RequestId: String
    let Success: Bool
    let Data: DISyncResult
}

/// `Data` of CreateDISyncTask.
struct DISyncResult: Encodable, Sendable {
    let Status: String
    let FileId: Int64
    let Message: String
}

/// GetDISyncTask.
struct GetDISyncTaskResponse: Encodable, Sendable {
    let RequestId: String
    let Success: Bool
    let Data: GetDISyncTaskData
}

/// `Data` of GetDISyncTask: `Code` is the task JSON text.
struct GetDISyncTaskData: Encodable, Sendable {
    let Status: String
    let Code: String
    let Message: String
    let SolutionDetail: SolutionDetail
    let AlarmList: [String]
}

/// `Data.SolutionDetail` of GetDISyncTask.
struct SolutionDetail: Encodable, Sendable {
    let CreatorName: String
    let Id: Int64
    let Name: String
    let ProcessContent: String
    let ProcessExtra: String
    let ProjectId: Int64
    let SourceType: String
    let StartTime: String
    let Status: String
    let SubmitTime: String
    let `Type`: String
}

/// GetDISyncInstanceInfo.
struct DISyncInstanceInfoResponse: Encodable, Sendable {
    let RequestId: String
    let Success: Bool
    let Data: DISyncInstanceInfo
}

/// `Data` of GetDISyncInstanceInfo.
struct DISyncInstanceInfo: Encodable, Sendable {
    let Status: String
    let Message: String
    let SolutionInfo: DISyncSolutionInfo
}

/// `Data.SolutionInfo` of GetDISyncInstanceInfo.
struct DISyncSolutionInfo: Encodable, Sendable {
    let Id: Int64
    let Status: String
}

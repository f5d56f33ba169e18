import SyncModel

/// Every RPC action Tide serves: the DataWorks 2020-05-18 DI, DISync and data source operations, plus
/// Tide's own administration actions (projects and access keys; policy service `tide`).
enum DataWorksOperation: String, Sendable, CaseIterable {
    case createDISyncTask = "CreateDISyncTask"
    case getDISyncTask = "GetDISyncTask"
    case updateDISyncTask = "UpdateDISyncTask"
    case deleteDISyncTask = "DeleteDISyncTask"
    case deployDISyncTask = "DeployDISyncTask"
    case startDISyncInstance = "StartDISyncInstance"
    case stopDISyncInstance = "StopDISyncInstance"
    case terminateDISyncInstance = "TerminateDISyncInstance"
    case getDISyncInstanceInfo = "GetDISyncInstanceInfo"
    case createDIJob = "CreateDIJob"
    case getDIJob = "GetDIJob"
    case updateDIJob = "UpdateDIJob"
    case deleteDIJob = "DeleteDIJob"
    case listDIJobs = "ListDIJobs"
    case startDIJob = "StartDIJob"
    case stopDIJob = "StopDIJob"
    case verifyDIJob = "VerifyDIJob"
    case listDIJobDirtyRecords = "ListDIJobDirtyRecords"
    case createDataSource = "CreateDataSource"
    case listDataSources = "ListDataSources"
    case updateDataSource = "UpdateDataSource"
    case deleteDataSource = "DeleteDataSource"
    case createProject = "CreateProject"
    case listProjects = "ListProjects"
    case createAccessKey = "CreateAccessKey"
    case listAccessKeys = "ListAccessKeys"
    case deleteAccessKey = "DeleteAccessKey"

    /// The policy action: `dataworks:<Action>`, or `tide:<Action>` for administration.
    var policyAction: String {
        switch self {
        case .createProject, .listProjects, .createAccessKey, .listAccessKeys, .deleteAccessKey:
            "tide:\(rawValue)"
        default:
            "dataworks:\(rawValue)"
        }
    }

    /// True for the calls that name a task by `DIJobId` only; they are authorized on the task's project.
    var isScopedByTask: Bool {
        [.getDIJob, .updateDIJob, .deleteDIJob, .startDIJob, .stopDIJob, .verifyDIJob, .listDIJobDirtyRecords]
            .contains(self)
    }

    /// Runs the handler.
    func run(_ context: DataWorksContext) async throws -> any Encodable & Sendable {
        switch self {
        case .createDISyncTask: try await DISyncHandlers.create(context)
        case .getDISyncTask: try await DISyncHandlers.get(context)
        case .updateDISyncTask: try await DISyncHandlers.update(context)
        case .deleteDISyncTask: try await DISyncHandlers.delete(context)
        case .deployDISyncTask: try await DISyncHandlers.lifecycle(context, nil)
        case .startDISyncInstance: try await DISyncHandlers.lifecycle(context, .start)
        case .stopDISyncInstance: try await DISyncHandlers.lifecycle(context, .pause)
        case .terminateDISyncInstance: try await DISyncHandlers.lifecycle(context, .terminate)
        case .getDISyncInstanceInfo: try await DISyncHandlers.instanceInfo(context)
        case .createDIJob: try await DIJobHandlers.create(context)
        case .getDIJob: try await DIJobHandlers.get(context)
        case .updateDIJob: try await DIJobHandlers.update(context)
        case .deleteDIJob: try await DIJobHandlers.delete(context)
        case .listDIJobs: try await DIJobHandlers.list(context)
        case .startDIJob: try await DIJobHandlers.start(context)
        case .stopDIJob: try await DIJobHandlers.stop(context)
        case .verifyDIJob: try await RunHandlers.verify(context)
        case .listDIJobDirtyRecords: try await RunHandlers.dirtyRecords(context)
        case .createDataSource: try await DataSourceHandlers.create(context)
        case .listDataSources: try await DataSourceHandlers.list(context)
        case .updateDataSource: try await DataSourceHandlers.update(context)
        case .deleteDataSource: try await DataSourceHandlers.delete(context)
        case .createProject: try await AdminHandlers.createProject(context)
        case .listProjects: try await AdminHandlers.listProjects(context)
        case .createAccessKey: try await AdminHandlers.createAccessKey(context)
        case .listAccessKeys: try await AdminHandlers.listAccessKeys(context)
        case .deleteAccessKey: try await AdminHandlers.deleteAccessKey(context)
        }
    }
}

import SyncModel

/// The DataWorks 2020-05-18 RPC dialect: resolves the action, authenticates, authorizes, throttles and
/// dispatches to the operation handlers (sdk-wire-formats.md §1.2-1.4).
struct DataWorksAdapter: Sendable {
    let controlPlane: ControlPlane
    let authenticator: any Authenticator

    /// The API version every DataWorks operation here implements.
    static let version = "2020-05-18"

    /// Handles one RPC call.
    func handle(_ call: APICall, requestID: String) async throws -> JSONReply {
        guard call.path == "/" || call.path.isEmpty else {
            throw APIError(.unknownAction, "Specified api is not found: path \(call.path.prefix(80)).")
        }
        guard ["GET", "POST", "PUT"].contains(call.method) else {
            throw APIError(.methodNotAllowed, "Method \(call.method.prefix(16)) is not allowed.")
        }
        let params = RPCParameters(query: try call.queryPairs(), form: try call.formPairs())
        guard let name = call.header("x-acs-action") ?? params.nonEmptyString("Action") else {
            throw APIError(.unknownAction, "Specified api is not found: no x-acs-action header or Action parameter.")
        }
        let version = call.header("x-acs-version") ?? params.nonEmptyString("Version") ?? Self.version
        guard let operation = DataWorksOperation(rawValue: name), version == Self.version else {
            throw APIError(.unknownAction, "Specified api is not found: \(name.prefix(64)) \(version.prefix(16)).")
        }
        let principal = try await authenticator.authenticate(call, dialect: .dataWorks)
        try authenticator.throttle(principal, action: operation.policyAction)
        var project: Project?
        if operation.policyAction.hasPrefix("dataworks:"), let projectID = try params.int("ProjectId", in: 1...Int64.max) {
            project = try await controlPlane.project(id: projectID)
            if project == nil {
                throw APIError(.notFound, "Invalid parameter: ProjectId: project \(projectID) does not exist.")
            }
        }
        // DIJob calls name no project: they are authorized on the task's project once it is loaded.
        if project != nil || !operation.isScopedByTask {
            try authenticator.authorize(principal, action: operation.policyAction, project: project)
        }
        let context = DataWorksContext(action: operation.policyAction, params: params, requestID: requestID, controlPlane: controlPlane,
                                       principal: principal, authenticator: authenticator)
        return JSONReply(try await operation.run(context))
    }
}

/// What an operation handler receives.
struct DataWorksContext: Sendable {
    let action: String
    let params: RPCParameters
    let requestID: String
    let controlPlane: ControlPlane
    let principal: Principal
    let authenticator: any Authenticator

    /// The task with `id`, or the seed's "fileId:[N] is invalid." error; authorized on the task's project.
    func task(_ id: Int64, name: String) async throws -> SyncTask {
        guard let task = try await controlPlane.task(id: id) else {
            // A key without the action anywhere learns nothing about which tasks exist.
            try authenticator.authorize(principal, action: action, project: nil)
            throw APIError(.notFound, "\(name):[\(id)] is invalid.")
        }
        try authenticator.authorize(principal, action: action, project: try await controlPlane.project(id: task.projectID))
        return task
    }

    /// The project, which must exist.
    func project(_ id: Int64) async throws -> Project {
        guard let project = try await controlPlane.project(id: id) else {
            throw APIError(.notFound, "Invalid parameter: ProjectId: project \(id) does not exist.")
        }
        return project
    }
}

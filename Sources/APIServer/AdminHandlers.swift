/// Tide's own administration actions, signed like any RPC call and allowed only by a `tide:*` policy:
/// CreateProject, ListProjects, CreateAccessKey, ListAccessKeys, DeleteAccessKey (docs/API.md).
enum AdminHandlers {
    static func createProject(_ c: DataWorksContext) async throws -> ProjectResponse {
        let p = c.params
        let project = try await c.controlPlane.createProject(
            name: try p.requiredString("Name"), id: try p.int("ProjectId", in: 1...Int64.max),
            drsID: p.nonEmptyString("DrsProjectId"))
        return ProjectResponse(RequestId: c.requestID, Project: ProjectRow(project))
    }

    static func listProjects(_ c: DataWorksContext) async throws -> ProjectListResponse {
        ProjectListResponse(RequestId: c.requestID, Projects: try await c.controlPlane.listProjects().map(ProjectRow.init))
    }

    static func createAccessKey(_ c: DataWorksContext) async throws -> AccessKeyCreatedResponse {
        let p = c.params
        let policy = try p.json("Policy", as: [String].self) ?? []
        guard !policy.isEmpty else { throw APIError.invalid("Policy", "expected a non-empty JSON array of actions") }
        let (key, secret) = try await c.controlPlane.createAccessKey(name: p.string("Name") ?? "", policy: policy)
        return AccessKeyCreatedResponse(
            RequestId: c.requestID, AccessKey: AccessKeyRow(key), AccessKeySecret: secret)
    }

    static func listAccessKeys(_ c: DataWorksContext) async throws -> AccessKeyListResponse {
        AccessKeyListResponse(RequestId: c.requestID, AccessKeys: try await c.controlPlane.listAccessKeys().map(AccessKeyRow.init))
    }

    static func deleteAccessKey(_ c: DataWorksContext) async throws -> RequestIDResponse {
        let id = try c.params.requiredString("AccessKeyId")
        guard id != c.principal.accessKeyID else {
            throw APIError.invalid("AccessKeyId", "a key cannot delete itself")
        }
        try await c.controlPlane.deleteAccessKey(id: id)
        return RequestIDResponse(RequestId: c.requestID)
    }
}

/// A project in admin responses.
struct ProjectRow: Encodable, Sendable {
    let ProjectId: Int64
    let DrsProjectId: String
    let Name: String
    init(_ project: ProjectInfo) {
        ProjectId = project.id
        DrsProjectId = project.drsID
        Name = project.name
    }
}

/// CreateProject.
struct ProjectResponse: Encodable, Sendable {
    let RequestId: String
    let Project: ProjectRow
}

/// ListProjects.
struct ProjectListResponse: Encodable, Sendable {
    let RequestId: String
    let Projects: [ProjectRow]
}

/// An access key without its secret.
struct AccessKeyRow: Encodable, Sendable {
    let AccessKeyId: String
    let Name: String
    let Policy: [String]
    let CreatedTime: Int64
    init(_ key: AccessKeyInfo) {
        AccessKeyId = key.id
        Name = key.name
        Policy = key.policy
        CreatedTime = key.createdAt
    }
}

/// CreateAccessKey: the only response that ever carries a secret, once, to the admin who asked for it.
struct AccessKeyCreatedResponse: Encodable, Sendable {
    let RequestId: String
    let AccessKey: AccessKeyRow
    let AccessKeySecret: String
}

/// ListAccessKeys.
struct AccessKeyListResponse: Encodable, Sendable {
    let RequestId: String
    let AccessKeys: [AccessKeyRow]
}

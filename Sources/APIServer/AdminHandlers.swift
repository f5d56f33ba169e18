import APIAuth
import Foundation
import SyncModel

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
        let policy = try policyDocument(try p.requiredString("Policy"))
        let (key, secret) = try await c.controlPlane.createAccessKey(
            policyJSON: String(decoding: policy.encodedJSON(), as: UTF8.self), description: p.string("Name") ?? "")
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

/// A policy from either a full AccessPolicy JSON document or a comma-separated list of allowed actions
/// (`dataworks:*,drs:ListJobs`), which allows them on every project.
func policyDocument(_ text: String) throws(APIError) -> AccessPolicy {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    let policy: AccessPolicy
    if trimmed.hasPrefix("{") {
        do { policy = try AccessPolicy.decode(json: Array(trimmed.utf8)) } catch {
            throw APIError.invalid("Policy", error.message)
        }
    } else {
        let actions = trimmed.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !actions.isEmpty else { throw APIError.invalid("Policy", "expected actions such as dataworks:*") }
        policy = AccessPolicy(statements: [AccessPolicy.Statement(effect: .allow, actions: actions)])
    }
    do { try policy.validate() } catch { throw APIError.invalid("Policy", error.message) }
    return policy
}

/// A project in admin responses.
struct ProjectRow: Encodable, Sendable {
    let ProjectId: Int64
    let DrsProjectId: String
    let Name: String
    init(_ project: Project) {
        ProjectId = project.id
        DrsProjectId = project.drsProjectID
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
    let Policy: String
    let CreatedTime: Int64
    init(_ key: AccessKeyInfo) {
        AccessKeyId = key.id
        Name = key.description
        Policy = key.policyJSON
        CreatedTime = key.createdAt.epochMilliseconds
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

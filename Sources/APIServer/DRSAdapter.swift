import Foundation
import SyncModel

/// The DRS v3 REST dialect: `/v3/{project_id}/jobs` and its batch endpoints (sdk-wire-formats.md §2.4).
struct DRSAdapter: Sendable {
    let controlPlane: ControlPlane
    let authenticator: any Authenticator

    /// Handles one DRS call.
    func handle(_ call: APICall, requestID: String) async throws -> JSONReply {
        let segments = call.path.split(separator: "/", omittingEmptySubsequences: true)
        guard segments.count >= 3, segments.count <= 4, segments[0] == "v3", segments[2] == "jobs" else {
            throw APIError(.unknownAction, "The API \(call.method.prefix(8)) \(call.path.prefix(80)) does not exist.")
        }
        let endpoint = segments.count == 4 ? String(segments[3]) : ""
        guard let operation = DRSOperation(method: call.method, endpoint: endpoint) else {
            throw APIError(.unknownAction, "The API \(call.method.prefix(8)) \(call.path.prefix(80)) does not exist.")
        }
        let principal = try await authenticator.authenticate(call, dialect: .drs)
        let drsProjectID = String(segments[1])
        guard Project.isDRSProjectID(drsProjectID) else {
            throw APIError(.invalidParameter, "Invalid parameter: project_id must be 32 hexadecimal characters.")
        }
        guard let project = try await controlPlane.project(drsID: drsProjectID) else {
            throw APIError(.notFound, "Invalid parameter: project_id: project \(drsProjectID.prefix(64)) does not exist.")
        }
        try authenticator.throttle(principal, action: operation.policyAction)
        try authenticator.authorize(principal, action: operation.policyAction, project: project)
        let context = DRSContext(call: call, project: project, controlPlane: controlPlane)
        return JSONReply(try await operation.run(context))
    }
}

/// What a DRS handler receives.
struct DRSContext: Sendable {
    let call: APICall
    let project: Project
    let controlPlane: ControlPlane

    /// The JSON body decoded into `T`; malformed JSON or wrong types are a 400 naming the field.
    func body<T: Decodable>(_ type: T.Type) throws(APIError) -> T {
        guard !call.body.isEmpty else { throw APIError(.invalidParameter, "Invalid parameter: request body is empty.") }
        do {
            return try JSONDecoder().decode(T.self, from: Data(call.body))
        } catch let error as DecodingError {
            throw APIError(.invalidParameter, "Invalid parameter: \(JSONErrorText.describe(error)).")
        } catch {
            throw APIError(.invalidParameter, "Invalid parameter: request body is not valid JSON.")
        }
    }

    /// The task with that DRS id in this project, or nil.
    func task(_ drsID: String) async throws -> SyncTask? {
        guard let task = try await controlPlane.task(uuid: drsID), task.projectID == project.id else {
            return nil
        }
        return task
    }
}

/// The v3 job endpoints Tide serves.
enum DRSOperation: String, Sendable, CaseIterable {
    case list = ""
    case batchCreation = "batch-creation"
    case batchDetail = "batch-detail"
    case batchStatus = "batch-status"
    case batchProgress = "batch-progress"
    case batchStarting = "batch-starting"
    case batchPause = "batch-pause-task"
    case batchRetry = "batch-retry-task"
    case batchDelete = "batch-jobs"

    /// Resolves method and last path segment.
    init?(method: String, endpoint: String) {
        guard let operation = DRSOperation(rawValue: endpoint) else { return nil }
        guard method == (operation == .batchDelete ? "DELETE" : "POST") else { return nil }
        self = operation
    }

    /// The policy action, named after the SDK method.
    var policyAction: String {
        switch self {
        case .list: "drs:ListJobs"
        case .batchCreation: "drs:BatchCreateJobs"
        case .batchDetail: "drs:BatchListJobDetails"
        case .batchStatus: "drs:BatchListJobStatus"
        case .batchProgress: "drs:BatchListProgresses"
        case .batchStarting: "drs:BatchStartJobs"
        case .batchPause: "drs:BatchStopJobs"
        case .batchRetry: "drs:BatchRestoreTask"
        case .batchDelete: "drs:BatchDeleteJobs"
        }
    }

    /// Runs the handler.
    func run(_ c: DRSContext) async throws -> any Encodable & Sendable {
        switch self {
        case .list: try await DRSListHandler.list(c)
        case .batchCreation: try await DRSBatchHandlers.create(c)
        case .batchDetail: try await DRSBatchHandlers.detail(c)
        case .batchStatus: try await DRSBatchHandlers.status(c)
        case .batchProgress: try await DRSBatchHandlers.progress(c)
        case .batchStarting: try await DRSBatchHandlers.start(c)
        case .batchPause: try await DRSBatchHandlers.action(c, .pause)
        case .batchRetry: try await DRSBatchHandlers.action(c, .retry)
        case .batchDelete: try await DRSBatchHandlers.delete(c)
        }
    }
}

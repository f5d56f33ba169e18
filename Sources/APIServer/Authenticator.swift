/// Which API style a request speaks; decides the error body shape.
public enum Dialect: Sendable, Equatable {
    /// Alibaba DataWorks RPC (`/` with x-acs-action or Action).
    case dataWorks
    /// Huawei DRS v3 REST (`/v3/{project_id}/...`).
    case drs
}

/// The verified caller: its access key and policy.
public struct Principal: Sendable, Equatable {
    /// Access key id.
    public var accessKeyID: String
    /// Policy statements (`dataworks:*`, `drs:ListJobs`, `tide:*`, `dataworks:*@10000` ...).
    public var policy: [String]
    /// Creates a principal.
    public init(accessKeyID: String, policy: [String]) {
        self.accessKeyID = accessKeyID
        self.policy = policy
    }
}

/// Verifies a request's signature (choosing the scheme by the request's shape), then authorizes and
/// throttles. Implemented over APIAuth; every failure is an `APIError` of the matching code.
public protocol Authenticator: Sendable {
    /// Verifies the signature, clock skew and nonce; returns the caller.
    func authenticate(_ call: APICall, dialect: Dialect) async throws(APIError) -> Principal
    /// Refuses (403) an action outside the caller's policy; `action` is `service:Name`.
    func authorize(_ principal: Principal, action: String, projectID: Int64?) throws(APIError)
    /// Refuses (429) a call over the key's or the action's rate.
    func throttle(_ principal: Principal, action: String) async throws(APIError)
}

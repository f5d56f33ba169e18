import APIAuth
import SyncModel

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
    /// The key's policy.
    public var policy: AccessPolicy
    /// Creates a principal.
    public init(accessKeyID: String, policy: AccessPolicy) {
        self.accessKeyID = accessKeyID
        self.policy = policy
    }
}

/// Verifies a request's signature (choosing the scheme by the request's shape), then authorizes and
/// throttles. Every failure is an `APIError` carrying the dialect codes APIAuth documents.
public protocol Authenticator: Sendable {
    /// Verifies the signature, clock skew and nonce; returns the caller.
    func authenticate(_ call: APICall, dialect: Dialect) async throws(APIError) -> Principal
    /// Refuses (403) an action outside the caller's policy; `action` is `service:Name`.
    func authorize(_ principal: Principal, action: String, project: Project?) throws(APIError)
    /// Refuses (429) a call over the key's or the action's rate.
    func throttle(_ principal: Principal, action: String) throws(APIError)
}

import APIAuth
import Foundation
import MetadataStore
import SyncModel
import Synchronization

/// The product `Authenticator`: APIAuth's verifiers over the keys in the metadata store, the key's stored
/// policy for authorization, and APIAuth's `RateLimiter` for throttling.
public struct StoreAuthenticator: Authenticator {
    let verifier: RequestAuthenticator
    let keys: StoreSecretLookup
    let limiter: RateLimiter
    let policies = PolicyCache()
    let now: @Sendable () -> Date

    /// Creates the authenticator.
    public init(
        store: any MetadataStore, rateLimits: RateLimiterConfiguration = RateLimiterConfiguration(),
        options: SignatureVerificationOptions = SignatureVerificationOptions(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.verifier = RequestAuthenticator(options: options)
        self.keys = StoreSecretLookup(store: store)
        self.limiter = RateLimiter(configuration: rateLimits)
        self.now = now
    }

    public func authenticate(_ call: APICall, dialect: Dialect) async throws(APIError) -> Principal {
        let request = SignedRequest(
            method: call.method, rawPath: call.path, rawQuery: call.rawQuery,
            headers: call.headers.map { HTTPHeaderField(name: $0.name, value: $0.value) }, body: call.body)
        // One lookup per request: the record fetched for the signature check also carries the policy.
        let lookup = StoreSecretLookup(store: keys.store)
        let verified: AuthenticatedRequest
        do {
            verified = try await verifier.authenticate(
                request, dialect: dialect == .drs ? .drs : .dataWorks, now: now(), lookup: lookup)
        } catch {
            throw APIError(error)
        }
        guard let key = lookup.fetched.withLock({ $0 }), key.id == verified.accessKeyID else {
            throw APIError(APIAuthError(.unknownAccessKey, "Specified access key is not found."))
        }
        do {
            return Principal(accessKeyID: key.id, policy: try policies.policy(accessKeyID: key.id, json: key.policyJSON))
        } catch {
            throw APIError(.internalError, "The access key's policy cannot be read.")
        }
    }

    public func authorize(_ principal: Principal, action: String, project: Project?) throws(APIError) {
        let identity = project.map { ProjectIdentity(numericID: $0.id, hexID: $0.drsProjectID) }
        do {
            try principal.policy.authorize(action: action, project: identity, accessKeyID: principal.accessKeyID)
        } catch {
            throw APIError(error)
        }
    }

    public func throttle(_ principal: Principal, action: String) throws(APIError) {
        do {
            try limiter.check(accessKeyID: principal.accessKeyID, api: action, now: .now)
        } catch {
            throw APIError(error)
        }
    }
}

/// Secrets for the verifiers, read from the store (decrypted there); remembers the record it fetched.
final class StoreSecretLookup: AccessKeySecretLookup {
    let store: any MetadataStore
    let fetched = Mutex<AccessKey?>(nil)

    init(store: any MetadataStore) {
        self.store = store
    }

    func secret(forAccessKeyID accessKeyID: String) async throws -> AccessKeySecret? {
        guard let key = try await store.accessKeyForVerification(id: accessKeyID) else { return nil }
        fetched.withLock { $0 = key }
        return AccessKeySecret(key.secret.revealed)
    }
}

extension APIError {
    /// An APIAuth failure, with each dialect's status, code and message as APIAuth maps them.
    init(_ error: APIAuthError) {
        let dataWorks = error.dataWorks
        let drs = error.drs
        self.init(
            Code(httpStatus: dataWorks.httpStatus, dataWorks: dataWorks.code, drs: drs.code,
                 drsHTTPStatus: drs.httpStatus),
            dataWorks.message, drsMessage: drs.message)
        retryAfter = error.retryAfter
    }
}

import Synchronization

/// Throttles calls per access key (DataWorks `Throttling.User`, DRS `APIGW.0308`) and per API across all keys
/// (`Throttling.Api`) with token buckets. Time is passed in, so tests run on fixed instants.
///
/// A call consumes a token from both its key's bucket and its API's bucket, or from neither. Memory is bounded:
/// when a table is full, buckets that have refilled completely (equivalent to fresh ones) are dropped first,
/// then the least recently used. Thread-safe through a `Mutex`.
public final class RateLimiter: Sendable {
    /// Which limit refused a call.
    public enum Scope: String, Sendable, Hashable {
        /// The access key's own limit.
        case user
        /// The API's limit across all keys.
        case api
    }

    /// The outcome of `acquire`.
    public enum Decision: Sendable, Hashable {
        /// The call may proceed.
        case allowed
        /// The call is refused; retry after the given time.
        case throttled(Scope, retryAfter: Duration)
    }

    private struct State {
        var keys: [String: TokenBucket] = [:]
        var apis: [String: TokenBucket] = [:]
    }

    /// The configuration in force.
    public let configuration: RateLimiterConfiguration
    private let state = Mutex(State())

    /// Creates a limiter.
    public init(configuration: RateLimiterConfiguration = RateLimiterConfiguration()) {
        self.configuration = configuration
    }

    /// Takes one token for `accessKeyID` calling `api` at `now`. `keyLimit` overrides the default per-key rate
    /// (a rate stored with the key).
    public func acquire(
        accessKeyID: String, api: String, keyLimit: RateLimit? = nil, now: ContinuousClock.Instant
    ) -> Decision {
        let userLimit = keyLimit ?? configuration.perKey
        let apiLimit = configuration.perAPIOverrides[api] ?? configuration.perAPI
        let maxKeys = configuration.maxTrackedKeys
        let maxAPIs = configuration.maxTrackedAPIs
        return state.withLock { state in
            var userBucket = userLimit.map { Self.bucket(in: &state.keys, id: accessKeyID, limit: $0, now: now) }
            var apiBucket = apiLimit.map { Self.bucket(in: &state.apis, id: api, limit: $0, now: now) }
            defer {
                if let userBucket { Self.store(userBucket, in: &state.keys, id: accessKeyID, max: maxKeys, now: now) }
                if let apiBucket { Self.store(apiBucket, in: &state.apis, id: api, max: maxAPIs, now: now) }
            }
            if let bucket = userBucket, !bucket.hasToken {
                return .throttled(.user, retryAfter: bucket.timeToNextToken)
            }
            if let bucket = apiBucket, !bucket.hasToken {
                return .throttled(.api, retryAfter: bucket.timeToNextToken)
            }
            userBucket?.tokens -= 1
            apiBucket?.tokens -= 1
            return .allowed
        }
    }

    /// Like `acquire`, but throws the matching `APIAuthError` (`.throttledUser` / `.throttledAPI`).
    public func check(
        accessKeyID: String, api: String, keyLimit: RateLimit? = nil, now: ContinuousClock.Instant
    ) throws(APIAuthError) {
        switch acquire(accessKeyID: accessKeyID, api: api, keyLimit: keyLimit, now: now) {
        case .allowed:
            return
        case .throttled(.user, let retryAfter):
            throw APIAuthError(
                .throttledUser, "Your request is too frequent. Try again later.", accessKeyID: accessKeyID,
                retryAfter: retryAfter)
        case .throttled(.api, let retryAfter):
            throw APIAuthError(
                .throttledAPI, "The request for this resource has exceeded your available limit.",
                accessKeyID: accessKeyID, retryAfter: retryAfter)
        }
    }

    /// Number of key and API buckets held.
    public var trackedCounts: (keys: Int, apis: Int) {
        state.withLock { ($0.keys.count, $0.apis.count) }
    }

    private static func bucket(
        in table: inout [String: TokenBucket], id: String, limit: RateLimit, now: ContinuousClock.Instant
    ) -> TokenBucket {
        guard var bucket = table[id] else { return TokenBucket(limit: limit, now: now) }
        if bucket.limit != limit {
            bucket.limit = limit
            bucket.tokens = min(bucket.tokens, Double(limit.burst))
        }
        bucket.refill(now: now)
        return bucket
    }

    private static func store(
        _ bucket: TokenBucket, in table: inout [String: TokenBucket], id: String, max: Int,
        now: ContinuousClock.Instant
    ) {
        if table[id] == nil, table.count >= max {
            evict(from: &table, max: max, now: now)
        }
        table[id] = bucket
    }

    /// Drops full buckets; if none, the least recently updated one.
    private static func evict(from table: inout [String: TokenBucket], max: Int, now: ContinuousClock.Instant) {
        for (id, var bucket) in table {
            bucket.refill(now: now)
            if bucket.isFull { table[id] = nil }
        }
        while table.count >= max, let oldest = table.min(by: { $0.value.updated < $1.value.updated })?.key {
            table[oldest] = nil
        }
    }
}

/// A token-bucket rate: `requestsPerSecond` sustained, up to `burst` at once.
public struct RateLimit: Codable, Sendable, Hashable {
    /// Sustained rate (tokens added per second); must be positive.
    public var requestsPerSecond: Double
    /// Bucket size (most requests accepted at once); at least 1.
    public var burst: Int

    /// Creates a rate; values are clamped to a positive rate and a burst of at least 1.
    public init(requestsPerSecond: Double, burst: Int) {
        self.requestsPerSecond = requestsPerSecond.isFinite && requestsPerSecond > 0 ? requestsPerSecond : 1e-9
        self.burst = max(1, burst)
    }
}

/// Configuration of `RateLimiter`.
public struct RateLimiterConfiguration: Sendable, Hashable {
    /// Default per-key (per user) rate; nil disables per-key throttling.
    public var perKey: RateLimit?
    /// Default per-API rate, shared by all keys calling one action; nil disables it.
    public var perAPI: RateLimit?
    /// Per-action overrides of `perAPI`, keyed by action (e.g. `dataworks:ListDIJobs`).
    public var perAPIOverrides: [String: RateLimit]
    /// Most keys tracked at once (memory bound).
    public var maxTrackedKeys: Int
    /// Most APIs tracked at once (memory bound).
    public var maxTrackedAPIs: Int

    /// Creates a configuration. Defaults: 100 requests/s with a burst of 200 per key, 1000 requests/s with a
    /// burst of 2000 per API.
    public init(
        perKey: RateLimit? = RateLimit(requestsPerSecond: 100, burst: 200),
        perAPI: RateLimit? = RateLimit(requestsPerSecond: 1000, burst: 2000),
        perAPIOverrides: [String: RateLimit] = [:], maxTrackedKeys: Int = 10_000, maxTrackedAPIs: Int = 1024
    ) {
        self.perKey = perKey
        self.perAPI = perAPI
        self.perAPIOverrides = perAPIOverrides
        self.maxTrackedKeys = max(1, maxTrackedKeys)
        self.maxTrackedAPIs = max(1, maxTrackedAPIs)
    }
}

/// A token bucket: a pure value advanced by the caller's clock readings.
struct TokenBucket: Sendable, Hashable {
    /// The rate and burst.
    var limit: RateLimit
    /// Tokens available now (fractional between refills).
    var tokens: Double
    /// When `tokens` was last brought up to date.
    var updated: ContinuousClock.Instant

    /// A full bucket.
    init(limit: RateLimit, now: ContinuousClock.Instant) {
        self.limit = limit
        self.tokens = Double(limit.burst)
        self.updated = now
    }

    /// Adds the tokens earned since the last update (time never runs backwards here).
    mutating func refill(now: ContinuousClock.Instant) {
        guard now > updated else { return }
        let elapsed = now - updated
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        tokens = min(Double(limit.burst), tokens + seconds * limit.requestsPerSecond)
        updated = now
    }

    /// True when a whole token is available.
    var hasToken: Bool { tokens >= 1 }

    /// True when the bucket is full, i.e. indistinguishable from a fresh one.
    var isFull: Bool { tokens >= Double(limit.burst) }

    /// Time until one token is available.
    var timeToNextToken: Duration {
        let missing = max(0, 1 - tokens)
        return .nanoseconds(Int64((missing / limit.requestsPerSecond * 1e9).rounded(.up).clamped(to: 0...9e18)))
    }
}

extension Double {
    /// `self` limited to `range`.
    func clamped(to range: ClosedRange<Double>) -> Double {
        Swift.min(Swift.max(self, range.lowerBound), range.upperBound)
    }
}

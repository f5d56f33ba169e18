/// A token bucket (issue 4 item 1, throttling): `rate` tokens per second accrue up to a burst of one second's
/// worth. A request takes its cost at once, even when that leaves the bucket in debt, and is told how long to wait
/// until the debt is paid: so a request larger than the burst passes after waiting for its full cost (it never
/// deadlocks), and requests made while others wait queue up behind them in order. Pure: time is passed in.
struct TokenBucket: Sendable, Hashable {
    /// Tokens per second.
    let rate: Double
    /// The most tokens the bucket holds: one second of `rate`.
    let capacity: Double
    /// Tokens available now; negative while requests wait.
    private(set) var tokens: Double
    /// When `tokens` was last brought up to date.
    private var updated: Duration

    /// A full bucket at `now`; nil unless `rate` is positive and finite.
    init?(rate: Double?, at now: Duration) {
        guard let rate, rate > 0, rate.isFinite else { return nil }
        self.rate = rate
        capacity = rate
        tokens = rate
        updated = now
    }

    /// Takes `cost` tokens at `now` and returns how long the caller must wait before going on (zero if none).
    mutating func reserve(_ cost: Double, at now: Duration) -> Duration {
        refill(at: now)
        tokens -= max(0, cost)
        return tokens >= 0 ? .zero : Self.duration(seconds: -tokens / rate)
    }

    /// Gives back `cost` tokens taken by a request that was cancelled before it went on.
    mutating func refund(_ cost: Double, at now: Duration) {
        refill(at: now)
        tokens = min(capacity, tokens + max(0, cost))
    }

    private mutating func refill(at now: Duration) {
        guard now > updated else { return }
        tokens = min(capacity, tokens + Self.seconds(now - updated) * rate)
        updated = now
    }

    /// A duration as seconds.
    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// Seconds as a duration, rounded up to the nanosecond (so a waiter never wakes a little too early), at most
    /// about 30 years.
    static func duration(seconds: Double) -> Duration {
        let nanoseconds = min(max(0, (seconds * 1e9).rounded(.up)), 1e18)
        return .nanoseconds(Int64(nanoseconds))
    }
}

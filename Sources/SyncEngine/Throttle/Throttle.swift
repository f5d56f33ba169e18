/// Limits a task's copy rate (issue 4 item 1: DataX `setting.speed.throttle` with `record`/`mbps`, DIJob
/// `runtime.offline.speed.limit.*`): a token bucket for rows per second and one for bytes per second, either
/// optional. Shared by all of a task's channels, so the limit is for the task as a whole. Time comes from an
/// injected clock (STYLE rule 5).
public actor Throttle {
    private let timeSource: TimeSource
    private var rows: TokenBucket?
    private var bytes: TokenBucket?

    /// A throttle allowing `rowsPerSecond` rows and `bytesPerSecond` bytes per second on average, with a burst of
    /// one second's worth. A nil, zero or negative limit means no limit on that measure.
    public init(rowsPerSecond: Double?, bytesPerSecond: Double?, clock: any Clock<Duration> = ContinuousClock()) {
        let timeSource = TimeSource(clock)
        let now = timeSource.elapsed()
        self.timeSource = timeSource
        rows = TokenBucket(rate: rowsPerSecond, at: now)
        bytes = TokenBucket(rate: bytesPerSecond, at: now)
    }

    /// Whether neither measure is limited (callers may then skip `acquire`).
    public var isUnlimited: Bool { rows == nil && bytes == nil }

    /// Waits until `rows` rows of `bytes` bytes may go on. A batch larger than the burst waits for its full cost
    /// and then goes on. Throws `CancellationError` when the task is cancelled, before or while waiting; the cost
    /// is then given back.
    public func acquire(rows rowCount: Int, bytes byteCount: Int) async throws {
        try Task.checkCancellation()
        guard !isUnlimited else { return }
        let now = timeSource.elapsed()
        var wait = Duration.zero
        if rows != nil { wait = max(wait, rows?.reserve(Double(rowCount), at: now) ?? .zero) }
        if bytes != nil { wait = max(wait, bytes?.reserve(Double(byteCount), at: now) ?? .zero) }
        guard wait > .zero else { return }
        do {
            try await timeSource.sleep(wait)
        } catch {
            let later = timeSource.elapsed()
            rows?.refund(Double(rowCount), at: later)
            bytes?.refund(Double(byteCount), at: later)
            throw error
        }
    }
}

/// Elapsed time and sleeping through any `Clock<Duration>`, with the clock's instant type hidden.
struct TimeSource: Sendable {
    /// Time since the source was made.
    let elapsed: @Sendable () -> Duration
    /// Sleeps for a duration; throws `CancellationError` when cancelled.
    let sleep: @Sendable (Duration) async throws -> Void

    init(_ clock: any Clock<Duration>) { self = Self.make(clock) }

    private static func make<C: Clock<Duration>>(_ clock: C) -> TimeSource {
        let start = clock.now
        return TimeSource(
            elapsed: { start.duration(to: clock.now) },
            sleep: { duration in try await clock.sleep(until: clock.now.advanced(by: duration), tolerance: nil) })
    }

    private init(
        elapsed: @escaping @Sendable () -> Duration, sleep: @escaping @Sendable (Duration) async throws -> Void
    ) {
        self.elapsed = elapsed
        self.sleep = sleep
    }
}

import Synchronization
import Testing

/// A clock that moves only when told (STYLE rule 5): sleepers wake when `advance(by:)` passes their deadline, or
/// throw `CancellationError` when their task is cancelled.
final class ManualClock: Clock, Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration

        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private struct Sleeper {
        var deadline: Instant
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now = Instant(offset: .zero)
        var nextID = 0
        var sleepers: [Int: Sleeper] = [:]
        var cancelled: Set<Int> = []
    }

    private let state = Mutex(State())

    var now: Instant { state.withLock { $0.now } }
    var minimumResolution: Duration { .nanoseconds(1) }

    /// Deadlines of the current sleepers, as offsets from the clock's start, earliest first.
    var pendingDeadlines: [Duration] { state.withLock { $0.sleepers.values.map(\.deadline.offset).sorted() } }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome: Result<Void, any Error>? = state.withLock { state in
                    if state.cancelled.remove(id) != nil { return .failure(CancellationError()) }
                    if deadline <= state.now { return .success(()) }
                    state.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let sleeper = state.withLock { state in
                let sleeper = state.sleepers.removeValue(forKey: id)
                if sleeper == nil { state.cancelled.insert(id) }
                return sleeper
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves time forward and wakes every sleeper whose deadline has come.
    func advance(by duration: Duration) {
        let woken = state.withLock { state in
            state.now = state.now.advanced(by: duration)
            let now = state.now
            let due = state.sleepers.filter { $0.value.deadline <= now }
            for id in due.keys { state.sleepers.removeValue(forKey: id) }
            return due.values.map(\.continuation)
        }
        for continuation in woken { continuation.resume() }
    }

    /// Waits (in real time, briefly) until `count` tasks sleep on this clock.
    func waitForSleepers(_ count: Int) async throws {
        for _ in 0..<10_000 {
            if state.withLock({ $0.sleepers.count }) >= count { return }
            try await Task.sleep(for: .milliseconds(1))
        }
        Issue.record("expected \(count) sleeper(s) on the manual clock")
    }
}

/// The manual clock itself behaves, so that the throttle tests can rely on it.
struct ThrottleManualClockTests {
    @Test func sleepersWakeAtTheirDeadline() async throws {
        let clock = ManualClock()
        async let slept: Void = clock.sleep(for: .seconds(2))
        try await clock.waitForSleepers(1)
        #expect(clock.pendingDeadlines == [.seconds(2)])
        clock.advance(by: .seconds(1))
        #expect(clock.pendingDeadlines == [.seconds(2)])
        clock.advance(by: .seconds(1))
        try await slept
        #expect(clock.pendingDeadlines.isEmpty)
    }
}

import Testing

@testable import SyncEngine

/// The token-bucket throttle on a manual clock (issue 4 item 1): rows/s and bytes/s limits, bursts, big batches,
/// cancellation.
struct ThrottleTests {
    @Test func noLimitNeverWaits() async throws {
        let clock = ManualClock()
        let throttle = Throttle(rowsPerSecond: nil, bytesPerSecond: 0, clock: clock)
        #expect(await throttle.isUnlimited)
        for _ in 0..<100 { try await throttle.acquire(rows: 1_000_000, bytes: 1 << 30) }
        #expect(clock.pendingDeadlines.isEmpty)
    }

    @Test func rowsPerSecondLimitIsRespected() async throws {
        let clock = ManualClock()
        let throttle = Throttle(rowsPerSecond: 100, bytesPerSecond: nil, clock: clock)
        #expect(await !throttle.isUnlimited)
        try await throttle.acquire(rows: 60, bytes: 1 << 30)  // within the one-second burst
        try await throttle.acquire(rows: 40, bytes: 0)
        async let waited: Void = throttle.acquire(rows: 50, bytes: 0)
        try await clock.waitForSleepers(1)
        #expect(clock.pendingDeadlines == [.milliseconds(500)])
        clock.advance(by: .milliseconds(499))
        #expect(clock.pendingDeadlines == [.milliseconds(500)])
        clock.advance(by: .milliseconds(1))
        try await waited
        // 150 rows went through in 0.5 s: the bucket is empty, the next 10 rows wait 0.1 s.
        async let next: Void = throttle.acquire(rows: 10, bytes: 0)
        try await clock.waitForSleepers(1)
        #expect(clock.pendingDeadlines == [.milliseconds(600)])
        clock.advance(by: .milliseconds(100))
        try await next
    }

    @Test func bytesPerSecondLimitIsRespected() async throws {
        let clock = ManualClock()
        let throttle = Throttle(rowsPerSecond: nil, bytesPerSecond: 1_000, clock: clock)
        try await throttle.acquire(rows: 1_000_000, bytes: 1_000)
        async let waited: Void = throttle.acquire(rows: 1, bytes: 250)
        try await clock.waitForSleepers(1)
        #expect(clock.pendingDeadlines == [.milliseconds(250)])
        clock.advance(by: .milliseconds(250))
        try await waited
    }

    @Test func theTighterOfBothLimitsDecides() async throws {
        let clock = ManualClock()
        let throttle = Throttle(rowsPerSecond: 10, bytesPerSecond: 1_000, clock: clock)
        try await throttle.acquire(rows: 10, bytes: 100)
        // Rows need 0.5 s more, bytes (900 left) none: 0.5 s.
        async let waited: Void = throttle.acquire(rows: 5, bytes: 100)
        try await clock.waitForSleepers(1)
        #expect(clock.pendingDeadlines == [.milliseconds(500)])
        clock.advance(by: .milliseconds(500))
        try await waited
    }

    @Test func idleTimeBuildsAtMostOneSecondOfBurst() async throws {
        let clock = ManualClock()
        let throttle = Throttle(rowsPerSecond: 100, bytesPerSecond: nil, clock: clock)
        clock.advance(by: .seconds(60))
        try await throttle.acquire(rows: 100, bytes: 0)
        async let waited: Void = throttle.acquire(rows: 100, bytes: 0)
        try await clock.waitForSleepers(1)
        #expect(clock.pendingDeadlines == [.seconds(61)])
        clock.advance(by: .seconds(1))
        try await waited
    }

    @Test func aBatchBiggerThanTheBurstPassesAfterItsFullCost() async throws {
        let clock = ManualClock()
        let throttle = Throttle(rowsPerSecond: 100, bytesPerSecond: nil, clock: clock)
        async let big: Void = throttle.acquire(rows: 350, bytes: 0)
        try await clock.waitForSleepers(1)
        // 100 rows of burst, then 250 rows at 100/s.
        #expect(clock.pendingDeadlines == [.milliseconds(2_500)])
        clock.advance(by: .milliseconds(2_500))
        try await big
        // The debt is paid, the bucket empty: one more row waits 10 ms.
        async let one: Void = throttle.acquire(rows: 1, bytes: 0)
        try await clock.waitForSleepers(1)
        #expect(clock.pendingDeadlines == [.milliseconds(2_510)])
        clock.advance(by: .milliseconds(10))
        try await one
    }

    @Test func concurrentCallersQueueInOrder() async throws {
        let clock = ManualClock()
        let throttle = Throttle(rowsPerSecond: 100, bytesPerSecond: nil, clock: clock)
        try await throttle.acquire(rows: 100, bytes: 0)
        async let first: Void = throttle.acquire(rows: 100, bytes: 0)
        try await clock.waitForSleepers(1)
        async let second: Void = throttle.acquire(rows: 100, bytes: 0)
        try await clock.waitForSleepers(2)
        #expect(clock.pendingDeadlines == [.seconds(1), .seconds(2)])
        clock.advance(by: .seconds(2))
        try await first
        try await second
    }

    @Test func cancellationWhileWaitingThrowsAndGivesTheCostBack() async throws {
        let clock = ManualClock()
        let throttle = Throttle(rowsPerSecond: 100, bytesPerSecond: nil, clock: clock)
        try await throttle.acquire(rows: 100, bytes: 0)
        let waiting = Task { try await throttle.acquire(rows: 100, bytes: 0) }
        try await clock.waitForSleepers(1)
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
        #expect(clock.pendingDeadlines.isEmpty)
        // The cancelled rows never went through: after one second the full burst is available again.
        clock.advance(by: .seconds(1))
        try await throttle.acquire(rows: 100, bytes: 0)
        #expect(clock.pendingDeadlines.isEmpty)
    }

    @Test func aCancelledTaskIsRefusedBeforeWaiting() async throws {
        let throttle = Throttle(rowsPerSecond: 100, bytesPerSecond: nil, clock: ManualClock())
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await throttle.acquire(rows: 1, bytes: 0)
        }
        await #expect(throws: CancellationError.self) { try await task.value }
    }

    @Test func tokenBucketArithmetic() {
        var bucket = TokenBucket(rate: 4, at: .zero)
        #expect(TokenBucket(rate: 0, at: .zero) == nil)
        #expect(TokenBucket(rate: -1, at: .zero) == nil)
        #expect(TokenBucket(rate: .infinity, at: .zero) == nil)
        #expect(TokenBucket(rate: nil, at: .zero) == nil)
        #expect(bucket?.reserve(4, at: .zero) == .zero)
        #expect(bucket?.reserve(1, at: .zero) == .milliseconds(250))
        #expect(bucket?.reserve(2, at: .milliseconds(250)) == .milliseconds(500))
        bucket?.refund(2, at: .milliseconds(250))
        #expect(bucket?.tokens == 0)
        #expect(bucket?.reserve(-5, at: .milliseconds(250)) == .zero)
    }
}

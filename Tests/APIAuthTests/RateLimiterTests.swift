import Testing

@testable import APIAuth

struct RateLimiterTests {
    let start = ContinuousClock.now

    func at(_ milliseconds: Int) -> ContinuousClock.Instant {
        start.advanced(by: .milliseconds(milliseconds))
    }

    @Test func aKeyGetsItsBurstThenItsRate() {
        let limiter = RateLimiter(
            configuration: RateLimiterConfiguration(
                perKey: RateLimit(requestsPerSecond: 10, burst: 3), perAPI: nil))
        for _ in 0..<3 {
            #expect(limiter.acquire(accessKeyID: "k", api: "dataworks:ListDIJobs", now: at(0)) == .allowed)
        }
        #expect(
            limiter.acquire(accessKeyID: "k", api: "dataworks:ListDIJobs", now: at(0))
                == .throttled(.user, retryAfter: .milliseconds(100)))
        #expect(limiter.acquire(accessKeyID: "k", api: "dataworks:ListDIJobs", now: at(50)) != .allowed)
        #expect(limiter.acquire(accessKeyID: "k", api: "dataworks:ListDIJobs", now: at(100)) == .allowed)
        #expect(limiter.acquire(accessKeyID: "other", api: "dataworks:ListDIJobs", now: at(100)) == .allowed)
        // After a long idle period the bucket holds only its burst.
        for _ in 0..<3 {
            #expect(limiter.acquire(accessKeyID: "k", api: "x", now: at(60_000)) == .allowed)
        }
        #expect(limiter.acquire(accessKeyID: "k", api: "x", now: at(60_000)) != .allowed)
    }

    @Test func theAPIBucketIsSharedByAllKeys() {
        let limiter = RateLimiter(
            configuration: RateLimiterConfiguration(
                perKey: RateLimit(requestsPerSecond: 100, burst: 100),
                perAPI: RateLimit(requestsPerSecond: 1, burst: 2),
                perAPIOverrides: ["dataworks:GetDIJob": RateLimit(requestsPerSecond: 1, burst: 5)]))
        #expect(limiter.acquire(accessKeyID: "a", api: "dataworks:ListDIJobs", now: at(0)) == .allowed)
        #expect(limiter.acquire(accessKeyID: "b", api: "dataworks:ListDIJobs", now: at(0)) == .allowed)
        #expect(
            limiter.acquire(accessKeyID: "c", api: "dataworks:ListDIJobs", now: at(0))
                == .throttled(.api, retryAfter: .seconds(1)))
        for key in ["a", "b", "c", "d", "e"] {
            #expect(limiter.acquire(accessKeyID: key, api: "dataworks:GetDIJob", now: at(0)) == .allowed)
        }
        #expect(limiter.acquire(accessKeyID: "f", api: "dataworks:GetDIJob", now: at(0)) != .allowed)
    }

    @Test func aRefusedCallConsumesNoToken() {
        let limiter = RateLimiter(
            configuration: RateLimiterConfiguration(
                perKey: RateLimit(requestsPerSecond: 1, burst: 1), perAPI: RateLimit(requestsPerSecond: 1, burst: 1)))
        #expect(limiter.acquire(accessKeyID: "a", api: "x", now: at(0)) == .allowed)
        // b is refused by the API bucket: its own token stays.
        #expect(limiter.acquire(accessKeyID: "b", api: "x", now: at(0)) == .throttled(.api, retryAfter: .seconds(1)))
        #expect(limiter.acquire(accessKeyID: "b", api: "y", now: at(0)) == .allowed)
    }

    @Test func aPerKeyOverrideReplacesTheDefault() {
        let limiter = RateLimiter(
            configuration: RateLimiterConfiguration(
                perKey: RateLimit(requestsPerSecond: 1, burst: 1), perAPI: nil))
        let generous = RateLimit(requestsPerSecond: 1, burst: 4)
        for _ in 0..<4 {
            #expect(limiter.acquire(accessKeyID: "vip", api: "x", keyLimit: generous, now: at(0)) == .allowed)
        }
        #expect(limiter.acquire(accessKeyID: "vip", api: "x", keyLimit: generous, now: at(0)) != .allowed)
    }

    @Test func checkThrowsTheDocumentedCodes() {
        let limiter = RateLimiter(
            configuration: RateLimiterConfiguration(
                perKey: RateLimit(requestsPerSecond: 1, burst: 1), perAPI: RateLimit(requestsPerSecond: 1, burst: 2)))
        #expect(throws: Never.self) { try limiter.check(accessKeyID: "a", api: "x", now: at(0)) }
        do {
            try limiter.check(accessKeyID: "a", api: "x", now: at(0))
            Issue.record("not throttled")
        } catch {
            #expect(error.code == .throttledUser)
            #expect(
                error.dataWorks
                    == DialectError(
                        httpStatus: 429, code: "Throttling.User",
                        message: "Your request is too frequent. Try again later."))
            #expect(error.drs.code == "APIGW.0308")
            #expect(error.retryAfter == .seconds(1))
        }
        _ = limiter.acquire(accessKeyID: "b", api: "x", now: at(0))
        do {
            try limiter.check(accessKeyID: "c", api: "x", now: at(0))
            Issue.record("not throttled")
        } catch {
            #expect(error.code == .throttledAPI)
            #expect(error.dataWorks.code == "Throttling.Api")
            #expect(error.dataWorks.httpStatus == 429)
        }
    }

    @Test func memoryIsBounded() {
        let limiter = RateLimiter(
            configuration: RateLimiterConfiguration(
                perKey: RateLimit(requestsPerSecond: 1, burst: 2),
                perAPI: RateLimit(requestsPerSecond: 1000, burst: 10_000),
                maxTrackedKeys: 100, maxTrackedAPIs: 10))
        for index in 0..<1000 {
            _ = limiter.acquire(accessKeyID: "key\(index)", api: "api\(index % 50)", now: at(index))
        }
        #expect(limiter.trackedCounts.keys <= 100)
        #expect(limiter.trackedCounts.apis <= 10)
        // The most recent key kept its state: it has spent one of its two tokens.
        #expect(limiter.acquire(accessKeyID: "key999", api: "api0", now: at(999)) == .allowed)
        #expect(limiter.acquire(accessKeyID: "key999", api: "api0", now: at(999)) != .allowed)
    }
}

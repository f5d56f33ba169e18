import Testing

@testable import APIAuth

struct NonceCacheTests {
    @Test func aNonceIsAcceptedOncePerKeyUntilItExpires() {
        let cache = NonceCache(capacity: 10)
        #expect(cache.insert(accessKeyID: "k1", nonce: "n", expiresAt: 100, now: 0) == .inserted)
        #expect(cache.insert(accessKeyID: "k1", nonce: "n", expiresAt: 100, now: 50) == .replayed)
        #expect(cache.insert(accessKeyID: "k1", nonce: "n", expiresAt: 100, now: 100) == .replayed)
        #expect(cache.insert(accessKeyID: "k2", nonce: "n", expiresAt: 100, now: 50) == .inserted)
        #expect(cache.insert(accessKeyID: "k1", nonce: "n", expiresAt: 300, now: 101) == .inserted)
    }

    @Test func aFullCacheRefusesRatherThanForgetsLiveNonces() {
        let cache = NonceCache(capacity: 3)
        for index in 0..<3 {
            #expect(
                cache.insert(accessKeyID: "k", nonce: "n\(index)", expiresAt: 100 + Int64(index), now: 0) == .inserted)
        }
        #expect(cache.insert(accessKeyID: "k", nonce: "n3", expiresAt: 200, now: 10) == .full)
        #expect(cache.insert(accessKeyID: "k", nonce: "n0", expiresAt: 200, now: 10) == .replayed)
        // Once the first entry has expired, there is room again.
        #expect(cache.insert(accessKeyID: "k", nonce: "n3", expiresAt: 200, now: 101) == .inserted)
        #expect(cache.count == 3)
    }

    @Test func expiredEntriesArePurgedInExpiryOrder() {
        let cache = NonceCache(capacity: 1000)
        for index in (0..<500).reversed() {
            _ = cache.insert(accessKeyID: "k", nonce: "n\(index)", expiresAt: Int64(index), now: 0)
        }
        _ = cache.insert(accessKeyID: "k", nonce: "probe", expiresAt: 1000, now: 250)
        #expect(cache.count == 251)
    }

    @Test func concurrentInsertsOfOneNonceAcceptExactlyOne() async {
        let cache = NonceCache()
        let accepted = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<64 {
                group.addTask { cache.insert(accessKeyID: "k", nonce: "same", expiresAt: 100, now: 0) == .inserted }
            }
            var count = 0
            for await ok in group where ok { count += 1 }
            return count
        }
        #expect(accepted == 1)
    }
}

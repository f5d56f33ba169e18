import Foundation
import Testing

@testable import APIAuth

/// Prints verification, policy and rate-limiter throughput. Opt-in (`TIDE_AUTH_BENCH=1`) because figures from a
/// shared 2-core machine are not a pass/fail criterion; every verification is still checked for success.
struct VerificationThroughputTests {
    static let enabled = ProcessInfo.processInfo.environment["TIDE_AUTH_BENCH"] != nil

    func measure(_ label: String, count: Int, _ body: () throws -> Void) rethrows {
        let clock = ContinuousClock()
        let elapsed = try clock.measure { try body() }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        print(
            "\(label): \(count) in \(String(format: "%.3f", seconds)) s = \(Int(Double(count) / seconds))/s, "
                + "\(String(format: "%.1f", seconds / Double(count) * 1e6)) µs each")
    }

    @Test(.enabled(if: enabled))
    func signatureVerificationThroughput() throws {
        let count = 20_000
        let now = Date(timeIntervalSince1970: 1_795_447_900)
        let signer = ACS3Signer(accessKeyID: CaptureKeys.alibabaID, secret: CaptureKeys.alibabaSecret)
        let base = try #require(CapturedRequest.acs3.first).request.settingHeader("Authorization", to: nil)
        let requests = (0..<count).map { signer.sign(base, date: now, nonce: String(format: "%032x", $0)) }
        let acs3 = ACS3Verifier(nonceCache: NonceCache(capacity: count))
        try measure("ACS3 verify", count: count) {
            for request in requests {
                _ = try acs3.verify(request, secret: CaptureKeys.alibabaSecret, now: now)
            }
        }
        try measure("ACS3 claim only", count: count) {
            for request in requests { _ = try acs3.claim(for: request) }
        }
        measure("SHA-256 of a 124-byte body", count: count) {
            for request in requests { _ = SignatureMAC.sha256Hex(request.body) }
        }
        measure("HMAC-SHA256", count: count) {
            for _ in 0..<count {
                _ = SignatureMAC.mac(.acs3HMACSHA256, secret: CaptureKeys.alibabaSecret, stringToSign: [1, 2, 3])
            }
        }
        measure("header lookups x20", count: count) {
            for request in requests { for _ in 0..<20 { _ = request.headerValues("x-acs-date") } }
        }
        let huawei = try #require(CapturedRequest.huawei.first)
        let sdk = SDKHMACSHA256Verifier()
        try measure("SDK-HMAC-SHA256 verify", count: count) {
            for _ in 0..<count {
                _ = try sdk.verify(huawei.request, secret: CaptureKeys.huaweiSecret, now: huawei.receivedAt)
            }
        }
        let policy = AccessPolicy(statements: [
            .init(effect: .deny, actions: ["dataworks:Delete*"], projects: ["20000"]),
            .init(effect: .allow, actions: ["dataworks:List*", "drs:*"], projects: ["10000"]),
        ])
        let project = ProjectIdentity(numericID: 10000, hexID: "0a1b2c3d4e5f67890a1b2c3d4e5f6789")
        measure("policy evaluate", count: count * 10) {
            for _ in 0..<count * 10 {
                #expect(policy.evaluate(action: "dataworks:ListDIJobs", project: project) == .allow)
            }
        }
        let limiter = RateLimiter(
            configuration: RateLimiterConfiguration(
                perKey: RateLimit(requestsPerSecond: 1e9, burst: 1_000_000_000), perAPI: nil))
        let start = ContinuousClock.now
        measure("rate limiter acquire", count: count * 10) {
            for index in 0..<count * 10 {
                _ = limiter.acquire(accessKeyID: "k\(index % 100)", api: "x", now: start)
            }
        }
    }
}

import Foundation
import Testing

@testable import APIAuth
import TideTestSupport

/// Randomised hostile input: captured requests with random bytes overwritten, inserted or removed in their
/// signed parts. Nothing may crash, every failure is a typed `APIAuthError`, and a mutated request may verify
/// only if its string to sign is unchanged (the mutation touched nothing the signature covers, e.g. the case
/// of a hex digit in the signature).
struct HostileInputTests {
    /// The shared seeded generator (Tests/TideTestSupport).
    typealias SeededGenerator = TideTestSupport.SplitMix64

    static func mutate(_ bytes: [UInt8], using rng: inout SeededGenerator) -> [UInt8] {
        var copy = bytes
        let position = copy.isEmpty ? 0 : Int.random(in: 0..<copy.count, using: &rng)
        switch Int.random(in: 0..<3, using: &rng) {
        case 0 where !copy.isEmpty: copy[position] = UInt8.random(in: 0...255, using: &rng)
        case 1: copy.insert(UInt8.random(in: 0...255, using: &rng), at: position)
        default: if !copy.isEmpty { copy.remove(at: position) }
        }
        return copy
    }

    static func mutateSignedPart(_ request: SignedRequest, using rng: inout SeededGenerator) -> SignedRequest {
        var copy = request
        let signedHeaders = request.headers.indices.filter { index in
            let name = request.headers[index].name.lowercased()
            return name != "accept-encoding" && name != "content-length" && name != "connection" && name != "accept"
        }
        switch Int.random(in: 0..<5, using: &rng) {
        case 0: copy.body = mutate(copy.body, using: &rng)
        case 1: copy.rawQuery = String(decoding: mutate(Array(copy.rawQuery.utf8), using: &rng), as: UTF8.self)
        case 2: copy.rawPath = String(decoding: mutate(Array(copy.rawPath.utf8), using: &rng), as: UTF8.self)
        case 3:
            guard let index = signedHeaders.randomElement(using: &rng) else { break }
            copy.headers[index].name = String(
                decoding: mutate(Array(copy.headers[index].name.utf8), using: &rng), as: UTF8.self)
        default:
            guard let index = signedHeaders.randomElement(using: &rng) else { break }
            copy.headers[index].value = String(
                decoding: mutate(Array(copy.headers[index].value.utf8), using: &rng), as: UTF8.self)
        }
        return copy
    }

    func run(
        _ captures: [CapturedRequest], iterations: Int, seed: UInt64,
        verifier: () -> any RequestSignatureVerifier
    ) async throws {
        var rng = SeededGenerator(state: seed)
        var failures = 0
        for _ in 0..<iterations {
            let capture = try #require(captures.randomElement(using: &rng))
            let original = try verifier().claim(for: capture.request)
            let mutated = Self.mutateSignedPart(capture.request, using: &rng)
            if await Self.failure(verifier(), mutated, now: capture.receivedAt) != nil {
                failures += 1
            } else {
                let claim = try verifier().claim(for: mutated)
                #expect(claim.stringToSign == original.stringToSign, "verified a changed request: \(mutated)")
                #expect(claim.accessKeyID == original.accessKeyID)
            }
        }
        // Many mutations land outside the signature (unsigned headers, hex case); most must still fail.
        #expect(failures > iterations / 2)
    }

    /// The typed error of verifying `request`, or nil when it verifies.
    static func failure(
        _ verifier: any RequestSignatureVerifier, _ request: SignedRequest, now: Date
    ) async -> APIAuthError? {
        do {
            _ = try await verifier.verify(request, now: now, lookup: CaptureKeys.lookup)
            return nil
        } catch {
            return error
        }
    }

    @Test func mutatedACS3RequestsNeverVerifyWithChangedContent() async throws {
        try await run(CapturedRequest.acs3, iterations: 2000, seed: 1) { ACS3Verifier(nonceCache: NonceCache()) }
    }

    @Test func mutatedRPCV1RequestsNeverVerifyWithChangedContent() async throws {
        try await run(CapturedRequest.rpcV1, iterations: 2000, seed: 2) {
            RPCSignatureV1Verifier(nonceCache: NonceCache())
        }
    }

    @Test func mutatedSDKRequestsNeverVerifyWithChangedContent() async throws {
        try await run(CapturedRequest.huawei, iterations: 2000, seed: 3) { SDKHMACSHA256Verifier() }
    }

    @Test func policyDecodingSurvivesGarbage() {
        var rng = SeededGenerator(state: 4)
        let seed = Array(#"{"Version":"1","Statement":[{"Effect":"Allow","Action":["drs:*"],"Project":"10000"}]}"#.utf8)
        var current = seed
        for _ in 0..<3000 {
            current = Int.random(in: 0..<4, using: &rng) == 0 ? seed : Self.mutate(current, using: &rng)
            do {
                let policy = try AccessPolicy.decode(json: current)
                _ = policy.evaluate(action: "drs:ListJobs", project: ProjectIdentity(numericID: 10000))
            } catch {
                #expect(error.code == .invalidPolicy)
            }
        }
    }
}

import Foundation
import Testing

@testable import APIAuth

struct SDKHMACSHA256VerifierTests {
    let secret = CaptureKeys.huaweiSecret
    let verifier = SDKHMACSHA256Verifier()

    func code(_ request: SignedRequest, now: Date, secret: AccessKeySecret? = nil) -> APIAuthError.Code? {
        do {
            _ = try verifier.verify(request, secret: secret ?? self.secret, now: now)
            return nil
        } catch {
            return error.code
        }
    }

    @Test func capturesArePresent() {
        #expect(CapturedRequest.huawei.count == 12)
    }

    @Test(arguments: CapturedRequest.huawei)
    func everyCapturedRequestVerifies(capture: CapturedRequest) async throws {
        let result = try await verifier.verify(capture.request, now: capture.receivedAt, lookup: CaptureKeys.lookup)
        #expect(result.accessKeyID == CaptureKeys.huaweiID)
        #expect(result.scheme == .sdkHMACSHA256)
    }

    @Test(arguments: CapturedRequest.huawei)
    func tamperedCopiesFail(capture: CapturedRequest) async throws {
        let request = capture.request
        let now = capture.receivedAt
        #expect(code(Tamper.body(request), now: now) == .signatureMismatch)
        #expect(code(Tamper.header(request, "user-agent"), now: now) == .signatureMismatch)
        #expect(code(Tamper.header(request, "x-project-id"), now: now) == .signatureMismatch)
        #expect(code(Tamper.path(request), now: now) == .signatureMismatch)
        #expect(code(Tamper.query(request), now: now) == .signatureMismatch)
        let date = try #require(request.headerValues("x-sdk-date").first.flatMap(SignatureTimestamp.parseCompact))
        let later = SignatureTimestamp.formatCompact(Date(timeIntervalSince1970: TimeInterval(date + 1)))
        #expect(code(request.settingHeader("X-Sdk-Date", to: later), now: now) == .signatureMismatch)
        #expect(code(request.settingHeader("X-Sdk-Date", to: "2026-11-23T15:33:04Z"), now: now) == .invalidTimestamp)
        #expect(code(request, now: now, secret: AccessKeySecret("wrong")) == .signatureMismatch)
        let authorization = try #require(request.headerValues("authorization").first)
        for (otherID, expected) in [
            ("HWUNKNOWN", APIAuthError.Code.unknownAccessKey), ("HWOTHERAK", .signatureMismatch),
        ] {
            let forged = request.settingHeader(
                "Authorization", to: authorization.replacingOccurrences(of: CaptureKeys.huaweiID, with: otherID))
            await #expect {
                _ = try await verifier.verify(forged, now: now, lookup: CaptureKeys.lookup)
            } throws: { error in
                (error as? APIAuthError)?.code == expected
            }
        }
    }

    @Test func byteIdenticalRetriesAreAccepted() throws {
        // §2.2: the SDK re-sends identical requests (same date, same signature); there is no nonce to check.
        let capture = try #require(CapturedRequest.huawei.first)
        _ = try verifier.verify(capture.request, secret: secret, now: capture.receivedAt)
        _ = try verifier.verify(capture.request, secret: secret, now: capture.receivedAt.addingTimeInterval(1))
    }

    @Test func expiredRequestsFail() throws {
        let capture = try #require(CapturedRequest.huawei.first)
        #expect(code(capture.request, now: capture.receivedAt.addingTimeInterval(16 * 60)) == .timestampExpired)
        #expect(code(capture.request, now: capture.receivedAt.addingTimeInterval(-16 * 60)) == .timestampExpired)
        let strict = SDKHMACSHA256Verifier(options: SignatureVerificationOptions(maxClockSkew: .seconds(60)))
        #expect(throws: APIAuthError.self) {
            _ = try strict.verify(capture.request, secret: secret, now: capture.receivedAt.addingTimeInterval(61))
        }
    }

    @Test func unsignedAndMalformedRequestsFail() throws {
        let capture = try #require(CapturedRequest.huawei.first)
        let request = capture.request
        let now = capture.receivedAt
        #expect(code(request.settingHeader("Authorization", to: nil), now: now) == .missingSignature)
        #expect(
            code(request.settingHeader("Authorization", to: "V11-HMAC-SHA256 Access=a"), now: now)
                == .unsupportedSignatureMethod)
        #expect(
            code(request.settingHeader("Authorization", to: "SDK-HMAC-SHA256 Access=a"), now: now)
                == .malformedAuthorization)
        #expect(
            code(
                request.settingHeader(
                    "Authorization",
                    to:
                        "SDK-HMAC-SHA256 Access=\(CaptureKeys.huaweiID), SignedHeaders=content-type;x-sdk-date, Signature=00"
                ), now: now) == .incompleteSignature)
        #expect(code(request.settingHeader("X-Language", to: nil), now: now) == .incompleteSignature)
        #expect(
            code(request.settingHeader("X-Sdk-Content-Sha256", to: "UNSIGNED-PAYLOAD"), now: now)
                == .contentHashMismatch)
        let declared = request.settingHeader("X-Sdk-Content-Sha256", to: SignatureMAC.sha256Hex(request.body))
        #expect(code(declared, now: now) == nil)
    }

    @Test func canonicalFormsMatchTheDocumentedVectors() throws {
        #expect(
            SDKHMACSHA256Canonicalization.canonicalURI("/v3/0a1b2c3d4e5f67890a1b2c3d4e5f6789/jobs")
                == "/v3/0a1b2c3d4e5f67890a1b2c3d4e5f6789/jobs/")
        #expect(SDKHMACSHA256Canonicalization.canonicalURI("/a%20b/c/") == "/a%20b/c/")
        let capture = try #require(CapturedRequest.huawei.first { $0.method == "GET" })
        #expect(
            SDKHMACSHA256Canonicalization.canonicalQuery(capture.request.rawQuery)
                == "engine_type=mysql&instance_ids=i-1&instance_ids=i-2&job_type=migration&limit=10&name=orders%20sync%2F%E4%BB%BB%E5%8A%A1%20%2A~&offset=0&sort_dir=desc&sort_key=create_time&status=INCRE_TRANSFER_STARTED"
        )
        let first = try #require(CapturedRequest.huawei.first)
        let signed = "content-type;host;user-agent;x-language;x-project-id;x-sdk-date".split(separator: ";").map(
            String.init)
        #expect(
            SDKHMACSHA256Canonicalization.stringToSign(
                first.request, signedHeaders: signed, payloadHash: SignatureMAC.sha256Hex(first.request.body),
                sdkDate: "20261123T153304Z")
                == "SDK-HMAC-SHA256\n20261123T153304Z\nfbdfbfa8a211cd203c37a0e6be266f59c247f32919eb3cb4b65e11dc153ba5d2"
        )
    }
}

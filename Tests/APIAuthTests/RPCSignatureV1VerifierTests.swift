import Foundation
import Testing

@testable import APIAuth

struct RPCSignatureV1VerifierTests {
    let secret = CaptureKeys.alibabaSecret

    func verifier() -> RPCSignatureV1Verifier {
        RPCSignatureV1Verifier(nonceCache: NonceCache())
    }

    func code(_ request: SignedRequest, now: Date, secret: AccessKeySecret? = nil) -> APIAuthError.Code? {
        do {
            _ = try verifier().verify(request, secret: secret ?? self.secret, now: now)
            return nil
        } catch {
            return error.code
        }
    }

    /// Replaces the value of query parameter `name` in the raw query.
    func replacingQuery(_ request: SignedRequest, _ name: String, with value: String) -> SignedRequest {
        var copy = request
        copy.rawQuery = request.rawQuery.split(separator: "&").map { pair in
            pair.hasPrefix(name + "=") ? name + "=" + value : String(pair)
        }.joined(separator: "&")
        return copy
    }

    @Test func capturesArePresent() {
        #expect(CapturedRequest.rpcV1.count == 7)
    }

    @Test(arguments: CapturedRequest.rpcV1)
    func everyCapturedRequestVerifies(capture: CapturedRequest) throws {
        let result = try verifier().verify(capture.request, secret: secret, now: capture.receivedAt)
        #expect(result.accessKeyID == CaptureKeys.alibabaID)
        #expect(result.scheme == .rpcV1HMACSHA1)
    }

    @Test(arguments: CapturedRequest.rpcV1)
    func tamperedCopiesFail(capture: CapturedRequest) throws {
        let request = capture.request
        let now = capture.receivedAt
        if !request.body.isEmpty {
            #expect(code(Tamper.body(request), now: now) == .signatureMismatch)
        }
        #expect(code(Tamper.path(request), now: now) == .signatureMismatch)
        #expect(code(Tamper.query(request), now: now) == .signatureMismatch)
        #expect(code(Tamper.header(request, "x-acs-action"), now: now) == .signatureMismatch)
        #expect(
            code(replacingQuery(request, "Timestamp", with: "2026-11-23T15%3A31%3A39Z"), now: now) == .signatureMismatch
        )
        #expect(code(replacingQuery(request, "Timestamp", with: "yesterday"), now: now) == .invalidTimestamp)
        #expect(
            code(replacingQuery(request, "AccessKeyId", with: "LTAI5tOtherKey"), now: now, secret: secret)
                == .signatureMismatch)
        #expect(code(replacingQuery(request, "SignatureNonce", with: "0000"), now: now) == .signatureMismatch)
        #expect(code(request, now: now, secret: AccessKeySecret("wrong")) == .signatureMismatch)
    }

    @Test(arguments: CapturedRequest.rpcV1)
    func anAddedFormBodyFailsWithOrWithoutContentType(capture: CapturedRequest) {
        var added = capture.request
        added.body += Array((added.body.isEmpty ? "ProjectId=2" : "&ProjectId=2").utf8)
        #expect(code(added, now: capture.receivedAt) == .signatureMismatch)
        #expect(code(added.settingHeader("content-type", to: nil), now: capture.receivedAt) == .signatureMismatch)
    }

    @Test(arguments: CapturedRequest.rpcV1)
    func unsignedHeadersOutsideTheSchemeDoNotMatter(capture: CapturedRequest) throws {
        // v1 signs parameters only; a changed User-Agent is outside the signature by design (§1.6).
        let changed = Tamper.header(capture.request, "user-agent")
        _ = try verifier().verify(changed, secret: secret, now: capture.receivedAt)
    }

    @Test func expiredAndReplayedRequestsFail() throws {
        let capture = try #require(CapturedRequest.rpcV1.first)
        let v = verifier()
        #expect(code(capture.request, now: capture.receivedAt.addingTimeInterval(3600)) == .timestampExpired)
        _ = try v.verify(capture.request, secret: secret, now: capture.receivedAt)
        #expect(throws: APIAuthError.self) {
            _ = try v.verify(capture.request, secret: secret, now: capture.receivedAt)
        }
        do {
            _ = try v.verify(capture.request, secret: secret, now: capture.receivedAt)
        } catch {
            #expect(error.code == .nonceReused)
        }
    }

    @Test func missingAndUnsupportedParametersFail() throws {
        let capture = try #require(CapturedRequest.rpcV1.first)
        let request = capture.request
        let now = capture.receivedAt
        var unsigned = request
        unsigned.rawQuery = request.rawQuery.split(separator: "&").filter { !$0.hasPrefix("Signature=") }
            .joined(separator: "&")
        #expect(code(unsigned, now: now) == .missingSignature)
        #expect(
            code(replacingQuery(request, "SignatureMethod", with: "HMAC-SHA256"), now: now)
                == .unsupportedSignatureMethod)
        #expect(code(replacingQuery(request, "SignatureVersion", with: "2.0"), now: now) == .unsupportedSignatureMethod)
        #expect(code(replacingQuery(request, "AccessKeyId", with: ""), now: now) == .missingAccessKeyID)
        #expect(code(replacingQuery(request, "SignatureNonce", with: ""), now: now) == .incompleteSignature)
        var doubled = request
        doubled.rawQuery += "&AccessKeyId=other"
        #expect(code(doubled, now: now) == .malformedRequest)
        #expect(code(replacingQuery(request, "Signature", with: "%%%"), now: now) == .signatureMismatch)
    }

    @Test func stringToSignMatchesTheDocumentedVector() throws {
        let capture = try #require(CapturedRequest.rpcV1.first { $0.raw_path.contains("Action=StartDIJob") })
        let canonicalized =
            "AccessKeyId=LTAI5tFakeAccessKeyId01&Action=StartDIJob&DIJobId=11792&ForceToRerun=True&Format=json&RealtimeStartSettings=%7B%22FailoverSettings%22%3A%7B%22Interval%22%3A30%2C%22UpperLimit%22%3A5%7D%2C%22StartTime%22%3A1700000000%7D&SignatureMethod=HMAC-SHA1&SignatureNonce=51da0c1433870039b6c16adf10541365&SignatureVersion=1.0&Timestamp=2026-11-23T15%3A31%3A40Z&Version=2020-05-18"
        #expect(RPCSignatureV1.stringToSign(capture.request) == "POST&%2F&" + PercentEncoding.rfc3986(canonicalized))
        let signer = RPCSignatureV1Signer(accessKeyID: CaptureKeys.alibabaID, secret: secret)
        #expect(signer.signature(for: capture.request) == "cwehLvo+wqy1IgDzaNcseTx6qZ0=")
    }
}

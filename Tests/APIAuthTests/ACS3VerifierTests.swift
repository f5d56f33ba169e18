import Foundation
import Testing

@testable import APIAuth

struct ACS3VerifierTests {
    let secret = CaptureKeys.alibabaSecret

    func verifier(skew: Duration = .seconds(900)) -> ACS3Verifier {
        ACS3Verifier(options: SignatureVerificationOptions(maxClockSkew: skew), nonceCache: NonceCache())
    }

    func code(_ body: () throws(APIAuthError) -> Void) -> APIAuthError.Code? {
        do {
            try body()
            return nil
        } catch {
            return error.code
        }
    }

    @Test func capturesArePresent() {
        #expect(CapturedRequest.acs3.count == 13)
    }

    @Test(arguments: CapturedRequest.acs3)
    func everyCapturedRequestVerifies(capture: CapturedRequest) throws {
        let result = try verifier().verify(capture.request, secret: secret, now: capture.receivedAt)
        #expect(result.accessKeyID == CaptureKeys.alibabaID)
        #expect(result.scheme == .acs3HMACSHA256)
    }

    @Test(arguments: CapturedRequest.acs3)
    func capturedRequestVerifiesThroughLookup(capture: CapturedRequest) async throws {
        let result = try await verifier().verify(
            capture.request, now: capture.receivedAt, lookup: CaptureKeys.lookup)
        #expect(result.accessKeyID == CaptureKeys.alibabaID)
    }

    @Test(arguments: CapturedRequest.acs3)
    func tamperedCopiesFail(capture: CapturedRequest) throws {
        let request = capture.request
        let now = capture.receivedAt
        let check = { (tampered: SignedRequest) in
            self.code { () throws(APIAuthError) in
                _ = try self.verifier().verify(tampered, secret: self.secret, now: now)
            }
        }
        #expect(check(Tamper.body(request)) == .contentHashMismatch)
        let rehashed = Tamper.body(request).settingHeader(
            "x-acs-content-sha256", to: SignatureMAC.sha256Hex(Tamper.body(request).body))
        #expect(check(rehashed) == .signatureMismatch)
        #expect(check(Tamper.header(request, "user-agent")) == .signatureMismatch)
        #expect(check(Tamper.header(request, "x-acs-action")) == .signatureMismatch)
        #expect(check(Tamper.header(request, "x-acs-signature-nonce")) == .signatureMismatch)
        #expect(check(Tamper.path(request)) == .signatureMismatch)
        #expect(check(Tamper.query(request)) == .signatureMismatch)
        let date = try #require(request.headerValues("x-acs-date").first.flatMap(SignatureTimestamp.parseExtended))
        let later = SignatureTimestamp.formatExtended(Date(timeIntervalSince1970: TimeInterval(date + 1)))
        #expect(check(request.settingHeader("x-acs-date", to: later)) == .signatureMismatch)
        #expect(check(request.settingHeader("x-acs-date", to: "2026-11-23 15:31:40")) == .invalidTimestamp)
        let wrongSecret = code { () throws(APIAuthError) in
            _ = try verifier().verify(request, secret: AccessKeySecret("wrong"), now: now)
        }
        #expect(wrongSecret == .signatureMismatch)
    }

    @Test(arguments: CapturedRequest.acs3)
    func tamperedKeyIDFails(capture: CapturedRequest) async throws {
        let authorization = try #require(capture.request.headerValues("authorization").first)
        for (otherID, expected) in [
            ("LTAI5tUnknown", APIAuthError.Code.unknownAccessKey), ("LTAI5tOtherKey", .signatureMismatch),
        ] {
            let forged = capture.request.settingHeader(
                "Authorization", to: authorization.replacingOccurrences(of: CaptureKeys.alibabaID, with: otherID))
            await #expect {
                _ = try await verifier().verify(forged, now: capture.receivedAt, lookup: CaptureKeys.lookup)
            } throws: { error in
                (error as? APIAuthError)?.code == expected
            }
        }
    }

    @Test func expiredAndFutureRequestsFail() throws {
        let capture = try #require(CapturedRequest.acs3.first)
        let request = capture.request
        let v = verifier(skew: .seconds(900))
        #expect(
            code { () throws(APIAuthError) in
                _ = try v.verify(request, secret: secret, now: capture.receivedAt.addingTimeInterval(901))
            } == .timestampExpired)
        #expect(
            code { () throws(APIAuthError) in
                _ = try v.verify(request, secret: secret, now: capture.receivedAt.addingTimeInterval(-902))
            } == .timestampExpired)
        #expect(
            code { () throws(APIAuthError) in
                _ = try v.verify(request, secret: secret, now: capture.receivedAt.addingTimeInterval(899))
            } == nil)
    }

    @Test func replayedRequestFails() throws {
        let capture = try #require(CapturedRequest.acs3.first)
        let v = verifier()
        _ = try v.verify(capture.request, secret: secret, now: capture.receivedAt)
        #expect(
            code { () throws(APIAuthError) in
                _ = try v.verify(capture.request, secret: secret, now: capture.receivedAt.addingTimeInterval(5))
            } == .nonceReused)
    }

    @Test func forgedRequestDoesNotBurnTheNonce() throws {
        let capture = try #require(CapturedRequest.acs3.first)
        let v = verifier()
        #expect(
            code { () throws(APIAuthError) in
                _ = try v.verify(capture.request, secret: AccessKeySecret("wrong"), now: capture.receivedAt)
            } == .signatureMismatch)
        _ = try v.verify(capture.request, secret: secret, now: capture.receivedAt)
    }

    @Test func unsignedAndMalformedRequestsFail() throws {
        let capture = try #require(CapturedRequest.acs3.first)
        let request = capture.request
        let v = verifier()
        let check = { (r: SignedRequest) in
            self.code { () throws(APIAuthError) in _ = try v.verify(r, secret: self.secret, now: capture.receivedAt) }
        }
        #expect(check(request.settingHeader("Authorization", to: nil)) == .missingSignature)
        #expect(check(request.settingHeader("Authorization", to: "garbage")) == .malformedAuthorization)
        #expect(
            check(
                request.settingHeader("Authorization", to: "ACS3-HMAC-SM3 Credential=a,SignedHeaders=host,Signature=00")
            ) == .unsupportedSignatureMethod)
        #expect(
            check(
                request.settingHeader(
                    "Authorization", to: "ACS3-HMAC-SHA256 Credential=,SignedHeaders=host,Signature=00"))
                == .missingAccessKeyID)
        #expect(
            check(request.settingHeader("Authorization", to: "ACS3-HMAC-SHA256 Credential=a,Signature=00"))
                == .malformedAuthorization)
        let unsignedNonce =
            "ACS3-HMAC-SHA256 Credential=\(CaptureKeys.alibabaID),SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-version,Signature=00"
        #expect(check(request.settingHeader("Authorization", to: unsignedNonce)) == .incompleteSignature)
        #expect(check(request.settingHeader("x-acs-signature-nonce", to: nil)) == .incompleteSignature)
        var doubled = request
        doubled.headers.append(HTTPHeaderField(name: "X-Acs-Date", value: "2026-11-23T15:31:41Z"))
        #expect(check(doubled) == .malformedRequest)
        let badHex = try #require(request.headerValues("authorization").first).replacingOccurrences(
            of: "Signature=", with: "Signature=zz")
        #expect(check(request.settingHeader("Authorization", to: badHex)) == .signatureMismatch)
    }

    @Test func canonicalRequestMatchesTheDocumentedVector() throws {
        let capture = try #require(CapturedRequest.acs3.first)
        let signed =
            "accept;content-type;host;user-agent;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version"
        let stringToSign = ACS3Canonicalization.stringToSign(
            capture.request, signedHeaders: signed.split(separator: ";").map(String.init),
            payloadHash: SignatureMAC.sha256Hex(capture.request.body))
        #expect(stringToSign == "ACS3-HMAC-SHA256\n316494d48fc0adcc1f2720ac305717407276ebe8fa68992ce0e0da2bdafed4e7")
    }

    @Test func canonicalQueryMatchesTheDocumentedVector() throws {
        let capture = try #require(CapturedRequest.acs3.first { $0.raw_path.contains("ClientToken=tok-0001") })
        #expect(
            ACS3Canonicalization.canonicalQuery(capture.request.rawQuery)
                == "ClientToken=tok-0001&ProjectId=10000&TaskName=orders%20sync%2F%E4%BB%BB%E5%8A%A1%20%231&TaskParam=%7B%22FileFolderPath%22%3A%20%22%E4%B8%9A%E5%8A%A1%E6%B5%81%E7%A8%8B%2Fdemo%2F%E6%95%B0%E6%8D%AE%E9%9B%86%E6%88%90%22%2C%20%22ResourceGroup%22%3A%20%22S_res_group_1%22%7D&TaskType=DI_OFFLINE"
        )
    }
}

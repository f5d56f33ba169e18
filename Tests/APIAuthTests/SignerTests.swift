import Foundation
import Testing

@testable import APIAuth

struct SignerTests {
    /// The capture without its signature, ready to be signed again.
    func signedHeaders(of authorization: String) -> [String] {
        guard let range = authorization.range(of: "SignedHeaders=") else { return [] }
        let rest = authorization[range.upperBound...]
        let list = rest.prefix { $0 != "," }
        return list.split(separator: ";").map(String.init)
    }

    @Test(arguments: CapturedRequest.acs3)
    func acs3SignerReproducesCapturedSignatures(capture: CapturedRequest) throws {
        let authorization = try #require(capture.request.headerValues("authorization").first)
        let unsigned = capture.request.settingHeader("Authorization", to: nil)
        let signer = ACS3Signer(accessKeyID: CaptureKeys.alibabaID, secret: CaptureKeys.alibabaSecret)
        #expect(signer.authorization(for: unsigned, signedHeaders: signedHeaders(of: authorization)) == authorization)
        // Signing from scratch with the capture's date and nonce gives the same header too.
        let date = try #require(unsigned.headerValues("x-acs-date").first.flatMap(SignatureTimestamp.parseExtended))
        let nonce = try #require(unsigned.headerValues("x-acs-signature-nonce").first)
        let resigned = signer.sign(
            unsigned.settingHeader("Accept-Encoding", to: nil).settingHeader("Content-Length", to: nil),
            date: Date(timeIntervalSince1970: TimeInterval(date)), nonce: nonce)
        #expect(resigned.headerValues("authorization") == [authorization])
    }

    @Test(arguments: CapturedRequest.rpcV1)
    func rpcV1SignerReproducesCapturedSignatures(capture: CapturedRequest) throws {
        let request = capture.request
        let signature = try #require(
            QueryParameter.parse(request.rawQuery).first { $0.hasKey("Signature") }?.valueText)
        let signer = RPCSignatureV1Signer(accessKeyID: CaptureKeys.alibabaID, secret: CaptureKeys.alibabaSecret)
        #expect(signer.signature(for: request) == signature)
    }

    @Test(arguments: CapturedRequest.huawei)
    func sdkSignerReproducesCapturedSignatures(capture: CapturedRequest) throws {
        let authorization = try #require(capture.request.headerValues("authorization").first)
        let unsigned = capture.request.settingHeader("Authorization", to: nil)
        let signer = SDKHMACSHA256Signer(accessKeyID: CaptureKeys.huaweiID, secret: CaptureKeys.huaweiSecret)
        let names = signedHeaders(of: authorization)
        #expect(signer.authorization(for: unsigned, signedHeaders: names) == authorization)
        // Signing from scratch over the headers the SDK had set gives the same header too.
        var sdkHeaders = unsigned
        sdkHeaders.headers.removeAll { !names.contains($0.name.lowercased()) }
        let date = try #require(unsigned.headerValues("x-sdk-date").first.flatMap(SignatureTimestamp.parseCompact))
        let resigned = signer.sign(sdkHeaders, date: Date(timeIntervalSince1970: TimeInterval(date)))
        #expect(resigned.headerValues("authorization") == [authorization])
    }

    let now = Date(timeIntervalSince1970: 1_795_447_900)

    func baseRequest(body: String) -> SignedRequest {
        SignedRequest(
            method: "POST", target: "/?ProjectId=10000&TaskName=a%20b%2A~",
            headers: [
                HTTPHeaderField(name: "host", value: "127.0.0.1:8080"),
                HTTPHeaderField(name: "x-acs-action", value: "ListDIJobs"),
                HTTPHeaderField(name: "x-acs-version", value: "2020-05-18"),
                HTTPHeaderField(name: "content-type", value: "application/x-www-form-urlencoded"),
            ], body: Array(body.utf8))
    }

    @Test func acs3RoundTrips() async throws {
        let pair = AccessKeyPair.generate()
        let signer = ACS3Signer(accessKeyID: pair.accessKeyID, secret: pair.secret)
        let signed = signer.sign(baseRequest(body: "PageSize=20&JobName=%E4%B8%AD"), date: now)
        let lookup = StaticAccessKeySecretLookup([pair.accessKeyID: pair.secret])
        let result = try await RequestAuthenticator().authenticate(
            signed, dialect: .dataWorks, now: now, lookup: lookup)
        #expect(result == AuthenticatedRequest(accessKeyID: pair.accessKeyID, scheme: .acs3HMACSHA256, signedAt: now))
    }

    @Test func rpcV1RoundTrips() async throws {
        let pair = AccessKeyPair.generate()
        var request = baseRequest(body: "DIJobId=1&ForceToRerun=True")
        request.rawQuery = "Action=ListDIJobs&Version=2020-05-18&" + request.rawQuery
        let signed = RPCSignatureV1Signer(accessKeyID: pair.accessKeyID, secret: pair.secret).sign(request, date: now)
        let lookup = StaticAccessKeySecretLookup([pair.accessKeyID: pair.secret])
        let result = try await RequestAuthenticator().authenticate(
            signed, dialect: .dataWorks, now: now, lookup: lookup)
        #expect(result.scheme == .rpcV1HMACSHA1)
        #expect(result.accessKeyID == pair.accessKeyID)
    }

    @Test func sdkHMACSHA256RoundTrips() async throws {
        let pair = AccessKeyPair.generate()
        let request = SignedRequest(
            method: "GET", target: "/v5/0a1b2c3d4e5f67890a1b2c3d4e5f6789/jobs?name=a%20b&limit=10",
            headers: [
                HTTPHeaderField(name: "Host", value: "127.0.0.1:8080"),
                HTTPHeaderField(name: "Content-Type", value: "application/json"),
                HTTPHeaderField(name: "X-Project-Id", value: "0a1b2c3d4e5f67890a1b2c3d4e5f6789"),
            ], body: [])
        let signed = SDKHMACSHA256Signer(accessKeyID: pair.accessKeyID, secret: pair.secret).sign(request, date: now)
        let lookup = StaticAccessKeySecretLookup([pair.accessKeyID: pair.secret])
        let result = try await RequestAuthenticator().authenticate(signed, dialect: .drs, now: now, lookup: lookup)
        #expect(result.scheme == .sdkHMACSHA256)
    }

    @Test func generatedKeysHaveTheDocumentedShapeAndRedactTheirSecret() {
        let pair = AccessKeyPair.generate()
        #expect(pair.accessKeyID.hasPrefix("TIDE"))
        #expect(pair.accessKeyID.count == 24)
        #expect(pair.secret.plaintext.count == 32)
        #expect("\(pair.secret)" == "<redacted>")
        #expect(!String(reflecting: pair).contains(pair.secret.plaintext))
        #expect(AccessKeyPair.generate().accessKeyID != pair.accessKeyID)
    }
}

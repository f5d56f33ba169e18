import Foundation
import Testing

@testable import APIAuth

struct RequestAuthenticatorTests {
    struct FailingLookup: AccessKeySecretLookup {
        struct StoreDown: Error {}
        func secret(forAccessKeyID accessKeyID: String) async throws -> AccessKeySecret? { throw StoreDown() }
    }

    func failure(
        _ request: SignedRequest, _ dialect: APIDialect, now: Date,
        lookup: some AccessKeySecretLookup = CaptureKeys.lookup
    ) async -> APIAuthError? {
        do {
            _ = try await RequestAuthenticator().authenticate(request, dialect: dialect, now: now, lookup: lookup)
            return nil
        } catch {
            return error
        }
    }

    @Test func everyCaptureAuthenticatesInItsDialect() async throws {
        let authenticator = RequestAuthenticator()
        for capture in CapturedRequest.alibaba {
            let result = try await authenticator.authenticate(
                capture.request, dialect: .dataWorks, now: capture.receivedAt, lookup: CaptureKeys.lookup)
            #expect(result.accessKeyID == CaptureKeys.alibabaID)
        }
        for capture in CapturedRequest.huawei {
            let result = try await authenticator.authenticate(
                capture.request, dialect: .drs, now: capture.receivedAt, lookup: CaptureKeys.lookup)
            #expect(result.accessKeyID == CaptureKeys.huaweiID)
        }
    }

    @Test func theSchemeFollowsTheRequest() throws {
        let authenticator = RequestAuthenticator()
        #expect(try authenticator.scheme(of: CapturedRequest.acs3[0].request, dialect: .dataWorks) == .acs3HMACSHA256)
        #expect(try authenticator.scheme(of: CapturedRequest.rpcV1[0].request, dialect: .dataWorks) == .rpcV1HMACSHA1)
        #expect(try authenticator.scheme(of: CapturedRequest.huawei[0].request, dialect: .drs) == .sdkHMACSHA256)
    }

    @Test func unsignedRequestsGetEachDialectsError() async throws {
        let unsigned = SignedRequest(method: "POST", target: "/", headers: [], body: [])
        let dataWorks = try #require(await failure(unsigned, .dataWorks, now: Date()))
        #expect(dataWorks.code == .missingSignature)
        #expect(dataWorks.dataWorks.httpStatus == 400)
        #expect(dataWorks.dataWorks.code == "IncompleteSignature")
        let drs = try #require(await failure(unsigned, .drs, now: Date()))
        #expect(drs.code == .missingSignature)
        #expect(
            drs.drs
                == DialectError(
                    httpStatus: 401, code: "APIGW.0301",
                    message: "Incorrect IAM authentication information: " + drs.message))
        let token = unsigned.settingHeader("X-Auth-Token", to: "t")
        #expect(await failure(token, .drs, now: Date())?.code == .unsupportedSignatureMethod)
        let bearer = unsigned.settingHeader("x-acs-bearer-token", to: "t")
        #expect(await failure(bearer, .dataWorks, now: Date())?.code == .unsupportedSignatureMethod)
    }

    @Test func aSchemeOfTheOtherDialectIsRefused() async throws {
        let huawei = CapturedRequest.huawei[0]
        #expect(await failure(huawei.request, .dataWorks, now: huawei.receivedAt)?.code == .malformedAuthorization)
        let alibaba = CapturedRequest.acs3[0]
        #expect(await failure(alibaba.request, .drs, now: alibaba.receivedAt)?.code == .unsupportedSignatureMethod)
    }

    @Test func unknownKeysAndLookupFailuresAreTyped() async throws {
        let capture = CapturedRequest.acs3[0]
        let empty = StaticAccessKeySecretLookup([:])
        let unknown = try #require(await failure(capture.request, .dataWorks, now: capture.receivedAt, lookup: empty))
        #expect(unknown.code == .unknownAccessKey)
        #expect(unknown.accessKeyID == CaptureKeys.alibabaID)
        #expect(unknown.dataWorks.httpStatus == 404)
        #expect(unknown.dataWorks.code == "InvalidAccessKeyId.NotFound")
        let down = try #require(
            await failure(capture.request, .dataWorks, now: capture.receivedAt, lookup: FailingLookup()))
        #expect(down.code == .secretLookupFailed)
        #expect(down.dataWorks.httpStatus == 500)
        #expect(down.dataWorks.code == "InternalError.System")
        #expect(down.drs.httpStatus == 500)
    }

    @Test func theReplayCacheIsSharedByBothAlibabaSchemes() async throws {
        let cache = NonceCache()
        let authenticator = RequestAuthenticator(nonceCache: cache)
        for capture in CapturedRequest.alibaba {
            _ = try await authenticator.authenticate(
                capture.request, dialect: .dataWorks, now: capture.receivedAt, lookup: CaptureKeys.lookup)
        }
        #expect(cache.count == CapturedRequest.alibaba.count)
        for capture in CapturedRequest.alibaba {
            await #expect {
                _ = try await authenticator.authenticate(
                    capture.request, dialect: .dataWorks, now: capture.receivedAt, lookup: CaptureKeys.lookup)
            } throws: { ($0 as? APIAuthError)?.code == .nonceReused }
        }
    }

    @Test func errorsNeverCarryTheSecret() async throws {
        let capture = CapturedRequest.acs3[0]
        let wrong = StaticAccessKeySecretLookup([CaptureKeys.alibabaID: AccessKeySecret("S3cr3t-Value-XYZ")])
        let error = try #require(await failure(capture.request, .dataWorks, now: capture.receivedAt, lookup: wrong))
        #expect(error.code == .signatureMismatch)
        for text in [error.description, error.message, error.dataWorks.message, error.drs.message, "\(error)"] {
            #expect(!text.contains("S3cr3t"))
            #expect(!text.contains(CaptureKeys.alibabaSecret.plaintext))
        }
    }
}

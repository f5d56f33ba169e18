#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The two HTTP API dialects, each with its own signature schemes and error vocabulary.
public enum APIDialect: String, Sendable, Hashable {
    /// Alibaba Cloud DataWorks 2020-05-18: ACS3-HMAC-SHA256 or RPC signature v1.
    case dataWorks
    /// Huawei Cloud DRS v3: SDK-HMAC-SHA256.
    case drs
}

/// The API layer's single entry point for authentication: picks the scheme a request uses within its dialect
/// and runs that verifier. ACS3 and RPC v1 share one nonce cache.
public struct RequestAuthenticator: Sendable {
    /// ACS3-HMAC-SHA256 verifier.
    public let acs3: ACS3Verifier
    /// RPC signature v1 verifier.
    public let rpcV1: RPCSignatureV1Verifier
    /// SDK-HMAC-SHA256 verifier.
    public let sdkHMACSHA256: SDKHMACSHA256Verifier

    /// Creates an authenticator with one replay cache for the Alibaba schemes.
    public init(
        options: SignatureVerificationOptions = SignatureVerificationOptions(),
        nonceCache: NonceCache = NonceCache()
    ) {
        self.acs3 = ACS3Verifier(options: options, nonceCache: nonceCache)
        self.rpcV1 = RPCSignatureV1Verifier(options: options, nonceCache: nonceCache)
        self.sdkHMACSHA256 = SDKHMACSHA256Verifier(options: options)
    }

    /// The scheme `request` is signed with in `dialect`.
    /// - Throws: `.missingSignature` for an unsigned request, `.unsupportedSignatureMethod` for bearer or
    ///   token authentication.
    public func scheme(of request: SignedRequest, dialect: APIDialect) throws(APIAuthError) -> SignatureScheme {
        let hasAuthorization = !request.headerValues("authorization").isEmpty
        switch dialect {
        case .dataWorks:
            if hasAuthorization { return .acs3HMACSHA256 }
            if QueryParameter.parse(request.rawQuery).contains(where: { $0.hasKey("Signature") }) {
                return .rpcV1HMACSHA1
            }
            if !request.headerValues("x-acs-bearer-token").isEmpty {
                throw APIAuthError(.unsupportedSignatureMethod, "Bearer token authentication is not supported.")
            }
            throw APIAuthError(
                .missingSignature, "The request is not signed: use ACS3-HMAC-SHA256 or RPC signature v1.")
        case .drs:
            if hasAuthorization { return .sdkHMACSHA256 }
            if !request.headerValues("x-auth-token").isEmpty {
                throw APIAuthError(
                    .unsupportedSignatureMethod, "IAM token authentication is not supported; sign with AK/SK.")
            }
            throw APIAuthError(.missingSignature, "The request is not signed: use SDK-HMAC-SHA256 (AK/SK).")
        }
    }

    /// The verifier for `scheme`.
    public func verifier(for scheme: SignatureScheme) -> any RequestSignatureVerifier {
        switch scheme {
        case .acs3HMACSHA256: acs3
        case .rpcV1HMACSHA1: rpcV1
        case .sdkHMACSHA256: sdkHMACSHA256
        }
    }

    /// Authenticates `request` for `dialect` at time `now`, looking the key's secret up through `lookup`.
    /// - Throws: `APIAuthError`; map it with `.dataWorks` or `.drs`.
    public func authenticate(
        _ request: SignedRequest, dialect: APIDialect, now: Date, lookup: some AccessKeySecretLookup
    ) async throws(APIAuthError) -> AuthenticatedRequest {
        switch try scheme(of: request, dialect: dialect) {
        case .acs3HMACSHA256: try await acs3.verify(request, now: now, lookup: lookup)
        case .rpcV1HMACSHA1: try await rpcV1.verify(request, now: now, lookup: lookup)
        case .sdkHMACSHA256: try await sdkHMACSHA256.verify(request, now: now, lookup: lookup)
        }
    }
}

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The three request signature schemes Tide verifies.
public enum SignatureScheme: String, Sendable, Hashable, CaseIterable {
    /// Alibaba Cloud ACS3-HMAC-SHA256, the DataWorks SDK default (sdk-wire-formats §1.5).
    case acs3HMACSHA256 = "ACS3-HMAC-SHA256"
    /// Alibaba Cloud RPC signature v1, HMAC-SHA1 in the query (sdk-wire-formats §1.6).
    case rpcV1HMACSHA1 = "HMAC-SHA1"
    /// Huawei Cloud SDK-HMAC-SHA256 (sdk-wire-formats §2.5).
    case sdkHMACSHA256 = "SDK-HMAC-SHA256"
}

/// What a request claims about itself, parsed and canonicalised without knowing the secret.
///
/// A verifier builds it from a `SignedRequest` (step 1); `verify(secret:now:...)` then recomputes the MAC,
/// checks the clock skew and the nonce (step 2). The split lets the caller look the secret up in between.
public struct SignatureClaim: Sendable, Hashable {
    /// The scheme the request was signed with.
    public var scheme: SignatureScheme
    /// The access key id the request names.
    public var accessKeyID: String
    /// The signing time the request carries, in seconds since the Unix epoch.
    public var timestamp: Int64
    /// The signature nonce (ACS3 `x-acs-signature-nonce`, RPC v1 `SignatureNonce`); nil for SDK-HMAC-SHA256.
    public var nonce: String?
    /// The signature bytes the request carries; nil when they are not valid hex/base64.
    var providedSignature: [UInt8]?
    /// The string to sign recomputed from the request.
    var stringToSign: [UInt8]

    /// The signing time as a `Date`.
    public var signedAt: Date { Date(timeIntervalSince1970: TimeInterval(timestamp)) }
}

/// A request whose signature, date and nonce were verified.
public struct AuthenticatedRequest: Sendable, Hashable {
    /// The authenticated access key id; authorize and throttle by it.
    public var accessKeyID: String
    /// The scheme that was verified.
    public var scheme: SignatureScheme
    /// The signing time the request carried.
    public var signedAt: Date

    /// Creates a result.
    public init(accessKeyID: String, scheme: SignatureScheme, signedAt: Date) {
        self.accessKeyID = accessKeyID
        self.scheme = scheme
        self.signedAt = signedAt
    }
}

/// Limits applied when verifying a signature.
public struct SignatureVerificationOptions: Sendable, Hashable {
    /// Largest allowed difference between the request's date and `now`, either way. Default 15 minutes, the
    /// window both the Alibaba (§1.5) and the Huawei (§2.5) gateways allow.
    public var maxClockSkew: Duration
    /// Longest nonce accepted (bounds the replay cache's memory per entry).
    public var maxNonceLength: Int

    /// Creates options.
    public init(maxClockSkew: Duration = .seconds(900), maxNonceLength: Int = 128) {
        self.maxClockSkew = maxClockSkew
        self.maxNonceLength = maxNonceLength
    }

    /// The skew in whole seconds.
    var maxClockSkewSeconds: Int64 { max(0, maxClockSkew.components.seconds) }
}

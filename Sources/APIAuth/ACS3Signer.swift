#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Signs requests with ACS3-HMAC-SHA256 as the DataWorks Python SDK does (sdk-wire-formats §1.2 and §1.5):
/// it sets `x-acs-date`, `x-acs-signature-nonce` and `x-acs-content-sha256`, then signs `accept`,
/// `content-type`, `host`, `user-agent` and every `x-acs-*` header present. The `tide` CLI uses it.
public struct ACS3Signer: Sendable {
    /// The access key id put in `Credential=`.
    public var accessKeyID: String
    /// The secret the MAC is keyed with.
    public var secret: AccessKeySecret

    /// Creates a signer for one key.
    public init(accessKeyID: String, secret: AccessKeySecret) {
        self.accessKeyID = accessKeyID
        self.secret = secret
    }

    /// Returns `request` with the date, nonce, content hash and Authorization headers set.
    /// The caller sets `host`, `x-acs-action` and `x-acs-version` (and `content-type` for a form body) first.
    public func sign(_ request: SignedRequest, date: Date, nonce: String = ACS3Signer.randomNonce()) -> SignedRequest {
        let prepared =
            request
            .settingHeader("x-acs-date", to: SignatureTimestamp.formatExtended(date))
            .settingHeader("x-acs-signature-nonce", to: nonce)
            .settingHeader("x-acs-content-sha256", to: SignatureMAC.sha256Hex(request.body))
        let names = Set(
            prepared.headers.map { $0.name.lowercased() }.filter {
                $0.hasPrefix("x-acs-") || ["accept", "content-type", "host", "user-agent"].contains($0)
            })
        return prepared.settingHeader(
            "Authorization", to: authorization(for: prepared, signedHeaders: names.sorted()))
    }

    /// The Authorization header value for `request` over exactly `signedHeaders` (lower case, in order).
    /// The request must already carry its `x-acs-*` headers.
    public func authorization(for request: SignedRequest, signedHeaders: [String]) -> String {
        let stringToSign = ACS3Canonicalization.stringToSign(
            request, signedHeaders: signedHeaders, payloadHash: SignatureMAC.sha256Hex(request.body))
        let mac = SignatureMAC.mac(.acs3HMACSHA256, secret: secret, stringToSign: Array(stringToSign.utf8))
        return ACS3Canonicalization.algorithm + " Credential=" + accessKeyID + ",SignedHeaders="
            + signedHeaders.joined(separator: ";") + ",Signature=" + HexEncoding.encode(mac)
    }

    /// 32 random lower-case hex characters, the shape of the SDK's nonce.
    public static func randomNonce() -> String {
        var rng = SystemRandomNumberGenerator()
        return HexEncoding.encode((0..<16).map { _ in UInt8.random(in: 0...255, using: &rng) })
    }
}

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Signs requests with the legacy RPC signature v1 (HMAC-SHA1, sdk-wire-formats §1.6): it appends the common
/// parameters (`Format`, `Timestamp`, `SignatureNonce`, `SignatureMethod`, `SignatureVersion`, `AccessKeyId`)
/// and then `Signature` to the query. The caller puts `Action` and `Version` in the query first.
public struct RPCSignatureV1Signer: Sendable {
    /// The access key id put in `AccessKeyId`.
    public var accessKeyID: String
    /// The secret the MAC is keyed with (`secret + "&"`).
    public var secret: AccessKeySecret

    /// Creates a signer for one key.
    public init(accessKeyID: String, secret: AccessKeySecret) {
        self.accessKeyID = accessKeyID
        self.secret = secret
    }

    /// Returns `request` with the common parameters and `Signature` appended to its query.
    public func sign(_ request: SignedRequest, date: Date, nonce: String = ACS3Signer.randomNonce()) -> SignedRequest {
        var copy = request
        let common = [
            ("Format", "json"), ("Timestamp", SignatureTimestamp.formatExtended(date)), ("SignatureNonce", nonce),
            ("SignatureMethod", RPCSignatureV1.signatureMethod),
            ("SignatureVersion", RPCSignatureV1.signatureVersion), ("AccessKeyId", accessKeyID),
        ]
        let appended = common.map { PercentEncoding.rfc3986($0.0) + "=" + PercentEncoding.rfc3986($0.1) }
            .joined(separator: "&")
        copy.rawQuery = copy.rawQuery.isEmpty ? appended : copy.rawQuery + "&" + appended
        copy.rawQuery += "&Signature=" + PercentEncoding.rfc3986(signature(for: copy))
        return copy
    }

    /// The base64 `Signature` value for `request` as it stands (its query must not contain `Signature`, or that
    /// parameter is ignored).
    public func signature(for request: SignedRequest) -> String {
        let mac = SignatureMAC.mac(
            .rpcV1HMACSHA1, secret: secret, stringToSign: Array(RPCSignatureV1.stringToSign(request).utf8))
        return Data(mac).base64EncodedString()
    }
}

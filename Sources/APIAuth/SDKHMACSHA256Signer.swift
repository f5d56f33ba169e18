#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Signs requests with Huawei Cloud SDK-HMAC-SHA256 as the DRS Python SDK does (sdk-wire-formats §2.2, §2.5):
/// it sets `X-Sdk-Date` and signs every header present (lower-cased, sorted) except `Authorization`,
/// `Content-Length` and names containing `_`.
public struct SDKHMACSHA256Signer: Sendable {
    /// The access key (AK) put in `Access=`.
    public var accessKeyID: String
    /// The secret key (SK).
    public var secret: AccessKeySecret

    /// Creates a signer for one key.
    public init(accessKeyID: String, secret: AccessKeySecret) {
        self.accessKeyID = accessKeyID
        self.secret = secret
    }

    /// Returns `request` with `X-Sdk-Date` and `Authorization` set. The caller sets `Host` (and `Content-Type`,
    /// `X-Project-Id`) first.
    public func sign(_ request: SignedRequest, date: Date) -> SignedRequest {
        let prepared = request.settingHeader("X-Sdk-Date", to: SignatureTimestamp.formatCompact(date))
        let names = Set(
            prepared.headers.map { $0.name.lowercased() }.filter {
                !$0.contains("_") && $0 != "authorization" && $0 != "content-length"
            })
        return prepared.settingHeader("Authorization", to: authorization(for: prepared, signedHeaders: names.sorted()))
    }

    /// The Authorization header value for `request` over exactly `signedHeaders` (lower case, in order).
    /// The request must already carry `X-Sdk-Date`.
    public func authorization(for request: SignedRequest, signedHeaders: [String]) -> String {
        let sdkDate = HeaderText.trimmed(request.headerValues("x-sdk-date").first ?? "")
        let stringToSign = SDKHMACSHA256Canonicalization.stringToSign(
            request, signedHeaders: signedHeaders, payloadHash: SignatureMAC.sha256Hex(request.body), sdkDate: sdkDate)
        let mac = SignatureMAC.mac(.sdkHMACSHA256, secret: secret, stringToSign: Array(stringToSign.utf8))
        return SDKHMACSHA256Canonicalization.algorithm + " Access=" + accessKeyID + ", SignedHeaders="
            + signedHeaders.joined(separator: ";") + ", Signature=" + HexEncoding.encode(mac)
    }
}

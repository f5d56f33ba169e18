/// The Huawei Cloud SDK-HMAC-SHA256 canonical request and string to sign (sdk-wire-formats §2.5), shared by
/// the signer and the verifier.
enum SDKHMACSHA256Canonicalization {
    /// The algorithm name in the Authorization header and the string to sign.
    static let algorithm = "SDK-HMAC-SHA256"
    /// Headers the verifier insists are signed.
    static let requiredSignedHeaders = ["host", "x-sdk-date"]

    /// CanonicalURI: percent-decode, split on `/`, RFC 3986 encode each segment, join, and append a trailing `/`.
    static func canonicalURI(_ rawPath: String) -> String {
        let path = rawPath.split(separator: "/", omittingEmptySubsequences: false)
            .map { PercentEncoding.rfc3986(PercentEncoding.decode(Array($0.utf8), plusIsSpace: false)) }
            .joined(separator: "/")
        return path.hasSuffix("/") ? path : path + "/"
    }

    /// CanonicalQueryString: decoded pairs sorted by key then value, `RFC3986(k)=RFC3986(v)` joined by `&`.
    static func canonicalQuery(_ rawQuery: String) -> String {
        QueryParameter.canonical(QueryParameter.sortedByKeyThenValue(QueryParameter.parse(rawQuery)))
    }

    /// The canonical request of §2.5 step 6.
    static func canonicalRequest(_ request: SignedRequest, signedHeaders: [String], payloadHash: String) -> String {
        request.method + "\n" + canonicalURI(request.rawPath) + "\n" + canonicalQuery(request.rawQuery) + "\n"
            + HeaderText.canonicalHeaders(request, names: signedHeaders) + "\n"
            + signedHeaders.joined(separator: ";") + "\n" + payloadHash
    }

    /// `SDK-HMAC-SHA256\n<X-Sdk-Date>\n` + hex(SHA-256(canonical request)).
    static func stringToSign(
        _ request: SignedRequest, signedHeaders: [String], payloadHash: String, sdkDate: String
    ) -> String {
        algorithm + "\n" + sdkDate + "\n"
            + SignatureMAC.sha256Hex(
                canonicalRequest(request, signedHeaders: signedHeaders, payloadHash: payloadHash).utf8)
    }
}

/// The ACS3-HMAC-SHA256 canonical request and string to sign (sdk-wire-formats §1.5), shared by the signer and
/// the verifier.
enum ACS3Canonicalization {
    /// The algorithm name in the Authorization header and the string to sign.
    static let algorithm = "ACS3-HMAC-SHA256"
    /// SHA-256 of the empty body.
    static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// Headers the verifier insists are signed.
    static let requiredSignedHeaders = [
        "host", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256",
    ]

    /// CanonicalURI: the path with each segment percent-decoded and RFC 3986 re-encoded (`/` for RPC).
    static func canonicalURI(_ rawPath: String) -> String {
        let path = rawPath.isEmpty ? "/" : rawPath
        return path.split(separator: "/", omittingEmptySubsequences: false)
            .map { PercentEncoding.rfc3986(PercentEncoding.decode(Array($0.utf8), plusIsSpace: false)) }
            .joined(separator: "/")
    }

    /// CanonicalQueryString: form-decoded pairs sorted by key (then value), `key=RFC3986(value)` joined by `&`.
    static func canonicalQuery(_ rawQuery: String) -> String {
        QueryParameter.canonical(QueryParameter.sortedByKeyThenValue(QueryParameter.parse(rawQuery)))
    }

    /// The canonical request of §1.5 step 5.
    static func canonicalRequest(_ request: SignedRequest, signedHeaders: [String], payloadHash: String) -> String {
        request.method + "\n" + canonicalURI(request.rawPath) + "\n" + canonicalQuery(request.rawQuery) + "\n"
            + HeaderText.canonicalHeaders(request, names: signedHeaders) + "\n"
            + signedHeaders.joined(separator: ";") + "\n" + payloadHash
    }

    /// `ACS3-HMAC-SHA256\n` + hex(SHA-256(canonical request)).
    static func stringToSign(_ request: SignedRequest, signedHeaders: [String], payloadHash: String) -> String {
        algorithm + "\n"
            + SignatureMAC.sha256Hex(
                canonicalRequest(request, signedHeaders: signedHeaders, payloadHash: payloadHash).utf8)
    }
}

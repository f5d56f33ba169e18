/// The legacy RPC signature v1 string to sign (sdk-wire-formats §1.6), shared by the signer and the verifier:
/// every query parameter except `Signature` plus every form-body parameter, sorted, RFC 3986 encoded, and
/// `StringToSign = METHOD & %2F & RFC3986(canonicalized)`.
enum RPCSignatureV1 {
    /// The only `SignatureMethod` of v1.
    static let signatureMethod = "HMAC-SHA1"
    /// The only `SignatureVersion` of v1.
    static let signatureVersion = "1.0"

    /// The parameters the signature covers: query (minus `Signature`) and, for a form body, the body's pairs.
    static func signedParameters(_ request: SignedRequest) -> [QueryParameter] {
        var parameters = QueryParameter.parse(request.rawQuery).filter { !$0.hasKey("Signature") }
        if isFormBody(request) {
            parameters += QueryParameter.parse(request.body)
        }
        return parameters
    }

    /// True when the body is `application/x-www-form-urlencoded`, or has no Content-Type at all: the API reads
    /// such a body as form parameters too, so the signature must cover it.
    static func isFormBody(_ request: SignedRequest) -> Bool {
        guard !request.body.isEmpty else { return false }
        guard let type = request.headerValues("content-type").first else { return true }
        return type.lowercased().hasPrefix("application/x-www-form-urlencoded")
    }

    /// The string to sign of §1.6 step 4. The SDK always sends and signs the path `/` (`%2F`); the decoded
    /// request path is encoded in its place, which is the same for every RPC request and makes a changed path
    /// fail verification instead of going unnoticed.
    static func stringToSign(_ request: SignedRequest) -> String {
        let canonicalized = QueryParameter.canonical(QueryParameter.sortedByKeyThenValue(signedParameters(request)))
        let path = request.rawPath.isEmpty ? "/" : request.rawPath
        return request.method.uppercased() + "&"
            + PercentEncoding.rfc3986(PercentEncoding.decode(Array(path.utf8), plusIsSpace: false)) + "&"
            + PercentEncoding.rfc3986(canonicalized)
    }
}

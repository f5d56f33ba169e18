/// Verifies Alibaba Cloud ACS3-HMAC-SHA256 signatures, the DataWorks SDK default (sdk-wire-formats §1.5):
/// `Authorization: ACS3-HMAC-SHA256 Credential=<AK>,SignedHeaders=<h1;h2>,Signature=<hex>`.
///
/// Besides the MAC it checks that the signed header list covers `host`, `x-acs-action`, `x-acs-version`,
/// `x-acs-date`, `x-acs-signature-nonce` and `x-acs-content-sha256`, that `x-acs-content-sha256` is the SHA-256
/// of the body, that `x-acs-date` is within the skew window, and that the nonce is new.
public struct ACS3Verifier: RequestSignatureVerifier {
    /// Skew and nonce limits.
    public var options: SignatureVerificationOptions
    /// The replay cache shared with the RPC v1 verifier.
    public let nonceCache: NonceCache?

    /// Creates a verifier.
    public init(options: SignatureVerificationOptions = SignatureVerificationOptions(), nonceCache: NonceCache) {
        self.options = options
        self.nonceCache = nonceCache
    }

    /// Parses the Authorization header and recomputes the string to sign.
    public func claim(for request: SignedRequest) throws(APIAuthError) -> SignatureClaim {
        guard let authorization = try request.singleHeader("authorization") else {
            throw APIAuthError(.missingSignature, "The request is not signed: the Authorization header is missing.")
        }
        let header = HeaderText.trimmed(authorization)
        guard let space = header.firstIndex(of: " ") else {
            throw APIAuthError(.malformedAuthorization, "The Authorization header is malformed.")
        }
        let algorithm = header[..<space]
        guard algorithm == ACS3Canonicalization.algorithm else {
            if algorithm.hasPrefix("ACS3-") {
                throw APIAuthError(
                    .unsupportedSignatureMethod,
                    "The signature algorithm \(algorithm) is not supported; use ACS3-HMAC-SHA256.")
            }
            throw APIAuthError(.malformedAuthorization, "The Authorization header is not an ACS3 signature.")
        }
        guard let parameters = HeaderText.parameters(header[header.index(after: space)...]),
            let credential = parameters["Credential"], let signedHeaderList = parameters["SignedHeaders"],
            let signature = parameters["Signature"]
        else {
            throw APIAuthError(
                .malformedAuthorization,
                "The Authorization header must carry Credential, SignedHeaders and Signature.")
        }
        guard !credential.isEmpty else {
            throw APIAuthError(.missingAccessKeyID, "The Authorization header names no access key id.")
        }
        let signedHeaders = signedHeaderList.split(separator: ";").map { $0.lowercased() }
        try checkSignedHeaders(signedHeaders, in: request, accessKeyID: credential)

        guard let dateText = try request.singleHeader("x-acs-date"),
            let timestamp = SignatureTimestamp.parseExtended(HeaderText.trimmed(dateText))
        else {
            throw APIAuthError(
                .invalidTimestamp, "The x-acs-date header must be a UTC time like 2026-11-23T15:31:40Z.",
                accessKeyID: credential)
        }
        let nonce = HeaderText.trimmed(try request.singleHeader("x-acs-signature-nonce") ?? "")
        guard !nonce.isEmpty, nonce.utf8.count <= options.maxNonceLength else {
            throw APIAuthError(
                .incompleteSignature,
                "The x-acs-signature-nonce header must be 1 to \(options.maxNonceLength) characters.",
                accessKeyID: credential)
        }
        let payloadHash = SignatureMAC.sha256Hex(request.body)
        let declared = HeaderText.trimmed(try request.singleHeader("x-acs-content-sha256") ?? "").lowercased()
        guard declared == payloadHash else {
            throw APIAuthError(
                .contentHashMismatch, "The x-acs-content-sha256 header does not match the SHA-256 of the body.",
                accessKeyID: credential)
        }
        let stringToSign = ACS3Canonicalization.stringToSign(
            request, signedHeaders: signedHeaders, payloadHash: payloadHash)
        return SignatureClaim(
            scheme: .acs3HMACSHA256, accessKeyID: credential, timestamp: timestamp, nonce: nonce,
            providedSignature: HexEncoding.decode(signature), stringToSign: Array(stringToSign.utf8))
    }

    private func checkSignedHeaders(
        _ signedHeaders: [String], in request: SignedRequest, accessKeyID: String
    ) throws(APIAuthError) {
        for required in ACS3Canonicalization.requiredSignedHeaders where !signedHeaders.contains(required) {
            throw APIAuthError(
                .incompleteSignature, "The header \(required) must be signed (listed in SignedHeaders).",
                accessKeyID: accessKeyID)
        }
        for name in signedHeaders where request.headerValues(name).isEmpty {
            throw APIAuthError(
                .incompleteSignature, "The signed header \(name) is missing from the request.",
                accessKeyID: accessKeyID)
        }
    }
}

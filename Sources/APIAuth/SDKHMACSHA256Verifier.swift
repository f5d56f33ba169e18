/// Verifies Huawei Cloud SDK-HMAC-SHA256 signatures, as the DRS SDK sends them (sdk-wire-formats §2.5):
/// `Authorization: SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<h1;h2>, Signature=<hex>`.
///
/// The scheme has no nonce and the SDK re-sends byte-identical requests on retry (§2.2), so there is no replay
/// cache: only the `X-Sdk-Date` skew window bounds reuse. `host` and `x-sdk-date` must be signed. A request
/// carrying `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD` is refused, because DRS bodies are JSON and always hashed.
public struct SDKHMACSHA256Verifier: RequestSignatureVerifier {
    /// Skew limit.
    public var options: SignatureVerificationOptions
    /// Always nil: the scheme has no nonce.
    public var nonceCache: NonceCache? { nil }

    /// Creates a verifier.
    public init(options: SignatureVerificationOptions = SignatureVerificationOptions()) {
        self.options = options
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
        guard algorithm == SDKHMACSHA256Canonicalization.algorithm else {
            throw APIAuthError(
                .unsupportedSignatureMethod,
                "The signature algorithm \(algorithm) is not supported; use SDK-HMAC-SHA256.")
        }
        guard let parameters = HeaderText.parameters(header[header.index(after: space)...]),
            let access = parameters["Access"], let signedHeaderList = parameters["SignedHeaders"],
            let signature = parameters["Signature"]
        else {
            throw APIAuthError(
                .malformedAuthorization, "The Authorization header must carry Access, SignedHeaders and Signature.")
        }
        guard !access.isEmpty else {
            throw APIAuthError(.missingAccessKeyID, "The Authorization header names no access key.")
        }
        let signedHeaders = signedHeaderList.split(separator: ";").map { $0.lowercased() }
        for required in SDKHMACSHA256Canonicalization.requiredSignedHeaders where !signedHeaders.contains(required) {
            throw APIAuthError(
                .incompleteSignature, "The header \(required) must be signed.", accessKeyID: access)
        }
        for name in signedHeaders where request.headerValues(name).isEmpty {
            throw APIAuthError(
                .incompleteSignature, "The signed header \(name) is missing from the request.", accessKeyID: access)
        }
        let sdkDate = HeaderText.trimmed(try request.singleHeader("x-sdk-date") ?? "")
        guard let timestamp = SignatureTimestamp.parseCompact(sdkDate) else {
            throw APIAuthError(
                .invalidTimestamp, "The X-Sdk-Date header must be a UTC time like 20261123T153304Z.",
                accessKeyID: access)
        }
        let payloadHash = try payloadHash(request, accessKeyID: access)
        let stringToSign = SDKHMACSHA256Canonicalization.stringToSign(
            request, signedHeaders: signedHeaders, payloadHash: payloadHash, sdkDate: sdkDate)
        return SignatureClaim(
            scheme: .sdkHMACSHA256, accessKeyID: access, timestamp: timestamp, nonce: nil,
            providedSignature: HexEncoding.decode(signature), stringToSign: Array(stringToSign.utf8))
    }

    /// The body hash; a declared `X-Sdk-Content-Sha256` must equal it.
    private func payloadHash(_ request: SignedRequest, accessKeyID: String) throws(APIAuthError) -> String {
        let computed = SignatureMAC.sha256Hex(request.body)
        guard let declared = try request.singleHeader("x-sdk-content-sha256") else { return computed }
        guard HeaderText.trimmed(declared).lowercased() == computed else {
            throw APIAuthError(
                .contentHashMismatch, "The X-Sdk-Content-Sha256 header does not match the SHA-256 of the body.",
                accessKeyID: accessKeyID)
        }
        return HeaderText.trimmed(declared)
    }
}

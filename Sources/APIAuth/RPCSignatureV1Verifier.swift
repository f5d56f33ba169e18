#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Verifies Alibaba Cloud RPC signature v1 (HMAC-SHA1, parameters in the query), which the DataWorks SDK sends
/// with `signature_algorithm='v2'` (sdk-wire-formats §1.6). Requires `AccessKeyId`, `Signature`,
/// `SignatureMethod=HMAC-SHA1`, `SignatureVersion=1.0`, `SignatureNonce` and `Timestamp` in the query.
///
/// Headers are not signed in v1. The SDK still sends `x-acs-action` and `x-acs-version`; when present they must
/// equal the signed `Action` and `Version` parameters, so an unsigned header can never redirect a signed call.
/// Body parameters are signed for `application/x-www-form-urlencoded` bodies and bodies without a Content-Type;
/// the API must not read parameters from any other body of a v1 request.
public struct RPCSignatureV1Verifier: RequestSignatureVerifier {
    /// Skew and nonce limits.
    public var options: SignatureVerificationOptions
    /// The replay cache shared with the ACS3 verifier.
    public let nonceCache: NonceCache?

    /// Creates a verifier.
    public init(options: SignatureVerificationOptions = SignatureVerificationOptions(), nonceCache: NonceCache) {
        self.options = options
        self.nonceCache = nonceCache
    }

    /// Parses the common parameters and recomputes the string to sign.
    public func claim(for request: SignedRequest) throws(APIAuthError) -> SignatureClaim {
        let query = QueryParameter.parse(request.rawQuery)
        guard let signature = try single("Signature", in: query) else {
            throw APIAuthError(.missingSignature, "The request is not signed: the Signature parameter is missing.")
        }
        guard let accessKeyID = try single("AccessKeyId", in: query), !accessKeyID.isEmpty else {
            throw APIAuthError(.missingAccessKeyID, "The AccessKeyId parameter is missing.")
        }
        let method = try single("SignatureMethod", in: query)
        guard method == RPCSignatureV1.signatureMethod else {
            throw APIAuthError(
                .unsupportedSignatureMethod,
                "The SignatureMethod \(method ?? "(missing)") is not supported; use HMAC-SHA1.",
                accessKeyID: accessKeyID)
        }
        let version = try single("SignatureVersion", in: query)
        guard version == RPCSignatureV1.signatureVersion else {
            throw APIAuthError(
                .unsupportedSignatureMethod,
                "The SignatureVersion \(version ?? "(missing)") is not supported; use 1.0.", accessKeyID: accessKeyID)
        }
        guard let timestampText = try single("Timestamp", in: query),
            let timestamp = SignatureTimestamp.parseExtended(timestampText)
        else {
            throw APIAuthError(
                .invalidTimestamp, "The Timestamp parameter must be a UTC time like 2026-11-23T15:31:40Z.",
                accessKeyID: accessKeyID)
        }
        guard let nonce = try single("SignatureNonce", in: query), !nonce.isEmpty,
            nonce.utf8.count <= options.maxNonceLength
        else {
            throw APIAuthError(
                .incompleteSignature,
                "The SignatureNonce parameter must be 1 to \(options.maxNonceLength) characters.",
                accessKeyID: accessKeyID)
        }
        try checkUnsignedHeaders(
            request, parameters: RPCSignatureV1.signedParameters(request), accessKeyID: accessKeyID)
        return SignatureClaim(
            scheme: .rpcV1HMACSHA1, accessKeyID: accessKeyID, timestamp: timestamp, nonce: nonce,
            providedSignature: Data(base64Encoded: signature).map { Array($0) },
            stringToSign: Array(RPCSignatureV1.stringToSign(request).utf8))
    }

    private func checkUnsignedHeaders(
        _ request: SignedRequest, parameters: [QueryParameter], accessKeyID: String
    ) throws(APIAuthError) {
        for (header, parameter) in [("x-acs-action", "Action"), ("x-acs-version", "Version")] {
            let signed = try single(parameter, in: parameters)
            for value in request.headerValues(header) where HeaderText.trimmed(value) != signed {
                throw APIAuthError(
                    .signatureMismatch, "The \(header) header does not match the signed \(parameter) parameter.",
                    accessKeyID: accessKeyID)
            }
        }
    }

    private func single(_ name: String, in query: [QueryParameter]) throws(APIAuthError) -> String? {
        let matches = query.filter { $0.hasKey(name) }
        guard matches.count <= 1 else {
            throw APIAuthError(.malformedRequest, "The parameter \(name) appears more than once.")
        }
        return matches.first?.valueText
    }
}

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A verifier for one scheme: it turns a request into a `SignatureClaim`; the shared extension finishes the
/// check (MAC in constant time, clock skew, nonce replay) and offers a variant that looks the secret up.
public protocol RequestSignatureVerifier: Sendable {
    /// Skew and nonce limits.
    var options: SignatureVerificationOptions { get }
    /// Where used nonces are remembered; nil for schemes without a nonce.
    var nonceCache: NonceCache? { get }
    /// Parses and canonicalises `request` (no secret needed).
    /// - Throws: `APIAuthError` for a missing, malformed, incomplete or unsupported signature, a bad date or a
    ///   body that does not match its declared hash.
    func claim(for request: SignedRequest) throws(APIAuthError) -> SignatureClaim
}

extension RequestSignatureVerifier {
    /// Verifies `request` against `secret` at time `now`.
    /// - Returns: the authenticated access key id and scheme.
    /// - Throws: `APIAuthError` (`.signatureMismatch`, `.timestampExpired`, `.nonceReused`, ... ).
    public func verify(
        _ request: SignedRequest, secret: AccessKeySecret, now: Date
    ) throws(APIAuthError) -> AuthenticatedRequest {
        try verify(claim(for: request), secret: secret, now: now)
    }

    /// Finishes verification of a parsed claim. The signature is checked first, so a forged request can neither
    /// learn whether its date is acceptable nor burn a nonce; the nonce is recorded only for a request that is
    /// authentic and within the skew window.
    public func verify(
        _ claim: SignatureClaim, secret: AccessKeySecret, now: Date
    ) throws(APIAuthError) -> AuthenticatedRequest {
        let expected = SignatureMAC.mac(claim.scheme, secret: secret, stringToSign: claim.stringToSign)
        guard let provided = claim.providedSignature, HexEncoding.constantTimeEquals(expected, provided) else {
            throw APIAuthError(
                .signatureMismatch, "The request signature does not match the signature computed by the server.",
                accessKeyID: claim.accessKeyID)
        }
        let nowSeconds = Int64(now.timeIntervalSince1970.rounded(.down))
        let skew = options.maxClockSkewSeconds
        let difference = nowSeconds - claim.timestamp
        guard difference.magnitude <= skew.magnitude else {
            let direction = difference > 0 ? "older" : "newer"
            throw APIAuthError(
                .timestampExpired,
                "The request date is \(difference.magnitude) seconds \(direction) than the server time; "
                    + "at most \(skew) seconds are allowed.",
                accessKeyID: claim.accessKeyID)
        }
        if let nonce = claim.nonce, let nonceCache {
            switch nonceCache.insert(
                accessKeyID: claim.accessKeyID, nonce: nonce, expiresAt: claim.timestamp + skew, now: nowSeconds)
            {
            case .inserted:
                break
            case .replayed:
                throw APIAuthError(
                    .nonceReused, "The signature nonce was already used.", accessKeyID: claim.accessKeyID)
            case .full:
                throw APIAuthError(
                    .replayCacheFull, "Too many signed requests in the replay window; try again later.",
                    accessKeyID: claim.accessKeyID, retryAfter: .seconds(1))
            }
        }
        return AuthenticatedRequest(accessKeyID: claim.accessKeyID, scheme: claim.scheme, signedAt: claim.signedAt)
    }

    /// Parses `request`, looks its key's secret up, and verifies it at time `now`.
    /// - Throws: `APIAuthError`; `.unknownAccessKey` when `lookup` has no such key, `.secretLookupFailed` when
    ///   the lookup itself fails.
    public func verify(
        _ request: SignedRequest, now: Date, lookup: some AccessKeySecretLookup
    ) async throws(APIAuthError) -> AuthenticatedRequest {
        let claim = try claim(for: request)
        let secret: AccessKeySecret?
        do {
            secret = try await lookup.secret(forAccessKeyID: claim.accessKeyID)
        } catch {
            throw APIAuthError(
                .secretLookupFailed, "The access key could not be looked up.", accessKeyID: claim.accessKeyID)
        }
        guard let secret else {
            throw APIAuthError(
                .unknownAccessKey, "The access key \(claim.accessKeyID) does not exist.",
                accessKeyID: claim.accessKeyID)
        }
        return try verify(claim, secret: secret, now: now)
    }
}

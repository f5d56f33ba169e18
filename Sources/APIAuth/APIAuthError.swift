/// An authentication, authorization or throttling failure.
///
/// `message` is written for the caller and never contains a secret, a signature we computed or a string to sign.
/// The API layer turns the `Code` into each dialect's documented error (see `APIAuthError+Dialects.swift`).
public struct APIAuthError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, as an extensible set of values.
    public struct Code: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
        /// Stable identifier of the code.
        public let rawValue: String
        /// Creates a code.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The raw value.
        public var description: String { rawValue }

        /// No signature at all: no `Authorization` header and no `Signature` parameter.
        public static let missingSignature = Code(rawValue: "missingSignature")
        /// The Authorization header or the signature parameters cannot be parsed.
        public static let malformedAuthorization = Code(rawValue: "malformedAuthorization")
        /// A signature algorithm or version that Tide does not verify (e.g. ACS3-HMAC-SM3).
        public static let unsupportedSignatureMethod = Code(rawValue: "unsupportedSignatureMethod")
        /// A header or parameter the scheme requires is missing or not covered by the signature.
        public static let incompleteSignature = Code(rawValue: "incompleteSignature")
        /// The request itself is ambiguous (e.g. a repeated date header).
        public static let malformedRequest = Code(rawValue: "malformedRequest")
        /// No access key id in the request.
        public static let missingAccessKeyID = Code(rawValue: "missingAccessKeyID")
        /// The access key id is not known (or disabled).
        public static let unknownAccessKey = Code(rawValue: "unknownAccessKey")
        /// The signature does not match the one computed from the request.
        public static let signatureMismatch = Code(rawValue: "signatureMismatch")
        /// `x-acs-content-sha256` does not match the SHA-256 of the body.
        public static let contentHashMismatch = Code(rawValue: "contentHashMismatch")
        /// The request date cannot be parsed.
        public static let invalidTimestamp = Code(rawValue: "invalidTimestamp")
        /// The request date is outside the allowed clock skew.
        public static let timestampExpired = Code(rawValue: "timestampExpired")
        /// The signature nonce was already used within the skew window.
        public static let nonceReused = Code(rawValue: "nonceReused")
        /// The replay cache is full of live nonces; the request cannot be checked for replay now.
        public static let replayCacheFull = Code(rawValue: "replayCacheFull")
        /// The secret lookup (the store) failed.
        public static let secretLookupFailed = Code(rawValue: "secretLookupFailed")
        /// The key's policy does not allow the action on the project.
        public static let accessDenied = Code(rawValue: "accessDenied")
        /// The per-key rate limit is exhausted.
        public static let throttledUser = Code(rawValue: "throttledUser")
        /// The per-API (all keys) rate limit is exhausted.
        public static let throttledAPI = Code(rawValue: "throttledAPI")
        /// A policy document is invalid.
        public static let invalidPolicy = Code(rawValue: "invalidPolicy")
    }

    /// What went wrong.
    public var code: Code
    /// A caller-facing explanation without secrets.
    public var message: String
    /// The access key id concerned, when known (ids are not secret).
    public var accessKeyID: String?
    /// The policy action that was denied (for `.accessDenied`), e.g. `dataworks:ListDIJobs`.
    public var deniedAction: String?
    /// True when an explicit `Deny` statement matched (for `.accessDenied`).
    public var explicitDeny: Bool
    /// How long the caller should wait (for the throttling codes).
    public var retryAfter: Duration?

    /// Creates an error.
    public init(
        _ code: Code, _ message: String, accessKeyID: String? = nil, deniedAction: String? = nil,
        explicitDeny: Bool = false, retryAfter: Duration? = nil
    ) {
        self.code = code
        self.message = message
        self.accessKeyID = accessKeyID
        self.deniedAction = deniedAction
        self.explicitDeny = explicitDeny
        self.retryAfter = retryAfter
    }

    /// `code: message`, plus the key id when known.
    public var description: String {
        var text = "APIAuthError(\(code)): \(message)"
        if let accessKeyID { text += " [access key \(accessKeyID)]" }
        return text
    }
}

/// An access key secret. Its description is redacted so it never reaches a log, an error or a response.
public struct AccessKeySecret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// UTF-8 bytes of the secret, the HMAC key material of every scheme.
    let utf8: [UInt8]

    /// Wraps a plaintext secret (as decrypted from the store or read from the environment).
    public init(_ plaintext: String) {
        self.utf8 = Array(plaintext.utf8)
    }

    /// The plaintext, for the one place that must show it: printing a newly created key once,
    /// or encrypting it into the store. Never log it.
    public var plaintext: String {
        String(decoding: utf8, as: UTF8.self)
    }

    /// Always `<redacted>`.
    public var description: String { "<redacted>" }
    /// Always `AccessKeySecret(<redacted>)`.
    public var debugDescription: String { "AccessKeySecret(<redacted>)" }
}

/// A newly generated access key pair.
public struct AccessKeyPair: Sendable {
    /// The public access key id (safe to log).
    public var accessKeyID: String
    /// The secret (redacted in descriptions).
    public var secret: AccessKeySecret

    /// Creates a pair from its parts.
    public init(accessKeyID: String, secret: AccessKeySecret) {
        self.accessKeyID = accessKeyID
        self.secret = secret
    }

    /// Generates a pair from the system's cryptographic random source: an id `TIDE` + 20 upper-case
    /// alphanumerics and a 32-character alphanumeric secret (about 190 bits).
    public static func generate() -> AccessKeyPair {
        var rng = SystemRandomNumberGenerator()
        return generate(using: &rng)
    }

    /// Generates a pair from `rng` (tests pass a seeded generator).
    public static func generate(using rng: inout some RandomNumberGenerator) -> AccessKeyPair {
        let upper = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        let mixed = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        let id = "TIDE" + String((0..<20).map { _ in upper[Int.random(in: 0..<upper.count, using: &rng)] })
        let secret = String((0..<32).map { _ in mixed[Int.random(in: 0..<mixed.count, using: &rng)] })
        return AccessKeyPair(accessKeyID: id, secret: AccessKeySecret(secret))
    }
}

/// Finds the secret of an access key; the metadata store implements it (secrets are encrypted at rest there).
public protocol AccessKeySecretLookup: Sendable {
    /// The secret of `accessKeyID`, or nil when no such (active) key exists.
    func secret(forAccessKeyID accessKeyID: String) async throws -> AccessKeySecret?
}

/// A lookup over a fixed dictionary: for the root key from the environment, for the CLI and for tests.
public struct StaticAccessKeySecretLookup: AccessKeySecretLookup {
    let secrets: [String: AccessKeySecret]

    /// Creates a lookup over `secrets` keyed by access key id.
    public init(_ secrets: [String: AccessKeySecret]) {
        self.secrets = secrets
    }

    /// The secret of `accessKeyID`, or nil.
    public func secret(forAccessKeyID accessKeyID: String) async throws -> AccessKeySecret? {
        secrets[accessKeyID]
    }
}

import Foundation

/// An API access key (issue 2, authentication). The secret is encrypted at rest by the store and is only
/// returned by the store's dedicated signature-verification lookup. The policy is an opaque JSON string whose
/// type and evaluation belong to APIAuth.
public struct AccessKey: Sendable, Hashable {
    /// The access key id (DataWorks `AccessKeyId`, DRS `Access`).
    public var id: String
    /// The secret; its description is masked.
    public var secret: Secret
    /// The authorization policy, JSON text.
    public var policyJSON: String
    /// Free-text description.
    public var description: String
    /// Creation time.
    public var createdAt: Date

    /// Creates a key; the id must be 1...128 printable ASCII characters without blanks.
    public init(
        id: String, secret: Secret, policyJSON: String, description: String = "", createdAt: Date
    ) throws(SyncModelError) {
        guard !id.isEmpty, id.utf8.count <= 128, id.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw SyncModelError(
                .invalidParameter, "access key id must be 1 to 128 printable ASCII characters", field: "id")
        }
        guard !secret.isEmpty else {
            throw SyncModelError(.invalidParameter, "access key secret must not be empty", field: "secret")
        }
        self.id = id
        self.secret = secret
        self.policyJSON = policyJSON
        self.description = description
        self.createdAt = createdAt
    }
}

/// What the store returns for listing keys: everything except the secret.
public struct AccessKeyInfo: Sendable, Hashable {
    /// The access key id.
    public var id: String
    /// The authorization policy, JSON text.
    public var policyJSON: String
    /// Free-text description.
    public var description: String
    /// Creation time.
    public var createdAt: Date

    /// Creates key information.
    public init(id: String, policyJSON: String, description: String, createdAt: Date) {
        self.id = id
        self.policyJSON = policyJSON
        self.description = description
        self.createdAt = createdAt
    }
}

import APIAuth
import Synchronization

/// Remembers the decoded `AccessPolicy` of each access key, so that a signed request does not run `JSONDecoder`
/// over the same policy text every time. The key's record (and its policy text) is still read from the store on
/// every request; a remembered policy is used only when that text is byte-for-byte the text it was decoded from,
/// so a changed or deleted key takes effect at once. Bounded: it empties itself when full.
final class PolicyCache: Sendable {
    private let entries = Mutex<[String: (json: [UInt8], policy: AccessPolicy)]>([:])
    private let capacity: Int

    /// A cache for at most `capacity` keys.
    init(capacity: Int = 1024) {
        self.capacity = capacity
    }

    /// The policy of key `accessKeyID` whose stored text is `json`.
    func policy(accessKeyID: String, json: String) throws(APIAuthError) -> AccessPolicy {
        let bytes = Array(json.utf8)
        if let entry = entries.withLock({ $0[accessKeyID] }), entry.json == bytes { return entry.policy }
        let policy = try AccessPolicy.decode(json: bytes)
        entries.withLock { entries in
            if entries.count >= capacity, entries[accessKeyID] == nil { entries.removeAll(keepingCapacity: true) }
            entries[accessKeyID] = (bytes, policy)
        }
        return policy
    }
}

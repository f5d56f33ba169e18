import Synchronization

/// Remembers signature nonces for as long as a request carrying them could still pass the clock-skew check, so
/// a captured request cannot be replayed (sdk-wire-formats §1.5: "keep `x-acs-signature-nonce` unique").
///
/// Memory is bounded by `capacity`. Entries expire at `timestamp + skew`; expired entries are dropped first.
/// When the cache is full of live entries it refuses new nonces (`.full`) rather than forgetting a live one,
/// which would reopen a replay. Thread-safe through a `Mutex`.
public final class NonceCache: Sendable {
    /// Result of recording a nonce.
    public enum InsertResult: Sendable, Hashable {
        /// The nonce is new and now remembered.
        case inserted
        /// The nonce is already remembered for this key: a replay.
        case replayed
        /// The cache holds `capacity` live nonces.
        case full
    }

    private struct State {
        var expiries: [String: Int64] = [:]
        var heap = ExpiryHeap()
    }

    /// Most nonces held at once.
    public let capacity: Int
    private let state = Mutex(State())

    /// Creates a cache holding at most `capacity` nonces (default 200 000, a few tens of MB at worst).
    public init(capacity: Int = 200_000) {
        self.capacity = max(1, capacity)
    }

    /// Records `nonce` for `accessKeyID` until `expiresAt` (seconds since the epoch), after dropping the entries
    /// that expired before `now`.
    public func insert(accessKeyID: String, nonce: String, expiresAt: Int64, now: Int64) -> InsertResult {
        let key = accessKeyID + "\n" + nonce
        return state.withLock { state in
            while let top = state.heap.peek(), top.expiresAt < now {
                state.heap.pop()
                if state.expiries[top.key] == top.expiresAt {
                    state.expiries[top.key] = nil
                }
            }
            if let existing = state.expiries[key], existing >= now {
                return .replayed
            }
            guard state.expiries.count < capacity else { return .full }
            state.expiries[key] = expiresAt
            state.heap.push(ExpiryHeap.Entry(expiresAt: expiresAt, key: key))
            return .inserted
        }
    }

    /// Number of nonces currently held (live or not yet purged).
    public var count: Int {
        state.withLock { $0.expiries.count }
    }
}

/// A binary min-heap of (expiry, key), ordered by expiry.
struct ExpiryHeap: Sendable {
    /// One remembered key and when it expires.
    struct Entry: Sendable {
        var expiresAt: Int64
        var key: String
    }

    private var items: [Entry] = []

    /// Number of entries.
    var count: Int { items.count }

    /// The entry that expires first.
    func peek() -> Entry? { items.first }

    /// Adds an entry (O(log n)).
    mutating func push(_ entry: Entry) {
        items.append(entry)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child].expiresAt < items[parent].expiresAt else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the entry that expires first (O(log n)).
    @discardableResult
    mutating func pop() -> Entry? {
        guard let first = items.first else { return nil }
        let last = items.removeLast()
        if items.isEmpty { return first }
        items[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < items.count, items[left].expiresAt < items[smallest].expiresAt { smallest = left }
            if right < items.count, items[right].expiresAt < items[smallest].expiresAt { smallest = right }
            if smallest == parent { break }
            items.swapAt(parent, smallest)
            parent = smallest
        }
        return first
    }
}

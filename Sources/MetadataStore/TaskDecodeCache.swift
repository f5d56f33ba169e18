import SyncModel
import Synchronization

/// Remembers the decoded JSON columns (`body_json`, `run_stats_json`) of recently listed task rows, so that a list
/// page does not run `JSONDecoder` over the same stored text on every request (decoding was most of a list
/// request's CPU time).
///
/// It never decides what a list shows: rows are always read from the current SQLite snapshot, and a remembered
/// value is used only when the row's stored text is byte-for-byte the text it was decoded from. A changed, deleted
/// or re-created task therefore can never show a stale value. Bounded: it empties itself when full.
final class TaskDecodeCache: Sendable {
    private struct Entry {
        var bodyJSON: String
        var body: TaskBody
        var statsJSON: String
        var stats: RunStats
    }

    private let entries = Mutex<[Int64: Entry]>([:])
    private let capacity: Int

    /// A cache holding at most `capacity` rows.
    init(capacity: Int = 2048) {
        self.capacity = capacity
    }

    /// The decoded columns of task `id` whose stored text is `bodyJSON` and `statsJSON`, decoding (and remembering)
    /// them when the remembered text differs.
    func decoded(id: Int64, bodyJSON: String, statsJSON: String) throws(MetadataStoreError) -> (TaskBody, RunStats) {
        let remembered = entries.withLock { $0[id] }
        let body: TaskBody
        if let remembered, Self.sameBytes(remembered.bodyJSON, bodyJSON) {
            body = remembered.body
        } else {
            body = try SQLiteMetadataStore.decode(bodyJSON, as: TaskBody.self)
        }
        let stats: RunStats
        if let remembered, Self.sameBytes(remembered.statsJSON, statsJSON) {
            stats = remembered.stats
        } else {
            stats = try SQLiteMetadataStore.decode(statsJSON, as: RunStats.self)
        }
        if let remembered, Self.sameBytes(remembered.bodyJSON, bodyJSON), Self.sameBytes(remembered.statsJSON, statsJSON) {
            return (body, stats)
        }
        let entry = Entry(bodyJSON: bodyJSON, body: body, statsJSON: statsJSON, stats: stats)
        entries.withLock { entries in
            if entries.count >= capacity, entries[id] == nil { entries.removeAll(keepingCapacity: true) }
            entries[id] = entry
        }
        return (body, stats)
    }

    /// Byte equality (String `==` is canonical equivalence, which could take re-normalized text for the same).
    static func sameBytes(_ a: String, _ b: String) -> Bool {
        var a = a
        var b = b
        return a.withUTF8 { x in b.withUTF8 { y in x.count == y.count && x.elementsEqual(y) } }
    }

    /// How many rows are remembered (for tests).
    var count: Int { entries.withLock { $0.count } }
}

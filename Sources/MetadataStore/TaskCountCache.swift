import GRDB
import Synchronization

/// Remembers the `COUNT(*)` of recent list filters so that paging through a large project does not rescan every
/// matching index entry on each request. Every write through the store invalidates it (`beginWrite`/`endWrite`
/// bracket each write transaction), and while any write is in flight it neither answers nor remembers.
///
/// A count is only used for the unchanged state it was computed from: callers read `idleGeneration()` before
/// their read snapshot starts and pass that generation to `count(for:generation:)` and `store(_:for:generation:)`
/// after; both succeed only when no write began or ended in between, so the snapshot saw exactly that state.
final class TaskCountCache: Sendable {
    /// A list filter: its SQL condition and bound values.
    struct Key: Hashable, Sendable {
        let condition: String
        let arguments: StatementArguments
    }

    private struct State {
        var generation: UInt64 = 0
        var writesInFlight = 0
        var counts: [Key: Int] = [:]
    }

    private let state = Mutex(State())
    private let capacity: Int

    /// A cache holding at most `capacity` filters (it empties itself when full).
    init(capacity: Int = 256) {
        self.capacity = capacity
    }

    /// The current generation, or nil while a write is in flight.
    func idleGeneration() -> UInt64? {
        state.withLock { $0.writesInFlight == 0 ? $0.generation : nil }
    }

    /// The count remembered for `key`, when the store is still in the state of `generation`.
    func count(for key: Key, generation: UInt64) -> Int? {
        state.withLock { state in
            guard state.writesInFlight == 0, state.generation == generation else { return nil }
            return state.counts[key]
        }
    }

    /// Remembers `count` for `key`, when the store is still in the state of `generation`.
    func store(_ count: Int, for key: Key, generation: UInt64) {
        state.withLock { state in
            guard state.writesInFlight == 0, state.generation == generation else { return }
            if state.counts.count >= capacity { state.counts.removeAll(keepingCapacity: true) }
            state.counts[key] = count
        }
    }

    /// Marks a write as started: nothing is answered or remembered until it ends.
    func beginWrite() {
        state.withLock { state in
            state.writesInFlight += 1
            state.generation &+= 1
            state.counts.removeAll(keepingCapacity: true)
        }
    }

    /// Marks a write as ended (committed or not): remembered counts from before it are gone.
    func endWrite() {
        state.withLock { state in
            state.writesInFlight -= 1
            state.generation &+= 1
            state.counts.removeAll(keepingCapacity: true)
        }
    }
}

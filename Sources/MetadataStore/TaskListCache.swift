import SyncModel
import Synchronization

/// Remembers recently listed tasks by (id, row version), so that a list page does not re-read and re-decode the
/// wide rows (`body_json`, `run_stats_json`: JSON decoding was most of a list request's CPU time) of tasks that
/// have not changed.
///
/// It never decides what a list shows: which tasks are on a page, and their row versions, are always read from
/// the current SQLite snapshot. The `version` column is bumped by a trigger on every UPDATE of a task row (schema
/// v5) and task ids are never reused (AUTOINCREMENT), so an (id, version) pair names exactly one stored state:
/// a changed, deleted or re-created task can never show a stale value. Tasks are kept without endpoint passwords
/// (lists do not show them). Bounded: it empties itself when full.
final class TaskListCache: Sendable {
    private let entries = Mutex<[Int64: (version: Int64, task: SyncTask)]>([:])
    private let capacity: Int

    /// A cache holding at most `capacity` tasks.
    init(capacity: Int = 4096) {
        self.capacity = capacity
    }

    /// The task `id` as stored at row version `version`, if remembered.
    func task(id: Int64, version: Int64) -> SyncTask? {
        entries.withLock { entries in
            guard let entry = entries[id], entry.version == version else { return nil }
            return entry.task
        }
    }

    /// Remembers `task` (decoded without passwords) as stored at row version `version`.
    func remember(_ task: SyncTask, version: Int64) {
        entries.withLock { entries in
            if entries.count >= capacity, entries[task.id] == nil { entries.removeAll(keepingCapacity: true) }
            entries[task.id] = (version, task)
        }
    }

    /// How many tasks are remembered (for tests).
    var count: Int { entries.withLock { $0.count } }
}

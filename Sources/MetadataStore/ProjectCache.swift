import SyncModel
import Synchronization

/// Projects found by id or DRS id, so that a request does not open a read transaction just to resolve its
/// project. Sound because a stored project never changes and is never deleted (the store has no update or delete
/// for projects; add an invalidation here if one is ever added). Only found projects are remembered: an unknown
/// id is looked up again every time, so a project created later is found. Bounded: it empties itself when full.
final class ProjectCache: Sendable {
    private struct State {
        var byID: [Int64: Project] = [:]
        var byDRSID: [String: Project] = [:]
    }

    private let state = Mutex(State())
    private let capacity: Int

    /// A cache of at most `capacity` projects.
    init(capacity: Int = 1024) {
        self.capacity = capacity
    }

    /// The remembered project with integer id `id`.
    func project(id: Int64) -> Project? {
        state.withLock { $0.byID[id] }
    }

    /// The remembered project with DRS id `drsID` (lowercased).
    func project(drsID: String) -> Project? {
        state.withLock { $0.byDRSID[drsID] }
    }

    /// Remembers a project read from the store.
    func remember(_ project: Project) {
        state.withLock { state in
            if state.byID.count >= capacity { state = State() }
            state.byID[project.id] = project
            state.byDRSID[project.drsProjectID.lowercased()] = project
        }
    }
}

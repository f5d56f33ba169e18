import Synchronization

/// The bounded hand-off between the change reader and the applier (STYLE rule 9), with group commit: the reader
/// folds transactions into the pending batch; the applier takes everything pending whenever it is free. An idle
/// applier gets a transaction at once (low lag); a busy one finds a larger batch when it returns (high throughput).
/// The reader waits while the pending batch is full, which stops it reading the source (back-pressure).
/// A schema change closes the pending batch and is handed on as its own item, in order.
final class ChangeMailbox: Sendable {
    /// What the applier takes.
    enum Item: Sendable {
        case changes(PendingChanges)
        case schemaChange(SchemaChange)
    }

    fileprivate struct State {
        var items: [Item] = []
        var pendingChanges = 0
        var taker: CheckedContinuation<Item?, any Error>?
        var appender: CheckedContinuation<Void, any Error>?
        var finished = false
        var failure: (any Error)?
    }

    private let state = Mutex(State())
    private let plans: [TablePlan]
    private let limits: BatchLimits

    /// Creates a mailbox for batches of at most `limits` (row changes and bytes) over `plans`.
    init(plans: [TablePlan], limits: BatchLimits) {
        self.plans = plans
        self.limits = limits
    }

    /// Folds a transaction into the pending batch, waiting while it is full.
    func append(_ transaction: SourceTransaction, receivedAt: ContinuousClock.Instant) async throws {
        try await waitForRoom()
        let handOff: (CheckedContinuation<Item?, any Error>, Item?)? = try state.withLock { state in
            var pending: PendingChanges
            if case .changes(let last) = state.items.last {
                pending = last
                state.items.removeLast()
            } else {
                pending = PendingChanges(plans: plans)
            }
            try pending.add(transaction, receivedAt: receivedAt)
            state.pendingChanges += transaction.changes.count
            state.items.append(.changes(pending))
            return state.takeWaitingTaker().map { ($0, state.popFirst()) }
        }
        if let (taker, item) = handOff { taker.resume(returning: item) }
    }

    /// Queues a schema change after everything pending.
    func append(_ change: SchemaChange) async throws {
        try await waitForRoom()
        let handOff = state.withLock { state in
            state.items.append(.schemaChange(change))
            return state.takeWaitingTaker().map { ($0, state.popFirst()) }
        }
        if let (taker, item) = handOff { taker.resume(returning: item) }
    }

    /// The next item: everything pending, or a schema change; nil after `finish()` once empty.
    func take() async throws -> Item? {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Item?, any Error>) in
                let (result, appender): (Result<Item?, any Error>?, CheckedContinuation<Void, any Error>?) =
                    state.withLock { state in
                        if Task.isCancelled { return (.failure(CancellationError()), nil) }
                        if let failure = state.failure { return (.failure(failure), nil) }
                        if !state.items.isEmpty {
                            let item = state.popFirst()
                            let appender = state.appender
                            state.appender = nil
                            return (.success(item), appender)
                        }
                        if state.finished { return (.success(nil), nil) }
                        state.taker = continuation
                        return (nil, nil)
                    }
                appender?.resume()
                if let result { continuation.resume(with: result) }
            }
        } onCancel: {
            let taker = state.withLock { state in
                let taker = state.taker
                state.taker = nil
                return taker
            }
            taker?.resume(throwing: CancellationError())
        }
    }

    /// No more items will come.
    func finish() {
        let taker = state.withLock { state in
            state.finished = true
            guard state.items.isEmpty else { return nil as CheckedContinuation<Item?, any Error>? }
            return state.takeWaitingTaker()
        }
        taker?.resume(returning: nil)
    }

    /// The applier failed: a waiting `take()` and a waiting `append` throw `error` now, and every later call too.
    func fail(_ error: any Error) {
        let (taker, appender) = state.withLock { state in
            if state.failure == nil { state.failure = error }
            defer {
                state.taker = nil
                state.appender = nil
            }
            return (state.taker, state.appender)
        }
        taker?.resume(throwing: error)
        appender?.resume(throwing: error)
    }

    /// Whether anything is waiting to be applied.
    var isEmpty: Bool { state.withLock { $0.items.isEmpty } }

    /// The receive time of the oldest transaction not yet taken, for lag.
    var oldestPendingCommit: UInt32? {
        state.withLock { state in
            for item in state.items {
                if case .changes(let pending) = item { return pending.firstCommitTimestamp }
            }
            return nil
        }
    }

    private func waitForRoom() async throws {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let ready: Result<Void, any Error>? = state.withLock { state in
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if let failure = state.failure { return .failure(failure) }
                    let full = state.items.count > 1 || state.pendingChanges >= limits.rows
                        || state.pendingBytes >= limits.bytes
                    if !full { return .success(()) }
                    state.appender = continuation
                    return nil
                }
                if let ready { continuation.resume(with: ready) }
            }
        } onCancel: {
            let appender = state.withLock { state in
                let appender = state.appender
                state.appender = nil
                return appender
            }
            appender?.resume(throwing: CancellationError())
        }
    }
}

extension ChangeMailbox.State {
    var pendingBytes: Int {
        items.reduce(0) { total, item in
            if case .changes(let pending) = item { return total + pending.compactor.byteCount }
            return total
        }
    }

    mutating func takeWaitingTaker() -> CheckedContinuation<ChangeMailbox.Item?, any Error>? {
        let taker = self.taker
        self.taker = nil
        return taker
    }

    /// Removes and returns the first item (nil when empty); recounts what is pending.
    mutating func popFirst() -> ChangeMailbox.Item? {
        guard !items.isEmpty else { return nil }
        let item = items.removeFirst()
        if case .changes(let pending) = item { pendingChanges -= pending.compactor.rowChanges }
        return item
    }
}

/// Transactions folded together for one destination transaction.
struct PendingChanges: Sendable {
    var compactor: ChangeCompactor
    var transactions = 0
    var lastPosition = ""
    var lastCommitTimestamp: UInt32 = 0
    var firstCommitTimestamp: UInt32 = 0
    var firstReceivedAt: ContinuousClock.Instant?

    init(plans: [TablePlan]) { compactor = ChangeCompactor(plans: plans) }

    mutating func add(_ transaction: SourceTransaction, receivedAt: ContinuousClock.Instant) throws {
        for change in transaction.changes { try compactor.add(change) }
        if transactions == 0 {
            firstCommitTimestamp = transaction.commitTimestamp
            firstReceivedAt = receivedAt
        }
        transactions += 1
        lastPosition = transaction.position
        lastCommitTimestamp = transaction.commitTimestamp
    }
}

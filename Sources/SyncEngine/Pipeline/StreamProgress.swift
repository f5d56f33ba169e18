import Foundation
import SyncModel

/// Counts what change capture applied, per table, and measures lag (issue 5 item 7), for `RunStats`.
///
/// Lag is the age of the oldest source commit not yet applied: while changes wait or are being applied it is now
/// minus that transaction's source commit time (binlog timestamps have one-second resolution); when everything
/// received is applied it is zero, as long as the source was heard from (an event or a heartbeat) within
/// `staleAfter`; after that, the silence itself counts as lag, so a dead source connection shows up as growing lag.
public actor StreamProgress {
    struct TableCounters {
        var destination: String
        var changes: Int64 = 0
        var bytes: Int64 = 0
    }

    private var base: RunStats
    private var tables: [String: TableCounters] = [:]
    private var order: [String] = []
    private var transactions: Int64 = 0
    private var changes: Int64 = 0
    private var bytes: Int64 = 0
    /// First commit times of the batches being applied, oldest first (a pipeline applies up to two at once).
    private var inFlightCommits: [UInt32] = []
    private var pendingCommit: @Sendable () -> UInt32? = { nil }
    private var lastContact = Date()
    private let staleAfter: TimeInterval
    /// Commit time of the last transaction applied (seconds since the epoch).
    public private(set) var lastAppliedCommit: UInt32 = 0
    /// The source position after the last applied batch.
    public private(set) var lastAppliedPosition: String?
    /// The binlog retention margin last measured.
    private var retentionMargin: Int64?

    /// Records the binlog retention margin of the checkpoint.
    public func setRetentionMargin(_ bytes: Int64?) { retentionMargin = bytes }

    /// Creates counters for `plans`, starting from `base` (the figures of the full copy, if any).
    public init(plans: [TablePlan], base: RunStats = RunStats(), staleAfter: TimeInterval = 30) {
        self.base = base
        self.staleAfter = staleAfter
        for plan in plans {
            tables[plan.tableKey] = TableCounters(destination: plan.destination.description)
            order.append(plan.tableKey)
        }
    }

    func observePending(_ oldest: @escaping @Sendable () -> UInt32?) { pendingCommit = oldest }

    /// The source was heard from.
    public func contact(at date: Date = Date()) { lastContact = date }

    /// A pipeline run starts: batches of an earlier, failed run are no longer in flight.
    func runStarted() { inFlightCommits.removeAll() }

    /// A batch is being applied.
    func applying(firstCommit: UInt32) { inFlightCommits.append(firstCommit) }

    /// A batch committed.
    func applied(_ batch: ChangeBatch, firstCommit: UInt32, lastCommit: UInt32) {
        if let index = inFlightCommits.firstIndex(of: firstCommit) { inFlightCommits.remove(at: index) }
        transactions += Int64(batch.transactions)
        changes += Int64(batch.rowChanges)
        bytes += Int64(batch.byteCount)
        lastAppliedCommit = max(lastAppliedCommit, lastCommit)
        lastAppliedPosition = batch.checkpoint.position
        for set in batch.tables {
            let key = set.plan.tableKey
            if tables[key] == nil {
                tables[key] = TableCounters(destination: set.plan.destination.description)
                order.append(key)
            }
            tables[key]?.changes += Int64(set.deletes.count + set.upserts.count)
            tables[key]?.bytes += Int64(set.upserts.reduce(0) { $0 + $1.byteCount })
        }
    }

    /// Transactions applied in this run.
    public var transactionsApplied: Int64 { transactions }

    /// Row changes applied in this run.
    public var changesApplied: Int64 { changes }

    /// Current lag in milliseconds.
    public func lagMillis(now: Date = Date()) -> Int64 {
        let nowMillis = Int64(now.timeIntervalSince1970 * 1000)
        if let oldest = inFlightCommits.first ?? pendingCommit(), oldest > 0 {
            return max(0, nowMillis - Int64(oldest) * 1000)
        }
        let silence = now.timeIntervalSince(lastContact)
        return silence > staleAfter ? Int64(silence * 1000) : 0
    }

    /// The figures now: the base (full copy) plus what was applied, with lag.
    public func stats(now: Date = Date()) -> RunStats {
        var stats = base
        stats.rowsRead += changes
        stats.rowsWritten += changes
        stats.bytesRead += bytes
        stats.bytesWritten += bytes
        stats.percent = 100
        stats.etaSeconds = 0
        stats.lagMillis = lagMillis(now: now)
        stats.binlogRetentionMarginBytes = retentionMargin
        stats.updatedAt = now
        for key in order {
            guard let counters = tables[key], counters.changes > 0 else { continue }
            if let index = stats.tables.firstIndex(where: { $0.source == key }) {
                stats.tables[index].rowsWritten += counters.changes
                stats.tables[index].bytesWritten += counters.bytes
            } else {
                stats.tables.append(
                    TableRunStats(
                        source: key, destination: counters.destination, rowsRead: counters.changes,
                        rowsWritten: counters.changes, bytesRead: counters.bytes, bytesWritten: counters.bytes,
                        percent: 100))
            }
        }
        return stats
    }
}

import Foundation
import SyncModel

/// Counts what a snapshot run read and wrote, per table, and turns it into the `RunStats` the APIs show
/// (GetDIJob `RunStats`, DRS batch-progress, `tide task show`): rows and bytes, percent done, ETA.
public actor SnapshotProgress {
    struct TableCounters {
        var source: String
        var destination: String
        var estimatedRows: Int64
        var chunks: Int
        var chunksDone: Int = 0
        var rowsRead: Int64 = 0
        var rowsWritten: Int64 = 0
        var bytesRead: Int64 = 0
        var bytesWritten: Int64 = 0
        var dirty: Int64 = 0
    }

    private var tables: [String: TableCounters] = [:]
    private var order: [String] = []
    private let startedAt: ContinuousClock.Instant
    private var rowsAtStart: Int64 = 0
    /// Dirty records so far in this run.
    public private(set) var dirtyRecords: Int64 = 0

    /// Creates counters for `plans`.
    public init(plans: [TablePlan]) {
        startedAt = ContinuousClock.now
        for plan in plans {
            let estimate = max(plan.source.estimatedRows, plan.chunks.reduce(0) { $0 + $1.estimatedRows })
            tables[plan.tableKey] = TableCounters(
                source: plan.tableKey, destination: plan.destination.description, estimatedRows: estimate,
                chunks: plan.chunks.count)
            order.append(plan.tableKey)
        }
    }

    /// Marks chunks committed in an earlier attempt of the same run as done.
    public func resumed(tableKey: String, checkpoints: [ChunkCheckpoint]) {
        tables[tableKey]?.chunksDone += checkpoints.count
        let rows = checkpoints.reduce(Int64(0)) { $0 + $1.rows }
        tables[tableKey]?.rowsRead += rows
        tables[tableKey]?.rowsWritten += rows
        rowsAtStart += rows
    }

    /// A batch was read.
    public func read(tableKey: String, rows: Int, bytes: Int) {
        tables[tableKey]?.rowsRead += Int64(rows)
        tables[tableKey]?.bytesRead += Int64(bytes)
    }

    /// A chunk committed.
    public func committed(tableKey: String, result: ChunkWriteResult) {
        tables[tableKey]?.chunksDone += 1
        tables[tableKey]?.rowsWritten += result.rowsWritten
        tables[tableKey]?.bytesWritten += result.bytesWritten
        tables[tableKey]?.dirty += Int64(result.dirty.count)
        dirtyRecords += Int64(result.dirty.count)
    }

    /// Rows written earlier and removed when the load completed (`SnapshotSink.completeLoad`), as dirty records.
    public func removed(_ dirty: [DirtyRecord]) {
        for record in dirty {
            tables[record.table]?.rowsWritten -= 1
            tables[record.table]?.dirty += 1
        }
        dirtyRecords += Int64(dirty.count)
    }

    /// Whether every chunk of every table committed.
    public var isComplete: Bool { tables.values.allSatisfy { $0.chunksDone >= $0.chunks } }

    /// The figures now.
    public func stats(now: Date = Date()) -> RunStats {
        var stats = RunStats(updatedAt: now)
        var estimatedTotal: Int64 = 0
        var completedEstimate: Double = 0
        for key in order {
            guard let table = tables[key] else { continue }
            stats.rowsRead += table.rowsRead
            stats.rowsWritten += table.rowsWritten
            stats.bytesRead += table.bytesRead
            stats.bytesWritten += table.bytesWritten
            let percent = Self.percent(table)
            let weight = max(table.estimatedRows, table.rowsWritten, 1)
            estimatedTotal += weight
            completedEstimate += Double(weight) * percent / 100
            stats.tables.append(
                TableRunStats(
                    source: table.source, destination: table.destination, rowsRead: table.rowsRead,
                    rowsWritten: table.rowsWritten, bytesRead: table.bytesRead, bytesWritten: table.bytesWritten,
                    percent: percent))
        }
        stats.percent = estimatedTotal > 0 ? min(100, completedEstimate * 100 / Double(estimatedTotal)) : 100
        if isComplete { stats.percent = 100 }
        let elapsed = ContinuousClock.now - startedAt
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rowsThisRun = stats.rowsRead - rowsAtStart
        if seconds > 1, rowsThisRun > 0, stats.percent < 100 {
            let rate = Double(rowsThisRun) / seconds
            let remaining = max(0, Double(estimatedTotal) - Double(stats.rowsRead))
            stats.etaSeconds = Int64((remaining / rate).rounded(.up))
        } else if stats.percent >= 100 {
            stats.etaSeconds = 0
        }
        return stats
    }

    /// Percent of a table: 100 once every chunk committed; before that the rows read (the rows of chunks still
    /// in their transaction count, so the figure moves smoothly) against the estimate, never 100.
    private static func percent(_ table: TableCounters) -> Double {
        if table.chunks > 0, table.chunksDone >= table.chunks { return 100 }
        if table.estimatedRows > 0 {
            return min(99.9, Double(max(table.rowsRead, table.rowsWritten)) * 100 / Double(table.estimatedRows))
        }
        return table.chunks > 0 ? Double(table.chunksDone) * 100 / Double(table.chunks) : 0
    }
}

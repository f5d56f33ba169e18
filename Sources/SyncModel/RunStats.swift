import Foundation

/// Progress a runner reports (DataWorks GetDIJob `RunStats`, DRS batch-progress `QueryProgressResp`,
/// DataWorks 2024 ListDIJobRunDetails per-table rows). All counters are cumulative.
public struct RunStats: Sendable, Hashable, Codable {
    /// Rows read from the source.
    public var rowsRead: Int64
    /// Rows written to the destination.
    public var rowsWritten: Int64
    /// Bytes read.
    public var bytesRead: Int64
    /// Bytes written.
    public var bytesWritten: Int64
    /// Full-copy progress, 0...100.
    public var percent: Double
    /// Estimated seconds remaining, when known.
    public var etaSeconds: Int64?
    /// Change-capture lag in milliseconds, when streaming.
    public var lagMillis: Int64?
    /// Bytes of binlog between the oldest one the source retains and the stream checkpoint (how much can be purged
    /// before the task can no longer resume), when streaming.
    public var binlogRetentionMarginBytes: Int64?
    /// Per-table figures.
    public var tables: [TableRunStats]
    /// When the runner last reported.
    public var updatedAt: Date?

    /// Creates stats; all zero by default.
    public init(
        rowsRead: Int64 = 0, rowsWritten: Int64 = 0, bytesRead: Int64 = 0, bytesWritten: Int64 = 0,
        percent: Double = 0, etaSeconds: Int64? = nil, lagMillis: Int64? = nil, tables: [TableRunStats] = [],
        updatedAt: Date? = nil
    ) {
        self.rowsRead = rowsRead
        self.rowsWritten = rowsWritten
        self.bytesRead = bytesRead
        self.bytesWritten = bytesWritten
        self.percent = percent
        self.etaSeconds = etaSeconds
        self.lagMillis = lagMillis
        self.tables = tables
        self.updatedAt = updatedAt
    }
}

/// Progress of one table.
public struct TableRunStats: Sendable, Hashable, Codable {
    /// Source table, `database.table`.
    public var source: String
    /// Destination table.
    public var destination: String
    /// Rows read.
    public var rowsRead: Int64
    /// Rows written.
    public var rowsWritten: Int64
    /// Bytes read.
    public var bytesRead: Int64
    /// Bytes written.
    public var bytesWritten: Int64
    /// Full-copy progress of this table, 0...100.
    public var percent: Double

    /// Creates per-table stats.
    public init(
        source: String, destination: String, rowsRead: Int64 = 0, rowsWritten: Int64 = 0, bytesRead: Int64 = 0,
        bytesWritten: Int64 = 0, percent: Double = 0
    ) {
        self.source = source
        self.destination = destination
        self.rowsRead = rowsRead
        self.rowsWritten = rowsWritten
        self.bytesRead = bytesRead
        self.bytesWritten = bytesWritten
        self.percent = percent
    }
}

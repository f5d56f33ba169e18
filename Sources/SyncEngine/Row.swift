import NIOCore

/// One source row in Tide's interchange form: one value per column of the table plan, nil for SQL NULL.
///
/// Values are the bytes MySQL's text protocol sends for the column ("Text Resultset Row"), read with
/// `SET NAMES utf8mb4` and `time_zone = '+00:00'`:
/// - integers, DECIMAL: decimal digits (`-12`, `18446744073709551615`, `-0.50`); FLOAT/DOUBLE: shortest text;
/// - DATE `YYYY-MM-DD`, DATETIME/TIMESTAMP `YYYY-MM-DD HH:MM:SS[.ffffff]` (TIMESTAMP in UTC), TIME
///   `[-]H..H:MM:SS[.ffffff]`, YEAR `YYYY`; zero dates as `0000-00-00[ 00:00:00]`;
/// - CHAR/VARCHAR/TEXT/ENUM/SET/JSON: UTF-8 text; BINARY/VARBINARY/BLOB: raw bytes; BIT(n): the value as
///   big-endian bytes, (n+7)/8 of them; GEOMETRY: MySQL's internal form (4-byte little-endian SRID + WKB).
///
/// Values are usually slices of the packet they arrived in; no per-value copies are made on the hot path.
/// The binlog path (issue 5) converts decoded values into the same form so that sinks have one input.
public struct Row: Sendable, Hashable {
    /// Values in plan column order.
    public var values: [ByteBuffer?]

    /// Creates a row.
    public init(values: [ByteBuffer?]) { self.values = values }

    /// Approximate size in bytes (payload only), for batch sizing and MB/s figures.
    public var byteCount: Int {
        var total = 0
        for value in values { total += value?.readableBytes ?? 0 }
        return total
    }
}

/// Rows handed from a reader to a writer in one piece. Bounded by `BatchLimits`.
public struct RowBatch: Sendable {
    /// The rows, in source order.
    public var rows: [Row]
    /// Sum of the rows' `byteCount`.
    public var byteCount: Int

    /// Creates a batch.
    public init(rows: [Row] = [], byteCount: Int = 0) {
        self.rows = rows
        self.byteCount = byteCount
    }

    /// Appends a row.
    public mutating func append(_ row: Row) {
        byteCount += row.byteCount
        rows.append(row)
    }

    /// Whether the batch reached either limit.
    public func isFull(_ limits: BatchLimits) -> Bool {
        rows.count >= limits.rows || byteCount >= limits.bytes
    }
}

/// How large a batch may grow before it is handed on.
public struct BatchLimits: Sendable, Hashable, Codable {
    /// Maximum rows per batch.
    public var rows: Int
    /// Maximum payload bytes per batch.
    public var bytes: Int

    /// Creates limits (each at least 1).
    public init(rows: Int = 4096, bytes: Int = 4 << 20) {
        self.rows = max(1, rows)
        self.bytes = max(1, bytes)
    }
}

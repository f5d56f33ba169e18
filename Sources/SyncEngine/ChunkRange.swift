import Foundation

/// One bound of a key range: one value per key column, in the interchange form of `Row` (raw bytes).
public struct KeyTuple: Sendable, Hashable, Codable {
    /// Values per key column, never NULL (key columns are NOT NULL).
    public var values: [Data]

    /// Creates a tuple.
    public init(values: [Data]) { self.values = values }

    /// Creates a tuple from UTF-8 strings.
    public init(strings: [String]) { self.values = strings.map { Data($0.utf8) } }
}

/// A slice of a table in key order: `lower <= key < upper` (nil bound = unbounded on that side). A table without a
/// usable key has exactly one chunk with both bounds nil. Chunks of one table partition it and do not overlap.
public struct ChunkRange: Sendable, Hashable, Codable {
    /// Position in the table's plan, 0-based; chunks are numbered in key order.
    public var index: Int
    /// Inclusive lower bound; nil from the start of the table.
    public var lower: KeyTuple?
    /// Exclusive upper bound; nil to the end of the table.
    public var upper: KeyTuple?
    /// Estimated rows, for progress.
    public var estimatedRows: Int64

    /// Creates a chunk.
    public init(index: Int, lower: KeyTuple?, upper: KeyTuple?, estimatedRows: Int64 = 0) {
        self.index = index
        self.lower = lower
        self.upper = upper
        self.estimatedRows = estimatedRows
    }

    /// The single chunk of a table read whole.
    public static let whole = ChunkRange(index: 0, lower: nil, upper: nil)
}

/// What to copy for one table: the source schema, the columns read (in `Row` order), the destination, and the
/// chunks. Saved in the metadata store when a run begins so that a resumed run uses the same chunks.
public struct TablePlan: Sendable, Hashable, Codable {
    /// The source table.
    public var source: TableSchema
    /// The columns read, in row order (a subset of `source.columns` when the DataX reader lists columns).
    public var columns: [ColumnSchema]
    /// The destination table.
    public var destination: TableName
    /// Destination column names, parallel to `columns` (equal to the source names unless renamed).
    public var destinationColumns: [String]
    /// An extra filter (DataX reader `where`), applied by the reader to every chunk; empty for none.
    public var whereClause: String
    /// The chunks, in key order.
    public var chunks: [ChunkRange]
    /// DIJob HandleDml `LogicalDelete` (issue 5 item 1): the destination's boolean column that marks a row deleted
    /// at the source (nil: deletes remove rows). A sink creating the table adds it (NOT NULL, default false); a
    /// delete sets it to true for the key, keeping the row's other columns; an insert or update of the key sets it
    /// back to false; ordered destination reads (verification) skip rows where it is true. Not in
    /// `destinationColumns`: rows never carry it.
    public var logicalDeleteColumn: String?

    /// Creates a plan.
    public init(
        source: TableSchema, columns: [ColumnSchema]? = nil, destination: TableName,
        destinationColumns: [String]? = nil, whereClause: String = "", chunks: [ChunkRange] = [.whole]
    ) {
        self.source = source
        self.columns = columns ?? source.columns
        self.destination = destination
        self.destinationColumns = destinationColumns ?? (columns ?? source.columns).map(\.name)
        self.whereClause = whereClause
        self.chunks = chunks
    }

    /// Stable key of this table within a task, used in checkpoints: the source name.
    public var tableKey: String { source.name.description }

    /// Indexes in `columns` of the key columns, when every key column is read; nil otherwise.
    public var keyIndexesInRow: [Int]? {
        var indexes: [Int] = []
        for key in source.keyColumns {
            guard let index = columns.firstIndex(where: { $0.name == key }) else { return nil }
            indexes.append(index)
        }
        return indexes.isEmpty ? nil : indexes
    }
}

/// Identifies one committed chunk: which task run, which table, which chunk.
public struct ChunkCheckpoint: Sendable, Hashable, Codable {
    /// The task's stable id (DRS uuid).
    public var taskUUID: String
    /// The run generation: a full rerun (ForceToRerun, or a new start after the copy finished) starts a new one.
    public var generation: Int
    /// `TablePlan.tableKey`.
    public var tableKey: String
    /// `ChunkRange.index`.
    public var chunkIndex: Int
    /// Rows written by the chunk.
    public var rows: Int64

    /// Creates a checkpoint.
    public init(taskUUID: String, generation: Int, tableKey: String, chunkIndex: Int, rows: Int64) {
        self.taskUUID = taskUUID
        self.generation = generation
        self.tableKey = tableKey
        self.chunkIndex = chunkIndex
        self.rows = rows
    }
}

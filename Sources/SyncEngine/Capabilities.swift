import NIOCore

/// A source that can be copied in chunks (the snapshot role; issue 4 item 2). Model: PeerDB
/// `flow/connectors/core.go` QRepPullConnector.
public protocol SnapshotSource: Sendable {
    /// The schema of every table the selection names, in a stable order. Fails with `SyncEngineError.notFound`
    /// when a table named exactly does not exist.
    func discoverTables(_ selection: TableSelection) async throws -> [TableSchema]

    /// Splits `table` into key-ordered chunks of about `targetRows` rows each. A table without a usable key, or
    /// with fewer rows than `targetRows`, gets `[.whole]`. `whereClause` (DataX `where`) restricts the rows.
    func planChunks(_ table: TableSchema, targetRows: Int, whereClause: String) async throws -> [ChunkRange]

    /// Streams the rows of one chunk of `plan`, in key order, as batches within `limits`, awaiting `body` for each
    /// (back-pressure: no batch is read before the previous one was accepted). Memory stays bounded by `limits`
    /// whatever the chunk size. Rows hold the plan's `columns` in order.
    func readChunk(
        _ chunk: ChunkRange, of plan: TablePlan, limits: BatchLimits,
        _ body: (RowBatch) async throws -> Void
    ) async throws

    /// Releases connections. Idempotent.
    func close() async
}

/// How a destination treats a row whose key already exists (DataX `writeMode`, DRS conflict policy).
public enum WriteMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Plain INSERT / COPY: a duplicate key is a rejected (dirty) row.
    case insert
    /// Keep the existing row (PostgreSQL `ON CONFLICT DO NOTHING`; MySQL `ON DUPLICATE KEY UPDATE k = k`, not
    /// `INSERT IGNORE`, which would also silently truncate bad values instead of rejecting them).
    case ignore
    /// Replace the existing row (`ON CONFLICT DO UPDATE`, `REPLACE`).
    case replace
}

/// What a sink does before and after the copy, and how it maps types (issue 4 item 3).
public struct SinkOptions: Sendable, Hashable, Codable {
    /// Conflict handling.
    public var writeMode: WriteMode
    /// Create missing destination tables (and their primary keys) from the source schema.
    public var createTables: Bool
    /// Empty each destination table before a fresh run (never on resume).
    public var truncateBeforeLoad: Bool
    /// Statements run once before a fresh run (DataX `preSql`).
    public var preSQL: [String]
    /// Statements run once after the copy completes (DataX `postSql`).
    public var postSQL: [String]
    /// Map TINYINT(1) to BOOLEAN (true) or SMALLINT (false, the default: lossless).
    public var tinyInt1AsBoolean: Bool
    /// Zero dates (`0000-00-00`) become NULL (true, default) or are rejected as dirty records (false).
    public var zeroDateAsNull: Bool
    /// User type overrides: source type text (`COLUMN_TYPE`, or a bare type name such as `bigint unsigned`,
    /// matched case-insensitively) to destination type (DIJob ColumnDataTypeSettings).
    public var typeOverrides: [String: String]
    /// A table `prepare` creates for a plain-insert bulk load may get its key only after the load, in
    /// `SnapshotSink.completeLoad`: loading an unindexed table and building the index once costs the destination
    /// far less than maintaining the index row by row (pgloader does the same). Only set by a run that calls
    /// `completeLoad` before anything else uses the tables (`SnapshotPipeline` does); a sink may ignore it.
    public var deferKeys: Bool
    /// Percentage of each page a created table fills on insert (PostgreSQL `fillfactor`, 10...100), nil for the
    /// server's default (100). Tables that will receive row changes get room for updates to stay on their page
    /// (heap-only tuples: no new index entry, no second page touched); a sink may ignore it (MySQL, Hologres).
    public var fillFactor: Int?

    /// Creates options; the defaults are insert, create tables, no truncate, keys created with the table.
    public init(
        writeMode: WriteMode = .insert, createTables: Bool = true, truncateBeforeLoad: Bool = false,
        preSQL: [String] = [], postSQL: [String] = [], tinyInt1AsBoolean: Bool = false, zeroDateAsNull: Bool = true,
        typeOverrides: [String: String] = [:], deferKeys: Bool = false
    ) {
        self.deferKeys = deferKeys
        self.writeMode = writeMode
        self.createTables = createTables
        self.truncateBeforeLoad = truncateBeforeLoad
        self.preSQL = preSQL
        self.postSQL = postSQL
        self.tinyInt1AsBoolean = tinyInt1AsBoolean
        self.zeroDateAsNull = zeroDateAsNull
        self.typeOverrides = typeOverrides
    }
}

/// A row the destination refused, kept in the dirty-record log.
public struct DirtyRecord: Sendable, Hashable, Codable {
    /// Source table.
    public var table: String
    /// The row's key values (or the whole row for keyless tables), as text for display (binary shown as hex).
    public var key: [String]
    /// The destination's reason (no secrets: a server error message).
    public var reason: String

    /// Creates a record.
    public init(table: String, key: [String], reason: String) {
        self.table = table
        self.key = key
        self.reason = reason
    }
}

/// The outcome of one committed chunk.
public struct ChunkWriteResult: Sendable, Hashable {
    /// Rows the destination accepted.
    public var rowsWritten: Int64
    /// Bytes written (payload).
    public var bytesWritten: Int64
    /// Rows the destination refused.
    public var dirty: [DirtyRecord]

    /// Creates a result.
    public init(rowsWritten: Int64 = 0, bytesWritten: Int64 = 0, dirty: [DirtyRecord] = []) {
        self.rowsWritten = rowsWritten
        self.bytesWritten = bytesWritten
        self.dirty = dirty
    }
}

/// A destination that loads chunks (the snapshot-sink role). Model: PeerDB `postgres_destination.go` SyncRecords
/// (COPY + metadata update + commit in one transaction).
public protocol SnapshotSink: Sendable {
    /// Creates missing tables (when asked), the checkpoint table, and, on a fresh run (`fresh`), truncates and
    /// runs `preSQL`. Called once per run before any chunk.
    func prepare(_ plans: [TablePlan], options: SinkOptions, fresh: Bool) async throws

    /// The chunks already committed for `taskUUID` in `generation` (read from the destination's checkpoint table).
    func committedChunks(taskUUID: String, generation: Int) async throws -> [ChunkCheckpoint]

    /// Writes one chunk in ONE destination transaction together with its `ChunkCheckpoint`: either all of the
    /// chunk's accepted rows and the checkpoint commit, or nothing does. Rows come from `batches` in order; the
    /// sink pulls them at its own pace. Rows the destination refuses are isolated (the chunk retried row by row)
    /// and returned as dirty records instead of failing the chunk. Cancellation rolls the transaction back.
    func writeChunk(
        _ chunk: ChunkRange, of plan: TablePlan, options: SinkOptions, checkpoint: ChunkCheckpoint,
        batches: RowBatchChannel
    ) async throws -> ChunkWriteResult

    /// Completes what `prepare` deferred for a fast load (`SinkOptions.deferKeys`: the keys of tables it created)
    /// once every chunk of every table committed, before `finish`. Rows that break the key (duplicates a keyed
    /// load would have refused) are removed and returned as dirty records. Idempotent: a run killed during it
    /// completes it on resume.
    func completeLoad(_ plans: [TablePlan], options: SinkOptions) async throws -> [DirtyRecord]

    /// Runs `postSQL` after every chunk of every table committed.
    func finish(_ plans: [TablePlan], options: SinkOptions) async throws

    /// Releases connections. Idempotent.
    func close() async
}

extension SnapshotSink {
    /// A sink that defers nothing has nothing to complete.
    public func completeLoad(_ plans: [TablePlan], options: SinkOptions) async throws -> [DirtyRecord] { [] }
}

/// Either side of a verification (issue 4 item 6). Reads a whole table ordered by its key columns ascending in
/// *binary* order, which both engines can produce: numbers by value, dates and times by value, everything else
/// (strings, ENUM, SET, binary) by the bytes of the value (MySQL `ORDER BY CAST(k AS BINARY)`, PostgreSQL
/// `ORDER BY k COLLATE "C"`). Rows are returned in the interchange form of `Row` (a PostgreSQL reader converts
/// back: bytea to bytes, boolean to 0/1, bit varying to big-endian bytes, interval to MySQL TIME text, timestamptz
/// in UTC without offset ...), so that `CanonicalValue` can compare both sides with one set of rules.
public protocol OrderedTableReader: Sendable {
    /// Streams every row of the table, in plan column order (`plan.columns` on the source side;
    /// `plan.destinationColumns` of `plan.destination` on the destination side), ordered as described above.
    func readOrdered(
        _ plan: TablePlan, side: TableSide, limits: BatchLimits, _ body: (RowBatch) async throws -> Void
    ) async throws
}

/// Which side of a plan a reader reads.
public enum TableSide: String, Sendable, Hashable, Codable {
    case source
    case destination
}

import Logging
import PostgresNIO
import SyncEngine
import Synchronization

/// What `applyChanges` remembers between batches (issue 5 item 1), so that a batch pays no catalog query and no
/// DDL once a table was seen: each destination table's column types, a stable staging-table number per staging
/// shape, and which staging tables already exist on which connection (temporary tables live as long as their
/// session). A schema change, or any failed batch, forgets the tables concerned; a connection that saw an error is
/// closed by the pool, so its staging tables never outlive what this cache says.
final class PostgresChangeCache: Sendable {
    private struct State {
        var columnTypes: [TableName: [String: String]] = [:]
        var indexColumns: [TableName: [PostgresIndex]] = [:]
        var stagingNumbers: [String: Int] = [:]
        var created: Set<StagingOnConnection> = []
        var zeroDateAsNull = SinkOptions().zeroDateAsNull
        var server: PostgresServerFacts?
    }

    private struct StagingOnConnection: Hashable {
        var connectionID: Int
        var name: String
    }

    /// More remembered (connection, staging) pairs than this and the set is emptied: connections come and go over
    /// a long stream, and forgetting costs only one `CREATE TEMP TABLE IF NOT EXISTS`.
    private static let createdLimit = 4096

    private let state = Mutex(State())

    /// Creates an empty cache.
    init() {}

    /// What the server is (`PostgresSink.serverFacts`), once asked; nil before.
    var server: PostgresServerFacts? {
        get { state.withLock { $0.server } }
        set { state.withLock { $0.server = newValue } }
    }

    /// How zero dates are written by `applyChanges` (`SinkOptions.zeroDateAsNull`, which `applyChanges` does not
    /// receive): the value of the last `prepare` or `applySchemaChange` call, the default until then.
    var zeroDateAsNull: Bool {
        get { state.withLock { $0.zeroDateAsNull } }
        set { state.withLock { $0.zeroDateAsNull = newValue } }
    }

    /// The cached column types of `table` (column name to `format_type` text), nil when not cached.
    func columnTypes(of table: TableName) -> [String: String]? {
        state.withLock { $0.columnTypes[table] }
    }

    /// Caches the column types of `table`.
    func setColumnTypes(_ types: [String: String], of table: TableName) {
        state.withLock { $0.columnTypes[table] = types }
    }

    /// The cached index columns of `table` (`PostgresCatalog.indexColumns`), nil when not cached.
    func indexColumns(of table: TableName) -> [PostgresIndex]? {
        state.withLock { $0.indexColumns[table] }
    }

    /// Caches the index columns of `table`.
    func setIndexColumns(_ indexes: [PostgresIndex], of table: TableName) {
        state.withLock { $0.indexColumns[table] = indexes }
    }

    /// Forgets what is cached for `tables` (their staging tables get new numbers when their shape changed).
    func forget(_ tables: some Sequence<TableName>) {
        state.withLock { state in
            for table in tables {
                state.columnTypes[table] = nil
                state.indexColumns[table] = nil
            }
        }
    }

    /// The staging-table number for a staging shape (destination table, columns and types): the same shape always
    /// gets the same number, a changed shape a new one.
    func stagingNumber(for signature: String) -> Int {
        state.withLock { state in
            if let number = state.stagingNumbers[signature] { return number }
            let number = state.stagingNumbers.count + 1
            state.stagingNumbers[signature] = number
            return number
        }
    }

    /// Whether staging table `name` is known to exist on connection `connectionID`.
    func stagingExists(_ name: String, on connectionID: Int) -> Bool {
        state.withLock { $0.created.contains(StagingOnConnection(connectionID: connectionID, name: name)) }
    }

    /// Records that staging table `name` exists on connection `connectionID`.
    func stagingCreated(_ name: String, on connectionID: Int) {
        state.withLock { state in
            if state.created.count >= Self.createdLimit { state.created = [] }
            state.created.insert(StagingOnConnection(connectionID: connectionID, name: name))
        }
    }
}

extension PostgresChangeCache {
    /// The indexes of `table`, cached, or read from the catalog on `connection` and cached.
    func indexes(of table: TableName, on connection: PostgresConnection, logger: Logger) async throws -> [PostgresIndex] {
        if let indexes = indexColumns(of: table) { return indexes }
        let indexes: [PostgresIndex]
        do {
            indexes = try await PostgresCatalog.indexColumns(of: table, on: connection, logger: logger)
        } catch {
            throw PostgresErrorText.wrapped(error, .destinationFailed, context: "reading the indexes of \(table)")
        }
        setIndexColumns(indexes, of: table)
        return indexes
    }
}

import Foundation
import GRDB
import SyncModel

/// The embedded metadata store: SQLite through a GRDB `DatabasePool` (WAL: concurrent readers, one writer) in the
/// data directory, with schema migrations applied on open and secrets encrypted with the data-directory key.
public final class SQLiteMetadataStore: MetadataStore {
    let pool: DatabasePool
    let box: SecretBox
    /// Counts of recent list filters, invalidated by every write.
    let countCache = TaskCountCache()
    /// Recently listed tasks by (id, row version).
    let listCache = TaskListCache()
    /// Projects already found (they never change).
    let projectCache = ProjectCache()
    /// The data directory in use.
    public let dataDirectory: DataDirectory

    /// Opens (creating when needed) the store in `dataDirectory` and migrates the schema.
    public init(dataDirectory: DataDirectory) throws(MetadataStoreError) {
        self.dataDirectory = dataDirectory
        self.box = SecretBox(key: try dataDirectory.loadOrCreateKey())
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.foreignKeysEnabled = true
        configuration.maximumReaderCount = 8
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            pool = try DatabasePool(path: dataDirectory.databasePath, configuration: configuration)
            try StoreSchema.migrator.migrate(pool)
        } catch {
            throw MetadataStoreError(.database, "cannot open the metadata database: \(Self.describe(error))")
        }
    }

    /// Opens the store in the directory at `path`.
    public convenience init(path: String) throws(MetadataStoreError) {
        try self.init(dataDirectory: DataDirectory(path: path))
    }

    /// Runs a read transaction, mapping every error to `MetadataStoreError`.
    func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws(MetadataStoreError) -> T {
        do {
            return try await pool.read(body)
        } catch {
            throw Self.map(error)
        }
    }

    /// Runs a write transaction, mapping every error to `MetadataStoreError`.
    func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws(MetadataStoreError) -> T
    {
        countCache.beginWrite()
        defer { countCache.endWrite() }
        do {
            return try await pool.write(body)
        } catch {
            throw Self.map(error)
        }
    }

    static func map(_ error: any Error) -> MetadataStoreError {
        if let error = error as? MetadataStoreError { return error }
        if let error = error as? SyncModelError {
            let code: MetadataStoreError.Code = error.code == .illegalTransition ? .illegalTransition : .invalidQuery
            return MetadataStoreError(code, error.message, modelError: error)
        }
        return MetadataStoreError(.database, "metadata database error: \(describe(error))")
    }

    /// A description of a database error without SQL text or arguments (which may hold user values).
    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return "SQLite \(error.resultCode.rawValue) \(error.message ?? "")"
        }
        return String(describing: type(of: error))
    }

    static func isUniqueViolation(_ error: any Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        return error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE
            || error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY
    }
}

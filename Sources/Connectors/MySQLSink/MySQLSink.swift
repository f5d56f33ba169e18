import Logging
import MySQLClient
import MySQLSource
import SyncEngine

/// The MySQL/MariaDB snapshot writer (issue 4 item 4): creates tables, loads each chunk with multi-row INSERT /
/// REPLACE statements in one transaction together with its checkpoint row, and isolates refused rows as dirty
/// records. Every connection runs `SET NAMES utf8mb4`, `time_zone = '+00:00'`,
/// `sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION'` (bad values are errors, zero dates allowed) and
/// `foreign_key_checks = 0`. Parallel `writeChunk` calls each use their own pooled connection. As a `ChangeSink`
/// (issue 5, `MySQLSink+Changes.swift`) it applies change batches with their stream checkpoint in one transaction.
public final class MySQLSink: SnapshotSink, OrderedTableReader {
    /// Statements every connection runs after login.
    static let sessionStatements = [
        "SET NAMES utf8mb4",
        "SET time_zone = '+00:00'",
        "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION'",
        "SET SESSION foreign_key_checks = 0",
    ]

    /// The database holding the checkpoint table (`_tide` unless the caller chose another).
    let checkpointDatabase: String
    /// The checkpoint table (`SnapshotSink` docs), quoted.
    var checkpointTable: String { MySQLSQLText.quoteIdentifier(schema: checkpointDatabase, table: "chunk_checkpoints") }

    let pool: MySQLConnectionPool
    let logger: Logger
    /// Upper size of one INSERT statement.
    let statementBytes: Int

    /// Creates a sink writing through at most `connections` connections (opened on demand); statements grow up
    /// to `statementBytes` (keep it well under the server's max_allowed_packet); checkpoints live in
    /// `checkpointDatabase`.`chunk_checkpoints`.
    public init(
        configuration: MySQLConfiguration, connections: Int = 4, statementBytes: Int = 4 << 20,
        checkpointDatabase: String = "_tide", logger: Logger = Logger(label: "tide.mysql-sink")
    ) {
        self.checkpointDatabase = checkpointDatabase
        self.pool = MySQLConnectionPool(
            configuration: configuration, maxConnections: connections, sessionStatements: Self.sessionStatements)
        self.statementBytes = max(1024, statementBytes)
        self.logger = logger
    }

    /// Releases connections. Idempotent.
    public func close() async {
        await pool.shutdown()
    }

    /// Runs `body` on a pooled connection, turning client errors into `SyncEngineError(.destinationFailed)`.
    func withConnection<T: Sendable>(
        _ doing: @autoclosure () -> String, _ body: @Sendable (MySQLConnection) async throws -> T
    ) async throws -> T {
        try await pool.run(failing: .destinationFailed, doing(), body)
    }
}

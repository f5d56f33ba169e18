import Logging
import MySQLClient
import SyncEngine

/// The MySQL/MariaDB snapshot reader (issue 4 item 2): discovers tables, plans key-range chunks, and streams
/// chunks and whole ordered tables through a bounded pool of connections, each set up with `SET NAMES utf8mb4`,
/// `time_zone = '+00:00'` and a plain sql_mode (no ANSI_QUOTES, no NO_BACKSLASH_ESCAPES), so that values arrive in
/// the interchange form documented on `Row` and our literals and backtick identifiers mean what they say.
///
/// FLOAT columns are selected as `c + 0e0`: the value then arrives as the shortest text of the *double* equal to
/// the stored float (3.1415927 is stored as 3.1415927410125732), which converts back to exactly the same float
/// (MySQL's own FLOAT text keeps 6 digits and loses precision). This is Tide's interchange rule for FLOAT.
public final class MySQLSnapshotSource: SnapshotSource, OrderedTableReader {
    /// Statements every connection runs after login.
    static let sessionStatements = [
        "SET NAMES utf8mb4",
        "SET time_zone = '+00:00'",
        "SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION'",
    ]

    let pool: MySQLConnectionPool
    let logger: Logger

    /// Creates a source reading through at most `connections` connections (opened on demand).
    public init(configuration: MySQLConfiguration, connections: Int = 4, logger: Logger = Logger(label: "tide.mysql-source")) {
        self.pool = MySQLConnectionPool(
            configuration: configuration, maxConnections: connections, sessionStatements: Self.sessionStatements)
        self.logger = logger
    }

    /// Releases connections. Idempotent.
    public func close() async {
        await pool.shutdown()
    }

    /// Runs `body` on a pooled connection, turning client errors into `SyncEngineError(.sourceFailed)` that say
    /// what was being done.
    func withConnection<T: Sendable>(
        _ doing: @autoclosure () -> String, _ body: @Sendable (MySQLConnection) async throws -> T
    ) async throws -> T {
        try await pool.run(failing: .sourceFailed, doing(), body)
    }
}

import Foundation
import SyncEngine

/// Where and how the PostgreSQL/Hologres sink connects (issue 4 item 3). TLS is off. The password never appears in
/// `description`, `debugDescription` or any error message.
public struct PostgresSinkConfiguration: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// Server host name or address.
    public var host: String
    /// Server port.
    public var port: Int
    /// User name.
    public var username: String
    /// Password; nil for trust authentication.
    public var password: String?
    /// Database name.
    public var database: String
    /// Most connections open at once: `writeChunk` calls beyond this wait for a free connection. At least 1.
    public var maxConnections: Int
    /// Whether COPY may send rows in binary format for tables whose every column has one (`COPYBinaryColumn`):
    /// on by default; PostgreSQL parses it with far less work than text. Off sends text always.
    public var binaryCopy: Bool = true
    /// Whether change batches commit with `synchronous_commit = off` (PostgreSQL "Asynchronous Commit"): COMMIT
    /// returns before its WAL reaches disk. Safe for change apply because each batch's stream checkpoint commits in
    /// the same transaction: a server crash can only lose the newest batches together with their checkpoint, and
    /// the restart replays them from the source (apply is by key, so a replay converges). Snapshot chunks and other
    /// writes keep synchronous commits. On by default (not on Hologres); off waits for every flush.
    public var asynchronousCommit: Bool = true
    /// Whether change batches of a table whose key is its only unique index merge with ONE `MERGE` statement
    /// (PostgreSQL 15 and later): deletes, updates in place and inserts in a single pass over the staged rows.
    /// Off (and on older servers and Hologres) they merge as `DELETE` of the deleted keys, then `INSERT ... ON
    /// CONFLICT DO UPDATE`, which locks every updated row before updating it (one more WAL record per row). On by
    /// default.
    public var mergeStatement: Bool = true

    /// Creates a configuration.
    public init(
        host: String, port: Int = 5432, username: String, password: String?, database: String, maxConnections: Int = 4
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.maxConnections = max(1, maxConnections)
    }

    /// Parses `postgres://user:password@host:port/database` (also `postgresql://`); user and password may be
    /// percent-encoded. Fails with `invalidConfiguration` (the message does not repeat the URL: it may hold a
    /// password).
    public init(url: String, maxConnections: Int = 4) throws {
        guard let components = URLComponents(string: url),
            let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme.lowercased()),
            let host = components.host, !host.isEmpty
        else {
            throw SyncEngineError(
                .invalidConfiguration, "PostgreSQL URL must look like postgres://user:password@host:port/database"
            )
        }
        let database = String(components.path.drop { $0 == "/" })
        self.init(
            host: host, port: components.port ?? 5432, username: components.user ?? "postgres",
            password: components.password, database: database.isEmpty ? "postgres" : database,
            maxConnections: maxConnections
        )
    }

    /// `postgres://user@host:port/database (max N connections)`, without the password.
    public var description: String {
        "postgres://\(username)@\(host):\(port)/\(database) (max \(maxConnections) connections)"
    }

    /// Same as `description`: the password stays hidden.
    public var debugDescription: String { description }
}

extension PostgresSinkConfiguration: CustomReflectable {
    /// A mirror without the password, so `dump` and debuggers do not show it either.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "host": host, "port": port, "username": username, "database": database,
                "maxConnections": maxConnections, "binaryCopy": binaryCopy, "mergeStatement": mergeStatement,
            ]
        )
    }
}

import AsyncAlgorithms
import Foundation
import Logging
import NIOCore
import PostgresNIO
import PostgresSink
import SyncEngine

/// Shared helpers of the real-server tests: the PostgreSQL URL from `TIDE_TEST_PG`, a uniquely named schema per
/// test (dropped at the end), a side connection to inspect the destination, and a chunk feeder.
enum PostgresTestSupport {
    /// The server URL, or nil (tests are then skipped).
    static let url = ProcessInfo.processInfo.environment["TIDE_TEST_PG"]

    /// Whether real-server tests run.
    static let isEnabled = url != nil

    /// A fresh schema name.
    static func uniqueSchema(_ prefix: String = "tide_pgsink") -> String {
        prefix + "_" + UUID().uuidString.prefix(8).lowercased()
    }

    /// The sink configuration for `TIDE_TEST_PG`.
    static func configuration(maxConnections: Int = 4) throws -> PostgresSinkConfiguration {
        try PostgresSinkConfiguration(url: url ?? "", maxConnections: maxConnections)
    }

    /// Runs `body` with a sink and an inspection connection, then drops `schemas` and closes both.
    static func withSink(
        schemas: [String], maxConnections: Int = 4, mergeStatement: Bool = true,
        _ body: (PostgresSink, Inspector) async throws -> Void
    ) async throws {
        var configuration = try configuration(maxConnections: maxConnections)
        configuration.mergeStatement = mergeStatement
        let sink = try await PostgresSink.connect(configuration)
        let inspector: Inspector
        do {
            inspector = try await Inspector.connect(configuration)
        } catch {
            await sink.close()  // a sink dropped open trips postgres-nio's debug assertion and kills the run
            throw error
        }
        do {
            try await body(sink, inspector)
        } catch {
            await sink.close()
            for schema in schemas { try? await inspector.execute("DROP SCHEMA IF EXISTS \(quoted(schema)) CASCADE") }
            try? await inspector.connection.close()
            throw error
        }
        await sink.close()
        for schema in schemas { try await inspector.execute("DROP SCHEMA IF EXISTS \(quoted(schema)) CASCADE") }
        try await inspector.connection.close()
    }

    /// `"name"` with inner quotes doubled.
    static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Writes `rows` as one chunk, `batchRows` rows per batch, the way the engine does: a producer task sends
    /// batches through a rendezvous channel while `writeChunk` consumes them.
    static func writeChunk(
        _ sink: PostgresSink, plan: TablePlan, options: SinkOptions, checkpoint: ChunkCheckpoint,
        chunk: ChunkRange = .whole, rows: [Row], batchRows: Int = 1000
    ) async throws -> ChunkWriteResult {
        let channel = RowBatchChannel()
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                var batch = RowBatch()
                for row in rows {
                    batch.append(row)
                    if batch.rows.count >= batchRows {
                        await channel.send(batch)
                        batch = RowBatch()
                    }
                }
                if !batch.rows.isEmpty { await channel.send(batch) }
                channel.finish()
            }
            do {
                let result = try await sink.writeChunk(
                    chunk, of: plan, options: options, checkpoint: checkpoint, batches: channel
                )
                try await group.waitForAll()
                return result
            } catch {
                channel.finish()
                group.cancelAll()
                throw error
            }
        }
    }

    /// Reads the destination back through `readOrdered`.
    static func readBack(_ sink: PostgresSink, plan: TablePlan, limits: BatchLimits = BatchLimits()) async throws
        -> [Row]
    {
        var rows: [Row] = []
        try await sink.readOrdered(plan, side: .destination, limits: limits) { batch in
            rows.append(contentsOf: batch.rows)
        }
        return rows
    }

    /// A row from strings (nil = NULL).
    static func row(_ values: [String?]) -> Row {
        Row(values: values.map { $0.map { ByteBuffer(string: $0) } })
    }
}

/// A plain connection for setting up and inspecting destination tables.
struct Inspector: Sendable {
    let connection: PostgresConnection
    let logger = Logger(label: "tide.test.inspector", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Opens the connection (session in UTC).
    static func connect(_ configuration: PostgresSinkConfiguration) async throws -> Inspector {
        let settings = PostgresConnection.Configuration(
            host: configuration.host, port: configuration.port, username: configuration.username,
            password: configuration.password, database: configuration.database, tls: .disable
        )
        let logger = Logger(label: "tide.test.inspector", factory: { _ in SwiftLogNoOpLogHandler() })
        let connection = try await PostgresConnection.connect(configuration: settings, id: 9_999, logger: logger)
        let inspector = Inspector(connection: connection)
        try await inspector.execute("SET TimeZone TO 'UTC'")
        return inspector
    }

    /// Runs one statement.
    func execute(_ sql: String) async throws {
        try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
    }

    /// Every row of `sql` with each value as text (select `x::text` for non-text columns).
    func texts(_ sql: String) async throws -> [[String?]] {
        var result: [[String?]] = []
        for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger) {
            result.append(row.map { cell in cell.bytes.map { String(buffer: $0) } })
        }
        return result
    }
}

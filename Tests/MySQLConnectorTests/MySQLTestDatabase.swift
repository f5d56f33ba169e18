import AsyncAlgorithms
import Foundation
import MySQLClient
import MySQLSink
import MySQLSource
import NIOCore
import SyncEngine
import Testing

/// The MariaDB the project's test script starts (`scripts/servers.sh start`), from `TIDE_TEST_MYSQL`; each test
/// makes its own `tide_t_<random>` databases and drops them at the end.
enum MySQLTestServer {
    static let url = ProcessInfo.processInfo.environment["TIDE_TEST_MYSQL"]
    static let isConfigured = url != nil
    static let disabledReason: Comment = "TIDE_TEST_MYSQL is not set; run `bash scripts/servers.sh start` and export it"

    static func configuration() throws -> MySQLConfiguration {
        try MySQLConfiguration(url: url ?? "")
    }

    /// A fresh database name.
    static func databaseName() -> String {
        "tide_t_" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
    }

    /// Opens an admin connection with a permissive session (zero dates allowed, backslash escapes on).
    static func admin() async throws -> MySQLConnection {
        let connection = try await MySQLConnection.connect(try configuration())
        try await connection.execute("SET NAMES utf8mb4")
        try await connection.execute("SET time_zone = '+00:00'")
        try await connection.execute("SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION'")
        return connection
    }

    /// Creates `databases`, runs `body`, and drops them whatever happens.
    static func withDatabases<T>(
        _ count: Int = 1, _ body: (MySQLConnection, [String]) async throws -> T
    ) async throws -> T {
        let connection = try await admin()
        let names = (0..<count).map { _ in databaseName() }
        for name in names { try await connection.execute("CREATE DATABASE `\(name)` CHARACTER SET utf8mb4") }
        do {
            let result = try await body(connection, names)
            for name in names { try await connection.execute("DROP DATABASE IF EXISTS `\(name)`") }
            await connection.close()
            return result
        } catch {
            for name in names { _ = try? await connection.execute("DROP DATABASE IF EXISTS `\(name)`") }
            await connection.close()
            throw error
        }
    }
}

/// Rows read through the reader protocols, as arrays of optional byte arrays for easy comparison.
typealias PlainRow = [[UInt8]?]

extension Row {
    var plain: PlainRow { values.map { $0.map { Array($0.readableBytesView) } } }
}

/// Reads every row of `chunk` (small batches, to exercise batching).
func readAll(
    _ source: MySQLSnapshotSource, _ chunk: ChunkRange, _ plan: TablePlan, limits: BatchLimits = BatchLimits(rows: 7)
) async throws -> [PlainRow] {
    var rows: [PlainRow] = []
    try await source.readChunk(chunk, of: plan, limits: limits) { batch in
        #expect(batch.rows.count <= limits.rows)
        rows.append(contentsOf: batch.rows.map(\.plain))
    }
    return rows
}

/// Reads a whole table in key order through any `OrderedTableReader`.
func readOrderedAll(_ reader: some OrderedTableReader, _ plan: TablePlan, side: TableSide) async throws -> [PlainRow] {
    var rows: [PlainRow] = []
    try await reader.readOrdered(plan, side: side, limits: BatchLimits(rows: 5)) { batch in
        rows.append(contentsOf: batch.rows.map(\.plain))
    }
    return rows
}

/// Bytes of a UTF-8 string, for expectations.
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// Bytes from hex, for expectations.
func hexBytes(_ hex: String) -> [UInt8] {
    var result: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex {
        let next = hex.index(index, offsetBy: 2)
        result.append(UInt8(hex[index..<next], radix: 16) ?? 0)
        index = next
    }
    return result
}

/// Hands batches to a channel the way the engine does (for sink tests).
func feed(_ rows: [Row], into channel: RowBatchChannel, batchRows: Int = 3) async {
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

/// A row of text values (nil = NULL).
func textRow(_ values: [String?]) -> Row {
    Row(values: values.map { $0.map { ByteBuffer(string: $0) } })
}

/// Runs `body` with a source on the test server and closes it afterwards.
func withSource<T>(
    connections: Int = 2, configuration: MySQLConfiguration? = nil, _ body: (MySQLSnapshotSource) async throws -> T
) async throws -> T {
    let source = MySQLSnapshotSource(
        configuration: try configuration ?? MySQLTestServer.configuration(), connections: connections)
    do {
        let result = try await body(source)
        await source.close()
        return result
    } catch {
        await source.close()
        throw error
    }
}

/// Runs `body` with a sink on the test server and closes it afterwards.
/// Its checkpoint table lives in `checkpointDatabase` (one of the test's own databases).
func withSink<T>(
    checkpointDatabase: String, connections: Int = 2, statementBytes: Int = 4 << 20,
    _ body: (MySQLSink) async throws -> T
) async throws -> T {
    let sink = MySQLSink(
        configuration: try MySQLTestServer.configuration(), connections: connections, statementBytes: statementBytes,
        checkpointDatabase: checkpointDatabase)
    do {
        let result = try await body(sink)
        await sink.close()
        return result
    } catch {
        await sink.close()
        throw error
    }
}

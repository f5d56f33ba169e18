import AsyncAlgorithms
import Foundation
import NIOCore
import PostgresSink
import SyncEngine
import Testing

/// COPY throughput through `writeChunk` (1, 2 and 4 parallel chunks) against `psql \copy` of the same rows from a
/// CSV file, in the same run. Off by default: `TIDE_BENCH=1 TIDE_TEST_PG=... swift test --filter
/// PostgresSinkBenchmarkTests`. Prints figures; fails only when rows go missing.
@Suite(
    .enabled(
        if: PostgresTestSupport.isEnabled && ProcessInfo.processInfo.environment["TIDE_BENCH"] == "1",
        "set TIDE_BENCH=1 and TIDE_TEST_PG"))
struct PostgresSinkBenchmarkTests {
    private typealias Support = PostgresTestSupport
    private static let rowCount = Int(ProcessInfo.processInfo.environment["TIDE_BENCH_ROWS"] ?? "") ?? 1_000_000

    /// bench.events: id BIGINT primary key, k INT NOT NULL, v VARCHAR(32) NULL (5% NULL).
    private static func plan(schema: String, table: String) -> TablePlan {
        let source = TableSchema(
            name: TableName(schema: "bench", name: "events"),
            columns: [
                ColumnSchema(name: "id", type: ColumnType(kind: .bigInt), isNullable: false),
                ColumnSchema(name: "k", type: ColumnType(kind: .int), isNullable: false),
                ColumnSchema(name: "v", type: ColumnType(kind: .varchar, length: 32)),
            ],
            keyColumns: ["id"]
        )
        return TablePlan(source: source, destination: TableName(schema: schema, name: table))
    }

    /// Deterministic row values for `id`.
    private static func values(_ id: Int) -> (Int, String?) {
        var x = UInt64(truncatingIfNeeded: id) &* 0x9E37_79B9_7F4A_7C15
        x ^= x >> 29
        let k = Int(x % 2_147_483_647)
        return (k, x % 20 == 0 ? nil : "v" + String(UInt32(truncatingIfNeeded: x >> 16), radix: 16))
    }

    @Test func copyThroughputAgainstPsqlCopy() async throws {
        let schema = Support.uniqueSchema("tide_pgbench")
        try await Support.withSink(schemas: [schema], maxConnections: 4) { sink, inspector in
            let csv = try Self.writeCSV()
            defer { try? FileManager.default.removeItem(at: csv) }
            var lines = ["rows: \(Self.rowCount)"]
            let psqlSeconds = try await Self.psqlCopy(csv: csv, schema: schema, sink: sink)
            lines.append(
                String(format: "psql \\copy (CSV file):        %9.0f rows/s", Double(Self.rowCount) / psqlSeconds))
            for parallel in [1, 2, 4] {
                let plan = Self.plan(schema: schema, table: "events_\(parallel)")
                try await sink.prepare([plan], options: SinkOptions(), fresh: true)
                let start = ContinuousClock.now
                try await Self.load(sink, plan: plan, parallel: parallel)
                let seconds = Self.seconds(ContinuousClock.now - start)
                let count = try await inspector.texts(
                    "SELECT count(*)::text FROM \(Support.quoted(schema)).events_\(parallel)")
                #expect(count == [["\(Self.rowCount)"]])
                lines.append(
                    String(
                        format: "writeChunk x%d parallel chunks: %9.0f rows/s", parallel,
                        Double(Self.rowCount) / seconds))
            }
            print("PostgresSink COPY benchmark\n  " + lines.joined(separator: "\n  "))
        }
    }

    private static func load(_ sink: PostgresSink, plan: TablePlan, parallel: Int) async throws {
        let perChunk = (rowCount + parallel - 1) / parallel
        let task = UUID().uuidString
        try await withThrowingTaskGroup(of: Void.self) { group in
            for chunk in 0..<parallel {
                let range = (chunk * perChunk + 1)...min(rowCount, (chunk + 1) * perChunk)
                group.addTask {
                    let channel = RowBatchChannel()
                    try await withThrowingTaskGroup(of: Void.self) { inner in
                        inner.addTask {
                            var batch = RowBatch()
                            for id in range {
                                let (k, v) = values(id)
                                batch.append(
                                    Row(values: [
                                        ByteBuffer(string: String(id)), ByteBuffer(string: String(k)),
                                        v.map { ByteBuffer(string: $0) },
                                    ]))
                                if batch.rows.count == 4096 {
                                    await channel.send(batch)
                                    batch = RowBatch()
                                }
                            }
                            if !batch.rows.isEmpty { await channel.send(batch) }
                            channel.finish()
                        }
                        let checkpoint = ChunkCheckpoint(
                            taskUUID: task, generation: 1, tableKey: plan.tableKey, chunkIndex: chunk, rows: 0)
                        let result = try await sink.writeChunk(
                            ChunkRange(index: chunk, lower: nil, upper: nil), of: plan, options: SinkOptions(),
                            checkpoint: checkpoint, batches: channel
                        )
                        #expect(result.rowsWritten == Int64(range.count))
                        try await inner.waitForAll()
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    private static func writeCSV() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tide-pgsink-bench-\(UUID().uuidString).csv")
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var text = ""
        for id in 1...rowCount {
            let (k, v) = values(id)
            text += "\(id),\(k),\(v ?? "")\n"
            if text.utf8.count > 1 << 20 {
                try handle.write(contentsOf: Data(text.utf8))
                text = ""
            }
        }
        try handle.write(contentsOf: Data(text.utf8))
        return url
    }

    /// Times `psql -c "\copy ... FROM file CSV"` into a fresh table with the same DDL.
    private static func psqlCopy(csv: URL, schema: String, sink: PostgresSink) async throws -> Double {
        let plan = Self.plan(schema: schema, table: "events_psql")
        try await sink.prepare([plan], options: SinkOptions(), fresh: true)
        let configuration = sink.configuration
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", configuration.host, "-p", String(configuration.port),
            "-U", configuration.username, "-d", configuration.database,
            "-c", "\\copy \"\(schema)\".events_psql (id, k, v) FROM '\(csv.path)' WITH (FORMAT csv)",
        ]
        var environment = ProcessInfo.processInfo.environment
        if let password = configuration.password { environment["PGPASSWORD"] = password }
        process.environment = environment
        let start = ContinuousClock.now
        try process.run()
        process.waitUntilExit()
        let seconds = Self.seconds(ContinuousClock.now - start)
        #expect(process.terminationStatus == 0)
        return seconds
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

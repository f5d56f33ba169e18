import Foundation
import NIOCore
import PostgresNIO
import PostgresSink
import SyncEngine
import Testing
import TideTestSupport

/// Sustained change-apply rate (issue 5 "at least 50,000 row changes/s on orders"): 20 batches of 20,000 mixed
/// changes (60% update, 25% insert, 15% delete) applied to a 1,000,000-row table shaped like bench.orders. Off by
/// default: `TIDE_BENCH_APPLY=1 TIDE_TEST_PG=... swift test --filter PostgresChangeApplyBenchmarkTests`
/// (`TIDE_BENCH_PG` picks another server, e.g. the benchmark one). Prints figures; fails only on wrong counts.
@Suite(
    .enabled(
        if: PostgresTestSupport.isEnabled && ProcessInfo.processInfo.environment["TIDE_BENCH_APPLY"] == "1",
        "set TIDE_BENCH_APPLY=1 and TIDE_TEST_PG"))
struct PostgresChangeApplyBenchmarkTests {
    private typealias Support = PostgresTestSupport
    private static let environment = ProcessInfo.processInfo.environment
    private static let tableRows = Int(environment["TIDE_BENCH_APPLY_ROWS"] ?? "") ?? 1_000_000
    private static let batches = Int(environment["TIDE_BENCH_APPLY_BATCHES"] ?? "") ?? 20
    private static let batchChanges = Int(environment["TIDE_BENCH_APPLY_BATCH"] ?? "") ?? 20_000

    /// bench.orders (gen-data.py ORDERS_DDL).
    private static func plan(schema: String) -> TablePlan {
        func column(_ name: String, _ type: ColumnType, _ nullable: Bool = true) -> ColumnSchema {
            ColumnSchema(name: name, type: type, isNullable: nullable)
        }
        let source = TableSchema(
            name: TableName(schema: "bench", name: "orders"),
            columns: [
                column("id", ColumnType(kind: .bigInt), false),
                column("customer_id", ColumnType(kind: .int), false),
                column("status", ColumnType(kind: .varchar, length: 64), false),
                column("sku", ColumnType(kind: .varchar, length: 64)),
                column("quantity", ColumnType(kind: .int)),
                column("amount", ColumnType(kind: .decimal, precision: 12, scale: 2), false),
                column("discount", ColumnType(kind: .decimal, precision: 12, scale: 2)),
                column("created_at", ColumnType(kind: .datetime, fractionalDigits: 6), false),
                column("updated_at", ColumnType(kind: .timestamp), false),
                column("shipped_at", ColumnType(kind: .datetime, fractionalDigits: 6)),
                column("is_paid", ColumnType(kind: .tinyInt, length: 1, sourceTypeText: "tinyint(1)"), false),
                column("note", ColumnType(kind: .text)),
                column("attrs", ColumnType(kind: .json)),
            ],
            keyColumns: ["id"])
        return TablePlan(source: source, destination: TableName(schema: schema, name: "orders"))
    }

    /// A deterministic orders row for `id` at `version`.
    private static func row(_ id: Int, version: Int) -> Row {
        var x = UInt64(truncatingIfNeeded: id &* 31 &+ version) &* 0x9E37_79B9_7F4A_7C15
        x ^= x >> 29
        let note = String(repeating: "deliver before noon leave parcel at reception ", count: Int(x % 5) + 2)
        let values: [String?] = [
            String(id), String(x % 200_000), ["new", "paid", "shipped", "delivered"][Int(x % 4)],
            x % 20 == 0 ? nil : "SKU-\(x % 1_000_000)-A", x % 10 == 0 ? nil : String(x % 20 + 1),
            "\(x % 100_000).\(x % 90 + 10)", x % 3 == 0 ? "1.50" : nil,
            "2021-03-04 05:06:07.\(100_000 + x % 900_000)", "2022-01-02 03:04:05",
            x % 10 < 7 ? "2023-05-06 07:08:09.123456" : nil, String(x % 2), note,
            #"{"channel": "web", "tags": ["gift", "vip"], "score": 0.\#(x % 9999), "items": \#(x % 9 + 1)}"#,
        ]
        return PostgresTestSupport.row(values)
    }

    @Test func sustainedApplyRateOnOrders() async throws {
        let schema = Support.uniqueSchema("tide_pgapply")
        let url = Self.environment["TIDE_BENCH_PG"] ?? Support.url ?? ""
        let configuration = try PostgresSinkConfiguration(url: url, maxConnections: 2)
        let sink = try await PostgresSink.connect(configuration)
        let inspector: Inspector
        do {
            inspector = try await Inspector.connect(configuration)
        } catch {
            await sink.close()
            throw error
        }
        do {
            try await run(sink: sink, inspector: inspector, schema: schema)
        } catch {
            await sink.close()
            try? await inspector.execute("DROP SCHEMA IF EXISTS \(Support.quoted(schema)) CASCADE")
            try? await inspector.connection.close()
            throw error
        }
        await sink.close()
        try await inspector.execute("DROP SCHEMA IF EXISTS \(Support.quoted(schema)) CASCADE")
        try await inspector.connection.close()
    }

    private func run(sink: PostgresSink, inspector: Inspector, schema: String) async throws {
        let plan = Self.plan(schema: schema)
        try await sink.prepare([plan], options: SinkOptions(), fresh: true)
        try await sink.prepareStream()
        let table = "\(Support.quoted(schema)).orders"
        let loadStart = ContinuousClock.now
        try await inspector.execute(
            """
            INSERT INTO \(table) SELECT g, g % 200000, 'shipped', 'SKU-' || g || '-A', g % 20 + 1, \
            (g % 100000) / 100.0, NULL, timestamp '2020-01-01' + g * interval '1 second', \
            timestamptz '2020-01-02' + g * interval '1 second', NULL, (g % 2)::smallint, \
            repeat('the order was placed via mobile app ', 5), '{"channel": "web", "items": 3}'::jsonb \
            FROM generate_series(1, \(Self.tableRows)) g
            """)
        try await inspector.execute("VACUUM ANALYZE \(table)")
        let loadSeconds = Self.seconds(ContinuousClock.now - loadStart)

        var generator = SplitMix(seed: 42)
        var live = Array(1...Self.tableRows)
        var nextID = Self.tableRows + 1
        var batches: [ChangeBatch] = []
        let task = UUID().uuidString
        for number in 0..<Self.batches {
            let updates = Self.batchChanges * 60 / 100
            let deletes = Self.batchChanges * 15 / 100
            let inserts = Self.batchChanges - updates - deletes
            var picked = Set<Int>()
            while picked.count < updates + deletes {
                picked.insert(Int(generator.next() % UInt64(live.count)))
            }
            let positions = picked.sorted(by: >)  // remove from the end first so positions stay valid
            var changes = TableChangeSet(plan: plan)
            for (index, position) in positions.enumerated() {
                let id = live[position]
                if index < deletes {
                    changes.deletes.append(Support.row([String(id)]))
                    live.swapAt(position, live.count - 1)
                    live.removeLast()
                } else {
                    changes.upserts.append(Self.row(id, version: number + 1))
                }
            }
            for _ in 0..<inserts {
                changes.upserts.append(Self.row(nextID, version: 0))
                live.append(nextID)
                nextID += 1
            }
            batches.append(
                ChangeBatch(
                    tables: [changes],
                    checkpoint: StreamCheckpoint(taskUUID: task, generation: 1, position: "pos-\(number)"),
                    transactions: Self.batchChanges, rowChanges: Self.batchChanges, byteCount: 0))
        }

        var batchSeconds: [Double] = []
        let start = ContinuousClock.now
        for batch in batches {
            let batchStart = ContinuousClock.now
            try await sink.applyChanges(batch)
            batchSeconds.append(Self.seconds(ContinuousClock.now - batchStart))
        }
        let seconds = Self.seconds(ContinuousClock.now - start)
        let count = try await inspector.texts("SELECT count(*)::text FROM \(table)")
        #expect(count == [[String(live.count)]])
        let total = Self.batches * Self.batchChanges
        let sorted = batchSeconds.sorted()
        print(
            String(
                format: """
                    PostgresSink applyChanges benchmark (orders-shaped, %d rows loaded in %.1f s)
                      %d batches x %d changes (60%% update, 25%% insert, 15%% delete): %.2f s, %.0f changes/s
                      batch time min %.0f ms, median %.0f ms, max %.0f ms
                    """, Self.tableRows, loadSeconds, Self.batches, Self.batchChanges, seconds,
                Double(total) / seconds, (sorted.first ?? 0) * 1000, sorted[sorted.count / 2] * 1000,
                (sorted.last ?? 0) * 1000))
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// The shared seeded generator (Tests/TideTestSupport) picks the benchmark's keys.
private typealias SplitMix = TideTestSupport.SplitMix64

import Foundation
import MySQLClient
import MySQLWire
import Testing

extension MariaDBSuites {
@Suite struct MySQLConnectionIntegrationTests {
    @Test func logsInQueriesAndPings() async throws {
        let connection = try await MySQLConnection.connect(try MariaDBTestServer.configuration())
        #expect(await connection.isMariaDB)
        let rows = try await connection.simpleQuery("SELECT 1 AS one, NULL AS nothing, 'x' AS s")
        #expect(rows.count == 1)
        #expect(rows.first?["one"] == "1")
        #expect(rows.first?["nothing"] == nil)
        #expect(rows.first?["s"] == "x")
        try await connection.ping()
        await connection.close()
    }

    @Test func wrongPasswordIsATypedServerErrorWithoutThePassword() async throws {
        var config = try MariaDBTestServer.configuration()
        config.password = "wrong-secret-pw"
        do {
            _ = try await MySQLConnection.connect(config)
            Issue.record("login with a wrong password succeeded")
        } catch let error as MySQLClientError {
            #expect(error.serverError?.code == 1045)
            #expect(error.serverError?.sqlState == "28000")
            #expect(!error.description.contains("wrong-secret-pw"))
        }
    }

    @Test func serverErrorsLeaveTheConnectionUsable() async throws {
        let connection = try await MySQLConnection.connect(try MariaDBTestServer.configuration())
        await #expect(throws: MySQLClientError.self) { try await connection.simpleQuery("SELECT * FROM no_such_db.t") }
        do {
            _ = try await connection.simpleQuery("SELEC 1")
        } catch let error as MySQLClientError {
            #expect(error.serverError?.code == 1064)
            #expect(error.serverError?.sqlState == "42000")
        }
        #expect(try await connection.simpleQuery("SELECT 2").first?[0] == "2")
        await connection.close()
    }

    @Test func streamsALargeResultAndDropsAnAbandonedOne() async throws {
        let connection = try await MySQLConnection.connect(try MariaDBTestServer.configuration())
        try await connection.execute("CREATE DATABASE IF NOT EXISTS tide_it")
        try await connection.execute("USE tide_it")
        let sql = "SELECT seq, REPEAT('x', 100) FROM seq_1_to_200000"
        var count = 0
        var sum = 0
        for try await row in try await connection.query(sql) {
            count += 1
            sum += Int(row[0] ?? "") ?? 0
        }
        #expect(count == 200_000)
        #expect(sum == 200_000 * 200_001 / 2)
        // Abandon a result part-way: the next command must still work.
        var seen = 0
        for try await _ in try await connection.query(sql) {
            seen += 1
            if seen == 10 { break }
        }
        #expect(try await connection.simpleQuery("SELECT 3").first?[0] == "3")
        await connection.close()
    }

    @Test func sixteenMiBPayloadsRoundTrip() async throws {
        let admin = try await MySQLConnection.connect(try MariaDBTestServer.configuration())
        try await admin.execute("SET GLOBAL max_allowed_packet = 67108864")
        await admin.close()
        let connection = try await MySQLConnection.connect(try MariaDBTestServer.configuration())
        let big = String(repeating: "ab", count: 9_000_000)
        let rows = try await connection.simpleQuery("SELECT LENGTH('\(big)') AS n, REPEAT('z', 17000000) AS r")
        #expect(rows.first?["n"] == "18000000")
        #expect(rows.first?["r"]?.utf8.count == 17_000_000)
        await connection.close()
    }
}
}

extension MariaDBSuites {
    @Suite struct MySQLConnectionPoolIntegrationTests {
        @Test func neverOpensMoreThanItsBound() async throws {
            let pool = MySQLConnectionPool(configuration: try MariaDBTestServer.configuration(), maxConnections: 2)
            let ids = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await pool.withConnection { connection in
                            try await connection.simpleQuery("SELECT CONNECTION_ID(), SLEEP(0.05)").first?[0] ?? ""
                        }
                    }
                }
                var ids: Set<String> = []
                for try await id in group { ids.insert(id) }
                return ids
            }
            #expect(ids.count <= 2)
            #expect(await pool.openConnections <= 2)
            await pool.shutdown()
            #expect(await pool.openConnections == 0)
        }

        @Test func aCancelledWaiterStopsWaitingAndTheNextOneStillGetsAConnection() async throws {
            let pool = MySQLConnectionPool(configuration: try MariaDBTestServer.configuration(), maxConnections: 1)
            let held = try await pool.acquireConnection()
            let cancelled = Task { try await pool.withConnection { _ in "got one" } }
            let patient = Task { try await pool.withConnection { try await $0.simpleQuery("SELECT 42").first?[0] } }
            try await Task.sleep(for: .milliseconds(200))  // both are waiting now
            cancelled.cancel()
            // The cancelled caller returns while the only connection is still lent out.
            let outcome = await cancelled.result
            #expect(throws: CancellationError.self) { try outcome.get() }
            await pool.releaseConnection(held)
            #expect(try await patient.value == "42")
            #expect(await pool.openConnections == 1)
            await pool.shutdown()
        }
    }
}

extension MariaDBSuites {
    @Suite struct BackPressureIntegrationTests {
        /// Resident set size of this process in bytes (Linux /proc/self/statm).
        static func residentBytes() -> Int {
            guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
            let fields = text.split(separator: " ")
            return (fields.count > 1 ? Int(fields[1]) ?? 0 : 0) * 4096
        }

        @Test func streamingAResultFarLargerThanMemoryGrowthKeepsMemoryFlat() async throws {
            let connection = try await MySQLConnection.connect(try MariaDBTestServer.configuration())
            try await connection.execute("CREATE DATABASE IF NOT EXISTS tide_it")
            try await connection.execute("USE tide_it")
            // Few wide rows keep this fast in debug builds (the per-row cost dominates) while still moving far
            // more data than the allowed memory growth.
            let rows = 120_000
            let width = 2_000
            var count = 0
            var bytes = 0
            var baseline = 0
            var peak = 0
            let clock = ContinuousClock()
            let started = clock.now
            for try await row in try await connection.query("SELECT seq, REPEAT('y', \(width)) FROM seq_1_to_\(rows)") {
                count += 1
                bytes += row[1]?.utf8.count ?? 0
                if count == 5_000 { baseline = Self.residentBytes() }
                if count % 10_000 == 0 { peak = max(peak, Self.residentBytes()) }
            }
            let elapsed = clock.now - started
            await connection.close()
            #expect(count == rows)
            #expect(bytes == rows * width)
            // About 230 MiB of row data went through; resident memory may not grow by more than a small fraction of it.
            let growth = peak - baseline
            print("back-pressure: \(count) rows, \(bytes / 1_048_576) MiB of values in \(elapsed), RSS growth \(growth / 1_048_576) MiB")
            #expect(growth < 48 * 1_048_576)
        }
    }
}

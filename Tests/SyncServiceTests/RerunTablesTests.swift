import Foundation
import MetadataStore
import SyncEngine
import SyncModel
import SyncService
import Testing

/// A forced rerun of some tables (`StartSettings.rerunTables`, StartDIJob `RerunTables`): the way back after a
/// purged binlog for the tables it affected. Only the named tables are emptied and copied again; the others keep
/// their rows untouched.
@Suite(.enabled(if: TestServers.isConfigured, TestServers.disabledReason))
struct RerunTablesTests {
    @Test func aRerunOfOneTableCopiesItAgainAndLeavesTheOthersAlone() async throws {
        let harness = try await SyncHarness.make()
        defer { harness.cleanup() }
        let database = "tide_rr_\(UInt32.random(in: 0...UInt32.max))"
        try await TestServers.mysqlExecute([
            "CREATE DATABASE `\(database)`",
            "CREATE TABLE `\(database)`.damaged (id INT PRIMARY KEY, v VARCHAR(20))",
            "CREATE TABLE `\(database)`.healthy (id INT PRIMARY KEY, v VARCHAR(20))",
            "INSERT INTO `\(database)`.damaged SELECT seq, CONCAT('d', seq) FROM `\(database)`.seq_1_to_3000",
            "INSERT INTO `\(database)`.healthy SELECT seq, CONCAT('h', seq) FROM `\(database)`.seq_1_to_2000",
        ])
        try await harness.withRunner {
            let task = try await harness.createDIJob(name: "rerun-\(database)", database: database)
            try await harness.start(task)
            let first = try await harness.waitForEnd(task)
            #expect(first.status == .fullTransferComplete, "\(first.errorMessage ?? "")")
            // The destination drifts from the source in both tables (what a gap in change capture leaves) ...
            _ = try await TestServers.pgQuery("DELETE FROM \"\(database)\".damaged WHERE id <= 100 RETURNING 1")
            _ = try await TestServers.pgQuery("DELETE FROM \"\(database)\".healthy WHERE id <= 10 RETURNING 1")
            try await TestServers.mysqlExecute([
                "UPDATE `\(database)`.damaged SET v = 'changed' WHERE id % 7 = 0",
                "INSERT INTO `\(database)`.healthy VALUES (5000, 'new')",
            ])
            // ... and only `damaged` is copied again.
            try await harness.start(first, force: true, rerunTables: ["\(database).damaged"])
            let rerun = try await harness.waitForEnd(task)
            #expect(rerun.status == .fullTransferComplete, "\(rerun.errorMessage ?? "")")
            let source = try await TestServers.mysqlQuery("SELECT id, v FROM `\(database)`.damaged ORDER BY id")
            let copied = try await TestServers.pgQuery("SELECT id::text, v FROM \"\(database)\".damaged ORDER BY damaged.id")
            #expect(copied.count == 3000)
            #expect(copied == source)
            let healthy = try await TestServers.pgQuery(
                "SELECT count(*)::text, min(id)::text, max(id)::text FROM \"\(database)\".healthy")
            #expect(healthy == [["1990", "11", "2000"]])
            #expect(rerun.runStats.rowsWritten == 3000, "only the rerun table is counted: \(rerun.runStats)")

            // A name that is not one of the task's tables fails the run with the list of its tables.
            try await harness.start(rerun, force: true, rerunTables: ["\(database).nope"])
            let failed = try await harness.waitForEnd(task)
            #expect(failed.status != .fullTransferComplete)
            #expect(failed.errorMessage?.contains("\(database).nope") == true, "\(failed.errorMessage ?? "")")
            #expect(failed.errorMessage?.contains("\(database).healthy") == true, "\(failed.errorMessage ?? "")")
        }
        #expect(throws: SyncModelError.self) { try StartSettings(forceRerun: false, rerunTables: ["a.b"]) }
        try await TestServers.mysqlExecute(["DROP DATABASE `\(database)`"])
        _ = try await TestServers.pgQuery("DROP SCHEMA \"\(database)\" CASCADE")
    }
}

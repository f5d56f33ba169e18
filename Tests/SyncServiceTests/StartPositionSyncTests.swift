import Foundation
import MetadataStore
import SyncEngine
import SyncModel
import SyncService
import Testing

/// A RealtimeIncremental task started at a binlog `FILE:POS` (StartDIJob `RealtimeStartSettings.StartPosition`;
/// issue 5 item 4) applies exactly the transactions committed after that position.
@Suite(.enabled(if: TestServers.isConfigured, TestServers.disabledReason))
struct StartPositionSyncTests {
    @Test func aTaskStartedAtAFilePositionReappliesExactlyTheLaterTransactions() async throws {
        let harness = try await SyncHarness.make()
        defer { harness.cleanup() }
        let database = "tide_sp_\(UInt32.random(in: 0...UInt32.max))"
        try await TestServers.mysqlExecute([
            "CREATE DATABASE `\(database)`",
            "CREATE TABLE `\(database)`.t (id INT PRIMARY KEY, v VARCHAR(20))",
            "INSERT INTO `\(database)`.t SELECT seq, CONCAT('orig ', seq) FROM `\(database)`.seq_1_to_5",
        ])
        let status = try await TestServers.mysqlQuery("SHOW MASTER STATUS")
        let file = try #require(status.first?[0] ?? nil)
        let offset = try #require(status.first?[1] ?? nil)
        try await TestServers.mysqlExecute([
            "INSERT INTO `\(database)`.t VALUES (6, 'six'), (7, 'seven')",
            "UPDATE `\(database)`.t SET v = 'changed' WHERE id = 2",
            "DELETE FROM `\(database)`.t WHERE id = 3",
            "BEGIN", "INSERT INTO `\(database)`.t VALUES (8, 'eight')",
            "UPDATE `\(database)`.t SET v = 'again' WHERE id = 6",
            "COMMIT",
        ])
        try await harness.withRunner {
            let task = try await Self.createRealtimeTask(harness, database: database)
            let settings = try StartSettings(startPosition: "\(file):\(offset)")
            let started = try await harness.store.applyEvent(
                taskID: task.id, .start, errorMessage: nil, startSettings: settings)
            try await harness.runner.start(
                started, settings: settings, reporter: StoreEventReporter(store: harness.store))
            // The rows the later transactions left: 2 updated, 6-8 inserted (6 updated); 3 deleted; 1, 4 and 5 were
            // committed before the position and must not be there.
            let expected = try await TestServers.mysqlQuery(
                "SELECT id, v FROM `\(database)`.t WHERE id IN (2, 6, 7, 8) ORDER BY id")
            #expect(expected == [["2", "changed"], ["6", "again"], ["7", "seven"], ["8", "eight"]])
            var copied: [[String?]] = []
            let deadline = ContinuousClock.now + .seconds(120)
            while ContinuousClock.now < deadline {
                copied = (try? await TestServers.pgQuery("SELECT id::text, v FROM \"\(database)\".t ORDER BY id")) ?? []
                if copied == expected { break }
                if let current = try await harness.store.task(id: task.id), !current.status.isRunning { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            let current = try #require(try await harness.store.task(id: task.id))
            #expect(copied == expected, "status \(current.status): \(current.errorMessage ?? "")")
            #expect(current.startSettings.startPosition == "\(file):\(offset)")
            try await harness.runner.stop(taskID: task.id)
            _ = try await harness.store.applyEvent(taskID: task.id, .pause, errorMessage: nil, startSettings: nil)
        }
        try await TestServers.mysqlExecute(["DROP DATABASE `\(database)`"])
        _ = try await TestServers.pgQuery("DROP SCHEMA \"\(database)\" CASCADE")
    }

    /// A RealtimeIncremental DIJob syncing every table of `database` to PostgreSQL.
    static func createRealtimeTask(_ harness: SyncHarness, database: String) async throws -> SyncTask {
        let spec = try DIJobSpec.parse(
            DIJobSpec.Parameters(
                sourceDataSourceSettings: #"[{"DataSourceName":"src"}]"#,
                destinationDataSourceSettings: #"[{"DataSourceName":"pg"}]"#,
                tableMappings:
                    #"[{"SourceObjectSelectionRules":[{"ObjectType":"Database","Expression":"\#(database)"}]}]"#))
        let task = try SyncTask(
            projectID: SyncHarness.projectID, name: "sp-\(database)", kind: .diJob, migrationType: .realtimeIncremental,
            sourceType: "mysql", destinationType: "postgresql", sourceDataSourceName: "src",
            destinationDataSourceName: "pg", spec: .diJob(spec), createdAt: Date())
        return try await harness.store.createTask(task, clientToken: nil, operation: "CreateDIJob")
    }
}

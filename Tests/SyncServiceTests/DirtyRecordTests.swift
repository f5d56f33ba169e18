import Foundation
import MetadataStore
import SyncEngine
import SyncModel
import SyncService
import Testing

/// DataX (DI_OFFLINE) tasks whose destination refuses some rows: under `errorLimit.record` the copy finishes with
/// the refused rows in the dirty-record log; over it the task fails with a message naming the limit.
@Suite(.enabled(if: TestServers.isConfigured, TestServers.disabledReason))
struct DirtyRecordTests {
    func dataXTask(
        _ harness: SyncHarness, name: String, database: String, schema: String, limit: Int
    ) async throws -> SyncTask {
        let content = """
            {"type":"job","version":"2.0",
             "steps":[
               {"stepType":"mysql","name":"Reader","category":"reader",
                "parameter":{"datasource":"src","column":["id","v"],
                             "connection":[{"datasource":"src","table":["\(database).t"]}]}},
               {"stepType":"postgresql","name":"Writer","category":"writer",
                "parameter":{"datasource":"pg","table":"\(schema).t","column":["id","v"],"writeMode":"insert"}}],
             "setting":{"errorLimit":{"record":\(limit)},"speed":{"concurrent":2,"throttle":false}},
             "order":{"hops":[{"from":"Reader","to":"Writer"}]}}
            """
        let task = try SyncTask(
            projectID: SyncHarness.projectID, name: name, kind: .diOffline, migrationType: .full,
            sourceType: "mysql", destinationType: "postgresql", sourceDataSourceName: "src",
            destinationDataSourceName: "pg", spec: .taskContent(try TaskContent.parse(content)), createdAt: Date())
        return try await harness.store.createTask(task, clientToken: nil, operation: "CreateDISyncTask")
    }

    @Test(arguments: [(limit: 10, fails: false), (limit: 2, fails: true)])
    func rejectedRowsAreLoggedAndTheLimitFailsTheTask(limit: Int, fails: Bool) async throws {
        let harness = try await SyncHarness.make()
        defer { harness.cleanup() }
        let database = "tide_d_\(UInt32.random(in: 0...UInt32.max))"
        try await TestServers.mysqlExecute([
            "CREATE DATABASE `\(database)`",
            "CREATE TABLE `\(database)`.t (id INT PRIMARY KEY, v INT)",
            "INSERT INTO `\(database)`.t SELECT seq, IF(seq % 1000 = 0, 500, seq % 100) FROM `\(database)`.seq_1_to_5000",
        ])
        // The destination exists already and refuses v >= 100: five rows (ids 1000, 2000 ... 5000).
        _ = try await TestServers.pgQuery("CREATE SCHEMA \"\(database)\"")
        _ = try await TestServers.pgQuery(
            "CREATE TABLE \"\(database)\".t (id int PRIMARY KEY, v int CHECK (v < 100))")
        try await harness.withRunner {
            let task = try await dataXTask(
                harness, name: "dirty-\(database)", database: database, schema: database, limit: limit)
            try await harness.start(task)
            let ended = try await harness.waitForEnd(task)
            let dirty = try await harness.store.dirtyRecords(taskID: task.id, limit: 100)
            if fails {
                #expect(ended.status == .fullTransferFailed)
                #expect(ended.errorMessage?.contains("errorLimit") == true, "\(ended.errorMessage ?? "")")
                #expect(dirty.total > 2)
            } else {
                #expect(ended.status == .fullTransferComplete, "\(ended.errorMessage ?? "")")
                #expect(dirty.total == 5)
                #expect(Set(dirty.records.flatMap(\.key)) == ["1000", "2000", "3000", "4000", "5000"])
                #expect(dirty.records.allSatisfy { $0.reason.contains("check") || $0.reason.contains("constraint") })
                let count = try await TestServers.pgQuery("SELECT count(*)::text FROM \"\(database)\".t")
                #expect(count.first?.first ?? nil == "4995")
            }
        }
        try await TestServers.mysqlExecute(["DROP DATABASE `\(database)`"])
        _ = try await TestServers.pgQuery("DROP SCHEMA \"\(database)\" CASCADE")
    }
}

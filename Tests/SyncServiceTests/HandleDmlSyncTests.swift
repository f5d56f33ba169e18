import Foundation
import MetadataStore
import SyncEngine
import SyncModel
import SyncService
import Testing

/// DIJob HandleDml Filter and LogicalDelete during real change capture (issue 5 item 1): a RealtimeIncremental
/// task runs on the real servers, the source takes inserts, updates and deletes, and the destination must end up
/// row by row as the rule says.
@Suite(.enabled(if: TestServers.isConfigured, TestServers.disabledReason))
struct HandleDmlSyncTests {
    /// A filter on updates and deletes, to PostgreSQL: updates apply by their after image, a row leaving the set
    /// is deleted, deletes apply only to matching rows, and inserts are never filtered.
    @Test func filterAppliesOnlyMatchingUpdatesAndDeletes() async throws {
        let harness = try await SyncHarness.make()
        defer { harness.cleanup() }
        let database = "tide_dmlf_\(UInt32.random(in: 0...UInt32.max))"
        try await TestServers.mysqlExecute([
            "CREATE DATABASE `\(database)`",
            "CREATE TABLE `\(database)`.t (id INT PRIMARY KEY, state VARCHAR(10), amount DECIMAL(10,2))",
        ])
        let policies =
            #"[{"dmlType":"Update","dmlAction":"Filter","filterCondition":"state = 'open'"},"#
            + #"{"dmlType":"Delete","dmlAction":"Filter","filterCondition":"amount > 10"}]"#
        try await harness.withRunner {
            let task = try await harness.createRealtimeDIJob(name: "f-\(database)", database: database, policies: policies)
            try await harness.start(task)
            try await harness.waitForStreaming(task)
            try await TestServers.mysqlExecute([
                "INSERT INTO `\(database)`.t VALUES (1,'open',5),(2,'open',20),(3,'closed',30),(4,'open',50),(5,'open',1)",
                "UPDATE `\(database)`.t SET amount = 6 WHERE id = 1",  // after image matches: applied
                "UPDATE `\(database)`.t SET amount = 31 WHERE id = 3",  // neither image matches: skipped
                "UPDATE `\(database)`.t SET state = 'closed' WHERE id = 4",  // leaves the set: deleted
                "DELETE FROM `\(database)`.t WHERE id = 2",  // amount 20 > 10: applied
                "INSERT INTO `\(database)`.t VALUES (2,'open',21)",  // re-inserted: live again
                "DELETE FROM `\(database)`.t WHERE id = 5",  // amount 1: skipped, the row stays
                "UPDATE `\(database)`.t SET state = 'open' WHERE id = 3",  // enters the set: applied
            ])
            let expected: [[String?]] = [
                ["1", "open", "6.00"], ["2", "open", "21.00"], ["3", "open", "31.00"], ["5", "open", "1.00"],
            ]
            let rows = try await Self.converge(expected) {
                try await TestServers.pgQuery(
                    "SELECT id::text, state, amount::text FROM \"\(database)\".t ORDER BY id")
            }
            #expect(rows == expected)
            let verification = try await harness.verifier.verifyTables(task)
            #expect(verification.notes?.contains { $0.contains("expected to differ") } == true)
            #expect(!verification.isEqual)
            try await harness.runner.stop(taskID: task.id)
        }
        try await TestServers.mysqlExecute(["DROP DATABASE `\(database)`"])
        _ = try await TestServers.pgQuery("DROP SCHEMA \"\(database)\" CASCADE")
    }

    /// LogicalDelete to PostgreSQL into a table that exists without the marker column: it is added at start;
    /// deletes mark rows, a re-inserted key is live again, and verification compares the live rows only.
    @Test func logicalDeleteMarksRowsOnPostgreSQL() async throws {
        let harness = try await SyncHarness.make()
        defer { harness.cleanup() }
        let database = "tide_dmll_\(UInt32.random(in: 0...UInt32.max))"
        try await TestServers.mysqlExecute([
            "CREATE DATABASE `\(database)`",
            "CREATE TABLE `\(database)`.t (id INT PRIMARY KEY, v VARCHAR(10))",
        ])
        _ = try await TestServers.pgQuery("CREATE SCHEMA \"\(database)\"")
        _ = try await TestServers.pgQuery("CREATE TABLE \"\(database)\".t (id int PRIMARY KEY, v varchar(10))")
        try await harness.withRunner {
            let task = try await harness.createRealtimeDIJob(
                name: "l-\(database)", database: database,
                policies: #"[{"dmlType":"Delete","dmlAction":"LogicalDelete"}]"#)
            try await harness.start(task)
            try await harness.waitForStreaming(task)
            let read: @Sendable () async throws -> [[String?]] = {
                try await TestServers.pgQuery(
                    "SELECT id::text, v, _tide_is_deleted::text FROM \"\(database)\".t ORDER BY id")
            }
            try await Self.logicalDeleteScenario(database: database, read: read, yes: "true", no: "false")
            let state = try await harness.store.task(id: task.id)
            #expect(state?.status == .incrementalTransferStarted, "\(state?.errorMessage ?? "")")
            let verification = try await harness.verifier.verifyTables(task)
            #expect(verification.isEqual, "\(verification.render())")
            #expect(verification.tables.first?.destinationRows == 2)
            try await harness.runner.stop(taskID: task.id)
        }
        try await TestServers.mysqlExecute(["DROP DATABASE `\(database)`"])
        _ = try await TestServers.pgQuery("DROP SCHEMA \"\(database)\" CASCADE")
    }

    /// LogicalDelete to MySQL with a custom column name, into a table Tide creates.
    @Test func logicalDeleteMarksRowsOnMySQL() async throws {
        let harness = try await SyncHarness.make()
        defer { harness.cleanup() }
        let database = "tide_dmlm_\(UInt32.random(in: 0...UInt32.max))"
        try await TestServers.mysqlExecute([
            "CREATE DATABASE `\(database)`",
            "CREATE TABLE `\(database)`.t (id INT PRIMARY KEY, v VARCHAR(10))",
        ])
        try await harness.withRunner {
            let task = try await harness.createRealtimeDIJob(
                name: "m-\(database)", database: database,
                policies: #"[{"dmlType":"Delete","dmlAction":"LogicalDelete","logicalDeleteColumn":"gone"}]"#,
                destination: "my", schemaRename: "${srcDatabaseName}_dst")
            try await harness.start(task)
            try await harness.waitForStreaming(task)
            let read: @Sendable () async throws -> [[String?]] = {
                try await TestServers.mysqlQuery("SELECT id, v, gone FROM `\(database)_dst`.t ORDER BY id")
            }
            try await Self.logicalDeleteScenario(database: database, read: read, yes: "1", no: "0")
            let state = try await harness.store.task(id: task.id)
            #expect(state?.status == .incrementalTransferStarted, "\(state?.errorMessage ?? "")")
            let columns = try await TestServers.mysqlQuery(
                "SELECT COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT FROM information_schema.COLUMNS WHERE "
                    + "TABLE_SCHEMA = '\(database)_dst' AND TABLE_NAME = 't' AND COLUMN_NAME = 'gone'")
            #expect(columns == [["tinyint(1)", "NO", "0"]])
            let verification = try await harness.verifier.verifyTables(task)
            #expect(verification.isEqual, "\(verification.render())")
            try await harness.runner.stop(taskID: task.id)
        }
        try await TestServers.mysqlExecute(["DROP DATABASE `\(database)`", "DROP DATABASE `\(database)_dst`"])
    }

    /// A condition naming a column the table does not have fails the start, naming the rule, table and position.
    @Test func aConditionThatCannotApplyFailsTheStart() async throws {
        let harness = try await SyncHarness.make()
        defer { harness.cleanup() }
        let database = "tide_dmlx_\(UInt32.random(in: 0...UInt32.max))"
        try await TestServers.mysqlExecute([
            "CREATE DATABASE `\(database)`", "CREATE TABLE `\(database)`.t (id INT PRIMARY KEY, v VARCHAR(10))",
        ])
        try await harness.withRunner {
            let task = try await harness.createRealtimeDIJob(
                name: "x-\(database)", database: database,
                policies: #"[{"dmlType":"Delete","dmlAction":"Filter","filterCondition":"v = 'a' AND nope > 1"}]"#)
            try await harness.start(task)
            let ended = try await harness.waitForEnd(task, timeout: .seconds(120))
            let message = ended.errorMessage ?? ""
            #expect(ended.status != .incrementalTransferStarted)
            #expect(message.contains("HandleDml rule dml"), "\(message)")
            #expect(message.contains("\(database).t"), "\(message)")
            #expect(message.contains("position 13") && message.contains("no column nope"), "\(message)")
        }
        try await TestServers.mysqlExecute(["DROP DATABASE `\(database)`"])
    }

    /// Inserts, an update, deletes (one of a row written in the same transaction), then, once those are applied, a
    /// re-insert of a deleted key.
    static func logicalDeleteScenario(
        database: String, read: @Sendable () async throws -> [[String?]], yes: String, no: String
    ) async throws {
        try await TestServers.mysqlExecute([
            "INSERT INTO `\(database)`.t VALUES (1,'a'),(2,'b'),(3,'c')",
            "UPDATE `\(database)`.t SET v = 'b2' WHERE id = 2",
            "DELETE FROM `\(database)`.t WHERE id = 1",
            "DELETE FROM `\(database)`.t WHERE id = 3",
            // Written and deleted in one transaction (so in one batch): kept, marked deleted.
            "START TRANSACTION", "INSERT INTO `\(database)`.t VALUES (9,'z')", "DELETE FROM `\(database)`.t WHERE id = 9",
            "COMMIT",
        ])
        let marked: [[String?]] = [["1", "a", yes], ["2", "b2", no], ["3", "c", yes], ["9", "z", yes]]
        let markedRows = try await converge(marked, read)
        #expect(markedRows == marked)
        try await TestServers.mysqlExecute(["INSERT INTO `\(database)`.t VALUES (3,'c2')"])
        let live: [[String?]] = [["1", "a", yes], ["2", "b2", no], ["3", "c2", no], ["9", "z", yes]]
        let liveRows = try await converge(live, read)
        #expect(liveRows == live)
    }

    /// Reads until the result equals `expected` or 60 seconds passed; returns the last result. A failing read
    /// (the marker column is added when change capture starts, just after the task reports streaming) counts as
    /// not there yet.
    static func converge(
        _ expected: [[String?]], _ read: @Sendable () async throws -> [[String?]]
    ) async throws -> [[String?]] {
        let deadline = ContinuousClock.now + .seconds(60)
        var rows = (try? await read()) ?? []
        while rows != expected, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
            rows = (try? await read()) ?? []
        }
        return rows
    }
}

extension SyncHarness {
    /// Creates a RealtimeIncremental DIJob over every table of `database` with one HandleDml rule (`policies`, the
    /// `dmlPolicies` JSON array) referenced by its one table mapping.
    func createRealtimeDIJob(
        name: String, database: String, policies: String, destination: String = "pg", schemaRename: String? = nil
    ) async throws -> SyncTask {
        let expression = #"{"dmlPolicies":"# + policies + "}"
        let quoted = String(decoding: try JSONEncoder().encode(expression), as: UTF8.self)
        var rules = [#"{"RuleName":"dml","RuleActionType":"HandleDml","RuleTargetType":"Table","RuleExpression":"# + quoted + "}"]
        var references = [#"{"RuleName":"dml","RuleActionType":"HandleDml","RuleTargetType":"Table"}"#]
        if let schemaRename {
            rules.append(
                #"{"RuleName":"rn","RuleActionType":"Rename","RuleTargetType":"Schema","RuleExpression":"{\"expression\":\""#
                    + schemaRename + #"\"}"}"#)
            references.append(#"{"RuleName":"rn","RuleActionType":"Rename","RuleTargetType":"Schema"}"#)
        }
        let spec = try DIJobSpec.parse(
            DIJobSpec.Parameters(
                sourceDataSourceSettings: #"[{"DataSourceName":"src"}]"#,
                destinationDataSourceSettings: #"[{"DataSourceName":"\#(destination)"}]"#,
                tableMappings: #"[{"SourceObjectSelectionRules":[{"ObjectType":"Database","Expression":"\#(database)"}],"#
                    + #""TransformationRules":["# + references.joined(separator: ",") + "]}]",
                transformationRules: "[" + rules.joined(separator: ",") + "]"))
        let task = try SyncTask(
            projectID: Self.projectID, name: name, kind: .diJob, migrationType: .realtimeIncremental,
            sourceType: "mysql", destinationType: destination == "pg" ? "postgresql" : "mysql",
            sourceDataSourceName: "src", destinationDataSourceName: destination, spec: .diJob(spec), createdAt: Date())
        return try await store.createTask(task, clientToken: nil, operation: "CreateDIJob")
    }

    /// Waits until the task reports INCRE_TRANSFER_STARTED (its stream start was taken before that); fails with the
    /// task's error when it fails instead.
    func waitForStreaming(_ task: SyncTask, timeout: Duration = .seconds(120)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let current = try await store.task(id: task.id) {
                if current.status == .incrementalTransferStarted { return }
                if !current.status.isRunning, current.status != .startingJob, current.status != .configuration {
                    throw SyncEngineError(
                        .stopped, "task \(task.id) is \(current.status): \(current.errorMessage ?? "no message")")
                }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw SyncEngineError(.stopped, "task \(task.id) did not start streaming within \(timeout)")
    }
}

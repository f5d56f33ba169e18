import Foundation
import Logging
import MetadataStore
import MySQLClient
import PostgresNIO
import SyncEngine
import SyncModel
import SyncService
import Testing

/// Real servers from the README test command (`TIDE_TEST_MYSQL`, `TIDE_TEST_PG`).
enum TestServers {
    static let mysqlURL = ProcessInfo.processInfo.environment["TIDE_TEST_MYSQL"]
    static let pgURL = ProcessInfo.processInfo.environment["TIDE_TEST_PG"]
    static let isConfigured = mysqlURL != nil && pgURL != nil
    static let disabledReason: Comment = "TIDE_TEST_MYSQL / TIDE_TEST_PG are not set; run the README test command"

    static func mysql() throws -> MySQLConfiguration { try MySQLConfiguration(url: mysqlURL ?? "") }

    /// Runs statements on the source MariaDB.
    static func mysqlExecute(_ statements: [String]) async throws {
        let connection = try await MySQLConnection.connect(try mysql())
        do {
            for statement in statements { try await connection.execute(statement) }
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
    }

    /// Runs a query on the source MariaDB and returns its rows as text.
    static func mysqlQuery(_ sql: String) async throws -> [[String?]] {
        let connection = try await MySQLConnection.connect(try mysql())
        let rows = try await connection.simpleQuery(sql)
        await connection.close()
        return rows.map { row in (0..<row.columns.count).map { row[$0] } }
    }

    /// Runs SQL on the PostgreSQL server and returns the rows as text (values cast by the caller).
    static func pgQuery(_ sql: String) async throws -> [[String?]] {
        let url = URLComponents(string: pgURL ?? "")
        let configuration = PostgresConnection.Configuration(
            host: url?.host ?? "127.0.0.1", port: url?.port ?? 5432, username: url?.user ?? "postgres",
            password: url?.password, database: String((url?.path ?? "/postgres").dropFirst()), tls: .disable)
        let connection = try await PostgresConnection.connect(
            configuration: configuration, id: 1, logger: Logger(label: "test"))
        var result: [[String?]] = []
        do {
            let rows = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "test"))
            for try await row in rows {
                result.append(row.map { cell in cell.bytes.map { String(buffer: $0) } })
            }
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
        return result
    }
}

/// A metadata store in a temporary directory with one project and the two test servers as data sources, and an
/// `EngineRunner` running as it would in `tide serve`.
struct SyncHarness {
    let store: SQLiteMetadataStore
    let runner: EngineRunner
    let verifier: SyncVerifier
    let directory: URL
    static let projectID: Int64 = 10_001

    static func make() async throws -> SyncHarness {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tide-sync-\(UUID().uuidString)")
        let store = try SQLiteMetadataStore(dataDirectory: DataDirectory(path: directory.path))
        try await store.createProject(
            try Project(id: projectID, drsProjectID: "0a1b2c3d4e5f67890a1b2c3d4e5f6789", name: "test", createdAt: Date()))
        let mysql = try TestServers.mysql()
        let mysqlContent = ConnectionContent(
            host: mysql.host, port: mysql.port, username: mysql.username, password: Secret(mysql.password))
        let pg = URLComponents(string: TestServers.pgURL ?? "")
        let pgContent = ConnectionContent(
            host: pg?.host ?? "127.0.0.1", port: pg?.port ?? 5432, database: String((pg?.path ?? "/postgres").dropFirst()),
            username: pg?.user ?? "postgres", password: Secret(pg?.password ?? ""))
        _ = try await store.createDataSource(
            try DataSource(projectID: projectID, name: "src", type: .mysql, content: mysqlContent, createdAt: Date()))
        _ = try await store.createDataSource(
            try DataSource(projectID: projectID, name: "pg", type: .postgresql, content: pgContent, createdAt: Date()))
        _ = try await store.createDataSource(
            try DataSource(projectID: projectID, name: "my", type: .mysql, content: mysqlContent, createdAt: Date()))
        let connectors = LiveConnectors()
        return SyncHarness(
            store: store, runner: EngineRunner(store: store, connectors: connectors),
            verifier: SyncVerifier(store: store, connectors: connectors), directory: directory)
    }

    /// Runs `body` while the runner's service runs.
    func withRunner<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        let runner = self.runner
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await runner.run()
                return nil
            }
            let result = try await body()
            group.cancelAll()
            return result
        }
    }

    /// Creates a Full DIJob copying `database` (every table, or those matching `tableRegex`) to `destination`.
    func createDIJob(
        name: String, database: String, tableRegex: String? = nil, destination: String = "pg",
        rename: String? = nil, runtime: [String: String] = [:]
    ) async throws -> SyncTask {
        var rules = [#"{"ObjectType":"Database","Expression":"\#(database)"}"#]
        if let tableRegex { rules.append(#"{"ObjectType":"Table","Expression":"\#(tableRegex)"}"#) }
        var references = ""
        var transformation: String?
        if let rename {
            references = #","TransformationRules":[{"RuleName":"rn","RuleActionType":"Rename","RuleTargetType":"Schema"}]"#
            let expression = #"{\"expression\":\"\#(rename)\"}"#
            transformation = #"[{"RuleName":"rn","RuleActionType":"Rename","RuleTargetType":"Schema","RuleExpression":"\#(expression)"}]"#
        }
        let runtimeJSON = runtime.map { #"{"Name":"\#($0.key)","Value":"\#($0.value)"}"# }.joined(separator: ",")
        let spec = try DIJobSpec.parse(
            DIJobSpec.Parameters(
                sourceDataSourceSettings: #"[{"DataSourceName":"src"}]"#,
                destinationDataSourceSettings: #"[{"DataSourceName":"\#(destination)"}]"#,
                tableMappings: #"[{"SourceObjectSelectionRules":[\#(rules.joined(separator: ","))]\#(references)}]"#,
                transformationRules: transformation,
                jobSettings: runtime.isEmpty ? nil : #"{"RuntimeSettings":[\#(runtimeJSON)]}"#))
        let task = try SyncTask(
            projectID: Self.projectID, name: name, kind: .diJob, migrationType: .full, sourceType: "mysql",
            destinationType: destination == "pg" ? "postgresql" : "mysql", sourceDataSourceName: "src",
            destinationDataSourceName: destination, spec: .diJob(spec), createdAt: Date())
        return try await store.createTask(task, clientToken: nil, operation: "CreateDIJob")
    }

    /// Starts the task as the API does (state machine, then the runner).
    func start(_ task: SyncTask, force: Bool = false, rerunTables: [String]? = nil) async throws {
        let settings = try StartSettings(forceRerun: force, rerunTables: rerunTables)
        let started = try await store.applyEvent(taskID: task.id, .start, errorMessage: nil, startSettings: settings)
        try await runner.start(started, settings: settings, reporter: StoreEventReporter(store: store))
    }

    /// Waits until the task leaves the running statuses; returns it.
    func waitForEnd(_ task: SyncTask, timeout: Duration = .seconds(300)) async throws -> SyncTask {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let current = try await store.task(id: task.id), !current.status.isRunning,
                await !runner.isRunning(taskID: task.id)
            {
                return current
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw SyncEngineError(.stopped, "task \(task.id) did not finish within \(timeout)")
    }

    func cleanup() {
        try? FileManager.default.removeItem(at: directory)
    }
}

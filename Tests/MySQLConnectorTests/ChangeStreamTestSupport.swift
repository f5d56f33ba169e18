import Foundation
import MySQLClient
import MySQLSource
import SyncEngine
import Testing

/// Thrown by a stream body to end a test stream.
struct StopStreaming: Error {}

/// Runs `body` with a change source on the test server (1 s heartbeats) and closes it afterwards.
func withChangeSource<T>(
    heartbeat: Duration = .seconds(1), configuration: MySQLConfiguration? = nil,
    _ body: (MySQLChangeSource) async throws -> T
) async throws -> T {
    let source = MySQLChangeSource(
        configuration: try configuration ?? MySQLTestServer.configuration(), heartbeatPeriod: heartbeat)
    do {
        let result = try await body(source)
        await source.close()
        return result
    } catch {
        await source.close()
        throw error
    }
}

/// Streams from `position` until `done` holds for the events so far; fails after `timeout`, also when the stream
/// goes quiet (`withDeadline`: a stuck stream must fail the test, not hang the run).
func collectEvents(
    _ source: MySQLChangeSource, from position: String, plans: [TablePlan], timeout: Duration = .seconds(60),
    until done: @escaping @Sendable ([ChangeStreamEvent]) -> Bool
) async throws -> [ChangeStreamEvent] {
    try await withDeadline(timeout, "the change stream") {
        var events: [ChangeStreamEvent] = []
        do {
            try await source.streamChanges(from: position, plans: plans) { event in
                events.append(event)
                if done(events) { throw StopStreaming() }
            }
        } catch is StopStreaming {}
        return events
    }
}

/// Thrown by `withDeadline` when its body ran out of time.
struct DeadlineExceeded: Error, CustomStringConvertible {
    var description: String
}

/// Runs `body` and fails (cancelling it) when it has not finished within `limit`: a test that waits on a server
/// must fail, never hang the run.
func withDeadline<T: Sendable>(
    _ limit: Duration, _ what: String, _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let result = first else {
            throw DeadlineExceeded(description: "\(what) did not finish within \(limit)")
        }
        return result
    }
}

extension [ChangeStreamEvent] {
    /// The transactions with row changes.
    var changeTransactions: [SourceTransaction] {
        compactMap { event in
            if case .transaction(let transaction) = event, !transaction.changes.isEmpty { return transaction }
            return nil
        }
    }

    /// Every row change, in order.
    var rowChanges: [RowChange] { changeTransactions.flatMap(\.changes) }

    /// The schema changes.
    var schemaChanges: [SchemaChange] {
        compactMap { event in
            if case .schemaChange(let change) = event { return change }
            return nil
        }
    }

    /// How many heartbeats.
    var heartbeats: Int {
        filter { event in
            if case .heartbeat = event { return true }
            return false
        }.count
    }
}

/// Discovers `tables` of `database` and plans each whole.
func plans(
    _ database: String, _ tables: [String], configuration: MySQLConfiguration? = nil
) async throws -> [TablePlan] {
    try await withSource(configuration: configuration) { source in
        try await source.discoverTables(.tables(tables, defaultDatabase: database)).map {
            TablePlan(source: $0, destination: $0.name)
        }
    }
}

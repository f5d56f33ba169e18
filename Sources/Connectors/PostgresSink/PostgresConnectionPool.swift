import Logging
import NIOCore
import PostgresNIO
import SyncEngine
import Synchronization

/// A small pool of PostgreSQL connections, at most `configuration.maxConnections` open at once, so that each
/// concurrent `writeChunk` gets a connection (and transaction) of its own (issue 4 item 3). Every new connection
/// gets the session settings the sink relies on (`PostgresSessionSettings`). A connection that saw an error is
/// closed rather than reused: closing it also rolls back any transaction still open on it.
final class PostgresConnectionPool: Sendable {
    private struct State {
        var idle: [PostgresConnection] = []
        var open = 0
        var waiters: [Int: CheckedContinuation<Void, any Error>] = [:]
        var nextID = 0
        var isClosed = false
    }

    private enum Step {
        case use(PostgresConnection)
        case open(id: Int)
        case wait
        case closed
    }

    private let configuration: PostgresSinkConfiguration
    private let logger: Logger
    private let state = Mutex(State())

    /// Creates an empty pool; connections open on demand.
    init(configuration: PostgresSinkConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Runs `body` with a connection of its own. On success the connection returns to the pool; when `body`
    /// throws (or is cancelled) the connection is closed, which aborts any open transaction.
    func withConnection<Result: Sendable>(
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let connection = try await lease()
        do {
            let result = try await body(connection)
            if !release(connection, reusable: true) { try? await connection.close() }
            return result
        } catch {
            try? await connection.close()
            _ = release(connection, reusable: false)
            throw error
        }
    }

    /// Closes idle connections and refuses new leases; leased connections close when released. Idempotent.
    func close() async {
        let (idle, waiters) = state.withLock { state in
            state.isClosed = true
            defer {
                state.open -= state.idle.count
                state.idle = []
                state.waiters = [:]
            }
            return (state.idle, Array(state.waiters.values))
        }
        for waiter in waiters { waiter.resume(throwing: Self.closedError) }
        for connection in idle { try? await connection.close() }
    }

    private func lease() async throws -> PostgresConnection {
        while true {
            let step = state.withLock { state -> Step in
                if state.isClosed { return .closed }
                if let connection = state.idle.popLast() { return .use(connection) }
                guard state.open < configuration.maxConnections else { return .wait }
                state.open += 1
                state.nextID += 1
                return .open(id: state.nextID)
            }
            switch step {
            case .use(let connection):
                if !connection.isClosed { return connection }
                _ = release(connection, reusable: false)
            case .open(let id):
                do {
                    return try await open(id: id)
                } catch {
                    state.withLock { $0.open -= 1 }
                    wakeOneWaiter()
                    throw error
                }
            case .wait:
                try await waitForSlot()
            case .closed:
                throw Self.closedError
            }
        }
    }

    private func open(id: Int) async throws -> PostgresConnection {
        var settings = PostgresConnection.Configuration(
            host: configuration.host, port: configuration.port, username: configuration.username,
            password: configuration.password, database: configuration.database, tls: .disable
        )
        settings.options.connectTimeout = .seconds(10)
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: settings, id: id, logger: logger)
        } catch {
            throw PostgresErrorText.wrapped(
                error, .destinationFailed, context: "cannot connect to \(configuration.description)"
            )
        }
        do {
            try await PostgresSessionSettings.apply(to: connection, logger: logger)
            return connection
        } catch {
            try? await connection.close()
            throw PostgresErrorText.wrapped(error, .destinationFailed, context: "cannot set up the session")
        }
    }

    /// Returns a leased connection: kept for reuse (true) or counted out (false; the caller closes it).
    private func release(_ connection: PostgresConnection, reusable: Bool) -> Bool {
        let kept = state.withLock { state in
            guard reusable && !state.isClosed && !connection.isClosed else {
                state.open -= 1
                return false
            }
            state.idle.append(connection)
            return true
        }
        wakeOneWaiter()
        return kept
    }

    private func wakeOneWaiter() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            guard let id = state.waiters.keys.min() else { return nil }
            return state.waiters.removeValue(forKey: id)
        }
        waiter?.resume()
    }

    private func waitForSlot() async throws {
        let id = state.withLock { state -> Int in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let immediate = state.withLock { state -> (any Error)?? in
                    if Task.isCancelled { return .some(CancellationError()) }
                    if state.isClosed { return .some(Self.closedError) }
                    if !state.idle.isEmpty || state.open < configuration.maxConnections { return .some(nil) }
                    state.waiters[id] = continuation
                    return .none
                }
                switch immediate {
                case .none: break
                case .some(.none): continuation.resume()
                case .some(.some(let error)): continuation.resume(throwing: error)
                }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume(throwing: CancellationError())
        }
    }

    private static let closedError = SyncEngineError(.destinationFailed, "the PostgreSQL sink was closed")
}

/// A small bounded pool of connections for the snapshot readers: at most `maxConnections` are open; callers
/// beyond that wait in FIFO order, and a waiting caller whose task is cancelled stops waiting and throws
/// `CancellationError`. Connections that come back closed (or mid-command) are dropped.
public actor MySQLConnectionPool {
    private let configuration: MySQLConfiguration
    /// The most connections open at once.
    public let maxConnections: Int
    private var idle: [MySQLConnection] = []
    private var open = 0
    private var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, Never>)] = []
    private var nextWaiterID: UInt64 = 0
    private var shutDown = false
    private let sessionStatements: [String]

    /// Creates a pool; connections are opened on demand.
    public init(configuration: MySQLConfiguration, maxConnections: Int = 4) {
        self.init(configuration: configuration, maxConnections: maxConnections, sessionStatements: [])
    }

    /// Creates a pool whose every new connection runs `sessionStatements` (e.g. `SET NAMES utf8mb4`,
    /// `SET time_zone = '+00:00'`) right after login, before it is lent out.
    public init(configuration: MySQLConfiguration, maxConnections: Int, sessionStatements: [String]) {
        self.configuration = configuration
        self.maxConnections = max(1, maxConnections)
        self.sessionStatements = sessionStatements
    }

    /// Number of connections currently open (idle or lent out).
    public var openConnections: Int { open }

    /// Runs `body` with a connection from the pool and returns it afterwards.
    public func withConnection<T: Sendable>(_ body: @Sendable (MySQLConnection) async throws -> T) async throws -> T {
        let connection = try await acquire()
        do {
            let result = try await body(connection)
            await release(connection)
            return result
        } catch {
            await release(connection)
            throw error
        }
    }

    /// Takes a connection out of the pool (waiting while `maxConnections` are lent out). Every connection taken
    /// must be given back with `release(_:)`; close it first if it is mid-command and should not be reused.
    /// For callers whose work cannot be a `@Sendable` closure (a non-Sendable streaming body).
    public func acquireConnection() async throws -> MySQLConnection {
        try await acquire()
    }

    /// Gives back a connection taken with `acquireConnection()`.
    public func releaseConnection(_ connection: MySQLConnection) async {
        await release(connection)
    }

    private func acquire() async throws -> MySQLConnection {
        while true {
            if shutDown { throw MySQLClientError(.invalidState, "the pool is shut down") }
            while let connection = idle.popLast() {
                if await connection.isClosed {
                    open -= 1
                } else {
                    return connection
                }
            }
            if open < maxConnections {
                open += 1
                do {
                    let connection = try await MySQLConnection.connect(configuration)
                    do {
                        for statement in sessionStatements { try await connection.execute(statement) }
                    } catch {
                        await connection.close()
                        throw error
                    }
                    return connection
                } catch {
                    open -= 1
                    wakeOne()
                    throw error
                }
            }
            try await waitForRoom()
        }
    }

    /// Waits until a connection is released or the pool shuts down; throws `CancellationError` when the task is
    /// cancelled meanwhile (passing on the wake-up it may have taken, so no other waiter is stranded).
    private func waitForRoom() async throws {
        let id = nextWaiterID
        nextWaiterID += 1
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume()
                } else {
                    waiters.append((id, continuation))
                }
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
        if Task.isCancelled {
            wakeOne()
            throw CancellationError()
        }
    }

    private func cancelWaiter(_ id: UInt64) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume()
    }

    private func release(_ connection: MySQLConnection) async {
        let closed = await connection.isClosed
        if shutDown || closed {
            await connection.close()
            open -= 1
        } else {
            idle.append(connection)
        }
        wakeOne()
    }

    private func wakeOne() {
        if !waiters.isEmpty { waiters.removeFirst().continuation.resume() }
    }

    /// Closes idle connections and refuses new work; lent-out connections close when returned.
    public func shutdown() async {
        shutDown = true
        let connections = idle
        idle.removeAll()
        for connection in connections {
            await connection.close()
            open -= 1
        }
        for waiter in waiters { waiter.continuation.resume() }
        waiters.removeAll()
    }
}

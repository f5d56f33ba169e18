import Logging
import MySQLBinlog
import MySQLWire
import NIOCore

/// A binlog dump as an async sequence of raw events with positions. It negotiates checksums, asks for
/// heartbeats, verifies each event's CRC32, declares the connection dead after three heartbeat periods without
/// data, and (when `options.reconnect`) reconnects and resumes from the position after the last delivered event.
public actor BinlogStream {
    private let configuration: MySQLConfiguration
    private let options: BinlogStreamOptions
    private let clock: any Clock<Duration>
    private let logger: Logger
    private var connection: MySQLConnection?
    private var machine: BinlogStreamStateMachine?
    private var finished = false
    /// How many times the stream reconnected.
    public private(set) var reconnects = 0

    /// Creates a stream; nothing happens until `next()` is first called.
    public init(
        configuration: MySQLConfiguration, options: BinlogStreamOptions, clock: any Clock<Duration> = ContinuousClock(),
        logger: Logger = Logger(label: "tide.binlog")
    ) {
        var configuration = configuration
        let period = BinlogStreamStateMachine.nanoseconds(options.heartbeatPeriod)
        configuration.readTimeout = .nanoseconds(max(period * 3, 1_000_000_000))
        self.configuration = configuration
        self.options = options
        self.clock = clock
        self.logger = logger
    }

    /// The position after the last delivered event (nil before the first ROTATE names the file).
    public var position: BinlogPosition? { machine?.position }

    /// The checksum algorithm negotiated with the server.
    public var checksum: ChecksumAlgorithm? { machine?.checksum }

    /// Whether the source is MariaDB.
    public private(set) var isMariaDB = false

    private func open() async throws {
        let connection = try await MySQLConnection.connect(configuration)
        isMariaDB = await connection.isMariaDB
        let checksumName = try await connection.simpleQuery("SELECT @@global.binlog_checksum").first?[0] ?? "NONE"
        var next = BinlogStreamStateMachine(
            options: options, isMariaDB: isMariaDB, checksum: checksumName.uppercased() == "CRC32" ? .crc32 : .off)
        if let previous = machine, let position = previous.position {
            var resumed = options
            resumed.start = .position(position)
            next = BinlogStreamStateMachine(options: resumed, isMariaDB: isMariaDB, checksum: next.checksum)
        }
        for statement in next.setupStatements() {
            try await connection.execute(statement)
        }
        try await connection.start(.registerSlave(next.registerCommand()))
        if case .commandFailed(let error) = try await connection.nextAction() { throw error }
        try await connection.start(.binlogDump(next.dumpCommand()))
        self.machine = next
        self.connection = connection
    }

    /// The next event, or nil when the stream ended (`stopAtEnd` reached the end, or `close()` was called).
    public func next() async throws -> BinlogStreamStateMachine.Event? {
        var attempts = 0
        while !finished {
            do {
                if connection == nil { try await open() }
                guard let connection else { return nil }
                let action = try await connection.nextAction()
                attempts = 0
                switch action {
                case .binlogEvent(let raw):
                    guard var machine else { return nil }
                    let result = machine.eventReceived(raw)
                    self.machine = machine
                    switch result {
                    case .deliver(let event): return event
                    case .alive: continue
                    case .fail(let error):
                        await close()
                        throw error
                    }
                case .binlogEnded:
                    // In blocking mode the server only ends the dump when it shuts down or kills the thread:
                    // that is a lost connection, not the end of the stream.
                    guard options.stopAtEnd else {
                        throw MySQLClientError(.connectionClosed, "the server ended the binlog dump")
                    }
                    await close()
                    return nil
                case .commandFailed(let error):
                    throw error
                default:
                    throw MySQLClientError(.protocolViolation, "unexpected reply during a binlog dump")
                }
            } catch let error as MySQLClientError where Self.isRetryable(error) && options.reconnect && !finished {
                attempts += 1
                if let connection { await connection.close() }
                connection = nil
                guard attempts <= options.maxReconnectAttempts else { throw error }
                logger.warning("binlog connection lost (\(error.code)); reconnecting", metadata: ["attempt": "\(attempts)"])
                reconnects += 1
                try await clock.sleep(for: .milliseconds(min(100 * (1 << min(attempts, 5)), 2_000)))
            }
        }
        return nil
    }

    static func isRetryable(_ error: MySQLClientError) -> Bool {
        switch error.code {
        case .connectionClosed, .readTimeout, .connectFailed: return true
        case .server:
            // 1053 server shutdown, 2013-like lost connection, 1927 connection killed (MariaDB)
            return [1053, 1927, 1317].contains(error.serverError?.code ?? 0)
        default: return false
        }
    }

    /// Stops the stream and closes the connection.
    public func close() async {
        finished = true
        if let connection {
            try? await connection.channel.close()
            await connection.close()
        }
        connection = nil
    }
}

import Logging
import MySQLWire
import NIOCore
import NIOPosix
import NIOSSL

/// One connection to a MySQL-protocol server (MySQL or MariaDB): login, text queries streamed with
/// back-pressure, ping, binlog dump, close. One command at a time; the actor serialises callers.
public actor MySQLConnection {
    let channel: any Channel
    let packets: PacketIterator
    var machine: ConnectionStateMachine
    /// The server's handshake (version string, connection id, capabilities).
    public private(set) var serverHandshake: HandshakeV10?
    private var closed = false

    /// The server's version string, e.g. `10.11.19-MariaDB-0+deb12u1-log`.
    public var serverVersion: String { serverHandshake?.serverVersion ?? "" }
    /// Whether the server is MariaDB rather than MySQL.
    public var isMariaDB: Bool { serverHandshake?.isMariaDB ?? false }

    private init(channel: any Channel, packets: MySQLChannelHandler.Producer, login: MySQLLoginHandler.Result) {
        self.channel = channel
        self.packets = PacketIterator(packets.makeAsyncIterator())
        self.machine = login.machine
        self.serverHandshake = login.handshake
    }

    /// Connects and logs in. Throws `MySQLClientError` (`.connectFailed`, `.server` for a refused login ...).
    public static func connect(
        _ configuration: MySQLConfiguration, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> MySQLConnection {
        let readTimeout = configuration.readTimeout
        var wantsTLS = false
        var tlsContext: NIOSSLContext?
        if case .require(let tlsConfiguration) = configuration.tls {
            wantsTLS = true
            do {
                tlsContext = try NIOSSLContext(configuration: tlsConfiguration)
            } catch {
                throw MySQLClientError(.tlsUnavailable, "TLS setup failed: \(error)")
            }
        }
        let host = configuration.host
        let serverHostname = host.first?.isNumber == true || host.contains(":") ? nil : host
        let machine = ConnectionStateMachine(
            username: configuration.username, password: configuration.password, database: configuration.database,
            wantsTLS: wantsTLS, serverPublicKeyPEM: configuration.serverPublicKeyPEM)
        let loginTimeout = configuration.connectTimeout + configuration.readTimeout
        let tls = tlsContext
        let eventLoop = eventLoopGroup.next()
        let login = eventLoop.makePromise(of: MySQLLoginHandler.Result.self)
        let sequence = eventLoop.makePromise(of: MySQLChannelHandler.Producer.self)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: eventLoop)
                .connectTimeout(configuration.connectTimeout)
                .channelOption(.autoRead, value: false)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                // One socket read (at most 64 KiB) per readable event: a queued element of packets stays small,
                // so the read-ahead a slow consumer leaves queued is bounded (bench/snapshot/RESULTS.md, run 3).
                .channelOption(.maxMessagesPerRead, value: 1)
                .channelInitializer { channel in
                    // The whole login runs on the event loop from the moment the socket connects (see
                    // MySQLLoginHandler): the server's connect_timeout never waits for a cooperative thread.
                    do {
                        let handler = MySQLChannelHandler(readTimeout: readTimeout)
                        try channel.pipeline.syncOperations.addHandler(MySQLFrameHandler())
                        try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(MySQLPacketEncoder()))
                        try channel.pipeline.syncOperations.addHandler(
                            MySQLLoginHandler(
                                machine: machine, tls: tls, serverHostname: serverHostname, timeout: loginTimeout,
                                promise: login))
                        sequence.succeed(handler.makeSequence(eventLoop: channel.eventLoop))
                        try channel.pipeline.syncOperations.addHandler(handler)
                        return channel.eventLoop.makeSucceededVoidFuture()
                    } catch {
                        return channel.eventLoop.makeFailedFuture(error)
                    }
                }
                .connect(host: configuration.host, port: configuration.port).get()
        } catch {
            let failure = MySQLClientError(.connectFailed, "\(configuration.host):\(configuration.port): \(error)")
            login.fail(failure)  // no-op when already completed
            sequence.fail(failure)
            throw failure
        }
        let producer: MySQLChannelHandler.Producer
        let result: MySQLLoginHandler.Result
        do {
            producer = try await sequence.futureResult.get()
            result = try await login.futureResult.get()
        } catch {
            channel.close(promise: nil)
            throw error
        }
        let connection = MySQLConnection(channel: channel, packets: producer, login: result)
        await connection.replyComplete()
        return connection
    }

    func nextPacket() async throws -> MySQLPacket {
        if let packet = packets.popBuffered() { return packet }
        do {
            if let batch = try await packets.iterator.next() {
                packets.buffer(batch)
                if let packet = packets.popBuffered() { return packet }
                throw MySQLClientError(.protocolViolation, "an empty packet batch")
            }
        } catch let error as MySQLClientError {
            closed = true
            throw error
        } catch let error as MySQLWireError {
            closed = true
            channel.close(promise: nil)
            throw MySQLClientError(.protocolViolation, "\(error)")
        } catch {
            closed = true
            throw MySQLClientError(.connectionClosed, "\(error)")
        }
        closed = true
        _ = machine.connectionClosed()
        throw MySQLClientError(.connectionClosed, "the server closed the connection")
    }

    func write(_ packet: MySQLPacket) async throws {
        do {
            try await channel.writeAndFlush(packet)
        } catch {
            closed = true
            throw MySQLClientError(.connectionClosed, "write failed: \(error)")
        }
    }

    func replyComplete() async {
        try? await channel.triggerUserOutboundEvent(MySQLChannelHandler.ReplyNoLongerExpected())
    }

    /// Runs one command step: sends the command and returns the first action that is not a plain send/wait.
    func start(_ command: ConnectionStateMachine.Command) async throws {
        if closed { throw MySQLClientError(.invalidState, "the connection is closed") }
        try await drainUnfinishedCommand()
        switch machine.commandRequested(command) {
        case .send(let packet): try await write(packet)
        case .commandFailed(let error), .closeWithError(let error): throw error
        default: throw MySQLClientError(.protocolViolation, "unexpected action for a command")
        }
    }

    /// Reads packets until the state machine has something for the caller.
    func nextAction() async throws -> ConnectionStateMachine.Action {
        while true {
            if let action = try await settle(machine.packetReceived(try await nextPacket())) { return action }
        }
    }

    /// Carries out what the state machine asked for after a packet: returns the action when it is for the caller,
    /// nil when more packets are needed (`.wait`, or a packet was sent).
    func settle(_ action: ConnectionStateMachine.Action) async throws -> ConnectionStateMachine.Action? {
        switch action {
        case .wait: return nil
        case .send(let packet):
            try await write(packet)
            return nil
        case .closeWithError(let error):
            closed = true
            channel.close(promise: nil)
            throw error
        case .commandCompleted, .commandFailed, .binlogEnded:
            await replyComplete()
            return action
        default:
            return action
        }
    }

    /// If a caller stopped reading a result set part-way, read and drop the rest so the next command can run.
    private func drainUnfinishedCommand() async throws {
        while !machine.isReady {
            switch machine.state {
            case .queryColumnCount, .queryColumns, .queryRows, .awaitingOK:
                _ = try await nextAction()
            default:
                throw MySQLClientError(.invalidState, "the connection is busy (binlog dump) or closed")
            }
        }
    }

    /// COM_PING.
    public func ping() async throws {
        try await start(.ping)
        if case .commandFailed(let error) = try await nextAction() { throw error }
    }

    /// Sends COM_QUIT (when idle) and closes the socket.
    public func close() async {
        guard !closed else { return }
        closed = true
        if case .sendQuitAndClose(let packet) = machine.closeRequested() {
            try? await channel.writeAndFlush(packet)
        }
        try? await channel.close()
    }

    /// Whether the connection has been closed (by either side).
    public var isClosed: Bool { closed || !channel.isActive }
}

/// Holds the inbound iterator. Only the owning `MySQLConnection` actor touches it, one call at a time, which is
/// why the unchecked conformance is sound; the NIO iterator type itself is not declared Sendable.
final class PacketIterator: @unchecked Sendable {
    var iterator: MySQLChannelHandler.Producer.AsyncIterator
    /// The packets of the last read not yet taken, from `next`.
    private var buffered: [MySQLPacket] = []
    private var next = 0
    init(_ iterator: MySQLChannelHandler.Producer.AsyncIterator) { self.iterator = iterator }

    /// The next packet of the last read, if any is left.
    func popBuffered() -> MySQLPacket? {
        guard next < buffered.count else { return nil }
        defer { next += 1 }
        return buffered[next]
    }

    /// Keeps the packets of a new read.
    func buffer(_ packets: [MySQLPacket]) {
        buffered = packets
        next = 0
    }
}

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
    private var tls: MySQLConfiguration.TLSMode
    private let host: String
    /// The server's handshake (version string, connection id, capabilities).
    public private(set) var serverHandshake: HandshakeV10?
    private var closed = false

    /// The server's version string, e.g. `10.11.19-MariaDB-0+deb12u1-log`.
    public var serverVersion: String { serverHandshake?.serverVersion ?? "" }
    /// Whether the server is MariaDB rather than MySQL.
    public var isMariaDB: Bool { serverHandshake?.isMariaDB ?? false }

    private init(channel: any Channel, packets: MySQLChannelHandler.Producer, configuration: MySQLConfiguration) {
        self.channel = channel
        self.packets = PacketIterator(packets.makeAsyncIterator())
        var wantsTLS = false
        if case .require = configuration.tls { wantsTLS = true }
        self.machine = ConnectionStateMachine(
            username: configuration.username, password: configuration.password, database: configuration.database,
            wantsTLS: wantsTLS, serverPublicKeyPEM: configuration.serverPublicKeyPEM)
        self.tls = configuration.tls
        self.host = configuration.host
    }

    /// Connects and logs in. Throws `MySQLClientError` (`.connectFailed`, `.server` for a refused login ...).
    public static func connect(
        _ configuration: MySQLConfiguration, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> MySQLConnection {
        let readTimeout = configuration.readTimeout
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: eventLoopGroup)
                .connectTimeout(configuration.connectTimeout)
                .channelOption(.autoRead, value: false)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                // One socket read (at most 64 KiB) per readable event: a queued element of packets stays small,
                // so the read-ahead a slow consumer leaves queued is bounded (bench/snapshot/RESULTS.md, run 3).
                .channelOption(.maxMessagesPerRead, value: 1)
                .connect(host: configuration.host, port: configuration.port).get()
        } catch {
            throw MySQLClientError(.connectFailed, "\(configuration.host):\(configuration.port): \(error)")
        }
        let producer = try await channel.eventLoop.submit {
            let handler = MySQLChannelHandler(readTimeout: readTimeout)
            try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(MySQLPacketDecoder()))
            try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(MySQLPacketEncoder()))
            let sequence = handler.makeSequence(eventLoop: channel.eventLoop)
            try channel.pipeline.syncOperations.addHandler(handler)
            channel.read()
            return sequence
        }.get()
        let connection = MySQLConnection(channel: channel, packets: producer, configuration: configuration)
        do {
            try await connection.login()
        } catch {
            channel.close(promise: nil)
            throw error
        }
        return connection
    }

    private func login() async throws {
        while true {
            let action = machine.packetReceived(try await nextPacket())
            switch action {
            case .send(let packet):
                try await write(packet)
            case .sendSSLRequestAndStartTLS(let packet):
                try await write(packet)
                try await startTLS()
                let next = machine.tlsEstablished()
                guard case .send(let response) = next else { throw MySQLClientError(.protocolViolation, "after TLS") }
                try await write(response)
            case .authenticated(let handshake):
                serverHandshake = handshake
                await replyComplete()
                return
            case .wait:
                continue
            case .closeWithError(let error), .commandFailed(let error):
                throw error
            default:
                throw MySQLClientError(.protocolViolation, "unexpected action during login")
            }
        }
    }

    private func startTLS() async throws {
        guard case .require(let configuration) = tls else { return }
        do {
            let context = try NIOSSLContext(configuration: configuration)
            let serverHostname = host.first?.isNumber == true || host.contains(":") ? nil : host
            let channel = self.channel
            try await channel.eventLoop.submit {
                let handler = try NIOSSLClientHandler(context: context, serverHostname: serverHostname)
                try channel.pipeline.syncOperations.addHandler(handler, position: .first)
            }.get()
        } catch {
            throw MySQLClientError(.tlsUnavailable, "TLS setup failed: \(error)")
        }
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

import MySQLWire
import NIOCore

/// The client side of the MySQL connection phase and command phase as a pure state machine: events in
/// (a packet arrived, TLS is up, a command is requested), actions out (send this packet, hand on this row, fail).
///
/// It checks sequence ids: every reply must carry the id following the last packet sent or received, and a
/// command restarts at 0. MySQL Client/Server Protocol, "Connection Phase", "Command Phase", "Text Resultset".
public struct ConnectionStateMachine: Sendable {
    /// What the connection is doing.
    enum State: Sendable, Equatable {
        case awaitingHandshake
        case awaitingTLS(HandshakeV10)
        case authenticating(plugin: String, scramble: [UInt8])
        case awaitingPublicKey(scramble: [UInt8])
        case ready
        case awaitingOK
        case queryColumnCount
        case queryColumns(remaining: Int, columns: [ColumnDefinition41])
        case queryRows(columnCount: Int)
        case binlogDump
        case closed
    }

    /// A command the caller wants to run.
    public enum Command: Sendable, Equatable {
        /// COM_QUERY with a text result set or an OK.
        case query(String)
        /// COM_QUERY whose statement is given as raw bytes (statements built straight into a buffer, possibly
        /// holding bytes that are not UTF-8 inside X'..' or '..' literals).
        case queryBytes(ByteBuffer)
        /// COM_PING.
        case ping
        /// COM_REGISTER_SLAVE (answered by OK).
        case registerSlave(ComRegisterSlave)
        /// COM_BINLOG_DUMP or COM_BINLOG_DUMP_GTID payload; the reply is a stream of events.
        case binlogDump(ByteBuffer)
    }

    /// What the caller must do next.
    public enum Action: Sendable, Equatable {
        /// Nothing: wait for the next packet.
        case wait
        /// Write this packet.
        case send(MySQLPacket)
        /// Write this SSLRequest packet, then add TLS to the channel and report `tlsEstablished()`.
        case sendSSLRequestAndStartTLS(MySQLPacket)
        /// Login succeeded; the connection is ready for commands.
        case authenticated(HandshakeV10)
        /// The column definitions of a result set.
        case columns([ColumnDefinition41])
        /// One row of the current result set.
        case row(TextResultRow)
        /// The command finished (OK, or EOF after rows).
        case commandCompleted(OKPacket)
        /// One binlog event (the packet without its leading 0x00).
        case binlogEvent(ByteBuffer)
        /// The server ended the binlog dump (non-blocking mode reached the end).
        case binlogEnded
        /// The command failed; the connection stays usable (the server sent ERR in the command phase).
        case commandFailed(MySQLClientError)
        /// A fatal error: close the connection.
        case closeWithError(MySQLClientError)
        /// Send COM_QUIT and close.
        case sendQuitAndClose(MySQLPacket)
    }

    var state: State = .awaitingHandshake
    var nextSequenceID: UInt8 = 0
    var handshake: HandshakeV10?
    let username: String
    let password: String
    let database: String?
    let wantsTLS: Bool
    var isTLS = false
    let serverPublicKeyPEM: String?

    /// Creates a state machine for one connection.
    public init(username: String, password: String, database: String?, wantsTLS: Bool, serverPublicKeyPEM: String? = nil) {
        self.username = username
        self.password = password
        self.database = database
        self.wantsTLS = wantsTLS
        self.serverPublicKeyPEM = serverPublicKeyPEM
    }

    /// Whether the connection can accept a command now.
    public var isReady: Bool { state == .ready }

    mutating func packet(_ payload: ByteBuffer) -> MySQLPacket {
        // A payload of 16 MiB or more goes out as several frames, each taking a sequence id.
        let frames = payload.readableBytes / MySQLPacketDecoder.maxFramePayload + 1
        let packet = MySQLPacket(
            sequenceID: nextSequenceID, payload: payload, lastSequenceID: nextSequenceID &+ UInt8(truncatingIfNeeded: frames - 1))
        nextSequenceID = packet.lastSequenceID &+ 1
        return packet
    }

    mutating func fail(_ error: MySQLClientError) -> Action {
        state = .closed
        return .closeWithError(error)
    }

    /// A packet arrived from the server.
    public mutating func packetReceived(_ packet: MySQLPacket) -> Action {
        if state == .closed { return .wait }
        guard packet.sequenceID == nextSequenceID else {
            return fail(
                MySQLClientError(
                    .protocolViolation, "sequence id \(packet.sequenceID), expected \(nextSequenceID)"))
        }
        nextSequenceID = packet.lastSequenceID &+ 1
        do {
            return try dispatch(packet)
        } catch let error as MySQLClientError {
            return fail(error)
        } catch {
            return fail(MySQLClientError(.protocolViolation, "\(error)"))
        }
    }

    private mutating func dispatch(_ packet: MySQLPacket) throws -> Action {
        switch state {
        case .awaitingHandshake:
            if packet.isERR { return fail(.server(try ERRPacket.decode(packet.payload))) }
            return try handshakeReceived(try HandshakeV10.decode(packet.payload))
        case .authenticating(let plugin, let scramble):
            return try authPacketReceived(packet, plugin: plugin, scramble: scramble)
        case .awaitingPublicKey(let scramble):
            if packet.isERR { return fail(.server(try ERRPacket.decode(packet.payload))) }
            let more = try AuthMoreData.decode(packet.payload)
            let encrypted = try AuthScramble.rsaEncryptedPassword(
                password: password, scramble: scramble, publicKeyPEM: String(decoding: more.data, as: UTF8.self))
            state = .authenticating(plugin: "caching_sha2_password", scramble: scramble)
            return .send(self.packet(ByteBuffer(bytes: encrypted)))
        case .awaitingOK:
            if packet.isERR { return commandErr(packet) }
            guard packet.isOK else { throw MySQLClientError(.protocolViolation, "expected OK") }
            state = .ready
            return .commandCompleted(try OKPacket.decode(packet.payload))
        case .queryColumnCount:
            if packet.isERR { return commandErr(packet) }
            if packet.firstByte == 0x00 {
                let ok = try OKPacket.decode(packet.payload)
                if ok.statusFlags & OKPacket.serverMoreResultsExist != 0 { return .wait }
                state = .ready
                return .commandCompleted(ok)
            }
            if packet.firstByte == 0xFB {
                throw MySQLClientError(.protocolViolation, "LOCAL INFILE requests are refused")
            }
            state = .queryColumns(remaining: try ColumnCount.decode(packet.payload), columns: [])
            return .wait
        case .queryColumns(let remaining, var columns):
            if remaining == 0 {
                guard packet.isEOF else { throw MySQLClientError(.protocolViolation, "expected EOF after columns") }
                state = .queryRows(columnCount: columns.count)
                return .columns(columns)
            }
            columns.append(try ColumnDefinition41.decode(packet.payload))
            state = .queryColumns(remaining: remaining - 1, columns: columns)
            return .wait
        case .queryRows(let count):
            if packet.isERR { return commandErr(packet) }
            if packet.isEOF {
                let eof = try EOFPacket.decode(packet.payload)
                if eof.statusFlags & OKPacket.serverMoreResultsExist != 0 {
                    state = .queryColumnCount
                    return .wait
                }
                state = .ready
                return .commandCompleted(OKPacket(statusFlags: eof.statusFlags, warnings: eof.warnings))
            }
            return .row(try TextResultRow.decode(packet.payload, columnCount: count))
        case .binlogDump:
            switch packet.firstByte {
            case 0x00:
                var payload = packet.payload
                payload.moveReaderIndex(forwardBy: 1)
                return .binlogEvent(payload)
            case 0xFE where packet.isEOF:
                state = .ready
                return .binlogEnded
            case 0xFF:
                return fail(.server(try ERRPacket.decode(packet.payload)))
            default:
                throw MySQLClientError(.protocolViolation, "unexpected packet in binlog stream")
            }
        case .awaitingTLS, .ready, .closed:
            throw MySQLClientError(.protocolViolation, "unexpected packet while idle")
        }
    }

    private mutating func commandErr(_ packet: MySQLPacket) -> Action {
        do {
            let err = try ERRPacket.decode(packet.payload)
            state = .ready
            return .commandFailed(.server(err))
        } catch {
            return fail(MySQLClientError(.protocolViolation, "\(error)"))
        }
    }

    /// The TLS handshake that `sendSSLRequestAndStartTLS` asked for has completed.
    public mutating func tlsEstablished() -> Action {
        guard case .awaitingTLS(let handshake) = state else {
            return fail(MySQLClientError(.protocolViolation, "TLS established in the wrong state"))
        }
        isTLS = true
        return sendHandshakeResponse(handshake)
    }

    /// The caller wants to run `command`.
    public mutating func commandRequested(_ command: Command) -> Action {
        guard state == .ready else {
            return .commandFailed(MySQLClientError(.invalidState, "a command is already running or the connection is closed"))
        }
        nextSequenceID = 0
        switch command {
        case .query(let sql):
            state = .queryColumnCount
            return .send(packet(ComQuery(sql: sql).encode()))
        case .queryBytes(let statement):
            state = .queryColumnCount
            var payload = ByteBuffer()
            payload.reserveCapacity(statement.readableBytes + 1)
            payload.writeInteger(CommandByte.query)
            payload.writeImmutableBuffer(statement)
            return .send(packet(payload))
        case .ping:
            state = .awaitingOK
            return .send(packet(ComPing().encode()))
        case .registerSlave(let register):
            state = .awaitingOK
            return .send(packet(register.encode()))
        case .binlogDump(let payload):
            state = .binlogDump
            return .send(packet(payload))
        }
    }

    /// The caller wants to close: send COM_QUIT if the connection is idle, otherwise just close.
    public mutating func closeRequested() -> Action {
        let wasReady = state == .ready
        state = .closed
        if wasReady {
            nextSequenceID = 0
            return .sendQuitAndClose(packet(ComQuit().encode()))
        }
        return .closeWithError(MySQLClientError(.connectionClosed, "closed by the client"))
    }

    /// The channel closed or failed.
    public mutating func connectionClosed() -> Action {
        if state == .closed { return .wait }
        return fail(MySQLClientError(.connectionClosed, "the server closed the connection"))
    }
}

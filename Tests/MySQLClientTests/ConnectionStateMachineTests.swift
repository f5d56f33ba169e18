import Crypto
import NIOCore
import Testing
import _CryptoExtras

@testable import MySQLClient
@testable import MySQLWire

struct ConnectionStateMachineTests {
    static let scramble: [UInt8] = Array(0x41...0x54)

    static func handshake(plugin: String = "mysql_native_password", ssl: Bool = false) -> MySQLPacket {
        var caps: CapabilityFlags = [.protocol41, .secureConnection, .pluginAuth, .pluginAuthLenencClientData, .longPassword]
        if ssl { caps.insert(.ssl) }
        let handshake = HandshakeV10(
            serverVersion: "10.11.19-MariaDB", connectionID: 7, authPluginData: scramble, capabilities: caps,
            characterSet: 45, statusFlags: 2, authPluginName: plugin)
        return MySQLPacket(sequenceID: 0, payload: handshake.encode())
    }

    static func ok(_ sequence: UInt8) -> MySQLPacket { MySQLPacket(sequenceID: sequence, payload: OKPacket().encode()) }

    /// The auth response bytes inside a HandshakeResponse41 the machine sent.
    static func authResponse(in action: ConnectionStateMachine.Action) -> [UInt8]? {
        guard case .send(let packet) = action else { return nil }
        var buffer = packet.payload
        buffer.moveReaderIndex(forwardBy: 32)
        _ = buffer.readNullTerminatedString()
        guard let length = buffer.readLengthEncodedInteger() else { return nil }
        return buffer.readBytes(length: Int(length))
    }

    func machine(password: String = "secret", tls: Bool = false, publicKey: String? = nil) -> ConnectionStateMachine {
        ConnectionStateMachine(username: "u", password: password, database: nil, wantsTLS: tls, serverPublicKeyPEM: publicKey)
    }

    @Test func nativePasswordLogin() {
        var m = machine()
        let response = m.packetReceived(Self.handshake())
        #expect(Self.authResponse(in: response) == AuthScramble.nativePassword(password: "secret", scramble: Self.scramble))
        #expect(Self.authResponse(in: response)?.count == 20)
        guard case .authenticated = m.packetReceived(Self.ok(2)) else {
            Issue.record("expected authenticated")
            return
        }
        #expect(m.isReady)
    }

    @Test func nativeScrambleMatchesTheManualsFormula() {
        // SHA1(pw) XOR SHA1(scramble + SHA1(SHA1(pw))), checked independently of AuthScramble.
        let pw = Array("secret".utf8)
        let s1 = Array(Insecure.SHA1.hash(data: pw))
        let s2 = Array(Insecure.SHA1.hash(data: s1))
        let x = Array(Insecure.SHA1.hash(data: Self.scramble + s2))
        #expect(AuthScramble.nativePassword(password: "secret", scramble: Self.scramble) == zip(s1, x).map { $0 ^ $1 })
        #expect(AuthScramble.nativePassword(password: "", scramble: Self.scramble) == [])
    }

    @Test func wrongPasswordErrClosesWithTheServerError() {
        var m = machine()
        _ = m.packetReceived(Self.handshake())
        let err = ERRPacket(errorCode: 1045, sqlState: "28000", message: "Access denied for user 'u'")
        #expect(m.packetReceived(MySQLPacket(sequenceID: 2, payload: err.encode())) == .closeWithError(.server(err)))
        #expect(!m.isReady)
    }

    @Test func wrongSequenceIDIsAProtocolViolation() {
        var m = machine()
        _ = m.packetReceived(Self.handshake())
        guard case .closeWithError(let error) = m.packetReceived(Self.ok(5)) else {
            Issue.record("expected closeWithError")
            return
        }
        #expect(error.code == .protocolViolation)
    }

    @Test func authSwitchToNativePassword() {
        var m = machine()
        _ = m.packetReceived(Self.handshake(plugin: "caching_sha2_password"))
        let newScramble: [UInt8] = Array(0x61...0x74)
        let switchRequest = AuthSwitchRequest(pluginName: "mysql_native_password", pluginData: newScramble)
        let reply = m.packetReceived(MySQLPacket(sequenceID: 2, payload: switchRequest.encode()))
        #expect(reply == .send(MySQLPacket(sequenceID: 3, payload: ByteBuffer(bytes: AuthScramble.nativePassword(password: "secret", scramble: newScramble)))))
        guard case .authenticated = m.packetReceived(Self.ok(4)) else {
            Issue.record("expected authenticated")
            return
        }
    }

    @Test func authSwitchToUnknownPluginFails() {
        var m = machine()
        _ = m.packetReceived(Self.handshake())
        let request = AuthSwitchRequest(pluginName: "dialog", pluginData: [])
        guard case .closeWithError(let error) = m.packetReceived(MySQLPacket(sequenceID: 2, payload: request.encode())) else {
            Issue.record("expected closeWithError")
            return
        }
        #expect(error.code == .unsupportedAuthPlugin)
    }

    @Test func cachingSHA2FastPath() {
        var m = machine()
        let response = m.packetReceived(Self.handshake(plugin: "caching_sha2_password"))
        #expect(Self.authResponse(in: response) == AuthScramble.cachingSHA2(password: "secret", scramble: Self.scramble))
        #expect(Self.authResponse(in: response)?.count == 32)
        #expect(m.packetReceived(MySQLPacket(sequenceID: 2, payload: AuthMoreData(data: [0x03]).encode())) == .wait)
        guard case .authenticated = m.packetReceived(Self.ok(3)) else {
            Issue.record("expected authenticated")
            return
        }
    }

    @Test func cachingSHA2FullAuthOverTLSSendsTheCleartextPassword() {
        var m = machine(tls: true)
        guard case .sendSSLRequestAndStartTLS(let sslRequest) = m.packetReceived(Self.handshake(plugin: "caching_sha2_password", ssl: true)) else {
            Issue.record("expected SSLRequest")
            return
        }
        #expect(sslRequest.sequenceID == 1)
        #expect(sslRequest.payload.readableBytes == 32)
        guard case .send(let response) = m.tlsEstablished() else {
            Issue.record("expected the handshake response")
            return
        }
        #expect(response.sequenceID == 2)
        let full = m.packetReceived(MySQLPacket(sequenceID: 3, payload: AuthMoreData(data: [0x04]).encode()))
        #expect(full == .send(MySQLPacket(sequenceID: 4, payload: ByteBuffer(bytes: Array("secret".utf8) + [0]))))
        guard case .authenticated = m.packetReceived(Self.ok(5)) else {
            Issue.record("expected authenticated")
            return
        }
    }

    @Test func tlsRequiredButNotOfferedFails() {
        var m = machine(tls: true)
        guard case .closeWithError(let error) = m.packetReceived(Self.handshake()) else {
            Issue.record("expected failure")
            return
        }
        #expect(error.code == .tlsUnavailable)
    }

    @Test func cachingSHA2FullAuthWithoutTLSRequestsTheKeyAndSendsRSAOAEP() throws {
        let privateKey = try _RSA.Encryption.PrivateKey(keySize: .bits2048)
        var m = machine()
        _ = m.packetReceived(Self.handshake(plugin: "caching_sha2_password"))
        let request = m.packetReceived(MySQLPacket(sequenceID: 2, payload: AuthMoreData(data: [0x04]).encode()))
        #expect(request == .send(MySQLPacket(sequenceID: 3, payload: ByteBuffer(bytes: [0x02]))))
        let pem = Array(privateKey.publicKey.pemRepresentation.utf8)
        guard case .send(let encrypted) = m.packetReceived(MySQLPacket(sequenceID: 4, payload: AuthMoreData(data: pem).encode())) else {
            Issue.record("expected the encrypted password")
            return
        }
        #expect(encrypted.sequenceID == 5)
        let plain = Array(try privateKey.decrypt(Array(encrypted.payload.readableBytesView), padding: .PKCS1_OAEP))
        let expected = (Array("secret".utf8) + [0]).enumerated().map { $0.element ^ Self.scramble[$0.offset % 20] }
        #expect(plain == expected)
        guard case .authenticated = m.packetReceived(Self.ok(6)) else {
            Issue.record("expected authenticated")
            return
        }
    }

    @Test func cachingSHA2WithAConfiguredKeySkipsTheKeyRequest() throws {
        let privateKey = try _RSA.Encryption.PrivateKey(keySize: .bits2048)
        var m = machine(publicKey: privateKey.publicKey.pemRepresentation)
        _ = m.packetReceived(Self.handshake(plugin: "caching_sha2_password"))
        guard case .send(let encrypted) = m.packetReceived(MySQLPacket(sequenceID: 2, payload: AuthMoreData(data: [0x04]).encode())) else {
            Issue.record("expected the encrypted password")
            return
        }
        #expect(encrypted.payload.readableBytes == 256)
    }

    func readyMachine() -> ConnectionStateMachine {
        var m = machine()
        _ = m.packetReceived(Self.handshake())
        _ = m.packetReceived(Self.ok(2))
        return m
    }

    @Test func queryStreamsColumnsThenRowsThenCompletes() {
        var m = readyMachine()
        #expect(m.commandRequested(.query("SELECT a")) == .send(MySQLPacket(sequenceID: 0, payload: ComQuery(sql: "SELECT a").encode())))
        var count = ByteBuffer()
        count.writeLengthEncodedInteger(1)
        #expect(m.packetReceived(MySQLPacket(sequenceID: 1, payload: count)) == .wait)
        let column = ColumnDefinition41(name: "a", columnType: 3)
        #expect(m.packetReceived(MySQLPacket(sequenceID: 2, payload: column.encode())) == .wait)
        #expect(m.packetReceived(MySQLPacket(sequenceID: 3, payload: EOFPacket().encode())) == .columns([column]))
        let row = TextResultRow(values: [ByteBuffer(string: "1")])
        #expect(m.packetReceived(MySQLPacket(sequenceID: 4, payload: row.encode())) == .row(row))
        #expect(m.packetReceived(MySQLPacket(sequenceID: 5, payload: EOFPacket(statusFlags: 2).encode())) == .commandCompleted(OKPacket(statusFlags: 2)))
        #expect(m.isReady)
        #expect(m.commandRequested(.query("x")) != .commandFailed(MySQLClientError(.invalidState)))
    }

    @Test func serverErrorDuringAQueryKeepsTheConnection() {
        var m = readyMachine()
        _ = m.commandRequested(.query("SELEC"))
        let err = ERRPacket(errorCode: 1064, sqlState: "42000", message: "syntax")
        #expect(m.packetReceived(MySQLPacket(sequenceID: 1, payload: err.encode())) == .commandFailed(.server(err)))
        #expect(m.isReady)
    }

    @Test func secondCommandWhileBusyIsRefused() {
        var m = readyMachine()
        _ = m.commandRequested(.ping)
        guard case .commandFailed(let error) = m.commandRequested(.ping) else {
            Issue.record("expected refusal")
            return
        }
        #expect(error.code == .invalidState)
        #expect(m.packetReceived(Self.ok(1)) == .commandCompleted(OKPacket()))
    }

    @Test func closeSendsComQuitWhenIdle() {
        var m = readyMachine()
        #expect(m.closeRequested() == .sendQuitAndClose(MySQLPacket(sequenceID: 0, payload: ComQuit().encode())))
    }

    @Test func binlogDumpDeliversEventsAndEnds() {
        var m = readyMachine()
        let register = ComRegisterSlave(serverID: 9)
        #expect(m.commandRequested(.registerSlave(register)) == .send(MySQLPacket(sequenceID: 0, payload: register.encode())))
        #expect(m.packetReceived(Self.ok(1)) == .commandCompleted(OKPacket()))
        let dump = ComBinlogDump(position: 4, serverID: 9, filename: "mysql-bin.000001").encode()
        #expect(m.commandRequested(.binlogDump(dump)) == .send(MySQLPacket(sequenceID: 0, payload: dump)))
        #expect(m.packetReceived(MySQLPacket(sequenceID: 1, payload: ByteBuffer(bytes: [0, 1, 2, 3]))) == .binlogEvent(ByteBuffer(bytes: [1, 2, 3])))
        #expect(m.packetReceived(MySQLPacket(sequenceID: 2, payload: EOFPacket().encode())) == .binlogEnded)
        #expect(m.isReady)
    }

    @Test func binlogDumpErrorIsFatalWithTheServerCode() {
        var m = readyMachine()
        _ = m.commandRequested(.binlogDump(ComBinlogDump(position: 4, serverID: 9, filename: "gone").encode()))
        let err = ERRPacket(errorCode: 1236, sqlState: "HY000", message: "Could not find first log file name in binary log index file")
        #expect(m.packetReceived(MySQLPacket(sequenceID: 1, payload: err.encode())) == .closeWithError(.server(err)))
    }
}

extension ConnectionStateMachineTests {
    @Test func aQueryOfSixteenMiBTakesTwoSequenceIDs() {
        var m = readyMachine()
        let sql = "SELECT '" + String(repeating: "a", count: MySQLPacketDecoder.maxFramePayload) + "'"
        guard case .send(let packet) = m.commandRequested(.query(sql)) else {
            Issue.record("expected send")
            return
        }
        #expect(packet.sequenceID == 0)
        #expect(packet.lastSequenceID == 1)
        #expect(m.packetReceived(Self.ok(2)) == .commandCompleted(OKPacket()))
    }
}

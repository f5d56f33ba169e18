import MySQLWire
import NIOCore
import NIOSSL

/// Runs the connection phase (handshake, TLS upgrade, authentication: MySQL Client/Server Protocol, "Connection
/// Phase") entirely on the channel's event loop, answering each server packet as it arrives.
///
/// The server allows `connect_timeout` (10 s by default) for the whole exchange. Driven from async code, every
/// round trip waited for a thread of the shared cooperative pool; with that pool busy (CPU-bound tests on 2 cores)
/// the three round trips of a caching_sha2_password full authentication over RSA were seen to take longer than
/// that, and the server closed the connection. On the event loop the exchange no longer depends on the pool.
final class MySQLLoginHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = [MySQLPacket]
    typealias InboundOut = [MySQLPacket]
    typealias OutboundOut = MySQLPacket

    /// What a successful login hands to the connection: the state machine (now ready) and the server handshake.
    struct Result: Sendable {
        var machine: ConnectionStateMachine
        var handshake: HandshakeV10
    }

    private var machine: ConnectionStateMachine
    private let tls: NIOSSLContext?
    private let serverHostname: String?
    private let promise: EventLoopPromise<Result>
    private let timeout: TimeAmount
    private var timeoutTask: Scheduled<Void>?
    private var done = false
    /// Packets of the current read after the one being handled: handed on if the login ends before them.
    private var unprocessed: ArraySlice<MySQLPacket> = []

    /// `tls` is the context to upgrade with when the configuration requires TLS.
    init(
        machine: ConnectionStateMachine, tls: NIOSSLContext?, serverHostname: String?, timeout: TimeAmount,
        promise: EventLoopPromise<Result>
    ) {
        self.machine = machine
        self.tls = tls
        self.serverHostname = serverHostname
        self.timeout = timeout
        self.promise = promise
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timeoutTask = context.eventLoop.scheduleTask(in: timeout) {
            let (handler, context) = loopBound.value
            handler.finish(
                context,
                .failure(MySQLClientError(.readTimeout, "login not finished within \(handler.timeout.nanoseconds / 1_000_000) ms")))
        }
    }

    func channelActive(context: ChannelHandlerContext) {
        context.read()  // autoRead is off: ask for the server's handshake
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let packets = unwrapInboundIn(data)
        for index in packets.indices {
            guard !done else { return }
            unprocessed = packets[(index + 1)...]
            perform(machine.packetReceived(packets[index]), context: context)
        }
        unprocessed = []
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if !done { context.read() }
        context.fireChannelReadComplete()
    }

    private func perform(_ action: ConnectionStateMachine.Action, context: ChannelHandlerContext) {
        switch action {
        case .wait:
            break
        case .send(let packet):
            context.writeAndFlush(wrapOutboundOut(packet), promise: nil)
        case .sendSSLRequestAndStartTLS(let packet):
            context.writeAndFlush(wrapOutboundOut(packet), promise: nil)
            do {
                guard let tls else { throw MySQLClientError(.tlsUnavailable, "TLS requested without a TLS context") }
                let handler = try NIOSSLClientHandler(context: tls, serverHostname: serverHostname)
                try context.pipeline.syncOperations.addHandler(handler, position: .first)
            } catch let error as MySQLClientError {
                finish(context, .failure(error))
                return
            } catch {
                finish(context, .failure(MySQLClientError(.tlsUnavailable, "TLS setup failed: \(error)")))
                return
            }
            perform(machine.tlsEstablished(), context: context)
        case .authenticated(let handshake):
            finish(context, .success(Result(machine: machine, handshake: handshake)))
        case .closeWithError(let error), .commandFailed(let error):
            finish(context, .failure(error))
        default:
            finish(context, .failure(MySQLClientError(.protocolViolation, "unexpected action during login")))
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        // Removed before the login finished (the channel was torn down): the promise must still complete.
        guard !done else { return }
        done = true
        timeoutTask?.cancel()
        promise.fail(MySQLClientError(.connectionClosed, "the connection closed during login"))
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(context, .failure(MySQLClientError(.connectionClosed, "the server closed the connection during login")))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? MySQLWireError {
            finish(context, .failure(MySQLClientError(.protocolViolation, "\(error)")))
        } else {
            finish(context, .failure(MySQLClientError(.connectionClosed, "\(error)")))
        }
    }

    /// Completes the login once; on failure the channel is closed.
    private func finish(_ context: ChannelHandlerContext, _ result: Swift.Result<Result, MySQLClientError>) {
        guard !done else { return }
        done = true
        timeoutTask?.cancel()
        switch result {
        case .success(let value):
            // Out of the pipeline in this same event-loop turn: later packets (replies to commands) go to the
            // MySQLChannelHandler behind it, and so do any that came in the same read as the last login packet.
            if !unprocessed.isEmpty { context.fireChannelRead(wrapInboundOut(Array(unprocessed))) }
            unprocessed = []
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
            promise.succeed(value)
        case .failure(let error):
            promise.fail(error)
            context.close(promise: nil)
        }
    }
}

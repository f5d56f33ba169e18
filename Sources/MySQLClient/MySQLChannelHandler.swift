import MySQLWire
import NIOCore

/// The thin channel handler between NIO and `MySQLConnection`: it hands decoded packets (`MySQLFrameHandler`
/// delivers those of one socket read together) to an async sequence, one array per socket read (so the consumer pays one async hand-off per read, not per row), with a high/low
/// watermark counted in reads (autoRead is off; the socket is read only while the consumer keeps up, so a
/// 100-million-row result uses constant memory), and enforces the read timeout while a reply is expected.
/// At most 4 reads are queued, each one socket read of at most 64 KiB (`maxMessagesPerRead` 1, set by
/// `MySQLConnection.connect`): the kernel socket buffer already hides the server's latency, and 16 queued reads of
/// up to 4 x 64 KiB per connection were the largest share of a full copy's peak heap (bench/snapshot/RESULTS.md,
/// run 3).
final class MySQLChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = [MySQLPacket]
    typealias OutboundIn = MySQLPacket
    typealias OutboundOut = MySQLPacket
    typealias Strategy = NIOAsyncSequenceProducerBackPressureStrategies.HighLowWatermark
    typealias Producer = NIOThrowingAsyncSequenceProducer<[MySQLPacket], any Error, Strategy, Delegate>

    /// Sent as a user outbound event by the connection when no reply is expected any more.
    struct ReplyNoLongerExpected: Sendable {}

    /// Resumes reading when the consumer wants more and closes the channel when it goes away.
    struct Delegate: NIOAsyncSequenceProducerDelegate {
        let handler: NIOLoopBound<MySQLChannelHandler>
        func produceMore() {
            handler.eventLoop.execute { handler.value.demandResumed() }
        }
        func didTerminate() {
            handler.eventLoop.execute { handler.value.context?.close(promise: nil) }
        }
    }

    private var source: Producer.Source?
    /// Packets decoded from the current read, handed on together at `channelReadComplete`.
    private var pending: [MySQLPacket] = []
    private var context: ChannelHandlerContext?
    private var demand = true
    private var readPending = false
    private var expectingReply = true  // the server speaks first (handshake)
    private var lastActivity = NIODeadline.now()
    private var timeoutTask: RepeatedTask?
    private let readTimeout: TimeAmount

    init(readTimeout: TimeAmount) { self.readTimeout = readTimeout }

    /// Builds the inbound sequence; call once, on the event loop, right after adding the handler.
    func makeSequence(eventLoop: any EventLoop) -> Producer {
        let result = Producer.makeSequence(
            backPressureStrategy: Strategy(lowWatermark: 2, highWatermark: 4), finishOnDeinit: true,
            delegate: Delegate(handler: NIOLoopBound(self, eventLoop: eventLoop)))
        source = result.source
        return result.sequence
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        let interval = TimeAmount.nanoseconds(max(readTimeout.nanoseconds / 4, 1_000_000))
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        timeoutTask = context.eventLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in
            loopBound.value.checkTimeout()
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timeoutTask?.cancel()
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        context.read()
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let packets = unwrapInboundIn(data)
        if pending.isEmpty { pending = packets } else { pending.append(contentsOf: packets) }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        lastActivity = .now()
        flushPending()
        if demand { context.read() }
        context.fireChannelReadComplete()
    }

    /// Hands the packets of the current read on as one element.
    private func flushPending() {
        guard !pending.isEmpty else { return }
        let packets = pending
        pending = []
        switch source?.yield(packets) {
        case .stopProducing: demand = false
        case .produceMore, .dropped, .none: break
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        timeoutTask?.cancel()
        flushPending()
        source?.finish()
        source = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        flushPending()
        source?.finish(error)
        source = nil
        context.close(promise: nil)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        expectingReply = true
        lastActivity = .now()
        context.write(data, promise: promise)
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        if event is ReplyNoLongerExpected {
            expectingReply = false
            promise?.succeed(())
        } else {
            context.triggerUserOutboundEvent(event, promise: promise)
        }
    }

    private func demandResumed() {
        demand = true
        lastActivity = .now()
        context?.read()
    }

    private func checkTimeout() {
        // Only a reply we asked for and are ready to receive can time out; a slow consumer cannot.
        guard expectingReply, demand, let context, NIODeadline.now() - lastActivity > readTimeout else { return }
        source?.finish(MySQLClientError(.readTimeout, "no data from the server for \(readTimeout.nanoseconds / 1_000_000) ms"))
        source = nil
        context.close(promise: nil)
    }
}

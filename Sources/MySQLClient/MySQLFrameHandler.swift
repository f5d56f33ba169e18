import MySQLWire
import NIOCore

/// Splits the byte stream into MySQL packets (`MySQLPacketDecoder`) and hands on every packet completed by one
/// socket read as ONE message. A result set of a million rows is a million packets: passed one by one through the
/// pipeline (NIO's `ByteToMessageHandler`), each paid an existential box, a dynamic cast and a handler traversal,
/// which was about a fifth of a full copy's CPU in Tide's own profile (bench/snapshot/RESULTS.md, run 5).
///
/// Packets are slices of the read's buffer (no copy). The bytes of a packet still incomplete at the end of a read
/// are kept and the next read is appended to them; they are copied out first when packets of the same buffer
/// were handed on (those slices share its storage), so a packet of 16 MiB and more grows in place rather than
/// being copied again on every read.
final class MySQLFrameHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = [MySQLPacket]

    private let decoder = MySQLPacketDecoder()
    /// The start of a packet whose bytes did not all arrive yet.
    private var incomplete: ByteBuffer?
    private var failed = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !failed else { return }
        var incoming = unwrapInboundIn(data)
        var buffer: ByteBuffer
        if var start = incomplete {
            incomplete = nil
            start.writeBuffer(&incoming)
            buffer = start
        } else {
            buffer = incoming
        }
        var packets: [MySQLPacket] = []
        do {
            while let packet = try decoder.decodePacket(from: &buffer) { packets.append(packet) }
        } catch {
            failed = true
            context.fireErrorCaught(error)
            return
        }
        if buffer.readableBytes > 0 {
            if packets.isEmpty {
                incomplete = buffer
            } else {
                var start = context.channel.allocator.buffer(capacity: max(buffer.readableBytes * 2, 4096))
                start.writeBuffer(&buffer)
                incomplete = start
            }
        }
        if !packets.isEmpty { context.fireChannelRead(wrapInboundOut(packets)) }
    }
}

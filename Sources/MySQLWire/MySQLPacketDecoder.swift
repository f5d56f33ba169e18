import NIOCore

/// Frames MySQL packets: a 3-byte little-endian payload length and a 1-byte sequence id, then the payload.
/// A frame whose length is `0xFFFFFF` is continued by the next frame (with the next sequence id); the decoder
/// reassembles them into one `MySQLPacket`, so payloads of 16 MiB and more come out whole.
///
/// On short data it returns nil and leaves the reader index where it was. Continuation frames with a wrong
/// sequence id throw `MySQLWireError.Code.unexpectedSequenceID`.
///
/// MySQL Client/Server Protocol, "MySQL Packets" and "Sending More Than 16Mb".
public struct MySQLPacketDecoder: ByteToMessageDecoder, Sendable {
    public typealias InboundOut = MySQLPacket

    /// The largest payload one frame can carry.
    public static let maxFramePayload = 0xFF_FFFF

    /// Creates a decoder.
    public init() {}

    /// Decodes one logical packet from `buffer`, or returns nil (reader index untouched) if it is not complete.
    public func decodePacket(from buffer: inout ByteBuffer) throws -> MySQLPacket? {
        // First pass: check that every frame of the packet is present, without moving the reader index.
        var offset = buffer.readerIndex
        var totalLength = 0
        var frames = 0
        var firstSequence: UInt8 = 0
        var lastSequence: UInt8 = 0
        while true {
            guard let header = Self.frameHeader(in: buffer, at: offset) else { return nil }
            if frames == 0 {
                firstSequence = header.sequenceID
            } else if header.sequenceID != lastSequence &+ 1 {
                throw MySQLWireError(
                    .unexpectedSequenceID, message: "packet",
                    detail: "continuation frame has sequence id \(header.sequenceID), expected \(lastSequence &+ 1)")
            }
            lastSequence = header.sequenceID
            frames += 1
            guard buffer.writerIndex - (offset + 4) >= header.length else { return nil }
            totalLength += header.length
            offset += 4 + header.length
            if header.length < Self.maxFramePayload { break }
        }
        // Second pass: consume.
        if frames == 1 {
            buffer.moveReaderIndex(forwardBy: 4)
            guard let payload = buffer.readSlice(length: totalLength) else { return nil }
            return MySQLPacket(sequenceID: firstSequence, payload: payload)
        }
        var payload = ByteBufferAllocator().buffer(capacity: totalLength)
        while true {
            guard let header = Self.frameHeader(in: buffer, at: buffer.readerIndex) else { return nil }
            buffer.moveReaderIndex(forwardBy: 4)
            guard var slice = buffer.readSlice(length: header.length) else { return nil }
            payload.writeBuffer(&slice)
            if header.length < Self.maxFramePayload { break }
        }
        return MySQLPacket(sequenceID: firstSequence, payload: payload, lastSequenceID: lastSequence)
    }

    private static func frameHeader(in buffer: ByteBuffer, at offset: Int) -> (length: Int, sequenceID: UInt8)? {
        guard buffer.writerIndex - offset >= 4,
            let b0 = buffer.getInteger(at: offset, as: UInt8.self),
            let b1 = buffer.getInteger(at: offset + 1, as: UInt8.self),
            let b2 = buffer.getInteger(at: offset + 2, as: UInt8.self),
            let sequence = buffer.getInteger(at: offset + 3, as: UInt8.self)
        else { return nil }
        return (Int(b0) | Int(b1) << 8 | Int(b2) << 16, sequence)
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let packet = try decodePacket(from: &buffer) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(packet))
        return .continue
    }

    public mutating func decodeLast(
        context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool
    ) throws -> DecodingState {
        try decode(context: context, buffer: &buffer)
    }
}

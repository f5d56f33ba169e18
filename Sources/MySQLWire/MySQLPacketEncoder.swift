import NIOCore

/// Writes a payload as MySQL frames, splitting payloads of `0xFFFFFF` bytes and more into continuation frames
/// with consecutive sequence ids (and a trailing empty frame when the length is an exact multiple).
///
/// MySQL Client/Server Protocol, "Sending More Than 16Mb".
public struct MySQLPacketEncoder: MessageToByteEncoder, Sendable {
    public typealias OutboundIn = MySQLPacket

    /// Creates an encoder.
    public init() {}

    /// Appends the frames for `payload` to `out`, starting at `sequenceID`; returns the last sequence id used.
    @discardableResult
    public static func encode(payload: ByteBuffer, sequenceID: UInt8, into out: inout ByteBuffer) -> UInt8 {
        var remaining = payload
        var sequence = sequenceID
        while true {
            let length = min(remaining.readableBytes, MySQLPacketDecoder.maxFramePayload)
            out.writeInteger(UInt8(truncatingIfNeeded: length))
            out.writeInteger(UInt8(truncatingIfNeeded: length >> 8))
            out.writeInteger(UInt8(truncatingIfNeeded: length >> 16))
            out.writeInteger(sequence)
            if var chunk = remaining.readSlice(length: length) { out.writeBuffer(&chunk) }
            if length < MySQLPacketDecoder.maxFramePayload { return sequence }
            sequence &+= 1
        }
    }

    public func encode(data: MySQLPacket, out: inout ByteBuffer) throws {
        Self.encode(payload: data.payload, sequenceID: data.sequenceID, into: &out)
    }
}

import NIOCore

/// One logical MySQL protocol packet: the payload after reassembling `0xFFFFFF` continuations, with the
/// sequence id of its first frame (and the id of its last frame, which the next packet must follow).
///
/// MySQL Client/Server Protocol, "MySQL Packets".
public struct MySQLPacket: Hashable, Sendable {
    /// Sequence id of the first frame.
    public var sequenceID: UInt8
    /// Sequence id of the last frame (equal to `sequenceID` for a packet under 16 MiB).
    public var lastSequenceID: UInt8
    /// The reassembled payload.
    public var payload: ByteBuffer

    /// Creates a packet; `lastSequenceID` defaults to `sequenceID`.
    public init(sequenceID: UInt8, payload: ByteBuffer, lastSequenceID: UInt8? = nil) {
        self.sequenceID = sequenceID
        self.payload = payload
        self.lastSequenceID = lastSequenceID ?? sequenceID
    }

    /// The first payload byte, which identifies OK (0x00), EOF (0xFE), ERR (0xFF) and so on.
    public var firstByte: UInt8? { payload.getInteger(at: payload.readerIndex, as: UInt8.self) }

    /// Whether this is an ERR packet.
    public var isERR: Bool { firstByte == 0xFF }

    /// Whether this is an OK packet (header 0x00 and at least 7 bytes, as the manual requires).
    public var isOK: Bool { firstByte == 0x00 && payload.readableBytes >= 7 }

    /// Whether this is an EOF packet (header 0xFE and under 9 bytes; longer 0xFE payloads are length-encoded data).
    public var isEOF: Bool { firstByte == 0xFE && payload.readableBytes < 9 }
}

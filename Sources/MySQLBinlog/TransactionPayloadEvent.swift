import NIOCore

/// MySQL TRANSACTION_PAYLOAD_EVENT (40, `binlog_transaction_compression=ON`): a whole transaction's events,
/// compressed (MySQL source documentation, "Transaction_payload_event": a TLV header of payload size,
/// compression type and uncompressed size, ended by field 0, then the payload).
public struct TransactionPayloadEvent: Sendable, Equatable {
    /// Compression algorithm: 0 = ZSTD, 255 = NONE.
    public var compressionType: UInt64
    /// Size of the payload after decompression.
    public var uncompressedSize: UInt64
    /// The payload as stored (compressed unless `compressionType == 255`).
    public var payload: ByteBuffer
    /// The inner events (no checksums), decoded in order.
    public var events: [BinlogEvent]

    /// The memberwise initialiser.
    public init(compressionType: UInt64, uncompressedSize: UInt64, payload: ByteBuffer, events: [BinlogEvent]) {
        self.compressionType = compressionType
        self.uncompressedSize = uncompressedSize
        self.payload = payload
        self.events = events
    }

    /// Reads the TLV header and returns the event with an empty `events` list.
    static func decodeHeader(body: inout ByteBuffer) throws(MySQLBinlogError) -> TransactionPayloadEvent {
        var compression: UInt64 = 255
        var uncompressed: UInt64 = 0
        var payloadSize: UInt64?
        while true {
            let field = try body.readLengthEncodedInteger("payload field type")
            if field == 0 { break }
            let length = try body.readLengthEncodedCount("payload field length")
            var value = try body.readSliceOrThrow(length, "payload field")
            let number = try value.readLengthEncodedInteger("payload field value")  // net_store_length
            switch field {
            case 1: payloadSize = number
            case 2: compression = number
            case 3: uncompressed = number
            default: break
            }
        }
        let size = Int(clamping: payloadSize ?? UInt64(body.readableBytes))
        let payload = try body.readSliceOrThrow(size, "transaction payload")
        return TransactionPayloadEvent(
            compressionType: compression, uncompressedSize: uncompressed, payload: payload, events: [])
    }
}

import NIOCore

/// MySQL GTID_LOG_EVENT (33) and ANONYMOUS_GTID_LOG_EVENT (34): opens a transaction
/// (MySQL source documentation, "Gtid_event": flags, SID, GNO, logical clock, commit timestamps).
public struct GTIDEvent: Hashable, Sendable {
    /// True for ANONYMOUS_GTID (no GTID assigned, gtid_mode=OFF).
    public var isAnonymous: Bool
    /// Bit 0: the transaction may have changes logged with SBR.
    public var flags: UInt8
    /// The source UUID.
    public var sourceID: UUIDBytes
    /// The transaction number within `sourceID`.
    public var transactionNumber: Int64
    /// Logical clock: last committed.
    public var lastCommitted: Int64?
    /// Logical clock: sequence number.
    public var sequenceNumber: Int64?
    /// Microseconds since the epoch when the transaction committed on this server.
    public var immediateCommitTimestamp: UInt64?
    /// Microseconds since the epoch when it committed on the original source.
    public var originalCommitTimestamp: UInt64?
    /// Size of the whole transaction in bytes.
    public var transactionLength: UInt64?

    /// The memberwise initialiser.
    public init(
        isAnonymous: Bool, flags: UInt8, sourceID: UUIDBytes, transactionNumber: Int64,
        lastCommitted: Int64? = nil, sequenceNumber: Int64? = nil, immediateCommitTimestamp: UInt64? = nil,
        originalCommitTimestamp: UInt64? = nil, transactionLength: UInt64? = nil
    ) {
        self.isAnonymous = isAnonymous
        self.flags = flags
        self.sourceID = sourceID
        self.transactionNumber = transactionNumber
        self.lastCommitted = lastCommitted
        self.sequenceNumber = sequenceNumber
        self.immediateCommitTimestamp = immediateCommitTimestamp
        self.originalCommitTimestamp = originalCommitTimestamp
        self.transactionLength = transactionLength
    }

    /// The GTID as text, `uuid:number`.
    public var gtid: String { "\(sourceID):\(transactionNumber)" }

    static func decode(body: inout ByteBuffer, anonymous: Bool) throws(MySQLBinlogError) -> GTIDEvent {
        var event = GTIDEvent(
            isAnonymous: anonymous, flags: try body.readLE(UInt8.self, "gtid flags"),
            sourceID: try UUIDBytes.read(&body), transactionNumber: try body.readLE(Int64.self, "gno"))
        if body.readableBytes >= 17, try body.readLE(UInt8.self) == 2 {
            event.lastCommitted = try body.readLE(Int64.self, "last committed")
            event.sequenceNumber = try body.readLE(Int64.self, "sequence number")
        }
        if body.readableBytes >= 7 {
            var immediate = try body.readUIntLE(bytes: 7, "immediate commit timestamp")
            var original = immediate
            if immediate & (1 << 55) != 0 {
                immediate &= ~(1 << 55)
                original = try body.readUIntLE(bytes: 7, "original commit timestamp")
            }
            event.immediateCommitTimestamp = immediate
            event.originalCommitTimestamp = original
            if body.readableBytes > 0 {
                event.transactionLength = try body.readLengthEncodedInteger("transaction length")
            }
        }
        body.moveReaderIndex(forwardBy: body.readableBytes)  // server versions, commit group ticket
        return event
    }
}

/// A 16-byte UUID as stored in MySQL GTIDs, printed in the canonical 8-4-4-4-12 lowercase form.
public struct UUIDBytes: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    /// The two 64-bit halves, big-endian.
    public var high: UInt64
    /// The low half.
    public var low: UInt64

    /// Creates a UUID from its halves.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Parses `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (dashes optional).
    public init?(_ text: some StringProtocol) {
        let hex = String(text).filter { $0 != "-" }
        guard hex.count == 32, let high = UInt64(hex.prefix(16), radix: 16), let low = UInt64(hex.suffix(16), radix: 16)
        else { return nil }
        self.init(high: high, low: low)
    }

    static func read(_ buffer: inout ByteBuffer) throws(MySQLBinlogError) -> UUIDBytes {
        UUIDBytes(high: try buffer.readBE(UInt64.self, "uuid"), low: try buffer.readBE(UInt64.self, "uuid"))
    }

    public var description: String {
        let hex = String(high, radix: 16).leftPadded(16) + String(low, radix: 16).leftPadded(16)
        let chars = Array(hex)
        return String(chars[0..<8]) + "-" + String(chars[8..<12]) + "-" + String(chars[12..<16]) + "-"
            + String(chars[16..<20]) + "-" + String(chars[20..<32])
    }

    public static func < (lhs: UUIDBytes, rhs: UUIDBytes) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = UUIDBytes(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad uuid"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension String {
    func leftPadded(_ width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}

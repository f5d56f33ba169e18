import NIOCore

/// Frame level of the binlog decoder: cuts a stream of events (a binlog file after its magic, or event
/// bytes joined from the network) into single events, using `event_size` from each header.
///
/// Follows the two-level decoding rule: on short data it returns nil and leaves the reader index where it
/// was; it only throws when a header is impossible (event size below 19 or above ``maximumEventSize``).
public enum BinlogEventFramer {
    /// The 4 bytes that open every binlog file: `0xFE 'b' 'i' 'n'`.
    public static let magic: [UInt8] = [0xFE, 0x62, 0x69, 0x6E]

    /// Largest event accepted (1 GiB, MySQL's `max_allowed_packet` ceiling).
    public static let maximumEventSize: UInt32 = 1 << 30

    /// Consumes the file magic. Returns nil when fewer than 4 bytes are buffered.
    public static func readMagic(_ buffer: inout ByteBuffer) throws(MySQLBinlogError) -> Void? {
        guard let bytes = buffer.getBytes(at: buffer.readerIndex, length: 4) else { return nil }
        guard bytes == magic else { throw MySQLBinlogError(.badMagic, "not a binlog file: magic \(bytes)") }
        buffer.moveReaderIndex(forwardBy: 4)
        return ()
    }

    /// Returns the next complete event (header + body + checksum) as a slice, or nil when the buffer does
    /// not yet hold all of it (the reader index is then unchanged).
    public static func nextEvent(_ buffer: inout ByteBuffer) throws(MySQLBinlogError) -> ByteBuffer? {
        guard let size = buffer.getInteger(at: buffer.readerIndex + 9, endianness: .little, as: UInt32.self) else {
            return nil
        }
        guard size >= UInt32(BinlogEventHeader.size), size <= maximumEventSize else {
            throw MySQLBinlogError(.malformed, "impossible event size \(size)")
        }
        return buffer.readSlice(length: Int(size))
    }
}

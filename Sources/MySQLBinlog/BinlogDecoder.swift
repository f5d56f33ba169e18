import NIOCore

/// The payload level of the binlog decoder: turns one complete event (header + body [+ CRC32]) into a
/// ``BinlogEvent``. The same decoder reads events from a socket, a binlog file (via ``BinlogEventFramer``)
/// and fuzz input.
///
/// It keeps the state that later events depend on: the current FORMAT_DESCRIPTION (checksum algorithm,
/// post-header lengths) and the TABLE_MAP cache (table id -> table map) used to decode rows events.
public struct BinlogDecoder: Sendable {
    /// The FORMAT_DESCRIPTION in force, once one was seen.
    public internal(set) var formatDescription: FormatDescriptionEvent?
    /// The table maps seen so far, by table id.
    public private(set) var tableMaps: [UInt64: TableMapEvent] = [:]
    /// Verify the CRC32 of each event when checksums are on (default true).
    public var verifyChecksums: Bool
    /// The checksum algorithm of events that arrive before any FORMAT_DESCRIPTION (the artificial ROTATE of a
    /// dump stream). nil = detect: strip the last 4 bytes when they are a valid CRC32 of the rest.
    public var checksumBeforeFormatDescription: ChecksumAlgorithm?
    /// Leave the row images of rows events undecoded in ``RowsEvent/imageData`` (``RowsEvent/rows`` empty), for
    /// ``RowsEvent/decodeCells()``, which decodes them without a heap allocation per value or row (default false:
    /// ``RowsEvent/rows`` holds ``MySQLValue``s). PARTIAL_UPDATE_ROWS events are always decoded to ``RowsEvent/rows``.
    public var deferRowImages = false
    /// Column facts (names, signedness, charsets, ENUM/SET members) to use when TABLE_MAP lacks optional metadata.
    public var schemaProvider: (@Sendable (TableMapEvent) -> TableSchema?)?

    /// True while the inner events of a TRANSACTION_PAYLOAD are decoded (payloads do not nest).
    var insideTransactionPayload = false

    /// Creates a decoder for a stream that starts with (or will receive) a FORMAT_DESCRIPTION.
    public init(verifyChecksums: Bool = true, checksumBeforeFormatDescription: ChecksumAlgorithm? = nil) {
        self.verifyChecksums = verifyChecksums
        self.checksumBeforeFormatDescription = checksumBeforeFormatDescription
    }

    /// Creates a decoder that already knows the format (e.g. for the inner events of a transaction payload).
    public init(formatDescription: FormatDescriptionEvent, verifyChecksums: Bool = true) {
        self.init(verifyChecksums: verifyChecksums)
        self.formatDescription = formatDescription
    }

    /// Decodes exactly one event. Unknown types give ``BinlogEvent/unknown(_:_:)``; malformed bytes give a
    /// ``MySQLBinlogError`` carrying the header.
    public mutating func decode(_ event: ByteBuffer) throws(MySQLBinlogError) -> BinlogEvent {
        var buffer = event
        let header = try BinlogEventHeader.read(from: &buffer)
        guard Int(header.eventSize) == event.readableBytes else {
            throw MySQLBinlogError(
                .malformed, "event size \(header.eventSize) but \(event.readableBytes) bytes given", header: header)
        }
        do throws(MySQLBinlogError) {
            if header.type == .formatDescription {
                return try decodeFormatDescription(header, event: event, body: &buffer)
            }
            var body = try stripChecksum(header, event: event, body: buffer)
            // Bytes after the fields this decoder knows are ignored: servers append fields over time (MariaDB
            // pads GTID_LIST, MySQL extends GTID_LOG). Rows and table maps consume their whole body.
            return try decodeBody(header, body: &body)
        } catch {
            var error = error
            if error.header == nil { error.header = header }
            throw error
        }
    }

    private mutating func decodeFormatDescription(
        _ header: BinlogEventHeader, event: ByteBuffer, body: inout ByteBuffer
    ) throws(MySQLBinlogError) -> BinlogEvent {
        let description = try FormatDescriptionEvent.decode(body: &body)
        if description.checksumAlgorithm == .crc32 && verifyChecksums {
            try Self.verifyCRC(event, clearingInUseFlag: true)
        }
        formatDescription = description
        tableMaps.removeAll(keepingCapacity: true)
        return .formatDescription(header, description)
    }

    private func stripChecksum(_ header: BinlogEventHeader, event: ByteBuffer, body: ByteBuffer)
        throws(MySQLBinlogError) -> ByteBuffer
    {
        var algorithm = formatDescription?.checksumAlgorithm ?? checksumBeforeFormatDescription
        if algorithm == nil {
            algorithm = body.readableBytes >= 4 && (try? Self.verifyCRC(event)) != nil ? .crc32 : .off
        }
        guard algorithm == .crc32 else { return body }
        guard body.readableBytes >= 4 else { throw .truncated("checksum") }
        if verifyChecksums { try Self.verifyCRC(event) }
        return body.getSlice(at: body.readerIndex, length: body.readableBytes - 4) ?? body
    }

    /// Checks that the last 4 bytes of `event` are the CRC32 of the rest.
    ///
    /// `clearingInUseFlag` (FORMAT_DESCRIPTION): the CRC covers the header with `LOG_EVENT_BINLOG_IN_USE_F`
    /// (flags bit 0, byte 17) cleared, because the server sets that flag in place while the file is open and
    /// clears it on close without rewriting the CRC; a file left open by a crash keeps it set (MySQL source
    /// `Log_event_footer::event_checksum_test`).
    static func verifyCRC(_ event: ByteBuffer, clearingInUseFlag: Bool = false) throws(MySQLBinlogError) {
        let length = event.readableBytes - 4
        guard length >= 0, let stored = event.getInteger(at: event.readerIndex + length, endianness: .little, as: UInt32.self)
        else { throw .truncated("checksum") }
        let computed = event.withUnsafeReadableBytes { raw -> UInt32 in
            let covered = UnsafeRawBufferPointer(rebasing: raw[0..<length])
            guard clearingInUseFlag, length > 17, raw[17] & 1 != 0 else { return CRC32.update(0, raw: covered) }
            var crc = CRC32.update(0, raw: UnsafeRawBufferPointer(rebasing: raw[0..<17]))
            withUnsafeBytes(of: raw[17] & 0xFE) { crc = CRC32.update(crc, raw: $0) }
            return CRC32.update(crc, raw: UnsafeRawBufferPointer(rebasing: raw[18..<length]))
        }
        guard computed == stored else {
            throw MySQLBinlogError(.checksumMismatch, "stored CRC32 \(stored), computed \(computed)")
        }
    }

    /// The post-header length of `type` from the FORMAT_DESCRIPTION, or the usual value.
    func postHeaderLength(_ type: BinlogEventType, fallback: Int) -> Int {
        formatDescription?.postHeaderLength(for: type, fallback: fallback) ?? fallback
    }

    /// Records a table map, applying the schema provider when the server sent no optional metadata.
    mutating func remember(_ table: TableMapEvent) -> TableMapEvent {
        var table = table
        if let provider = schemaProvider, let schema = provider(table) {
            schema.apply(to: &table)
        }
        tableMaps[table.tableID] = table
        return table
    }
}

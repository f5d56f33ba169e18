import NIOCore

extension BinlogDecoder {
    /// Dispatches on the type code; `body` is the event without header and checksum.
    mutating func decodeBody(_ header: BinlogEventHeader, body: inout ByteBuffer) throws(MySQLBinlogError)
        -> BinlogEvent
    {
        let type = header.type
        switch type {
        case .rotate:
            return .rotate(header, try RotateEvent.decode(body: &body, postHeaderLength: postHeaderLength(type, fallback: 8)))
        case .query:
            let length = postHeaderLength(type, fallback: 13)
            return .query(header, try QueryEvent.decode(body: &body, postHeaderLength: length))
        case .xid:
            return .xid(header, try XIDEvent.decode(body: &body))
        case .tableMap:
            let length = postHeaderLength(type, fallback: 8)
            let table = remember(try TableMapEvent.decode(body: &body, postHeaderLength: length))
            return .tableMap(header, table)
        case .gtid, .anonymousGTID:
            return .gtid(header, try GTIDEvent.decode(body: &body, anonymous: type == .anonymousGTID))
        case .previousGTIDs:
            return .previousGTIDs(header, try PreviousGTIDsEvent.decode(body: &body))
        case .mariaDBGTID:
            return .mariaDBGTID(header, try MariaDBGTIDEvent.decode(body: &body, serverID: header.serverID))
        case .mariaDBGTIDList:
            return .mariaDBGTIDList(header, try MariaDBGTIDListEvent.decode(body: &body))
        case .binlogCheckpoint:
            return .binlogCheckpoint(header, try BinlogCheckpointEvent.decode(body: &body))
        case .annotateRows:
            return .rowsQuery(header, RowsQueryEvent.decodeAnnotateRows(body: &body))
        case .rowsQuery:
            return .rowsQuery(header, try RowsQueryEvent.decodeRowsQuery(body: &body))
        case .heartbeat:
            return .heartbeat(header, HeartbeatEvent.decode(body: &body))
        case .heartbeatV2:
            return .heartbeat(header, try HeartbeatEvent.decodeV2(body: &body))
        case .incident:
            return .incident(header, try IncidentEvent.decode(body: &body))
        case .transactionPayload:
            return .transactionPayload(header, try decodeTransactionPayload(body: &body))
        case .queryCompressed:
            let length = postHeaderLength(type, fallback: 13)
            return .query(header, try QueryEvent.decode(body: &body, postHeaderLength: length, compressed: true))
        default:
            if let rows = RowsEvent.classify(type) {
                let tables = tableMaps
                let length = postHeaderLength(type, fallback: rows.version == 2 ? 10 : 8)
                let decompress: ((inout ByteBuffer) throws(MySQLBinlogError) -> ByteBuffer)? =
                    rows.compressed ? { (data: inout ByteBuffer) throws(MySQLBinlogError) -> ByteBuffer in
                        try MariaDBCompression.decompressRows(&data)
                    } : nil
                let event = try RowsEvent.decode(
                    body: &body, kind: rows.kind, version: rows.version, postHeaderLength: length,
                    table: { tables[$0] }, decompress: decompress, partialJSON: type == .partialUpdateRows,
                    deferImages: deferRowImages)
                return .rows(header, event)
            }
            let rest = body
            body.moveReaderIndex(forwardBy: body.readableBytes)
            return .unknown(header, rest)
        }
    }

    /// Reads a TRANSACTION_PAYLOAD and decodes its inner events (which carry no checksums).
    mutating func decodeTransactionPayload(body: inout ByteBuffer) throws(MySQLBinlogError)
        -> TransactionPayloadEvent
    {
        guard !insideTransactionPayload else { throw .malformed("TRANSACTION_PAYLOAD nested in another") }
        var event = try TransactionPayloadEvent.decodeHeader(body: &body)
        body.moveReaderIndex(forwardBy: body.readableBytes)
        var inner: ByteBuffer
        switch event.compressionType {
        case 255: inner = event.payload
        case 0: inner = try ZstdPayload.decompress(event.payload, expectedSize: event.uncompressedSize)
        default: throw MySQLBinlogError(.decompression, "unknown compression type \(event.compressionType)")
        }
        let saved = formatDescription
        if var description = formatDescription {
            description.checksumAlgorithm = .off
            formatDescription = description
        }
        insideTransactionPayload = true
        defer {
            formatDescription = saved
            insideTransactionPayload = false
        }
        while inner.readableBytes > 0 {
            guard let slice = try BinlogEventFramer.nextEvent(&inner) else {
                throw .truncated("inner event of a transaction payload")
            }
            event.events.append(try decode(slice))
        }
        return event
    }
}

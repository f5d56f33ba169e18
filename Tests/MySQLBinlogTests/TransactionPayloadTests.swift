import CZstd
import MySQLBinlog
import NIOCore
import Testing

/// Builds MySQL TRANSACTION_PAYLOAD events (type 40) around real events from Fixtures/basic.bin, compressed
/// with the system libzstd, and decodes them through ``BinlogDecoder``.
struct TransactionPayloadTests {
    /// The basic fixture's FORMAT_DESCRIPTION, first TABLE_MAP and the WRITE_ROWS right after it.
    private struct Parts {
        var formatDescription: ByteBuffer
        var tableMap: ByteBuffer
        var writeRows: ByteBuffer
    }

    private func parts() throws -> Parts {
        let slices = try Fixture.eventSlices("basic")
        let types = slices.map { $0.getInteger(at: $0.readerIndex + 4, as: UInt8.self) }
        let tableMap = try #require(types.firstIndex(of: BinlogEventType.tableMap.rawValue))
        #expect(types[tableMap + 1] == BinlogEventType.writeRowsV1.rawValue)
        return Parts(formatDescription: slices[0], tableMap: slices[tableMap], writeRows: slices[tableMap + 1])
    }

    /// An event as it sits inside a payload: CRC32 removed and the size field shrunk to match.
    private func withoutChecksum(_ event: ByteBuffer) -> [UInt8] {
        var bytes = Array(event.readableBytesView.dropLast(4))
        let size = UInt32(bytes.count).littleEndian
        withUnsafeBytes(of: size) { for (offset, byte) in $0.enumerated() { bytes[9 + offset] = byte } }
        return bytes
    }

    private func zstd(_ input: [UInt8]) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: ZSTD_compressBound(input.count))
        let size = output.withUnsafeMutableBytes { out in
            input.withUnsafeBytes { ZSTD_compress(out.baseAddress, out.count, $0.baseAddress, $0.count, 3) }
        }
        try #require(ZSTD_isError(size) == 0)
        return Array(output.prefix(size))
    }

    /// `net_store_length`, the length-encoded integer of the payload header's TLV fields.
    private func lengthEncoded(_ value: UInt64) -> [UInt8] {
        switch value {
        case ..<251: return [UInt8(value)]
        case ..<0x1_0000: return [0xFC] + (0..<2).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
        case ..<0x100_0000: return [0xFD] + (0..<3).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
        default: return [0xFE] + (0..<8).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
        }
    }

    /// A whole TRANSACTION_PAYLOAD event with a valid CRC32.
    private func payloadEvent(_ payload: [UInt8], compression: UInt64, uncompressedSize: UInt64) -> ByteBuffer {
        var body: [UInt8] = []
        for (field, value) in [(1, UInt64(payload.count)), (2, compression), (3, uncompressedSize)] {
            let encoded = lengthEncoded(value)
            body += [UInt8(field), UInt8(encoded.count)] + encoded
        }
        body += [0] + payload
        let size = UInt32(19 + body.count + 4)
        var event = ByteBuffer()
        event.writeInteger(UInt32(1_700_000_000), endianness: .little)
        event.writeInteger(BinlogEventType.transactionPayload.rawValue)
        event.writeInteger(UInt32(1), endianness: .little)
        event.writeInteger(size, endianness: .little)
        event.writeInteger(UInt32(4 + size), endianness: .little)
        event.writeInteger(UInt16(0), endianness: .little)
        event.writeBytes(body)
        event.writeInteger(CRC32.update(0, event.readableBytesView), endianness: .little)
        return event
    }

    private func makeDecoder(after formatDescription: ByteBuffer) throws -> BinlogDecoder {
        var decoder = BinlogDecoder()
        _ = try decoder.decode(formatDescription)
        return decoder
    }

    @Test func zstdPayloadDecodesTheTableMapAndTheRowsInside() throws {
        let parts = try parts()
        let inner = withoutChecksum(parts.tableMap) + withoutChecksum(parts.writeRows)
        let compressed = try zstd(inner)
        var decoder = try makeDecoder(after: parts.formatDescription)
        let event = try decoder.decode(payloadEvent(compressed, compression: 0, uncompressedSize: UInt64(inner.count)))
        guard case .transactionPayload(_, let payload) = event else {
            Issue.record("not a TRANSACTION_PAYLOAD: \(event)")
            return
        }
        #expect(payload.compressionType == 0)
        #expect(payload.uncompressedSize == UInt64(inner.count))
        #expect(payload.events.count == 2)
        guard payload.events.count == 2, case .rows(_, let rows) = payload.events[1] else {
            Issue.record("second inner event is not a rows event")
            return
        }
        #expect(rows.table?.database == "fx_basic")
        #expect(rows.table?.table == "t")
        // The same rows decoded outside a payload, with checksums, give the same values.
        var direct = try makeDecoder(after: parts.formatDescription)
        _ = try direct.decode(parts.tableMap)
        guard case .rows(_, let plain) = try direct.decode(parts.writeRows) else {
            Issue.record("fixture WRITE_ROWS did not decode as rows")
            return
        }
        #expect(rows.rows == plain.rows)
        #expect(rows.rows.count == 2)
    }

    @Test func tableMapsCarryAcrossThePayloadBoundary() throws {
        let parts = try parts()
        var decoder = try makeDecoder(after: parts.formatDescription)
        _ = try decoder.decode(parts.tableMap)
        let inner = withoutChecksum(parts.writeRows)
        let event = try decoder.decode(
            payloadEvent(try zstd(inner), compression: 0, uncompressedSize: UInt64(inner.count)))
        guard case .transactionPayload(_, let payload) = event, case .rows(_, let rows)? = payload.events.first else {
            Issue.record("payload did not hold a rows event: \(event)")
            return
        }
        #expect(rows.table?.table == "t")
        #expect(rows.rows.count == 2)
    }

    @Test func declaredSizeAboveOneGiBIsRefusedBeforeDecompressing() throws {
        let parts = try parts()
        var decoder = try makeDecoder(after: parts.formatDescription)
        let compressed = try zstd(withoutChecksum(parts.writeRows))
        let error = #expect(throws: MySQLBinlogError.self) {
            try decoder.decode(self.payloadEvent(compressed, compression: 0, uncompressedSize: (1 << 30) + 1))
        }
        #expect(error?.code == .decompression)
        #expect(error?.message.contains("exceeds") == true)
    }

    @Test func streamLongerThanDeclaredSizeIsRefused() throws {
        let parts = try parts()
        var decoder = try makeDecoder(after: parts.formatDescription)
        let inner = withoutChecksum(parts.writeRows)
        let error = #expect(throws: MySQLBinlogError.self) {
            try decoder.decode(
                self.payloadEvent(try self.zstd(inner), compression: 0, uncompressedSize: UInt64(inner.count - 1)))
        }
        #expect(error?.code == .decompression)
        #expect(error?.message.contains("exceeds its declared size") == true)
    }

    @Test func streamShorterThanDeclaredSizeIsRefused() throws {
        let parts = try parts()
        var decoder = try makeDecoder(after: parts.formatDescription)
        let inner = withoutChecksum(parts.writeRows)
        let error = #expect(throws: MySQLBinlogError.self) {
            try decoder.decode(
                self.payloadEvent(try self.zstd(inner), compression: 0, uncompressedSize: UInt64(inner.count + 1)))
        }
        #expect(error?.code == .decompression)
    }

    @Test func corruptOrTruncatedStreamsGiveTypedErrors() throws {
        let parts = try parts()
        let inner = withoutChecksum(parts.tableMap) + withoutChecksum(parts.writeRows)
        let compressed = try zstd(inner)
        let damaged: [[UInt8]] = [
            Array(compressed.prefix(compressed.count / 2)),
            [0x28, 0xB5, 0x2F, 0xFD] + [UInt8](repeating: 0xFF, count: 16),
            [UInt8](repeating: 0, count: 12),
        ]
        for bytes in damaged {
            var decoder = try makeDecoder(after: parts.formatDescription)
            let error = #expect(throws: MySQLBinlogError.self) {
                try decoder.decode(self.payloadEvent(bytes, compression: 0, uncompressedSize: UInt64(inner.count)))
            }
            #expect(error?.code == .decompression)
        }
    }
}

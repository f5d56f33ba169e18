import NIOCore
import Testing

@testable import MySQLBinlog

/// Regressions found by the real-time sync under load: optional-metadata fields hold column indexes, which must
/// not be mistaken for byte counts.
struct TableMapMetadataRegressionTests {
    static func bytes(_ hex: String) -> ByteBuffer {
        var buffer = ByteBuffer()
        for part in hex.split(separator: " ") { buffer.writeInteger(UInt8(part, radix: 16) ?? 0) }
        return buffer
    }

    /// The optional metadata MariaDB 10.11 wrote for `big (a int, b int, v varchar(40), PRIMARY KEY (a, b))`:
    /// SIMPLE_PRIMARY_KEY holds column 1 as its last byte.
    @Test func compositePrimaryKeyEndingTheMetadata() throws {
        var body = Self.bytes("01 01 00 02 01 2d 04 06 01 61 01 62 01 76 08 02 00 01")
        let metadata = try TableMapOptionalMetadata.decode(&body)
        #expect(metadata.primaryKey == [0, 1])
        #expect(metadata.columnNames == ["a", "b", "v"])
    }

    /// The whole TABLE_MAP event (MariaDB, CRC32) decodes.
    @Test func wholeTableMapEventDecodes() throws {
        let event = Self.bytes(
            "da fe 0c 6b 13 01 00 00 00 54 00 00 00 8a ec 4f 01 00 00 94 01 00 00 00 00 01 00 14 74 69 64 65 5f 74 5f "
                + "32 66 73 30 6b 72 34 66 33 33 71 75 6d 00 03 62 69 67 00 03 03 03 0f 02 a0 00 04 01 01 00 02 01 2d 04 "
                + "06 01 61 01 62 01 76 08 02 00 01 bb b7 44 10")
        var decoder = BinlogDecoder(verifyChecksums: false, checksumBeforeFormatDescription: .crc32)
        guard case .tableMap(_, let map) = try decoder.decode(event) else {
            Issue.record("not a table map")
            return
        }
        #expect(map.table == "big" && map.columns.count == 3)
        #expect(map.optionalMetadata.primaryKey == [0, 1])
    }
}

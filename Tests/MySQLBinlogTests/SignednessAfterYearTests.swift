import NIOCore
import Testing

@testable import MySQLBinlog

/// The SIGNEDNESS optional metadata has a flag for YEAR columns (but not BIT): a signed MEDIUMINT after a YEAR was
/// decoded as unsigned when YEAR was skipped. Events captured from both servers for
/// `CREATE TABLE t (id INT UNSIGNED PRIMARY KEY, y YEAR, m MEDIUMINT, b BIT(3), u TINYINT UNSIGNED, s SMALLINT);
///  INSERT INTO t VALUES (1, 2024, -5, 5, 200, -7)` (binlog_row_metadata=FULL, CRC32; signedness byte 0xD0:
/// id 1, y 1, m 0, u 1, s 0).
struct SignednessAfterYearTests {
    static let mariaDBTableMap =
        "74 25 0d 6b 13 01 00 00 00 4d 00 00 00 23 03 00 00 00 00 18 00 00 00 00 00 01 00 09 64 65 63 36 5f 73 69 67 "
        + "6e 00 01 74 00 06 03 0d 09 10 01 02 02 03 00 3e 01 01 d0 04 0d 02 69 64 01 79 01 6d 01 62 01 75 01 73 08 "
        + "01 00 bb f1 4d e8"
    static let mariaDBWriteRows =
        "74 25 0d 6b 17 01 00 00 00 2e 00 00 00 51 03 00 00 00 00 18 00 00 00 00 00 01 00 06 3f c0 01 00 00 00 7c fb "
        + "ff ff 05 c8 f9 ff 62 38 a9 75"
    static let mySQLTableMap =
        "76 25 0d 6b 13 01 00 00 00 50 00 00 00 d1 02 00 00 00 00 5a 00 00 00 00 00 01 00 09 64 65 63 36 5f 73 69 67 "
        + "6e 00 01 74 00 06 03 0d 09 10 01 02 02 03 00 3e 01 01 d0 04 0d 02 69 64 01 79 01 6d 01 62 01 75 01 73 08 "
        + "01 00 0c 01 fc ed ca a1 5c"
    static let mySQLWriteRows =
        "76 25 0d 6b 1e 01 00 00 00 30 00 00 00 01 03 00 00 00 00 5a 00 00 00 00 00 11 00 02 00 06 ff 00 01 00 00 00 "
        + "7c fb ff ff 05 c8 f9 ff 5b 29 e3 cf"

    static func bytes(_ hex: String) -> ByteBuffer {
        var buffer = ByteBuffer()
        for part in hex.split(separator: " ") { buffer.writeInteger(UInt8(part, radix: 16) ?? 0) }
        return buffer
    }

    static func decodeRow(tableMap: String, rows: String) throws -> (TableMapEvent?, [MySQLValue?]?) {
        var decoder = BinlogDecoder(verifyChecksums: true, checksumBeforeFormatDescription: .crc32)
        var map: TableMapEvent?
        if case .tableMap(_, let decoded) = try decoder.decode(bytes(tableMap)) { map = decoded }
        guard case .rows(_, let event) = try decoder.decode(bytes(rows)) else { return (map, nil) }
        return (map, event.rows.first?.after)
    }

    @Test(arguments: [(mariaDBTableMap, mariaDBWriteRows), (mySQLTableMap, mySQLWriteRows)])
    func signedMediumIntAfterYearStaysSigned(tableMap: String, rows: String) throws {
        let (map, image) = try Self.decodeRow(tableMap: tableMap, rows: rows)
        #expect(map?.columns.map(\.unsigned) == [true, true, false, false, true, false])
        #expect(map?.optionalMetadata.unsigned == [true, true, false, true, false])
        #expect(
            image == [.unsigned(1), .year(2024), .signed(-5), .bit(5, width: 3), .unsigned(200), .signed(-7)])
    }
}

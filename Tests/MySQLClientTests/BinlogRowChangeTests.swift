import MySQLBinlog
import Testing

@testable import MySQLClient

struct BinlogRowChangeTests {
    @Test func valuesRenderAsTypedJSON() {
        #expect(BinlogRowChange.json(.decimal("-12.340")).rendered == "\"-12.340\"")
        #expect(BinlogRowChange.json(.unsigned(18_446_744_073_709_551_615)).rendered == "18446744073709551615")
        #expect(BinlogRowChange.json(.bytes([0, 255])).rendered == "\"AP8=\"")
        #expect(BinlogRowChange.json(.null).rendered == "null")
        #expect(BinlogRowChange.json(.json("{\"a\":[1,2]}")).rendered == "{\"a\":[1,2]}")
        #expect(BinlogRowChange.json(.string(Array("a\"\n".utf8), collationID: 45)).rendered == "\"a\\\"\\n\"")
    }

    @Test func timestampsAreISO8601UTC() {
        #expect(BinlogRowChange.isoUTC(seconds: 0, microseconds: 0) == "1970-01-01T00:00:00Z")
        #expect(BinlogRowChange.isoUTC(seconds: 951_782_400, microseconds: 5) == "2000-02-29T00:00:00.000005Z")
        #expect(BinlogRowChange.isoUTC(seconds: 2_147_483_647, microseconds: 0) == "2038-01-19T03:14:07Z")
        #expect(BinlogRowChange.isoUTC(seconds: -1, microseconds: 0) == "1969-12-31T23:59:59Z")
    }
}

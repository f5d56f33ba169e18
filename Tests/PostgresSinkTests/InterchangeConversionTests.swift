import NIOCore
import Testing

@testable import PostgresSink
@testable import SyncEngine

@Suite struct InterchangeConversionTests {
    private func convert(_ text: String, _ source: ColumnType, _ destination: String) -> [UInt8] {
        let conversion = InterchangeConversion(source: source, destinationType: destination)
        return Array(conversion.convert(ByteBuffer(string: text)).readableBytesView)
    }

    private func string(_ text: String, _ source: ColumnType, _ destination: String) -> String {
        String(decoding: convert(text, source, destination), as: UTF8.self)
    }

    @Test func convertsIntervalsToMySQLTime() {
        let time0 = ColumnType(kind: .time)
        let time6 = ColumnType(kind: .time, fractionalDigits: 6)
        #expect(string("838:59:59", time0, "interval") == "838:59:59")
        #expect(string("-838:59:59", time0, "interval") == "-838:59:59")
        #expect(string("838:59:59", time6, "interval") == "838:59:59.000000")
        #expect(string("-01:00:00.5", time6, "interval") == "-01:00:00.500000")
        #expect(string("00:00:00", time0, "interval") == "00:00:00")
        #expect(string("1 day 02:03:04", time0, "interval") == "26:03:04")
        #expect(string("-1 days -02:00:00", time0, "interval") == "-26:00:00")
    }

    @Test func dropsTheUTCOffsetAndPadsFractions() {
        let timestamp6 = ColumnType(kind: .timestamp, fractionalDigits: 6)
        #expect(
            string("2038-01-19 03:14:07.5+00", timestamp6, "timestamp(6) with time zone")
                == "2038-01-19 03:14:07.500000")
        #expect(
            string("2038-01-19 03:14:07+00", ColumnType(kind: .timestamp), "timestamp(0) with time zone")
                == "2038-01-19 03:14:07")
        #expect(
            string(
                "1000-01-01 00:00:00", ColumnType(kind: .datetime, fractionalDigits: 3),
                "timestamp(3) without time zone") == "1000-01-01 00:00:00.000")
    }

    @Test func convertsBooleanByteaBitsAndYear() {
        #expect(string("true", ColumnType(kind: .tinyInt, length: 1), "boolean") == "1")
        #expect(string("false", ColumnType(kind: .tinyInt, length: 1), "boolean") == "0")
        #expect(convert("\\x00ff5C", ColumnType(kind: .blob), "bytea") == [0x00, 0xFF, 0x5C])
        #expect(convert("\\x", ColumnType(kind: .blob), "bytea") == [])
        #expect(convert("1", ColumnType(kind: .bit, length: 1), "bit varying(1)") == [0x01])
        #expect(convert("101010111100", ColumnType(kind: .bit, length: 12), "bit varying(12)") == [0x0A, 0xBC])
        let sixtyFour = "1" + String(repeating: "0", count: 62) + "1"
        #expect(
            convert(sixtyFour, ColumnType(kind: .bit, length: 64), "bit varying(64)") == [0x80, 0, 0, 0, 0, 0, 0, 1])
        #expect(string("0", ColumnType(kind: .year), "smallint") == "0000")
        #expect(string("2155", ColumnType(kind: .year), "smallint") == "2155")
        #expect(string("-12.50", ColumnType(kind: .decimal, precision: 5, scale: 2), "numeric(5,2)") == "-12.50")
    }
}

import NIOCore
import Testing

@testable import PostgresSink
@testable import SyncEngine

@Suite struct COPYTextEncoderTests {
    private func encode(
        _ values: [ByteBuffer?], _ columns: [COPYColumnEncoding], zeroDateAsNull: Bool = true
    ) -> (String, String?) {
        let encoder = COPYTextEncoder(columns: columns, zeroDateAsNull: zeroDateAsNull)
        var buffer = ByteBuffer(string: "prefix|")
        let refusal = encoder.append(Row(values: values), to: &buffer)
        return (String(buffer: buffer), refusal)
    }

    private func text(_ string: String) -> ByteBuffer { ByteBuffer(string: string) }
    private func bytes(_ array: [UInt8]) -> ByteBuffer { ByteBuffer(bytes: array) }

    @Test func escapesBackslashTabNewlineAndCarriageReturn() {
        let (line, refusal) = encode([text("a\\b\tc\nd\re")], [.text])
        #expect(refusal == nil)
        #expect(line == "prefix|a\\\\b\\tc\\nd\\re\n")
    }

    @Test func removesNULBytesFromText() {
        let (line, _) = encode([bytes([0x61, 0x00, 0x62, 0x00])], [.text])
        #expect(line == "prefix|ab\n")
    }

    @Test func writesNullAsBackslashNAndEmptyStringAsNothing() {
        let (line, _) = encode([nil, text(""), text("x")], [.text, .text, .text])
        #expect(line == "prefix|\\N\t\tx\n")
    }

    @Test func keepsFourByteUTF8AsIs() {
        let (line, _) = encode([text("𝄞😀")], [.text])
        #expect(line == "prefix|𝄞😀\n")
    }

    @Test func writesByteaAsDoubledBackslashHex() {
        let (line, _) = encode([bytes([0x00, 0xFF, 0x5C, 0x0A]), bytes([])], [.bytea, .bytea])
        #expect(line == "prefix|\\\\x00ff5c0a\t\\\\x\n")
    }

    @Test func writesBitsAsExactlyNCharacters() {
        let (one, _) = encode([bytes([0x01]), bytes([0x00])], [.bits(1), .bits(1)])
        #expect(one == "prefix|1\t0\n")
        let (twelve, _) = encode([bytes([0x0A, 0xBC])], [.bits(12)])
        #expect(twelve == "prefix|101010111100\n")
        let (sixtyFour, _) = encode([bytes([0x80, 0, 0, 0, 0, 0, 0, 0x01])], [.bits(64)])
        #expect(sixtyFour == "prefix|1" + String(repeating: "0", count: 62) + "1\n")
        let (short, _) = encode([bytes([0x05])], [.bits(10)])
        #expect(short == "prefix|0000000101\n")
    }

    @Test func writesTinyIntOneAsBooleanAndRefusesOtherValues() {
        let (line, refusal) = encode([text("0"), text("1")], [.boolean, .boolean])
        #expect(refusal == nil)
        #expect(line == "prefix|f\tt\n")
        let (unchanged, refused) = encode([text("1"), text("2")], [.boolean, .boolean])
        #expect(refused?.contains("neither 0 nor 1") == true)
        #expect(unchanged == "prefix|")
    }

    @Test func zeroDatesBecomeNullWhenAsked() {
        let columns: [COPYColumnEncoding] = [.date, .date, .date, .date, .date]
        let values = [
            text("0000-00-00"), text("0000-00-00 00:00:00"), text("2024-00-10"), text("2024-05-00 10:00:00"),
            text("2024-05-06 07:08:09.123456"),
        ]
        let (line, refusal) = encode(values, columns)
        #expect(refusal == nil)
        #expect(line == "prefix|\\N\t\\N\t\\N\t\\N\t2024-05-06 07:08:09.123456\n")
    }

    @Test func zeroDatesRefuseTheRowWhenNotNull() {
        let (line, refusal) = encode([text("1"), text("0000-00-00")], [.text, .date], zeroDateAsNull: false)
        #expect(refusal?.contains("zero date '0000-00-00'") == true)
        #expect(line == "prefix|")
        let (valid, none) = encode([text("2000-01-01")], [.date], zeroDateAsNull: false)
        #expect(none == nil)
        #expect(valid == "prefix|2000-01-01\n")
    }

    @Test func refusesARowWithTheWrongColumnCount() {
        let (line, refusal) = encode([text("1")], [.text, .text])
        #expect(refusal?.contains("2 columns") == true)
        #expect(line == "prefix|")
    }

    @Test func picksEncodingsFromSourceAndDestinationTypes() {
        #expect(COPYColumnEncoding.forColumn(ColumnType(kind: .blob), destinationType: "bytea") == .bytea)
        #expect(COPYColumnEncoding.forColumn(ColumnType(kind: .text), destinationType: "bytea") == .bytea)
        #expect(
            COPYColumnEncoding.forColumn(ColumnType(kind: .bit, length: 5), destinationType: "bit varying(5)")
                == .bits(5))
        #expect(
            COPYColumnEncoding.forColumn(ColumnType(kind: .tinyInt, length: 1), destinationType: "boolean") == .boolean)
        #expect(COPYColumnEncoding.forColumn(ColumnType(kind: .datetime), destinationType: "timestamp(0)") == .date)
        #expect(COPYColumnEncoding.forColumn(ColumnType(kind: .blob), destinationType: "text") == .text)
    }
}

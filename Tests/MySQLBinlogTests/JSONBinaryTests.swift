import MySQLBinlog
import NIOCore
import Testing

/// MySQL binary JSON, on byte sequences built by hand from the documented format (WL#8132,
/// `json_binary.cc` header comment). No MySQL 9 fixture was recorded (MariaDB sends JSON as text).
struct JSONBinaryTests {
    func decode(_ bytes: [UInt8]) throws -> String { try JSONBinary.decode(ByteBuffer(bytes: bytes)) }

    @Test func smallObjectWithInlinedScalarsNestedArrayAndString() throws {
        let document: [UInt8] = [
            0x00,  // small object
            3, 0, 40, 0,  // 3 members, 40 bytes
            25, 0, 1, 0, 26, 0, 1, 0, 27, 0, 1, 0,  // key entries
            0x05, 1, 0, 0x02, 28, 0, 0x0C, 38, 0,  // int16 1 inlined, array at 28, string at 38
            0x61, 0x62, 0x63,  // "a" "b" "c"
            2, 0, 10, 0, 0x04, 1, 0, 0x04, 0, 0,  // [true, null]
            1, 0x78,  // "x"
        ]
        #expect(try decode(document) == #"{"a": 1, "b": [true, null], "c": "x"}"#)
    }

    @Test func scalarsAndEscapes() throws {
        #expect(try decode([0x0B, 0, 0, 0, 0, 0, 0, 4, 64]) == "2.5")
        #expect(try decode([0x09] + withUnsafeBytes(of: Int64.min.littleEndian, Array.init)) == "-9223372036854775808")
        #expect(try decode([0x0A] + withUnsafeBytes(of: UInt64.max.littleEndian, Array.init)) == "18446744073709551615")
        #expect(try decode([0x0C, 4, 0x61, 0x22, 0x5C, 0x0A]) == #""a\"\\\n""#)
        #expect(try decode([0x04, 2]) == "false")
        #expect(try decode([]) == "null")
    }

    @Test func opaqueDecimalAndDatetime() throws {
        #expect(try decode([0x0F, 246, 4, 4, 2, 0x8C, 0x22]) == "12.34")
        #expect(try decode([0x0F, 12, 8, 0, 0, 0, 5, 49, 68, 165, 25]) == #""2020-01-02 03:04:05""#)
    }

    @Test func malformedDocumentsFailWithTypedErrors() {
        #expect(throws: MySQLBinlogError.self) { try decode([0x00, 5, 0, 200, 0]) }
        #expect(throws: MySQLBinlogError.self) { try decode([0x0C, 10, 0x61]) }
        #expect(throws: MySQLBinlogError.self) { try decode([0x0E]) }
    }
}

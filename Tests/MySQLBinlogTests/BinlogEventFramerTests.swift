import MySQLBinlog
import NIOCore
import Testing

struct BinlogEventFramerTests {
    @Test func returnsNilOnShortDataAndLeavesTheReaderIndex() throws {
        var whole = try Fixture.bytes("basic")
        _ = try BinlogEventFramer.readMagic(&whole)
        let firstSize = Int(whole.getInteger(at: whole.readerIndex + 9, endianness: .little, as: UInt32.self) ?? 0)
        for cut in 0..<firstSize {
            var partial = whole.getSlice(at: whole.readerIndex, length: cut) ?? ByteBuffer()
            let before = partial.readerIndex
            #expect(try BinlogEventFramer.nextEvent(&partial) == nil)
            #expect(partial.readerIndex == before)
        }
        let event = try #require(try BinlogEventFramer.nextEvent(&whole))
        #expect(event.readableBytes == firstSize)
    }

    @Test func rejectsBadMagicAndImpossibleSizes() throws {
        var notBinlog = ByteBuffer(bytes: [0x47, 0x49, 0x46, 0x38])
        #expect(throws: MySQLBinlogError.self) { try BinlogEventFramer.readMagic(&notBinlog) }
        var tiny = ByteBuffer(bytes: [UInt8](repeating: 0, count: 19))
        #expect(throws: MySQLBinlogError.self) { try BinlogEventFramer.nextEvent(&tiny) }
    }

    @Test func crc32MatchesTheZlibCheckValue() {
        #expect(CRC32.update(0, Array("123456789".utf8)) == 0xCBF4_3926)
    }
}

struct CRC32Tests {
    @Test func slicedAndBytewiseAgreeForEveryLengthAndOffset() {
        let bytes = (0..<64).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        for start in 0..<9 {
            for end in start...bytes.count {
                let slice = Array(bytes[start..<end])
                let sliced = slice.withUnsafeBytes { CRC32.update(0, raw: $0) }
                #expect(sliced == CRC32.update(0, slice))
            }
        }
        #expect(CRC32.checksum(ByteBuffer(string: "123456789")) == 0xCBF4_3926)
    }
}

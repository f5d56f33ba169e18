import MySQLBinlog
import NIOCore
import Testing

/// The drip-feed verifier: every fixture fed to the framer and decoder one byte at a time, and split in two
/// at every offset, must give exactly the events of a whole-file decode.
struct DripFeedTests {
    static let fixtures = ["basic", "types", "images", "nometadata"]

    /// Feeds `chunks` in order, framing and decoding whatever is complete after each chunk.
    static func decode(chunks: [ByteBuffer]) throws -> [BinlogEvent] {
        var decoder = BinlogDecoder()
        var pending = ByteBuffer()
        var magicSeen = false
        var events: [BinlogEvent] = []
        for chunk in chunks {
            var chunk = chunk
            pending.writeBuffer(&chunk)
            if !magicSeen {
                guard try BinlogEventFramer.readMagic(&pending) != nil else { continue }
                magicSeen = true
            }
            while let event = try BinlogEventFramer.nextEvent(&pending) {
                events.append(try decoder.decode(event))
            }
            pending.discardReadBytes()
        }
        #expect(pending.readableBytes == 0)
        return events
    }

    @Test(arguments: fixtures) func oneByteAtATime(fixture: String) throws {
        let whole = try Fixture.bytes(fixture)
        let expected = try Fixture.events(fixture)
        let bytes = Array(whole.readableBytesView)
        let events = try Self.decode(chunks: bytes.map { ByteBuffer(bytes: [$0]) })
        #expect(events == expected)
    }

    @Test(arguments: fixtures) func splitAtEveryOffset(fixture: String) throws {
        let whole = try Fixture.bytes(fixture)
        let expected = try Fixture.events(fixture)
        let bytes = Array(whole.readableBytesView)
        for offset in stride(from: 0, through: bytes.count, by: 1) {
            let events = try Self.decode(chunks: [
                ByteBuffer(bytes: bytes[0..<offset]), ByteBuffer(bytes: bytes[offset...]),
            ])
            if events != expected {
                Issue.record("split at \(offset) decoded differently")
                return
            }
        }
    }

    @Test(arguments: fixtures) func everyTruncatedEventFailsWithATypedError(fixture: String) throws {
        // Cut each event short and patch its size field so the payload decoder itself sees the short body.
        var decoder = BinlogDecoder(verifyChecksums: false)
        for slice in try Fixture.eventSlices(fixture) {
            for length in BinlogEventHeader.size..<slice.readableBytes {
                var cut = slice.getSlice(at: slice.readerIndex, length: length) ?? ByteBuffer()
                cut.setInteger(UInt32(length), at: cut.readerIndex + 9, endianness: .little)
                var copy = decoder
                _ = try? copy.decode(cut)  // any result or a MySQLBinlogError; a crash fails the run
            }
            _ = try decoder.decode(slice)
        }
    }
}

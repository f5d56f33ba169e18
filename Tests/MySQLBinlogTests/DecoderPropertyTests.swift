import MySQLBinlog
import NIOCore
import Testing
import TideTestSupport

/// Randomized property run over the event decoders: mutated fixtures, random event bodies and random bytes
/// must give events or typed errors, never a crash. The generator is seeded, so a failure reproduces.
/// (FuzzTesting/ runs the same decoders under libFuzzer for longer.)
struct DecoderPropertyTests {
    /// The shared seeded generator (Tests/TideTestSupport).
    typealias SeededGenerator = TideTestSupport.SplitMix64

    /// Decodes one event after the fixture's FORMAT_DESCRIPTION and table maps, swallowing typed errors.
    static func decodeQuietly(_ decoder: BinlogDecoder, _ event: ByteBuffer) -> Bool {
        var copy = decoder
        do {
            _ = try copy.decode(event)
            return true
        } catch {
            #expect(!error.message.isEmpty)
            return false
        }
    }

    @Test(arguments: ["basic", "types", "images"]) func mutatedEventsNeverCrash(fixture: String) throws {
        var random = SeededGenerator(state: 0x7469_6465 ^ UInt64(fixture.utf8.count))
        var decoder = BinlogDecoder(verifyChecksums: false)
        var decoded = 0
        for slice in try Fixture.eventSlices(fixture) {
            for _ in 0..<60 {
                var bytes = Array(slice.readableBytesView)
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    let index = Int.random(in: BinlogEventHeader.size..<max(BinlogEventHeader.size + 1, bytes.count), using: &random)
                    if index < bytes.count { bytes[index] = UInt8.random(in: 0...255, using: &random) }
                }
                if Self.decodeQuietly(decoder, ByteBuffer(bytes: bytes)) { decoded += 1 }
            }
            _ = try decoder.decode(slice)
        }
        #expect(decoded > 0)
    }

    @Test func randomBodiesForEveryEventTypeNeverCrash() throws {
        var random = SeededGenerator(state: 42)
        var decoder = BinlogDecoder(verifyChecksums: false)
        for slice in try Fixture.eventSlices("types") { _ = try decoder.decode(slice) }
        for type in 0...255 {
            for _ in 0..<40 {
                let length = Int.random(in: 0...120, using: &random)
                var event = ByteBuffer()
                event.writeInteger(UInt32(0), endianness: .little)
                event.writeInteger(UInt8(type))
                event.writeInteger(UInt32(1), endianness: .little)
                event.writeInteger(UInt32(19 + length + 4), endianness: .little)
                event.writeInteger(UInt32(0), endianness: .little)
                event.writeInteger(UInt16(0), endianness: .little)
                event.writeBytes((0..<length).map { _ in UInt8.random(in: 0...255, using: &random) })
                event.writeInteger(UInt32(0), endianness: .little)
                _ = Self.decodeQuietly(decoder, event)
            }
        }
    }

    @Test func randomStreamsThroughTheFramerNeverCrash() {
        var random = SeededGenerator(state: 7)
        for _ in 0..<300 {
            var buffer = ByteBuffer(bytes: (0..<Int.random(in: 0...400, using: &random)).map { _ in
                UInt8.random(in: 0...255, using: &random)
            })
            var decoder = BinlogDecoder()
            while true {
                guard let event = try? BinlogEventFramer.nextEvent(&buffer) else { break }
                _ = try? decoder.decode(event)
            }
        }
    }

    @Test func randomBinaryJSONNeverCrashes() {
        var random = SeededGenerator(state: 99)
        for _ in 0..<5000 {
            let bytes = (0..<Int.random(in: 1...64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            _ = try? JSONBinary.decode(ByteBuffer(bytes: [UInt8.random(in: 0...0x0F, using: &random)] + bytes))
        }
    }
}

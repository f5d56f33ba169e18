import NIOCore
import Testing

@testable import MySQLBinlog

/// A binlog file the server did not close (crash, kill -9) keeps `LOG_EVENT_BINLOG_IN_USE_F` set in its
/// FORMAT_DESCRIPTION; the CRC32 was computed with the flag clear, so it must still verify.
struct FormatDescriptionInUseFlagTests {
    @Test func formatDescriptionWithTheInUseFlagVerifies() throws {
        for fixture in ["basic", "mysql97-compressed"] {
            var event = try #require(try Fixture.eventSlices(fixture).first)
            let flags = try #require(event.getInteger(at: event.readerIndex + 17, as: UInt8.self))
            event.setInteger(flags | 1, at: event.readerIndex + 17)
            var decoder = BinlogDecoder(verifyChecksums: true)
            guard case .formatDescription(let header, _) = try decoder.decode(event) else {
                Issue.record("\(fixture): not a FORMAT_DESCRIPTION")
                continue
            }
            #expect(header.flags & 1 == 1)
        }
    }

    @Test func otherCorruptionOfTheFormatDescriptionIsStillCaught() throws {
        var event = try #require(try Fixture.eventSlices("basic").first)
        let byte = try #require(event.getInteger(at: event.readerIndex + 25, as: UInt8.self))
        event.setInteger(byte ^ 0x20, at: event.readerIndex + 25)
        var decoder = BinlogDecoder(verifyChecksums: true)
        #expect(throws: MySQLBinlogError.self) { try decoder.decode(event) }
    }
}

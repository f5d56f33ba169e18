import Foundation
import Testing

@testable import APIAuth

struct SignatureTimestampTests {
    @Test func parsesAndFormatsBothForms() throws {
        let extended = try #require(SignatureTimestamp.parseExtended("2026-11-23T15:31:40Z"))
        #expect(extended == 1_795_447_900)
        #expect(SignatureTimestamp.parseCompact("20261123T153304Z") == 1_795_447_984)
        #expect(
            SignatureTimestamp.formatExtended(Date(timeIntervalSince1970: 1_795_447_900.9)) == "2026-11-23T15:31:40Z")
        #expect(SignatureTimestamp.formatCompact(Date(timeIntervalSince1970: 1_795_447_984)) == "20261123T153304Z")
        #expect(SignatureTimestamp.parseExtended("1970-01-01T00:00:00Z") == 0)
        #expect(SignatureTimestamp.parseExtended("2000-02-29T23:59:59Z") == 951_868_799)
        #expect(SignatureTimestamp.formatExtended(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
    }

    @Test(arguments: [
        "", "2026-11-23", "2026-11-23T15:31:40", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
        "2025-02-29T00:00:00Z", "2026-11-23T24:00:00Z", "2026-11-23T15:61:00Z", "2026-11-23 15:31:40Z",
        "２０２6-11-23T15:31:40Z", "+026-11-23T15:31:40Z",
    ])
    func rejectsMalformedExtendedTimes(text: String) {
        #expect(SignatureTimestamp.parseExtended(text) == nil)
    }

    @Test(arguments: ["", "20261123153304Z", "20261123T153304", "2026112XT153304Z", "20261123T153304Z0"])
    func rejectsMalformedCompactTimes(text: String) {
        #expect(SignatureTimestamp.parseCompact(text) == nil)
    }

    @Test func roundTripsAcrossCenturies() {
        for seconds in stride(from: Int64(-5_000_000_000), through: 10_000_000_000, by: 86_399 * 37) {
            let text = SignatureTimestamp.formatExtended(Date(timeIntervalSince1970: TimeInterval(seconds)))
            if seconds >= -62_135_596_800 {
                #expect(SignatureTimestamp.parseExtended(text) == seconds)
            }
        }
    }
}

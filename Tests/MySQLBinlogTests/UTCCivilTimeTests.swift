import Foundation
import MySQLBinlog
import Testing

/// `UTCCivilTime` against Foundation's Gregorian calendar in UTC. Foundation's calendar is Julian before the
/// 1582 reform while MySQL's dates are proleptic Gregorian, so the comparison starts in 1583.
@Suite struct UTCCivilTimeTests {
    private static func expected(_ seconds: Int64) -> [Int64] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents(
            [.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        return [parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second].map { Int64($0 ?? -1) }
    }

    private static func actual(_ seconds: Int64) -> [Int64] {
        let time = UTCCivilTime(epochSeconds: seconds)
        return [time.year, time.month, time.day, time.hour, time.minute, time.second]
    }

    @Test func edgesMatchTheCalendar() {
        // The epoch, a second before it, 2000-02-29, the 2038 rollover, MySQL's TIMESTAMP maximum, 9999-12-31.
        for seconds: Int64 in [0, -1, 951_782_400, 2_147_483_647, 2_147_483_648, 253_402_300_799, -12_212_553_600] {
            #expect(Self.actual(seconds) == Self.expected(seconds), "\(seconds)")
        }
        #expect(Self.actual(253_402_300_799) == [9999, 12, 31, 23, 59, 59])
        #expect(Self.actual(-62_135_596_800) == [1, 1, 1, 0, 0, 0])  // proleptic Gregorian 0001-01-01
    }

    @Test func randomInstantsMatchTheCalendar() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let seconds = Int64.random(in: -12_212_553_600...253_402_300_799, using: &generator)
            #expect(Self.actual(seconds) == Self.expected(seconds), "\(seconds)")
        }
    }
}

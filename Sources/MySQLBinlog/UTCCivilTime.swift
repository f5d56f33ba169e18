/// A UTC instant given as seconds since the Unix epoch, split into calendar date and time of day (proleptic
/// Gregorian; Howard Hinnant's days-to-civil algorithm, exact for every Int64 day count MySQL can store). MySQL's
/// TIMESTAMP is such an instant (binlog TIMESTAMP2: seconds since the epoch, UTC).
public struct UTCCivilTime: Sendable, Hashable {
    /// Year, month 1...12, day 1...31.
    public var year: Int64, month: Int64, day: Int64
    /// Hour 0...23, minute 0...59, second 0...59.
    public var hour: Int64, minute: Int64, second: Int64

    /// Splits `epochSeconds` (negative before 1970).
    @inlinable
    public init(epochSeconds: Int64) {
        let days = epochSeconds >= 0 ? epochSeconds / 86_400 : (epochSeconds - 86_399) / 86_400
        let secondOfDay = epochSeconds - days * 86_400
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        hour = secondOfDay / 3600
        minute = secondOfDay / 60 % 60
        second = secondOfDay % 60
    }
}

/// One decoded column value of a row image in the allocation-free form of ``RowImageCells``: a kind tag and two
/// plain integers, 16 bytes, no references (MySQL source `log_event.cc` `log_event_print_value` decides the kinds;
/// ``MySQLValue`` is the same value with its parts in an enum).
///
/// What `value` and `length` hold, by kind:
/// - `.signed`/`.unsigned`: the integer (bit pattern); `.float`/`.double`: the IEEE bit pattern; `.year`: the year.
/// - `.decimal`: the text's offset in ``RowImageCells/text``; `length` its byte count.
/// - `.string`, `.bytes`, `.json`, `.geometry`: the offset in ``RowImageCells/data`` of the stored bytes (JSON in
///   MySQL's binary form); `length` their count. `.bytes` of a BINARY(n) column are zero-padded to ``padding``.
/// - `.date`: `year << 16 | month << 8 | day`. `.datetime`: `year << 40 | month << 32 | day << 24 | hour << 16 |
///   minute << 8 | second`, `length` the microseconds. `.time`: `hours << 24 | minutes << 16 | seconds << 8 | sign`,
///   `length` the microseconds. `.timestamp`: the seconds, `length` the microseconds.
/// - `.bit`: the bits, `length` the width; `.enumeration`: the 1-based index as stored; `.set`: the member mask.
public struct RowCell: Hashable, Sendable {
    /// What a cell holds.
    public enum Kind: UInt8, Hashable, Sendable {
        /// The column is not in this (partial) image.
        case absent
        /// SQL NULL.
        case null
        case signed, unsigned, float, double, decimal, string, bytes, date, time, datetime, timestamp, year, bit
        case enumeration, set, json, geometry
    }

    /// The kind.
    public var kind: Kind
    /// Zero bytes appended to a `.bytes` value (BINARY(n) is stored without its trailing padding).
    public var padding: UInt16
    /// The second part (see the type's documentation).
    public var length: UInt32
    /// The first part (see the type's documentation).
    public var value: UInt64

    /// The memberwise initialiser.
    @inlinable
    public init(kind: Kind, value: UInt64 = 0, length: UInt32 = 0, padding: UInt16 = 0) {
        self.kind = kind
        self.padding = padding
        self.length = length
        self.value = value
    }

    /// `.date` parts.
    @inlinable public var date: (year: Int, month: Int, day: Int) {
        (Int(value >> 16), Int((value >> 8) & 0xFF), Int(value & 0xFF))
    }

    /// `.datetime` parts (microseconds are `length`).
    @inlinable public var dateTime: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        (
            Int(value >> 40), Int((value >> 32) & 0xFF), Int((value >> 24) & 0xFF), Int((value >> 16) & 0xFF),
            Int((value >> 8) & 0xFF), Int(value & 0xFF)
        )
    }

    /// A `.date` cell.
    @inlinable
    static func date(year: UInt64, month: UInt64, day: UInt64) -> RowCell {
        RowCell(kind: .date, value: year << 16 | month << 8 | day)
    }

    /// A `.datetime` cell from a ``MySQLDateTime``.
    static func dateTime(_ value: MySQLDateTime) -> RowCell {
        let packed =
            UInt64(value.year) << 40 | UInt64(value.month) << 32 | UInt64(value.day) << 24 | UInt64(value.hour) << 16
            | UInt64(value.minute) << 8 | UInt64(value.second)
        return RowCell(kind: .datetime, value: packed, length: value.microsecond)
    }

    /// A `.time` cell from a ``MySQLTime``.
    static func time(_ time: MySQLTime) -> RowCell {
        let packed =
            UInt64(time.hours) << 24 | UInt64(time.minutes) << 16 | UInt64(time.seconds) << 8 | (time.negative ? 1 : 0)
        return RowCell(kind: .time, value: packed, length: time.microseconds)
    }

    /// A `.time` cell's ``MySQLTime``.
    public var time: MySQLTime {
        MySQLTime(
            negative: value & 1 != 0, hours: UInt32(truncatingIfNeeded: value >> 24),
            minutes: UInt8(truncatingIfNeeded: value >> 16), seconds: UInt8(truncatingIfNeeded: value >> 8),
            microseconds: length)
    }

    /// A `.datetime` cell's ``MySQLDateTime``.
    public var mysqlDateTime: MySQLDateTime {
        let parts = dateTime
        return MySQLDateTime(
            year: UInt16(truncatingIfNeeded: parts.year), month: UInt8(truncatingIfNeeded: parts.month),
            day: UInt8(truncatingIfNeeded: parts.day), hour: UInt8(truncatingIfNeeded: parts.hour),
            minute: UInt8(truncatingIfNeeded: parts.minute), second: UInt8(truncatingIfNeeded: parts.second),
            microsecond: length)
    }
}

/// One decoded column value: a closed enum with exact values (never `Any`).
///
/// In a ``RowsEvent`` row, `nil` (Swift optional) means the column is not present in a partial row image
/// (`binlog_row_image=MINIMAL/NOBLOB`), while ``null`` is SQL NULL.
public enum MySQLValue: Hashable, Sendable {
    /// SQL NULL.
    case null
    /// A signed integer column (TINY, SHORT, INT24, LONG, LONGLONG).
    case signed(Int64)
    /// An UNSIGNED integer column.
    case unsigned(UInt64)
    /// FLOAT.
    case float(Float)
    /// DOUBLE.
    case double(Double)
    /// DECIMAL/NUMERIC, exact, in MySQL's text form (`-12.340`).
    case decimal(String)
    /// CHAR, VARCHAR, TEXT: the raw bytes and the column's collation id when known.
    case string([UInt8], collationID: UInt16?)
    /// BINARY, VARBINARY, BLOB (collation 63 = binary).
    case bytes([UInt8])
    /// DATE (zero dates keep their zeros).
    case date(MySQLDate)
    /// TIME / TIME2 (can be negative and exceed 24 hours).
    case time(MySQLTime)
    /// DATETIME / DATETIME2.
    case datetime(MySQLDateTime)
    /// TIMESTAMP / TIMESTAMP2: seconds since the epoch (UTC) and microseconds.
    case timestamp(seconds: Int64, microseconds: UInt32)
    /// YEAR (0 for the zero year).
    case year(UInt16)
    /// BIT(n): the bits right-aligned, and n.
    case bit(UInt64, width: UInt8)
    /// ENUM: the 1-based member index (0 = the empty error value) and its name when known.
    case enumeration(index: UInt16, name: String?)
    /// SET: the member bitmask and the names of the members set, when known.
    case set(UInt64, members: [String]?)
    /// JSON as text (MySQL binary JSON decoded by ``JSONBinary``).
    case json(String)
    /// GEOMETRY: 4-byte SRID followed by WKB, as stored.
    case geometry([UInt8])

    /// The text of a ``string(_:collationID:)`` value decoded with its collation's character set (UTF-8 family,
    /// ASCII, or latin1); nil for other cases or charsets this decoder does not convert.
    public var text: String? {
        guard case .string(let bytes, let collation) = self else { return nil }
        return Collations.decode(bytes, collationID: collation)
    }
}

/// A calendar date as MySQL stores it (components may be zero).
public struct MySQLDate: Hashable, Sendable, CustomStringConvertible {
    public var year: UInt16
    public var month: UInt8
    public var day: UInt8

    /// The memberwise initialiser.
    public init(year: UInt16, month: UInt8, day: UInt8) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        String(year).leftPadded(4) + "-" + String(month).leftPadded(2) + "-" + String(day).leftPadded(2)
    }
}

/// A TIME value: sign, hours (up to 838), minutes, seconds, microseconds.
public struct MySQLTime: Hashable, Sendable, CustomStringConvertible {
    public var negative: Bool
    public var hours: UInt32
    public var minutes: UInt8
    public var seconds: UInt8
    public var microseconds: UInt32

    /// The memberwise initialiser.
    public init(negative: Bool, hours: UInt32, minutes: UInt8, seconds: UInt8, microseconds: UInt32) {
        self.negative = negative
        self.hours = hours
        self.minutes = minutes
        self.seconds = seconds
        self.microseconds = microseconds
    }

    /// `-HHH:MM:SS[.ffffff]`.
    public var description: String {
        var text = (negative ? "-" : "") + String(hours).leftPadded(2) + ":" + String(minutes).leftPadded(2) + ":"
            + String(seconds).leftPadded(2)
        if microseconds != 0 { text += "." + String(microseconds).leftPadded(6) }
        return text
    }
}

/// A DATETIME value (no time zone).
public struct MySQLDateTime: Hashable, Sendable, CustomStringConvertible {
    public var year: UInt16
    public var month: UInt8
    public var day: UInt8
    public var hour: UInt8
    public var minute: UInt8
    public var second: UInt8
    public var microsecond: UInt32

    /// The memberwise initialiser.
    public init(year: UInt16, month: UInt8, day: UInt8, hour: UInt8, minute: UInt8, second: UInt8, microsecond: UInt32)
    {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.microsecond = microsecond
    }

    /// `YYYY-MM-DD hh:mm:ss[.ffffff]`.
    public var description: String {
        var text = MySQLDate(year: year, month: month, day: day).description + " " + String(hour).leftPadded(2) + ":"
            + String(minute).leftPadded(2) + ":" + String(second).leftPadded(2)
        if microsecond != 0 { text += "." + String(microsecond).leftPadded(6) }
        return text
    }
}

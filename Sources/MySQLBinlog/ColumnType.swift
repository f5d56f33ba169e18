/// Column type codes as they appear in TABLE_MAP (`enum_field_types`, MySQL source `field_types.h`).
public struct ColumnType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let decimal = Self(rawValue: 0)
    public static let tiny = Self(rawValue: 1)
    public static let short = Self(rawValue: 2)
    public static let long = Self(rawValue: 3)
    public static let float = Self(rawValue: 4)
    public static let double = Self(rawValue: 5)
    public static let null = Self(rawValue: 6)
    public static let timestamp = Self(rawValue: 7)
    public static let longlong = Self(rawValue: 8)
    public static let int24 = Self(rawValue: 9)
    public static let date = Self(rawValue: 10)
    public static let time = Self(rawValue: 11)
    public static let datetime = Self(rawValue: 12)
    public static let year = Self(rawValue: 13)
    public static let newdate = Self(rawValue: 14)
    public static let varchar = Self(rawValue: 15)
    public static let bit = Self(rawValue: 16)
    public static let timestamp2 = Self(rawValue: 17)
    public static let datetime2 = Self(rawValue: 18)
    public static let time2 = Self(rawValue: 19)
    public static let typedArray = Self(rawValue: 20)
    public static let vector = Self(rawValue: 242)
    public static let json = Self(rawValue: 245)
    public static let newDecimal = Self(rawValue: 246)
    public static let enumeration = Self(rawValue: 247)
    public static let set = Self(rawValue: 248)
    public static let tinyBlob = Self(rawValue: 249)
    public static let mediumBlob = Self(rawValue: 250)
    public static let longBlob = Self(rawValue: 251)
    public static let blob = Self(rawValue: 252)
    public static let varString = Self(rawValue: 253)
    public static let string = Self(rawValue: 254)
    public static let geometry = Self(rawValue: 255)

    public var description: String { "ColumnType(\(rawValue))" }

    /// Numeric types that carry an UNSIGNED attribute (MySQL `is_numeric_type`).
    var isNumeric: Bool {
        switch self {
        case .tiny, .short, .int24, .long, .longlong, .newDecimal, .float, .double, .decimal: return true
        default: return false
        }
    }

    /// Types that take a bit in the SIGNEDNESS optional metadata. Both servers write one for YEAR too (a
    /// TINYINT-based field, always flagged unsigned), but none for BIT; readers that skip YEAR (mysqlbinlog's
    /// `is_numeric_type`) shift every later flag by one. Checked on MariaDB 10.11.19 and MySQL 9.7.4.
    var takesSignednessFlag: Bool { isNumeric || self == .year }

    /// Number of metadata bytes the type has in TABLE_MAP.
    var metadataLength: Int {
        switch self {
        case .float, .double, .blob, .tinyBlob, .mediumBlob, .longBlob, .geometry, .json, .timestamp2, .datetime2,
            .time2, .vector:
            return 1
        case .varchar, .varString, .newDecimal, .string, .enumeration, .set, .bit, .decimal:
            return 2
        default:
            return 0
        }
    }
}

/// Everything needed to decode one column of a row image: the binlog type after resolving
/// `MYSQL_TYPE_STRING` to ENUM/SET/CHAR, its metadata, and what the optional metadata (or the schema) says.
public struct ColumnDescriptor: Hashable, Sendable {
    /// The type byte from TABLE_MAP.
    public var type: ColumnType
    /// The real type (ENUM/SET/STRING for `string`; otherwise `type`).
    public var realType: ColumnType
    /// The raw 16-bit metadata (meaning depends on the type).
    public var metadata: UInt16
    /// Whether the column is nullable.
    public var nullable: Bool
    /// Column name, when known.
    public var name: String?
    /// True for UNSIGNED numeric columns (from optional metadata or schema).
    public var unsigned: Bool
    /// Collation id of a character column, when known (63 = binary).
    public var collationID: UInt16?
    /// ENUM or SET member names, when known.
    public var members: [String]?
    /// Geometry subtype, when known.
    public var geometryType: UInt64?

    /// Creates a descriptor from the TABLE_MAP type and metadata.
    public init(type: ColumnType, metadata: UInt16, nullable: Bool) {
        self.type = type
        self.metadata = metadata
        self.nullable = nullable
        self.unsigned = false
        self.realType = type
        if type == .string {
            let high = UInt8(metadata >> 8)
            if high == ColumnType.enumeration.rawValue || high == ColumnType.set.rawValue {
                realType = ColumnType(rawValue: high)
            }
        }
    }

    /// True for columns whose values are text in a charset (CHAR, VARCHAR, TEXT/BLOB), which take a
    /// collation in the optional metadata (MySQL `is_character_type`).
    var isCharacter: Bool {
        switch realType {
        case .string, .varString, .varchar, .blob, .tinyBlob, .mediumBlob, .longBlob: return true
        default: return false
        }
    }

    /// True for ENUM and SET columns.
    var isEnumOrSet: Bool { realType == .enumeration || realType == .set }

    /// The maximum length in bytes of CHAR columns (`MYSQL_TYPE_STRING` metadata; MySQL "Table_map_event"
    /// packs the high bits of lengths over 255 into the type byte).
    var stringMaxLength: Int {
        let byte0 = Int(metadata >> 8)
        let byte1 = Int(metadata & 0xFF)
        if byte0 & 0x30 != 0x30 {
            return (((byte0 & 0x30) ^ 0x30) << 4) | byte1
        }
        return byte1
    }
}

import NIOCore

/// The optional metadata TLVs at the end of TABLE_MAP (`binlog_row_metadata=MINIMAL|FULL`; MySQL source
/// `Table_map_event::Optional_metadata_field_type`; MariaDB 10.5+ writes the same fields).
public struct TableMapOptionalMetadata: Hashable, Sendable {
    /// SIGNEDNESS (1): one flag per numeric or YEAR column (not BIT), true = unsigned.
    public var unsigned: [Bool]?
    /// DEFAULT_CHARSET (2) / COLUMN_CHARSET (3): collation id per character column.
    public var characterCollations: [UInt16]?
    /// COLUMN_NAME (4).
    public var columnNames: [String]?
    /// SET_STR_VALUE (5): members per SET column.
    public var setMembers: [[String]]?
    /// ENUM_STR_VALUE (6): members per ENUM column.
    public var enumMembers: [[String]]?
    /// GEOMETRY_TYPE (7): subtype per geometry column.
    public var geometryTypes: [UInt64]?
    /// SIMPLE_PRIMARY_KEY (8) / PRIMARY_KEY_WITH_PREFIX (9): column indexes of the primary key.
    public var primaryKey: [Int]?
    /// Prefix lengths of the primary key columns (0 = whole column), from PRIMARY_KEY_WITH_PREFIX.
    public var primaryKeyPrefixes: [Int]?
    /// ENUM_AND_SET_DEFAULT_CHARSET (10) / ENUM_AND_SET_COLUMN_CHARSET (11): collation per ENUM/SET column.
    public var enumSetCollations: [UInt16]?
    /// COLUMN_VISIBILITY (12): one flag per column, true = visible.
    public var visibility: [Bool]?

    /// No optional metadata.
    public init() {}

    /// True when the server wrote none.
    public var isEmpty: Bool { self == TableMapOptionalMetadata() }

    /// A collation spec still waiting for the column list: a default and per-index exceptions, or a full list.
    private enum CollationSpec {
        case defaultWithExceptions(UInt16, [Int: UInt16])
        case perColumn([UInt16])
    }

    static func decode(_ body: inout ByteBuffer) throws(MySQLBinlogError) -> TableMapOptionalMetadata {
        var result = TableMapOptionalMetadata()
        var characterSpec: CollationSpec?
        var enumSetSpec: CollationSpec?
        var rawSignedness: [UInt8]?
        var rawVisibility: [UInt8]?
        while body.readableBytes > 0 {
            let fieldType = try body.readLE(UInt8.self, "optional metadata type")
            let length = try body.readLengthEncodedCount("optional metadata length")
            var field = try body.readSliceOrThrow(length, "optional metadata field")
            switch fieldType {
            case 1: rawSignedness = try field.readByteArray(field.readableBytes)
            case 2: characterSpec = try readDefaultCollation(&field)
            case 3: characterSpec = .perColumn(try readCollationList(&field))
            case 4:
                var names: [String] = []
                while field.readableBytes > 0 {
                    names.append(try field.readText(try field.readLengthEncodedCount("column name"), "column name"))
                }
                result.columnNames = names
            case 5: result.setMembers = try readMemberLists(&field)
            case 6: result.enumMembers = try readMemberLists(&field)
            case 7:
                var types: [UInt64] = []
                while field.readableBytes > 0 { types.append(try field.readLengthEncodedInteger("geometry type")) }
                result.geometryTypes = types
            case 8:
                var key: [Int] = []
                // Column indexes, not byte counts: never checked against the bytes left.
                while field.readableBytes > 0 {
                    key.append(Int(clamping: try field.readLengthEncodedInteger("pk column")))
                }
                result.primaryKey = key
            case 9:
                var key: [Int] = []
                var prefixes: [Int] = []
                while field.readableBytes > 0 {
                    key.append(Int(clamping: try field.readLengthEncodedInteger("pk column")))
                    prefixes.append(Int(clamping: try field.readLengthEncodedInteger("pk prefix")))
                }
                result.primaryKey = key
                result.primaryKeyPrefixes = prefixes
            case 10: enumSetSpec = try readDefaultCollation(&field)
            case 11: enumSetSpec = .perColumn(try readCollationList(&field))
            case 12: rawVisibility = try field.readByteArray(field.readableBytes)
            default: break  // unknown field: skipped by its length
            }
        }
        result.pendingSignedness = rawSignedness
        result.pendingVisibility = rawVisibility
        result.pendingCharacter = characterSpec.map(Self.encode)
        result.pendingEnumSet = enumSetSpec.map(Self.encode)
        return result
    }

    // The per-column expansion needs the column list, so the raw specs are kept until `apply(to:)`.
    var pendingSignedness: [UInt8]?
    var pendingVisibility: [UInt8]?
    var pendingCharacter: PendingCollations?
    var pendingEnumSet: PendingCollations?

    struct PendingCollations: Hashable, Sendable {
        var defaultCollation: UInt16?
        var exceptions: [Int: UInt16]
        var list: [UInt16]
    }

    private static func encode(_ spec: CollationSpec) -> PendingCollations {
        switch spec {
        case .defaultWithExceptions(let value, let exceptions):
            return PendingCollations(defaultCollation: value, exceptions: exceptions, list: [])
        case .perColumn(let list):
            return PendingCollations(defaultCollation: nil, exceptions: [:], list: list)
        }
    }

    private static func readDefaultCollation(_ field: inout ByteBuffer) throws(MySQLBinlogError) -> CollationSpec {
        let value = UInt16(truncatingIfNeeded: try field.readLengthEncodedInteger("default collation"))
        var exceptions: [Int: UInt16] = [:]
        while field.readableBytes > 0 {
            let index = Int(clamping: try field.readLengthEncodedInteger("collation column"))
            exceptions[index] = UInt16(truncatingIfNeeded: try field.readLengthEncodedInteger("collation"))
        }
        return .defaultWithExceptions(value, exceptions)
    }

    private static func readCollationList(_ field: inout ByteBuffer) throws(MySQLBinlogError) -> [UInt16] {
        var list: [UInt16] = []
        while field.readableBytes > 0 {
            list.append(UInt16(truncatingIfNeeded: try field.readLengthEncodedInteger("collation")))
        }
        return list
    }

    private static func readMemberLists(_ field: inout ByteBuffer) throws(MySQLBinlogError) -> [[String]] {
        var lists: [[String]] = []
        while field.readableBytes > 0 {
            let count = try field.readLengthEncodedCount("member count")
            var members: [String] = []
            members.reserveCapacity(count)
            for _ in 0..<count {
                members.append(try field.readText(try field.readLengthEncodedCount("member"), "member"))
            }
            lists.append(members)
        }
        return lists
    }
}

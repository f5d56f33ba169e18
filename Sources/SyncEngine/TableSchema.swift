/// A source column's type, as much as mapping, encoding and comparing its values needs (MySQL 8.0/MariaDB 10.11
/// "Data Types"). Built from `information_schema.COLUMNS` by the MySQL source.
public struct ColumnType: Sendable, Hashable, Codable {
    /// The type family.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case tinyInt, smallInt, mediumInt, int, bigInt
        case decimal, float, double
        case bit
        case date, time, datetime, timestamp, year
        case char, varchar, text
        case binary, varbinary, blob
        case `enum`, set
        case json
        case geometry
    }

    /// The family.
    public var kind: Kind
    /// UNSIGNED (integers, and the deprecated unsigned DECIMAL/FLOAT/DOUBLE).
    public var isUnsigned: Bool
    /// Display width or length: TINYINT(1) has 1, VARCHAR(300) has 300, BIT(12) has 12; 0 when not given.
    public var length: Int
    /// DECIMAL precision.
    public var precision: Int
    /// DECIMAL scale.
    public var scale: Int
    /// Fractional seconds digits (TIME, DATETIME, TIMESTAMP), 0...6.
    public var fractionalDigits: Int
    /// ENUM / SET members in definition order.
    public var members: [String]
    /// The source's full type text (`information_schema.COLUMNS.COLUMN_TYPE`, e.g. `tinyint(1) unsigned`),
    /// matched by user type-mapping overrides (DIJob ColumnDataTypeSettings `SourceDataType`).
    public var sourceTypeText: String

    /// Creates a type.
    public init(
        kind: Kind, isUnsigned: Bool = false, length: Int = 0, precision: Int = 0, scale: Int = 0,
        fractionalDigits: Int = 0, members: [String] = [], sourceTypeText: String = ""
    ) {
        self.kind = kind
        self.isUnsigned = isUnsigned
        self.length = length
        self.precision = precision
        self.scale = scale
        self.fractionalDigits = fractionalDigits
        self.members = members
        self.sourceTypeText = sourceTypeText.isEmpty ? kind.rawValue : sourceTypeText
    }

    /// Integer families.
    public var isInteger: Bool { [.tinyInt, .smallInt, .mediumInt, .int, .bigInt, .year].contains(kind) }
    /// Families whose values are raw bytes, not text (BINARY, VARBINARY, BLOB, BIT, GEOMETRY).
    public var isBinary: Bool { [.binary, .varbinary, .blob, .bit, .geometry].contains(kind) }
    /// Families ordered as numbers.
    public var isNumeric: Bool { isInteger || [.decimal, .float, .double].contains(kind) }
}

/// One column of a table.
public struct ColumnSchema: Sendable, Hashable, Codable {
    /// Column name as the source spells it.
    public var name: String
    /// The type.
    public var type: ColumnType
    /// Whether NULL is allowed.
    public var isNullable: Bool
    /// Whether the source declares a default other than NULL (a literal or an expression). With `isNullable` it
    /// tells whether `ALTER TABLE ... ADD COLUMN` gives the rows already there a value, which no binlog row event
    /// carries (SchemaChangeHandler copies the table again then).
    public var hasDefault: Bool
    /// The default's value when it is a constant, in the text form the column's values take (`7`, `a'b`,
    /// `2024-01-01 00:00:00`); nil when there is no default, or it is NULL or an expression (CURRENT_TIMESTAMP).
    /// A destination that can give existing rows this value itself spares the copy (`ChangeSink.addColumnFilled`).
    public var defaultLiteral: String?

    /// Creates a column.
    public init(
        name: String, type: ColumnType, isNullable: Bool = true, hasDefault: Bool = false, defaultLiteral: String? = nil
    ) {
        self.name = name
        self.type = type
        self.isNullable = isNullable
        self.hasDefault = hasDefault || defaultLiteral != nil
        self.defaultLiteral = defaultLiteral
    }

    /// Whether adding this column to a table with rows fills them with something other than NULL: MySQL gives
    /// existing rows the column's default, or for a NOT NULL column without one the type's implicit default
    /// (MySQL manual, "Data Type Default Values").
    public var fillsExistingRows: Bool { !isNullable || hasDefault }

    private enum CodingKeys: String, CodingKey {
        case name, type, isNullable, hasDefault, defaultLiteral
    }

    /// Decodes a column; plans stored before `hasDefault` and `defaultLiteral` existed read false and nil.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        type = try container.decode(ColumnType.self, forKey: .type)
        isNullable = try container.decode(Bool.self, forKey: .isNullable)
        hasDefault = try container.decodeIfPresent(Bool.self, forKey: .hasDefault) ?? false
        defaultLiteral = try container.decodeIfPresent(String.self, forKey: .defaultLiteral)
    }
}

/// A schema-qualified table name: MySQL database + table, PostgreSQL schema + table.
public struct TableName: Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
    /// Database (MySQL) or schema (PostgreSQL).
    public var schema: String
    /// Table.
    public var name: String

    /// Creates a name.
    public init(schema: String, name: String) {
        self.schema = schema
        self.name = name
    }

    /// `schema.name`, unquoted (for messages and stats; never for SQL).
    public var description: String { "\(schema).\(name)" }

    public static func < (lhs: TableName, rhs: TableName) -> Bool {
        (lhs.schema, lhs.name) < (rhs.schema, rhs.name)
    }
}

/// A table's shape: columns in ordinal order and the key used for chunking, resume and verification.
public struct TableSchema: Sendable, Hashable, Codable {
    /// Where the table lives.
    public var name: TableName
    /// Columns in ordinal order.
    public var columns: [ColumnSchema]
    /// Primary key column names in key order; when the table has none, the columns of a NOT NULL unique key; empty
    /// when neither exists (the table is then read as one range).
    public var keyColumns: [String]
    /// Whether `keyColumns` is the primary key (false: a NOT NULL unique key stands in, or no key).
    public var keyIsPrimary: Bool
    /// Estimated row count (`information_schema.TABLES.TABLE_ROWS`), for planning and progress; may be off.
    public var estimatedRows: Int64

    /// Creates a schema.
    public init(
        name: TableName, columns: [ColumnSchema], keyColumns: [String], keyIsPrimary: Bool = true,
        estimatedRows: Int64 = 0
    ) {
        self.name = name
        self.columns = columns
        self.keyColumns = keyColumns
        self.keyIsPrimary = keyIsPrimary
        self.estimatedRows = estimatedRows
    }

    /// Indexes of the key columns in `columns`.
    public var keyIndexes: [Int] {
        keyColumns.compactMap { key in columns.firstIndex { $0.name == key } }
    }

    /// The column named `name`.
    public func column(named name: String) -> ColumnSchema? { columns.first { $0.name == name } }
}

/// What a live schema (information_schema.COLUMNS) knows about a table's columns, used to decode rows when
/// TABLE_MAP carries no optional metadata (`binlog_row_metadata=MINIMAL` on old servers, or none).
public struct TableSchema: Hashable, Sendable, Codable {
    /// One column of the live schema.
    public struct Column: Hashable, Sendable, Codable {
        /// Column name.
        public var name: String
        /// True for UNSIGNED numeric columns.
        public var unsigned: Bool
        /// Collation id for character columns (63 = binary), nil otherwise.
        public var collationID: UInt16?
        /// ENUM/SET members in definition order.
        public var members: [String]?

        /// The memberwise initialiser.
        public init(name: String, unsigned: Bool = false, collationID: UInt16? = nil, members: [String]? = nil) {
            self.name = name
            self.unsigned = unsigned
            self.collationID = collationID
            self.members = members
        }
    }

    /// Database name.
    public var database: String
    /// Table name.
    public var table: String
    /// Columns in table order.
    public var columns: [Column]
    /// Column indexes of the primary key.
    public var primaryKey: [Int]

    /// The memberwise initialiser.
    public init(database: String, table: String, columns: [Column], primaryKey: [Int] = []) {
        self.database = database
        self.table = table
        self.columns = columns
        self.primaryKey = primaryKey
    }

    /// Fills in column facts the table map lacks. The TABLE_MAP's own optional metadata wins where present;
    /// nothing is applied when the column counts differ (the schema is from another point in time).
    public func apply(to table: inout TableMapEvent) {
        guard columns.count == table.columns.count else { return }
        let metadata = table.optionalMetadata
        for index in columns.indices {
            let column = columns[index]
            if metadata.columnNames == nil { table.columns[index].name = column.name }
            if metadata.unsigned == nil, table.columns[index].realType.isNumeric {
                table.columns[index].unsigned = column.unsigned
            }
            if table.columns[index].collationID == nil { table.columns[index].collationID = column.collationID }
            if table.columns[index].members == nil { table.columns[index].members = column.members }
        }
    }
}

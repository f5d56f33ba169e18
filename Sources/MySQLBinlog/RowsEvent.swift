import NIOCore

/// WRITE/UPDATE/DELETE_ROWS events v1 (23-25, MySQL 5.6 and MariaDB) and v2 (30-32, MySQL 8+), and MySQL's
/// PARTIAL_UPDATE_ROWS (39, an UPDATE whose JSON columns may be written as diffs, see ``Row/partialJSON``): the row images
/// of one statement on one table (MySQL source documentation, "Rows_event": post-header table id + flags
/// [+ v2 extra-info length]; body column count, columns-present bitmap(s), then per row a NULL bitmap over
/// the present columns and the non-NULL values).
public struct RowsEvent: Hashable, Sendable {
    /// What the statement did.
    public enum Kind: Hashable, Sendable {
        case insert, update, delete
    }

    /// One changed row. Values are `nil` where the column is not in the image (partial images).
    public struct Row: Hashable, Sendable {
        /// The before image (UPDATE, DELETE).
        public var before: [MySQLValue?]?
        /// The after image (INSERT, UPDATE).
        public var after: [MySQLValue?]?

        /// The JSON diffs of the columns a PARTIAL_UPDATE_ROWS_EVENT wrote as changes (`binlog_row_value_options=
        /// PARTIAL_JSON`), by column index; empty for every other event. When the before image holds the column,
        /// the diffs are already applied and `after` has the whole new document; when it does not
        /// (`binlog_row_image=MINIMAL`), `after` has nil for the column and only these diffs describe the change.
        public var partialJSON: [Int: [JSONDiff]] = [:]

        /// The memberwise initialiser.
        public init(before: [MySQLValue?]?, after: [MySQLValue?]?) {
            self.before = before
            self.after = after
        }

        /// A row of a PARTIAL_UPDATE_ROWS_EVENT.
        public init(before: [MySQLValue?]?, after: [MySQLValue?]?, partialJSON: [Int: [JSONDiff]]) {
            self.before = before
            self.after = after
            self.partialJSON = partialJSON
        }
    }

    /// Insert, update or delete.
    public var kind: Kind
    /// The table id; matches the preceding TABLE_MAP.
    public var tableID: UInt64
    /// Rows-event flags; bit 0 (`STMT_END_F`) ends the statement.
    public var flags: UInt16
    /// The TABLE_MAP the rows were decoded with (nil only for the empty end-of-statement dummy).
    public var table: TableMapEvent?
    /// Number of columns in the table.
    public var columnCount: Int
    /// Columns present in the before image (or the only image for INSERT/DELETE).
    public var includedColumns: [Bool]
    /// Columns present in the after image of an UPDATE.
    public var includedColumnsAfterImage: [Bool]?
    /// The rows (empty when ``imageData`` holds them undecoded).
    public var rows: [Row]
    /// The row images undecoded, when the decoder was asked to leave them so (``BinlogDecoder/deferRowImages``):
    /// ``decodeCells()`` decodes them without allocating per value or per row. nil when ``rows`` holds them.
    public var imageData: ByteBuffer?

    /// The memberwise initialiser.
    public init(
        kind: Kind, tableID: UInt64, flags: UInt16, table: TableMapEvent?, columnCount: Int,
        includedColumns: [Bool], includedColumnsAfterImage: [Bool]?, rows: [Row]
    ) {
        self.kind = kind
        self.tableID = tableID
        self.flags = flags
        self.table = table
        self.columnCount = columnCount
        self.includedColumns = includedColumns
        self.includedColumnsAfterImage = includedColumnsAfterImage
        self.rows = rows
    }

    /// True when this is the last rows event of its statement.
    public var isStatementEnd: Bool { flags & 1 != 0 }

    /// The kind and row-format version of a rows event type, or nil for other types.
    static func classify(_ type: BinlogEventType) -> (kind: Kind, version: Int, compressed: Bool)? {
        switch type {
        case .writeRowsV1: return (.insert, 1, false)
        case .updateRowsV1: return (.update, 1, false)
        case .deleteRowsV1: return (.delete, 1, false)
        case .writeRowsV2: return (.insert, 2, false)
        case .updateRowsV2, .partialUpdateRows: return (.update, 2, false)
        case .deleteRowsV2: return (.delete, 2, false)
        case .writeRowsCompressedV1: return (.insert, 1, true)
        case .updateRowsCompressedV1: return (.update, 1, true)
        case .deleteRowsCompressedV1: return (.delete, 1, true)
        case .writeRowsCompressed: return (.insert, 2, true)
        case .updateRowsCompressed: return (.update, 2, true)
        case .deleteRowsCompressed: return (.delete, 2, true)
        default: return nil
        }
    }
}

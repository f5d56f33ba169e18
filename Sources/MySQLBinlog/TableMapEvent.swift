import NIOCore

/// TABLE_MAP_EVENT (type 19): maps a table id to a database, table and column types before its rows events
/// (MySQL source documentation, "Table_map_event": post-header 6-byte table id + 2-byte flags; body db, table,
/// column count, type bytes, metadata block, null bitmap, then the optional metadata TLVs of
/// `binlog_row_metadata`).
public struct TableMapEvent: Hashable, Sendable {
    /// The table id used by the following rows events.
    public var tableID: UInt64
    /// Table-map flags.
    public var flags: UInt16
    /// Database name.
    public var database: String
    /// Table name.
    public var table: String
    /// One descriptor per column, in table order.
    public var columns: [ColumnDescriptor]
    /// The optional metadata, when the server wrote it.
    public var optionalMetadata: TableMapOptionalMetadata

    /// The memberwise initialiser.
    public init(
        tableID: UInt64, flags: UInt16, database: String, table: String, columns: [ColumnDescriptor],
        optionalMetadata: TableMapOptionalMetadata
    ) {
        self.tableID = tableID
        self.flags = flags
        self.database = database
        self.table = table
        self.columns = columns
        self.optionalMetadata = optionalMetadata
    }

    static func decode(body: inout ByteBuffer, postHeaderLength: Int) throws(MySQLBinlogError) -> TableMapEvent {
        let tableID = try readTableID(&body, postHeaderLength: postHeaderLength)
        let flags = try body.readLE(UInt16.self, "table map flags")
        let databaseLength = try body.readLE(UInt8.self, "db length")
        let database = try body.readText(Int(databaseLength), "db name")
        try body.skip(1, "db terminator")
        let tableLength = try body.readLE(UInt8.self, "table length")
        let table = try body.readText(Int(tableLength), "table name")
        try body.skip(1, "table terminator")
        let count = try body.readLengthEncodedCount("column count")
        let types = try body.readByteArray(count, "column types")
        let metadataLength = try body.readLengthEncodedCount("metadata length")
        var metadata = try body.readSliceOrThrow(metadataLength, "column metadata")
        let nullBits = try body.readByteArray((count + 7) / 8, "null bitmap")
        var columns: [ColumnDescriptor] = []
        columns.reserveCapacity(count)
        for index in 0..<count {
            let type = ColumnType(rawValue: types[index])
            let meta = try readColumnMetadata(type, &metadata)
            let nullable = nullBits[index >> 3] & (1 << UInt8(index & 7)) != 0
            columns.append(ColumnDescriptor(type: type, metadata: meta, nullable: nullable))
        }
        var optional = try TableMapOptionalMetadata.decode(&body)
        optional.apply(to: &columns)
        return TableMapEvent(
            tableID: tableID, flags: flags, database: database, table: table, columns: columns,
            optionalMetadata: optional)
    }

    /// Reads the 6-byte (or, for old servers with post-header length 6, 4-byte) table id.
    static func readTableID(_ body: inout ByteBuffer, postHeaderLength: Int) throws(MySQLBinlogError) -> UInt64 {
        try body.readUIntLE(bytes: postHeaderLength == 6 ? 4 : 6, "table id")
    }

    private static func readColumnMetadata(_ type: ColumnType, _ metadata: inout ByteBuffer)
        throws(MySQLBinlogError) -> UInt16
    {
        switch type.metadataLength {
        case 1:
            return UInt16(try metadata.readLE(UInt8.self, "column metadata"))
        case 2:
            if type == .varchar || type == .varString || type == .bit {
                return try metadata.readLE(UInt16.self, "column metadata")
            }
            return try metadata.readBE(UInt16.self, "column metadata")
        default:
            return 0
        }
    }
}

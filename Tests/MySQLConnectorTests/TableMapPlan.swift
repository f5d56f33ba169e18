import MySQLBinlog
import SyncEngine

/// A plan of every column of a TABLE_MAP with names, the column types read from the binlog descriptors (kind,
/// signedness, CHAR/BINARY length, DECIMAL precision and scale, fractional digits, ENUM/SET members): for tests and
/// the BinlogDecode benchmark, which have no source schema to plan from. nil when a column has no name.
enum TableMapPlan {
    static func plan(_ table: TableMapEvent) -> TablePlan? {
        var columns: [ColumnSchema] = []
        for column in table.columns {
            guard let name = column.name else { return nil }
            columns.append(ColumnSchema(name: name, type: type(column)))
        }
        let name = TableName(schema: table.database, name: table.table)
        let source = TableSchema(name: name, columns: columns, keyColumns: columns.isEmpty ? [] : [columns[0].name])
        return TablePlan(source: source, destination: name)
    }

    static func type(_ column: ColumnDescriptor) -> SyncEngine.ColumnType {
        let metadata = Int(column.metadata)
        let binary = column.collationID == 63
        switch column.realType {
        case .tiny: return SyncEngine.ColumnType(kind: .tinyInt, isUnsigned: column.unsigned)
        case .short: return SyncEngine.ColumnType(kind: .smallInt, isUnsigned: column.unsigned)
        case .int24: return SyncEngine.ColumnType(kind: .mediumInt, isUnsigned: column.unsigned)
        case .long: return SyncEngine.ColumnType(kind: .int, isUnsigned: column.unsigned)
        case .longlong: return SyncEngine.ColumnType(kind: .bigInt, isUnsigned: column.unsigned)
        case .newDecimal, .decimal:
            return SyncEngine.ColumnType(kind: .decimal, isUnsigned: column.unsigned, precision: metadata >> 8, scale: metadata & 0xFF)
        case .float: return SyncEngine.ColumnType(kind: .float, isUnsigned: column.unsigned)
        case .double: return SyncEngine.ColumnType(kind: .double, isUnsigned: column.unsigned)
        case .bit: return SyncEngine.ColumnType(kind: .bit, length: (metadata >> 8) * 8 + metadata & 0xFF)
        case .year: return SyncEngine.ColumnType(kind: .year)
        case .date, .newdate: return SyncEngine.ColumnType(kind: .date)
        case .time, .time2: return SyncEngine.ColumnType(kind: .time, fractionalDigits: column.realType == .time2 ? metadata : 0)
        case .datetime, .datetime2:
            return SyncEngine.ColumnType(kind: .datetime, fractionalDigits: column.realType == .datetime2 ? metadata : 0)
        case .timestamp, .timestamp2:
            return SyncEngine.ColumnType(kind: .timestamp, fractionalDigits: column.realType == .timestamp2 ? metadata : 0)
        case .string: return SyncEngine.ColumnType(kind: binary ? .binary : .char, length: column.stringMaxLengthForPlan)
        case .varchar, .varString: return SyncEngine.ColumnType(kind: binary ? .varbinary : .varchar, length: metadata)
        case .blob, .tinyBlob, .mediumBlob, .longBlob: return SyncEngine.ColumnType(kind: binary ? .blob : .text)
        case .enumeration: return SyncEngine.ColumnType(kind: .enum, members: column.members ?? [])
        case .set: return SyncEngine.ColumnType(kind: .set, members: column.members ?? [])
        case .json: return SyncEngine.ColumnType(kind: .json)
        case .geometry: return SyncEngine.ColumnType(kind: .geometry)
        default: return SyncEngine.ColumnType(kind: .text)
        }
    }
}

extension ColumnDescriptor {
    /// CHAR(n)'s byte length from its TABLE_MAP metadata (MySQL "Table_map_event" packs length bits over 255 into
    /// the type byte).
    var stringMaxLengthForPlan: Int {
        let byte0 = Int(metadata >> 8)
        let byte1 = Int(metadata & 0xFF)
        return byte0 & 0x30 != 0x30 ? (((byte0 & 0x30) ^ 0x30) << 4) | byte1 : byte1
    }
}

import SyncEngine

/// How one column's interchange value is written in COPY binary format (PostgreSQL manual, COPY "Binary Format":
/// each field is the type's `send` representation, big-endian). Only the pairs of source kind and destination
/// type whose binary form Tide writes exactly are listed; a table with any other column is copied in text format.
/// Every value is checked as the server's text input would check it, so a row refused in binary is one the text
/// path would have refused too, with the same kind of message.
enum COPYBinaryColumn: Sendable, Hashable {
    /// `smallint`, `integer`, `bigint` from integer text; the width in bytes (2, 4, 8).
    case integer(width: Int)
    /// Character types from text: the bytes as they are, NUL bytes removed (PostgreSQL text cannot hold them:
    /// the same rule as the text path).
    case text
    /// `bytea` from raw bytes, as they are.
    case bytea
    /// `boolean` from TINYINT(1): `0` or `1`, anything else refuses the row.
    case boolean
    /// `date` (days since 2000-01-01 as int32) from `YYYY-MM-DD`.
    case date
    /// `timestamp` / `timestamptz` (microseconds since 2000-01-01 00:00:00 UTC as int64) from
    /// `YYYY-MM-DD HH:MM:SS[.ffffff]`; the session time zone is UTC (`PostgresSessionSettings`), so both read the
    /// interchange text the same way.
    case timestamp
    /// `numeric` from DECIMAL text (`-12.50`): sign, weight, display scale and base-10000 digits (the server
    /// normalises them and applies the column's precision and scale, as for text).
    case numeric
    /// `jsonb` from JSON text: format version 1, then the text (the server parses it as for text input); NUL bytes
    /// removed as in `.text`.
    case jsonb

    /// The encoding for `source` stored in a column printed by `format_type` as `destinationType`, or nil when
    /// this pair has no binary form here.
    static func forColumn(_ source: ColumnType, destinationType: String) -> COPYBinaryColumn? {
        let type = destinationType.lowercased()
        switch source.kind {
        case .tinyInt, .smallInt, .mediumInt, .int, .bigInt, .year:
            switch type {
            case "smallint": return .integer(width: 2)
            case "integer": return .integer(width: 4)
            case "bigint": return .integer(width: 8)
            case "boolean" where source.kind == .tinyInt: return .boolean
            default: return nil
            }
        case .json where type == "jsonb":
            return .jsonb
        case .json where type == "json":
            return .text
        case .char, .varchar, .text, .enum, .set, .json:
            return PostgresTypeFamily(typeText: type) == .character ? .text : nil
        case .binary, .varbinary, .blob:
            return type == "bytea" ? .bytea : nil
        case .date:
            return type == "date" ? .date : nil
        case .datetime, .timestamp:
            return type.hasPrefix("timestamp") ? .timestamp : nil
        case .decimal:
            return type.hasPrefix("numeric") ? .numeric : nil
        case .float, .double, .bit, .time, .geometry:
            return nil
        }
    }

    /// The name of the destination type in messages.
    var typeName: String {
        switch self {
        case .integer(width: 2): "smallint"
        case .integer(width: 4): "integer"
        case .integer: "bigint"
        case .text: "text"
        case .bytea: "bytea"
        case .boolean: "boolean"
        case .date: "date"
        case .timestamp: "timestamp"
        case .numeric: "numeric"
        case .jsonb: "jsonb"
        }
    }

    /// The most bytes the field (without its length word) can take for a value of `length` interchange bytes.
    func maximumLength(of length: Int) -> Int {
        switch self {
        case .integer(let width): width
        case .text, .bytea: length
        case .boolean: 1
        case .date: 4
        case .timestamp: 8
        case .numeric: 8 + 2 * (length / 4 + 2)  // header, then at most one base-10000 digit per 4 decimal digits + 2
        case .jsonb: 1 + length
        }
    }
}

import SyncEngine

/// How one column's interchange value is written in COPY text format (PostgreSQL manual, COPY "Text Format"),
/// chosen from the source type and the destination type family (docs/TYPE-MAPPING.md, "Value encoding").
enum COPYColumnEncoding: Sendable, Hashable {
    /// Text as is, with `\`, tab, newline and CR escaped and NUL bytes removed.
    case text
    /// DATE/DATETIME/TIMESTAMP: zero dates (zero year, month and day, or a zero month or day) become `\N` or
    /// refuse the row, by `SinkOptions.zeroDateAsNull`; other values as `.text`.
    case date
    /// Raw bytes as `\\x` + lower-case hex (bytea hex input, its backslash doubled for COPY).
    case bytea
    /// BIT(n) big-endian bytes as exactly n `0`/`1` characters (bit varying input).
    case bits(Int)
    /// TINYINT(1) as boolean: `0` is `f`, `1` is `t`, any other value refuses the row.
    case boolean

    /// The encoding for a source column stored in a destination column of type `destinationType`.
    static func forColumn(_ source: ColumnType, destinationType: String) -> COPYColumnEncoding {
        switch PostgresTypeFamily(typeText: destinationType) {
        case .bytea:
            return .bytea
        case .boolean:
            return .boolean
        case .bitString where source.kind == .bit:
            return .bits(PostgresTypeMapping.bitWidth(of: source))
        default:
            switch source.kind {
            case .date, .datetime, .timestamp: return .date
            default: return .text
            }
        }
    }
}

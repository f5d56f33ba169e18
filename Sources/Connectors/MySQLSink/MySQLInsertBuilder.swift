import MySQLClient
import NIOCore
import SyncEngine

/// Builds multi-row `INSERT` / `REPLACE` statements straight into bytes from interchange rows (MySQL Reference
/// Manual 15.2.7 "INSERT Statement", 11.1 "Literal Values"): numbers unquoted once checked to be numeric; BINARY,
/// VARBINARY, BLOB, BIT and GEOMETRY as `X'hex'`; everything else as `'...'` with NUL, quote, backslash, newline,
/// carriage return and Ctrl-Z escaped; NULL as `NULL`.
///
/// Write modes: `insert` is a plain INSERT; `replace` is REPLACE; `ignore` is INSERT ... ON DUPLICATE KEY UPDATE
/// `k` = `k` (a no-op update), which keeps existing rows like INSERT IGNORE but, unlike INSERT IGNORE, still
/// rejects bad values (too long, out of range) instead of silently truncating them under strict mode.
struct MySQLInsertBuilder {
    let prefix: String
    let suffix: String
    let kinds: [ColumnType.Kind]

    /// A builder for `plan`'s destination in `mode`.
    init(plan: TablePlan, mode: WriteMode) {
        let table = MySQLSQLText.quoteIdentifier(schema: plan.destination.schema, table: plan.destination.name)
        let columns = plan.destinationColumns.map(MySQLSQLText.quoteIdentifier).joined(separator: ",")
        let verb = mode == .replace ? "REPLACE INTO " : "INSERT INTO "
        prefix = verb + table + " (" + columns + ") VALUES "
        if mode == .ignore, let first = plan.destinationColumns.first {
            let keyName = plan.keyIndexesInRow.map { plan.destinationColumns[$0[0]] } ?? first
            let quoted = MySQLSQLText.quoteIdentifier(keyName)
            suffix = " ON DUPLICATE KEY UPDATE \(quoted) = \(quoted)"
        } else {
            suffix = ""
        }
        kinds = plan.columns.map(\.type.kind)
    }

    /// Starts a statement in `buffer` (cleared first).
    func begin(_ buffer: inout ByteBuffer) {
        buffer.clear()
        buffer.writeString(prefix)
    }

    /// Appends one row's `(v1,v2,...)`, preceded by a comma unless it is the first row.
    func append(_ row: Row, first: Bool, to buffer: inout ByteBuffer) {
        if !first { buffer.writeInteger(UInt8(ascii: ",")) }
        buffer.writeInteger(UInt8(ascii: "("))
        for index in 0..<row.count {
            if index > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
            Self.appendLiteral(row[index], kind: index < kinds.count ? kinds[index] : .text, to: &buffer)
        }
        buffer.writeInteger(UInt8(ascii: ")"))
    }

    /// Appends one value as a literal of a column of `kind`: NULL, an unquoted number (once checked to be numeric),
    /// `X'hex'` for binary families, otherwise an escaped string literal. Shared with the change applier's
    /// DELETE statements so that keys are written exactly as the rows were.
    static func appendLiteral(_ value: ByteBuffer?, kind: ColumnType.Kind, to buffer: inout ByteBuffer) {
        guard let value else {
            buffer.writeStaticString("NULL")
            return
        }
        switch kind {
        case .tinyInt, .smallInt, .mediumInt, .int, .bigInt, .decimal, .float, .double, .year:
            if MySQLSQLText.isNumericLiteral(value.readableBytesView) {
                buffer.writeImmutableBuffer(value)
            } else {
                MySQLSQLText.appendStringLiteral(value.readableBytesView, to: &buffer)
            }
        case .binary, .varbinary, .blob, .bit, .geometry:
            MySQLSQLText.appendHexLiteral(value.readableBytesView, to: &buffer)
        default:
            MySQLSQLText.appendStringLiteral(value.readableBytesView, to: &buffer)
        }
    }

    /// Ends the statement.
    func end(_ buffer: inout ByteBuffer) {
        buffer.writeString(suffix)
    }

    /// A one-row statement.
    func single(_ row: Row) -> ByteBuffer {
        var buffer = ByteBuffer()
        begin(&buffer)
        append(row, first: true, to: &buffer)
        end(&buffer)
        return buffer
    }
}

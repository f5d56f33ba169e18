import MySQLClient
import SyncEngine

/// The SELECT of `OrderedTableReader.readOrdered` for MySQL: the plan's columns of one side, ordered by the key
/// in binary order (numbers and temporal values by value; CHAR, VARCHAR, TEXT, ENUM, SET, JSON by
/// `CAST(k AS BINARY)`; binary types by their bytes already). Keyless tables are ordered by every column.
package enum MySQLOrderedSelect {
    /// The statement for `side` of `plan`.
    package static func sql(_ plan: TablePlan, side: TableSide) throws -> String {
        let table = side == .source ? plan.source.name : plan.destination
        guard plan.columns.count == plan.destinationColumns.count else {
            throw SyncEngineError(.invalidConfiguration, "the plan of \(plan.source.name) has mismatched column lists")
        }
        let names = side == .source ? plan.columns.map(\.name) : plan.destinationColumns
        // Key columns as (name on this side, type); a key column not read falls back to ordering by every column.
        var order: [(String, ColumnSchema)] = []
        if let keyIndexes = plan.keyIndexesInRow {
            order = keyIndexes.map { (names[$0], plan.columns[$0]) }
        } else {
            order = plan.columns.indices.map { (names[$0], plan.columns[$0]) }
        }
        let select = zip(names, plan.columns).map { name, column in
            let quoted = MySQLSQLText.quoteIdentifier(name)
            return column.type.kind == .float ? "(\(quoted) + 0e0)" : quoted
        }
        let orderBy = order.map { name, column in
            let quoted = MySQLSQLText.quoteIdentifier(name)
            switch column.type.kind {
            case .char, .varchar, .text, .enum, .set, .json: return "CAST(\(quoted) AS BINARY)"
            default: return quoted
            }
        }
        var sql = "SELECT \(select.joined(separator: ", ")) FROM "
        sql += MySQLSQLText.quoteIdentifier(schema: table.schema, table: table.name)
        let filter = plan.whereClause.trimmingPrefixSpaces()
        if side == .source, !filter.isEmpty { sql += " WHERE (\(filter))" }
        // HandleDml LogicalDelete: destination rows marked deleted are not the source's rows.
        if side == .destination, let marker = plan.logicalDeleteColumn {
            sql += " WHERE " + MySQLSQLText.quoteIdentifier(marker) + " = 0"
        }
        if !orderBy.isEmpty { sql += " ORDER BY " + orderBy.joined(separator: ", ") }
        return sql
    }
}

import MySQLClient
import MySQLWire
import SyncEngine

extension MySQLSink {
    /// Streams a whole table of either side ordered by its key in binary order (`OrderedTableReader`); for
    /// MySQL-to-MySQL verification the destination side reads `plan.destination` with `plan.destinationColumns`.
    public func readOrdered(
        _ plan: TablePlan, side: TableSide, limits: BatchLimits, _ body: (RowBatch) async throws -> Void
    ) async throws {
        let sql = try MySQLSinkOrderedSelect.sql(plan, side: side)
        let table = side == .source ? plan.source.name : plan.destination
        let connection: MySQLConnection
        do {
            connection = try await pool.acquireConnection()
        } catch {
            throw SyncEngineError(.destinationFailed, "reading \(table) in key order: \(error)")
        }
        do {
            let rows = try await connection.query(sql)
            while true {
                try Task.checkCancellation()
                let raw = try await rows.nextBatch(maxRows: limits.rows, maxBytes: limits.bytes)
                if raw.isEmpty { break }
                var batch = RowBatch()
                batch.rows.reserveCapacity(raw.count)
                for row in raw { batch.append(Row(values: row.values)) }
                try await body(batch)
            }
            await pool.releaseConnection(connection)
        } catch {
            await connection.close()
            await pool.releaseConnection(connection)
            if error is SyncEngineError || error is CancellationError { throw error }
            throw SyncEngineError(.destinationFailed, "reading \(table) in key order: \(error)")
        }
    }
}

/// The ordered SELECT (the same rules as the MySQL source's reader: string-like keys by `CAST(k AS BINARY)`,
/// FLOAT as `c + 0e0`, keyless tables by every column).
enum MySQLSinkOrderedSelect {
    /// The statement for `side` of `plan`.
    static func sql(_ plan: TablePlan, side: TableSide) throws -> String {
        guard plan.columns.count == plan.destinationColumns.count else {
            throw SyncEngineError(.invalidConfiguration, "the plan of \(plan.source.name) has mismatched column lists")
        }
        let table = side == .source ? plan.source.name : plan.destination
        let names = side == .source ? plan.columns.map(\.name) : plan.destinationColumns
        let order = plan.keyIndexesInRow ?? Array(plan.columns.indices)
        let select = plan.columns.indices.map { index in
            let quoted = MySQLSQLText.quoteIdentifier(names[index])
            return plan.columns[index].type.kind == .float ? "(\(quoted) + 0e0)" : quoted
        }
        let orderBy = order.map { index in
            let quoted = MySQLSQLText.quoteIdentifier(names[index])
            switch plan.columns[index].type.kind {
            case .char, .varchar, .text, .enum, .set, .json: return "CAST(\(quoted) AS BINARY)"
            default: return quoted
            }
        }
        var sql = "SELECT \(select.joined(separator: ", ")) FROM "
        sql += MySQLSQLText.quoteIdentifier(schema: table.schema, table: table.name)
        let filter = plan.whereClause.drop { $0 == " " }
        if side == .source, !filter.isEmpty { sql += " WHERE (\(filter))" }
        if !orderBy.isEmpty { sql += " ORDER BY " + orderBy.joined(separator: ", ") }
        return sql
    }
}

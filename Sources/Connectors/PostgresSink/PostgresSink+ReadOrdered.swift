import NIOCore
import PostgresNIO
import SyncEngine

extension PostgresSink {
    /// Streams the destination table of `plan` in key order for verification (OrderedTableReader; issue 4
    /// item 6): `SELECT c::text ... ORDER BY k [COLLATE "C"]`, character keys in byte order, every value converted
    /// back to the interchange form of its source type (`InterchangeConversion`). Rows are pulled from the server
    /// only as fast as `body` accepts batches. Only `side == .destination` is supported.
    public func readOrdered(
        _ plan: TablePlan, side: TableSide, limits: BatchLimits, _ body: (RowBatch) async throws -> Void
    ) async throws {
        guard side == .destination else {
            throw SyncEngineError(.invalidConfiguration, "the PostgreSQL sink reads only the destination side")
        }
        try await pool.withConnection { connection in
            let query: String
            let conversions: [InterchangeConversion]
            do {
                let types = try await destinationTypes(of: plan.destination, on: connection)
                (query, conversions) = try orderedQuery(plan, destinationTypes: types)
            } catch {
                throw PostgresErrorText.wrapped(error, .destinationFailed, context: "reading \(plan.destination)")
            }
            var batch = RowBatch()
            do {
                let rows = try await connection.query(PostgresQuery(unsafeSQL: query), logger: logger)
                for try await row in rows {
                    var values: [ByteBuffer?] = []
                    values.reserveCapacity(conversions.count)
                    for (cell, conversion) in zip(row, conversions) {
                        values.append(cell.bytes.map(conversion.convert))
                    }
                    batch.append(Row(values: values))
                    if batch.isFull(limits) {
                        try await body(batch)
                        batch = RowBatch()
                    }
                }
            } catch {
                throw PostgresErrorText.wrapped(error, .destinationFailed, context: "reading \(plan.destination)")
            }
            if !batch.rows.isEmpty { try await body(batch) }
        }
    }

    /// The destination table's column types; `notFound` when it does not exist.
    private func destinationTypes(
        of table: TableName, on connection: PostgresConnection
    ) async throws -> [String: String] {
        let types = try await PostgresCatalog.columnTypes(of: table, on: connection, logger: logger)
        guard !types.isEmpty else {
            throw SyncEngineError(.notFound, "destination table \(table) does not exist")
        }
        return types
    }

    /// The SELECT and the per-column conversions.
    private func orderedQuery(
        _ plan: TablePlan, destinationTypes: [String: String]
    ) throws -> (String, [InterchangeConversion]) {
        var selects: [String] = []
        var conversions: [InterchangeConversion] = []
        var families: [PostgresTypeFamily] = []
        for (column, name) in zip(plan.columns, plan.destinationColumns) {
            guard let type = destinationTypes[name] else {
                throw SyncEngineError(.notFound, "column \(name) does not exist in \(plan.destination)")
            }
            selects.append(PostgresIdentifier.quoted(name) + "::text")
            conversions.append(InterchangeConversion(source: column.type, destinationType: type))
            families.append(PostgresTypeFamily(typeText: type))
        }
        let orderIndexes = plan.keyIndexesInRow ?? Array(plan.columns.indices)
        let order = orderIndexes.map { index in
            // Qualified, so that ORDER BY names the table's column and not the ::text output column of that name.
            let quoted = "\"_tide_t\"." + PostgresIdentifier.quoted(plan.destinationColumns[index])
            return families[index] == .character ? quoted + " COLLATE \"C\"" : quoted
        }
        var sql =
            "SELECT " + selects.joined(separator: ", ") + " FROM " + PostgresIdentifier.qualified(plan.destination)
            + " AS \"_tide_t\""
        // HandleDml LogicalDelete: rows marked deleted are not the source's rows.
        if let column = plan.logicalDeleteColumn {
            sql += " WHERE NOT \"_tide_t\"." + PostgresIdentifier.quoted(column)
        }
        if !order.isEmpty { sql += " ORDER BY " + order.joined(separator: ", ") }
        return (sql, conversions)
    }
}

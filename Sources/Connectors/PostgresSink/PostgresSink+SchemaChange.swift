import PostgresNIO
import SyncEngine

extension PostgresSink {
    /// Applies one schema change to the destination of `plan` (issue 5 item 6; ChangeSink.applySchemaChange):
    /// ADD/DROP/RENAME COLUMN, ALTER COLUMN TYPE, TRUNCATE, DROP TABLE IF EXISTS, or CREATE TABLE IF NOT EXISTS
    /// with the same DDL as `prepare`. Each runs as one statement (PostgreSQL DDL is transactional). Repeating a
    /// change that already took effect is harmless (a restart may replay it). Afterwards the cached catalog types
    /// of the table are forgotten, so the next batch stages for the table as it now is.
    public func applySchemaChange(
        _ change: DestinationSchemaChange, table plan: TablePlan, options: SinkOptions
    ) async throws {
        changeCache.zeroDateAsNull = options.zeroDateAsNull
        defer { changeCache.forget([plan.destination]) }
        let table = PostgresIdentifier.qualified(plan.destination)
        let context = "applying \(Self.describe(change)) to \(plan.destination)"
        try await pool.withConnection { connection in
            switch change {
            case .addColumn(let column, let name):
                try await run(
                    Self.addColumn(column, as: name, to: plan.destination, options: options), on: connection,
                    context: context)
            case .dropColumn(let name):
                try await run(
                    "ALTER TABLE \(table) DROP COLUMN IF EXISTS \(PostgresIdentifier.quoted(name))",
                    on: connection, context: context)
            case .renameColumn(let from, let to):
                let types = try await columnTypes(of: plan.destination, on: connection, context: context)
                guard types[from] != nil || types[to] == nil else { return }  // already renamed
                try await run(
                    "ALTER TABLE \(table) RENAME COLUMN \(PostgresIdentifier.quoted(from)) TO "
                        + PostgresIdentifier.quoted(to), on: connection, context: context)
            case .alterColumnType(let column, let name):
                let type = PostgresTypeMapping.destinationType(for: column.type, options: options)
                let quoted = PostgresIdentifier.quoted(name)
                try await run(
                    "ALTER TABLE \(table) ALTER COLUMN \(quoted) TYPE \(type) USING \(quoted)::\(type)",
                    on: connection, context: context)
            case .truncate:
                try await run(PostgresDDL.truncate(plan.destination), on: connection, context: context)
            case .dropTable:
                try await run("DROP TABLE IF EXISTS \(table)", on: connection, context: context)
            case .createTable:
                try await runCreating(
                    PostgresDDL.createSchema(plan.destination.schema), on: connection, context: context)
                try await runCreating(PostgresDDL.createTable(plan, options: options), on: connection, context: context)
            }
        }
    }

    /// ADD COLUMN with `DEFAULT` (PostgreSQL 11+ stores the value once instead of rewriting the table; ChangeSink
    /// .addColumnFilled). Only for a constant `PostgresTypeMapping.defaultValue` takes; a statement the server
    /// refuses (a value the destination type cannot hold) changes nothing and returns false, so the table is
    /// copied instead. A column already there (the DDL replayed after a restart) is left as it is.
    public func addColumnFilled(
        _ column: ColumnSchema, destinationName: String, table plan: TablePlan, options: SinkOptions
    ) async throws -> Bool {
        guard let literal = column.defaultLiteral,
            let value = PostgresTypeMapping.defaultValue(literal, for: column.type, options: options)
        else { return false }
        defer { changeCache.forget([plan.destination]) }
        let statement = Self.addColumn(column, as: destinationName, to: plan.destination, options: options, default: value)
        return try await pool.withConnection { connection in
            // Hologres documents no DEFAULT on ADD COLUMN that fills existing rows: it gets the copy.
            guard try await !isHologres(on: connection) else { return false }
            do {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                return true
            } catch where PostgresErrorText.isDataError(error) || PostgresErrorText.sqlState(error) == "0A000" {
                logger.info(
                    "the destination refused the column's default; the table is copied instead",
                    metadata: [
                        "table": "\(plan.destination)", "column": "\(destinationName)",
                        "error": "\(PostgresErrorText.message(error))",
                    ])
                return false
            } catch {
                throw PostgresErrorText.wrapped(
                    error, .destinationFailed, context: "adding column \(destinationName) to \(plan.destination)")
            }
        }
    }

    /// `ALTER TABLE ... ADD COLUMN IF NOT EXISTS name type [DEFAULT value]`, the type mapped as for CREATE TABLE.
    private static func addColumn(
        _ column: ColumnSchema, as name: String, to table: TableName, options: SinkOptions, default value: String? = nil
    ) -> String {
        let type = PostgresTypeMapping.destinationType(for: column.type, options: options)
        return "ALTER TABLE \(PostgresIdentifier.qualified(table)) ADD COLUMN IF NOT EXISTS "
            + "\(PostgresIdentifier.quoted(name)) \(type)" + (value.map { " DEFAULT \($0)" } ?? "")
    }

    private func columnTypes(
        of table: TableName, on connection: PostgresConnection, context: String
    ) async throws -> [String: String] {
        do {
            return try await PostgresCatalog.columnTypes(of: table, on: connection, logger: logger)
        } catch {
            throw PostgresErrorText.wrapped(error, .destinationFailed, context: context)
        }
    }

    /// A short name of the change for messages.
    private static func describe(_ change: DestinationSchemaChange) -> String {
        switch change {
        case .addColumn(_, let name): "ADD COLUMN \(name)"
        case .dropColumn(let name): "DROP COLUMN \(name)"
        case .renameColumn(let from, let to): "RENAME COLUMN \(from) TO \(to)"
        case .alterColumnType(_, let name): "ALTER COLUMN \(name) TYPE"
        case .truncate: "TRUNCATE"
        case .dropTable: "DROP TABLE"
        case .createTable: "CREATE TABLE"
        }
    }
}

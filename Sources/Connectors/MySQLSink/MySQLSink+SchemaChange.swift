import MySQLClient
import SyncEngine

/// DDL on the destination for source DDL under DIJob DdlHandlingSettings `Normal` (issue 5 item 6). MySQL to
/// MySQL keeps the source's type text (`MySQLTableDDL.typeText`, user overrides honoured). MySQL commits each DDL
/// statement on its own, so a change is replayed after a crash between it and the next checkpoint: replaying one
/// already applied is a no-op (an existing column to add, a missing column to drop, a rename already done).
extension MySQLSink {
    /// Server errors meaning a replayed change was already applied: duplicate column name (1060), can't drop a
    /// missing column (1091), unknown column (1054, for a rename whose target then exists).
    private static let alreadyAppliedCodes: Set<UInt16> = [1060, 1091, 1054]

    /// Applies `change` to `plan.destination`; see `ChangeSink.applySchemaChange`.
    public func applySchemaChange(_ change: DestinationSchemaChange, table plan: TablePlan, options: SinkOptions)
        async throws
    {
        let table = MySQLSQLText.quoteIdentifier(schema: plan.destination.schema, table: plan.destination.name)
        let quote = MySQLSQLText.quoteIdentifier as (String) -> String
        let statements: [String]
        switch change {
        case .addColumn(let column, let name):
            statements = [
                "ALTER TABLE \(table) ADD COLUMN "
                    + Self.definition(column, named: name, plan: plan, options: options, nullable: true)
            ]
        case .dropColumn(let name):
            statements = ["ALTER TABLE \(table) DROP COLUMN \(quote(name))"]
        case .renameColumn(let from, let to):
            statements = ["ALTER TABLE \(table) RENAME COLUMN \(quote(from)) TO \(quote(to))"]
        case .alterColumnType(let column, let name):
            statements = [
                "ALTER TABLE \(table) MODIFY COLUMN "
                    + Self.definition(column, named: name, plan: plan, options: options, nullable: column.isNullable)
            ]
        case .truncate:
            statements = ["TRUNCATE TABLE \(table)"]
        case .dropTable:
            statements = ["DROP TABLE IF EXISTS \(table)"]
        case .createTable:
            statements = [
                "CREATE DATABASE IF NOT EXISTS \(quote(plan.destination.schema)) CHARACTER SET utf8mb4",
                try MySQLTableDDL.createTable(plan, options: options),
            ]
        }
        try await withConnection("applying \(Self.describe(change)) to \(plan.destination)") { connection in
            for statement in statements {
                do {
                    try await connection.execute(statement)
                } catch let error as MySQLClientError {
                    guard let code = error.serverError?.code, Self.alreadyAppliedCodes.contains(code),
                        try await Self.isApplied(change, plan: plan, on: connection)
                    else { throw error }
                }
            }
        }
    }

    /// Whether the destination already has the shape `change` leads to (for the replay of a column change).
    private static func isApplied(_ change: DestinationSchemaChange, plan: TablePlan, on connection: MySQLConnection)
        async throws -> Bool
    {
        let existing = try await connection.simpleQuery(
            "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = "
                + MySQLSQLText.stringLiteral(plan.destination.schema) + " AND TABLE_NAME = "
                + MySQLSQLText.stringLiteral(plan.destination.name)
        ).compactMap { $0[0]?.lowercased() }
        switch change {
        case .addColumn(_, let name): return existing.contains(name.lowercased())
        case .dropColumn(let name): return !existing.contains(name.lowercased())
        case .renameColumn(let from, let to):
            return existing.contains(to.lowercased()) && !existing.contains(from.lowercased())
        default: return false
        }
    }

    /// `` `name` type [CHARACTER SET utf8mb4 COLLATE utf8mb4_bin] NULL|NOT NULL `` as `MySQLTableDDL` writes it
    /// (key string columns compare in binary).
    private static func definition(
        _ column: ColumnSchema, named name: String, plan: TablePlan, options: SinkOptions, nullable: Bool
    ) -> String {
        var text = MySQLSQLText.quoteIdentifier(name) + " " + MySQLTableDDL.typeText(column, options)
        let keyNames = (plan.keyIndexesInRow ?? []).map { plan.destinationColumns[$0] }
        if keyNames.contains(name), [.char, .varchar].contains(column.type.kind) {
            text += " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
        }
        return text + (nullable ? " NULL" : " NOT NULL")
    }

    private static func describe(_ change: DestinationSchemaChange) -> String {
        switch change {
        case .addColumn(_, let name): "ADD COLUMN \(name)"
        case .dropColumn(let name): "DROP COLUMN \(name)"
        case .renameColumn(let from, let to): "RENAME COLUMN \(from) TO \(to)"
        case .alterColumnType(_, let name): "MODIFY COLUMN \(name)"
        case .truncate: "TRUNCATE TABLE"
        case .dropTable: "DROP TABLE"
        case .createTable: "CREATE TABLE"
        }
    }
}

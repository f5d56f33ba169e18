import MySQLClient
import SyncEngine

/// `CREATE TABLE IF NOT EXISTS` for a destination table from the source schema: each read column with its
/// source type text (`COLUMN_TYPE`; JSON as `json`, a user override when `typeOverrides` names the type text or
/// its bare type name), `NOT NULL` as in the source, the key as PRIMARY KEY (or UNIQUE when the source's key is a
/// unique index), InnoDB, utf8mb4. String key columns get `COLLATE utf8mb4_bin`, so that keys the source holds
/// as distinct (case or accent variants under a binary source collation) stay distinct.
enum MySQLTableDDL {
    /// The statement for `plan`.
    static func createTable(_ plan: TablePlan, options: SinkOptions) throws -> String {
        guard plan.columns.count == plan.destinationColumns.count else {
            throw SyncEngineError(.invalidConfiguration, "the plan of \(plan.source.name) has mismatched column lists")
        }
        let keyIndexes = plan.keyIndexesInRow ?? []
        var parts: [String] = []
        for (index, column) in plan.columns.enumerated() {
            var definition = MySQLSQLText.quoteIdentifier(plan.destinationColumns[index]) + " " + typeText(column, options)
            if keyIndexes.contains(index), [.char, .varchar].contains(column.type.kind) {
                definition += " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
            }
            definition += column.isNullable ? " NULL" : " NOT NULL"
            parts.append(definition)
        }
        if let marker = plan.logicalDeleteColumn { parts.append(logicalDeleteColumnDefinition(marker)) }
        if !keyIndexes.isEmpty {
            let names = keyIndexes.map { MySQLSQLText.quoteIdentifier(plan.destinationColumns[$0]) }.joined(separator: ", ")
            parts.append(plan.source.keyIsPrimary ? "PRIMARY KEY (\(names))" : "UNIQUE KEY `tide_key` (\(names))")
        }
        return "CREATE TABLE IF NOT EXISTS "
            + MySQLSQLText.quoteIdentifier(schema: plan.destination.schema, table: plan.destination.name)
            + " (" + parts.joined(separator: ", ") + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"
    }

    /// The column that marks a row deleted at the source (HandleDml `LogicalDelete`; `TablePlan.logicalDeleteColumn`).
    static func logicalDeleteColumnDefinition(_ column: String) -> String {
        MySQLSQLText.quoteIdentifier(column) + " TINYINT(1) NOT NULL DEFAULT 0"
    }

    /// The destination type of one column.
    static func typeText(_ column: ColumnSchema, _ options: SinkOptions) -> String {
        let text = column.type.sourceTypeText
        let bare = withoutArguments(text.lowercased())
        for (source, destination) in options.typeOverrides {
            let wanted = source.lowercased()
            if wanted == text.lowercased() || wanted == bare { return destination }
        }
        if column.type.kind == .json { return "json" }
        return text
    }

    /// `bigint(20) unsigned` -> `bigint unsigned`: the type text without parenthesised arguments.
    static func withoutArguments(_ text: String) -> String {
        var result = ""
        var depth = 0
        for character in text {
            if character == "(" { depth += 1 } else if character == ")" { depth = max(0, depth - 1) } else if depth == 0 {
                result.append(character)
            }
        }
        return result.split(separator: " ").joined(separator: " ")
    }
}

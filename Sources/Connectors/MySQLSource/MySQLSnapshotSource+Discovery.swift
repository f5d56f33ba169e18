import MySQLClient
import SyncEngine

extension MySQLSnapshotSource {
    /// The schema of every selected base table (views excluded), ordered by (database, table). Columns come from
    /// `information_schema.COLUMNS` in ordinal order; the key is the PRIMARY KEY, else the first (by name) UNIQUE
    /// index whose columns are all NOT NULL (`information_schema.STATISTICS`); the row estimate is
    /// `TABLES.TABLE_ROWS`. MariaDB JSON columns are recognised by their `json_valid` CHECK constraint.
    public func discoverTables(_ selection: TableSelection) async throws -> [TableSchema] {
        let matcher = try TableSelectionMatcher(selection)
        let tables = try await withConnection("reading the source's table list") { try await Self.baseTables($0) }
        let selected = tables.keys.filter { matcher.selects($0) }.sorted()
        for name in matcher.exactTables where tables[name] == nil {
            throw SyncEngineError(.notFound, "table \(name) does not exist")
        }
        guard !selected.isEmpty else { return [] }
        let schemas = Set(selected.map(\.schema)).sorted().map(MySQLSQLText.stringLiteral).joined(separator: ",")
        let (columns, uniqueIndexes) = try await withConnection("reading the source's columns and keys") { connection in
            let jsonColumns = try await Self.mariaDBJSONColumns(connection, schemas: schemas)
            let columns = try await Self.columns(connection, schemas: schemas, jsonColumns: jsonColumns)
            return (columns, try await Self.uniqueIndexes(connection, schemas: schemas))
        }
        return try selected.map { name in
            guard let tableColumns = columns[name], !tableColumns.isEmpty else {
                throw SyncEngineError(.notFound, "table \(name) has no readable columns")
            }
            let (key, isPrimary) = Self.chooseKey(uniqueIndexes[name] ?? [], columns: tableColumns)
            return TableSchema(
                name: name, columns: tableColumns, keyColumns: key, keyIsPrimary: isPrimary,
                estimatedRows: tables[name] ?? 0)
        }
    }

    private static func baseTables(_ connection: MySQLConnection) async throws -> [TableName: Int64] {
        let rows = try await connection.simpleQuery(
            "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_TYPE = 'BASE TABLE'")
        var tables: [TableName: Int64] = [:]
        for row in rows {
            guard let schema = row[0], let name = row[1] else { continue }
            tables[TableName(schema: schema, name: name)] = Int64(row[2] ?? "0") ?? 0
        }
        return tables
    }

    private static func mariaDBJSONColumns(_ connection: MySQLConnection, schemas: String) async throws -> Set<String> {
        guard await connection.isMariaDB else { return [] }
        let rows = try await connection.simpleQuery(
            "SELECT CONSTRAINT_SCHEMA, TABLE_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS"
                + " WHERE CONSTRAINT_SCHEMA IN (\(schemas)) AND CHECK_CLAUSE LIKE 'json_valid(%'")
        var result: Set<String> = []
        for row in rows {
            guard let schema = row[0], let table = row[1], let clause = row[2] else { continue }
            // `json_valid(`col`)`, with backticks in the name doubled.
            guard clause.hasPrefix("json_valid(`"), clause.hasSuffix("`)") else { continue }
            let quoted = clause.dropFirst("json_valid(`".count).dropLast(2)
            let column = quoted.split(separator: "``", omittingEmptySubsequences: false).joined(separator: "`")
            result.insert(jsonKey(schema, table, column))
        }
        return result
    }

    private static func jsonKey(_ schema: String, _ table: String, _ column: String) -> String {
        "\(schema)\u{0}\(table)\u{0}\(column)"
    }

    private static func columns(
        _ connection: MySQLConnection, schemas: String, jsonColumns: Set<String>
    ) async throws -> [TableName: [ColumnSchema]] {
        // COLUMN_DEFAULT and EXTRA are read by MySQLColumnDefault (the two flavours spell defaults differently).
        let isMariaDB = await connection.isMariaDB
        let rows = try await connection.simpleQuery(
            "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, DATA_TYPE, IS_NULLABLE, CHARACTER_MAXIMUM_LENGTH,"
                + " COLUMN_DEFAULT, EXTRA FROM information_schema.COLUMNS WHERE TABLE_SCHEMA IN (\(schemas))"
                + " ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION")
        var result: [TableName: [ColumnSchema]] = [:]
        for row in rows {
            guard let schema = row[0], let table = row[1], let column = row[2], let columnType = row[3] else { continue }
            let type: ColumnType
            do {
                type = try MySQLColumnTypeParser.parse(
                    columnType: columnType, dataType: row[4] ?? "", characterMaximumLength: row[6].flatMap { Int64($0) },
                    isJSON: jsonColumns.contains(jsonKey(schema, table, column)))
            } catch let error as SyncEngineError {
                throw SyncEngineError(error.code, "\(schema).\(table).\(column): \(error.message)")
            }
            let name = TableName(schema: schema, name: table)
            let columnDefault = MySQLColumnDefault(columnDefault: row[7], extra: row[8], isMariaDB: isMariaDB)
            result[name, default: []].append(
                ColumnSchema(
                    name: column, type: type, isNullable: row[5] == "YES", hasDefault: columnDefault.isNonNull,
                    defaultLiteral: columnDefault.literal))
        }
        return result
    }

    private static func uniqueIndexes(
        _ connection: MySQLConnection, schemas: String
    ) async throws -> [TableName: [UniqueIndex]] {
        let rows = try await connection.simpleQuery(
            "SELECT TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, COLUMN_NAME FROM information_schema.STATISTICS"
                + " WHERE TABLE_SCHEMA IN (\(schemas)) AND NON_UNIQUE = 0"
                + " ORDER BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX")
        var result: [TableName: [UniqueIndex]] = [:]
        for row in rows {
            guard let schema = row[0], let table = row[1], let index = row[2], let column = row[3] else { continue }
            let name = TableName(schema: schema, name: table)
            var indexes = result[name] ?? []
            if let last = indexes.indices.last, indexes[last].name == index {
                indexes[last].columns.append(column)
            } else {
                indexes.append(UniqueIndex(name: index, columns: [column]))
            }
            result[name] = indexes
        }
        return result
    }

    /// PRIMARY, else the first unique index (by name) whose columns all exist and are NOT NULL; else none.
    static func chooseKey(_ indexes: [UniqueIndex], columns: [ColumnSchema]) -> ([String], Bool) {
        if let primary = indexes.first(where: { $0.name == "PRIMARY" }) { return (primary.columns, true) }
        for index in indexes {
            let usable = index.columns.allSatisfy { name in columns.contains { $0.name == name && !$0.isNullable } }
            if usable { return (index.columns, false) }
        }
        return ([], false)
    }
}

/// A unique index: its name and columns in index order.
struct UniqueIndex: Sendable {
    var name: String
    var columns: [String]
}

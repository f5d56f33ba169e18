import Logging
import PostgresNIO
import SyncEngine

/// Catalog look-ups: the types a destination table really has, so that values are written and read back for the
/// table as it exists (created by the sink, or created beforehand by the user with other types).
enum PostgresCatalog {
    /// Column name to type as `format_type` prints it (`timestamp(6) with time zone`); empty when the table does
    /// not exist.
    static func columnTypes(
        of table: TableName, on connection: PostgresConnection, logger: Logger
    ) async throws -> [String: String] {
        let rows = try await connection.query(
            """
            SELECT a.attname::text, format_type(a.atttypid, a.atttypmod) FROM pg_catalog.pg_attribute a \
            WHERE a.attrelid = to_regclass(\(PostgresIdentifier.qualified(table))) \
            AND a.attnum > 0 AND NOT a.attisdropped
            """, logger: logger
        )
        var types: [String: String] = [:]
        for try await (name, type) in rows.decode((String, String).self) {
            types[name] = type
        }
        return types
    }

    /// The columns of each valid, non-partial index of `table`, in index order (expression columns are left out);
    /// empty when the table has no index or does not exist.
    static func indexColumns(
        of table: TableName, on connection: PostgresConnection, logger: Logger
    ) async throws -> [[String]] {
        let rows = try await connection.query(
            """
            SELECT ARRAY(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) \
            JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.ord) \
            FROM pg_catalog.pg_index i WHERE i.indrelid = to_regclass(\(PostgresIdentifier.qualified(table))) \
            AND i.indisvalid AND i.indpred IS NULL
            """, logger: logger
        )
        var indexes: [[String]] = []
        for try await columns in rows.decode([String].self) {
            indexes.append(columns)
        }
        return indexes
    }
}

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
}

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

    /// The valid, non-partial indexes of `table`: their columns in index order, and whether each is unique with no
    /// expression columns (usable as an `ON CONFLICT` target).
    static func indexColumns(
        of table: TableName, on connection: PostgresConnection, logger: Logger
    ) async throws -> [PostgresIndex] {
        let rows = try await connection.query(
            """
            SELECT ARRAY(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) \
            JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.ord), \
            i.indisunique AND i.indexprs IS NULL \
            FROM pg_catalog.pg_index i WHERE i.indrelid = to_regclass(\(PostgresIdentifier.qualified(table))) \
            AND i.indisvalid AND i.indpred IS NULL
            """, logger: logger
        )
        var indexes: [PostgresIndex] = []
        for try await (columns, unique) in rows.decode(([String], Bool).self) {
            indexes.append(PostgresIndex(columns: columns, isUnique: unique))
        }
        return indexes
    }
}

/// One index of a destination table, as change apply needs it.
struct PostgresIndex: Sendable, Hashable {
    /// Column names in index order.
    var columns: [String]
    /// Unique, without expression columns.
    var isUnique: Bool

    /// Whether `keys` are exactly the only unique index among `indexes`: then an upsert can update in place and
    /// changes can be split by key across connections, as no other unique value can collide.
    static func keyIsOnlyUniqueIndex(_ keys: [String], in indexes: [PostgresIndex]) -> Bool {
        let unique = indexes.filter(\.isUnique)
        return unique.count == 1 && unique[0].columns.count == keys.count && Set(unique[0].columns) == Set(keys)
    }
}

import Logging
import PostgresNIO

/// The session settings every sink connection gets before its first use (issue 4 item 3): UTC, so that
/// DATETIME/TIMESTAMP text is stored and read back unchanged; UTF-8; and the output styles `InterchangeConversion`
/// parses (ISO dates, `postgres` intervals, hex bytea).
enum PostgresSessionSettings {
    /// `SET` statements, one round trip each (the extended protocol takes one statement per query).
    static let statements = [
        "SET TimeZone TO 'UTC'",
        "SET client_encoding TO 'UTF8'",
        "SET DateStyle TO 'ISO, YMD'",
        "SET IntervalStyle TO 'postgres'",
        "SET bytea_output TO 'hex'",
    ]

    /// Applies the settings to `connection`.
    static func apply(to connection: PostgresConnection, logger: Logger) async throws {
        for statement in statements {
            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
        }
    }
}

import SyncEngine

/// Quoting of PostgreSQL identifiers (PostgreSQL manual 4.1.1 "Identifiers and Key Words": a delimited identifier
/// is enclosed in double quotes, and a double quote inside it is written twice). Every schema, table and column
/// name the sink puts into SQL goes through here, so unicode names, reserved words (`order`, `select`) and names
/// containing `"` are all safe.
enum PostgresIdentifier {
    /// `name` as a delimited identifier: `"na""me"`.
    static func quoted(_ name: String) -> String {
        "\"" + escaped(name) + "\""
    }

    /// `"schema"."name"`.
    static func qualified(_ table: TableName) -> String {
        quoted(table.schema) + "." + quoted(table.name)
    }

    /// The inside of a delimited identifier (double quotes doubled), without the enclosing quotes.
    static func escaped(_ name: String) -> String {
        var result = ""
        result.reserveCapacity(name.utf8.count)
        for character in name {
            result.append(character)
            if character == "\"" { result.append("\"") }
        }
        return result
    }

    /// The `table` argument for postgres-nio `copyFrom`, which wraps its argument in one pair of double quotes
    /// (`COPY "<table>"`): `schema"."name` with inner quotes doubled yields `COPY "schema"."name"`.
    static func copyTableArgument(_ table: TableName) -> String {
        escaped(table.schema) + "\".\"" + escaped(table.name)
    }

    /// A string literal (`'it''s'`), for catalog lookups such as `to_regclass`.
    static func literal(_ text: String) -> String {
        var result = "'"
        for character in text {
            result.append(character)
            if character == "'" { result.append("'") }
        }
        return result + "'"
    }
}

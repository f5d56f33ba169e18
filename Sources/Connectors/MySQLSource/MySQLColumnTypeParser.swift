import SyncEngine

/// Parses `information_schema.COLUMNS.COLUMN_TYPE` text into a `ColumnType` (MySQL 8.0 Reference Manual 13
/// "Data Types"; MariaDB 10.11 "Data Types"): `tinyint(1)`, `int(10) unsigned zerofill`, `decimal(65,30)`,
/// `datetime(6)`, `bit(12)`, `varchar(300)`, `enum('a','b''c')`, text/blob families, geometry family, `json`.
/// MariaDB's JSON is `longtext` plus a `json_valid` CHECK; the caller passes `isJSON` for it.
enum MySQLColumnTypeParser {
    /// Parses one column's type; fails with `.invalidConfiguration` for a type Tide cannot copy.
    static func parse(
        columnType: String, dataType: String, characterMaximumLength: Int64?, isJSON: Bool = false
    ) throws -> ColumnType {
        let lowered = columnType.lowercased()
        let name = String(lowered.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
        let arguments = parenthesised(columnType)
        let numbers = arguments.compactMap { Int($0.trimmingPrefixSpaces()) }
        let unsigned = lowered.contains(" unsigned")
        let first = numbers.first ?? 0
        let textLength = Int(characterMaximumLength ?? 0)
        func make(_ kind: ColumnType.Kind, length: Int = 0) -> ColumnType {
            ColumnType(kind: kind, isUnsigned: unsigned, length: length, sourceTypeText: columnType)
        }
        if isJSON || dataType.lowercased() == "json" { return ColumnType(kind: .json, sourceTypeText: columnType) }
        switch name {
        case "tinyint": return make(.tinyInt, length: first)
        case "smallint": return make(.smallInt, length: first)
        case "mediumint": return make(.mediumInt, length: first)
        case "int", "integer": return make(.int, length: first)
        case "bigint": return make(.bigInt, length: first)
        case "decimal", "numeric", "dec", "fixed":
            return ColumnType(
                kind: .decimal, isUnsigned: unsigned, precision: numbers.first ?? 10,
                scale: numbers.count > 1 ? numbers[1] : 0, sourceTypeText: columnType)
        case "float":
            return ColumnType(
                kind: .float, isUnsigned: unsigned, precision: first, scale: numbers.count > 1 ? numbers[1] : 0,
                sourceTypeText: columnType)
        case "double", "real":
            return ColumnType(
                kind: .double, isUnsigned: unsigned, precision: first, scale: numbers.count > 1 ? numbers[1] : 0,
                sourceTypeText: columnType)
        case "bit": return make(.bit, length: numbers.first ?? 1)
        case "date": return make(.date)
        case "year": return make(.year, length: first)
        case "time", "datetime", "timestamp":
            let kind: ColumnType.Kind = name == "time" ? .time : name == "datetime" ? .datetime : .timestamp
            return ColumnType(kind: kind, fractionalDigits: min(max(first, 0), 6), sourceTypeText: columnType)
        case "char": return make(.char, length: first)
        case "varchar": return make(.varchar, length: first)
        case "binary": return make(.binary, length: first)
        case "varbinary": return make(.varbinary, length: first)
        case "tinytext", "text", "mediumtext", "longtext": return make(.text, length: textLength)
        case "tinyblob", "blob", "mediumblob", "longblob": return make(.blob, length: textLength)
        case "enum", "set":
            return ColumnType(
                kind: name == "enum" ? .enum : .set, members: try members(columnType), sourceTypeText: columnType)
        case "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
            "geometrycollection", "geomcollection":
            return make(.geometry)
        case "uuid": return make(.char, length: 36)
        case "inet6": return make(.varchar, length: 39)
        case "inet4": return make(.varchar, length: 15)
        default:
            throw SyncEngineError(.invalidConfiguration, "column type \(columnType) is not supported")
        }
    }

    /// The comma-separated arguments between the first `(` and its `)`, quotes respected.
    static func parenthesised(_ text: String) -> [String] {
        guard let open = text.firstIndex(of: "(") else { return [] }
        var parts: [String] = []
        var current = ""
        var inQuote = false
        var index = text.index(after: open)
        while index < text.endIndex {
            let character = text[index]
            if inQuote {
                current.append(character)
                if character == "'" {
                    let next = text.index(after: index)
                    if next < text.endIndex, text[next] == "'" {
                        current.append("'")
                        index = text.index(after: next)
                        continue
                    }
                    inQuote = false
                }
            } else if character == "'" {
                inQuote = true
                current.append(character)
            } else if character == "," {
                parts.append(current)
                current = ""
            } else if character == ")" {
                parts.append(current)
                return parts
            } else {
                current.append(character)
            }
            index = text.index(after: index)
        }
        return parts
    }

    /// ENUM/SET members: each `'...'` argument with `''` unescaped (and `\\` escapes, which MySQL may show).
    static func members(_ columnType: String) throws -> [String] {
        try parenthesised(columnType).map { raw in
            let trimmed = raw.trimmingPrefixSpaces()
            guard trimmed.count >= 2, trimmed.first == "'", trimmed.last == "'" else {
                throw SyncEngineError(.invalidConfiguration, "cannot read the members of \(columnType)")
            }
            var member = ""
            var characters = trimmed.dropFirst().dropLast()[...]
            while let character = characters.popFirst() {
                if character == "'", characters.first == "'" {
                    characters.removeFirst()
                    member.append("'")
                } else if character == "\\", let escaped = characters.popFirst() {
                    member.append(escaped)
                } else {
                    member.append(character)
                }
            }
            return member
        }
    }
}

extension String {
    /// The string without leading spaces.
    func trimmingPrefixSpaces() -> String { String(drop { $0 == " " }) }
}

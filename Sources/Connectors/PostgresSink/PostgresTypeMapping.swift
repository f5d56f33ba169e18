import SyncEngine

/// The documented mapping of MySQL column types to PostgreSQL types (docs/TYPE-MAPPING.md; issue 4 item 3).
/// User overrides (`SinkOptions.typeOverrides`, DIJob ColumnDataTypeSettings) win: their keys are matched
/// case-insensitively first against the column's full `sourceTypeText` (`tinyint(1) unsigned`), then against the
/// bare type name plus ` unsigned` when unsigned (`bigint unsigned`), then against the bare type name (`bigint`).
enum PostgresTypeMapping {
    /// The destination type for `type`: an override when one matches, the default mapping otherwise.
    static func destinationType(for type: ColumnType, options: SinkOptions) -> String {
        override(for: type, in: options.typeOverrides) ?? defaultType(for: type, options: options)
    }

    /// The user override matching `type`, if any.
    static func override(for type: ColumnType, in overrides: [String: String]) -> String? {
        guard !overrides.isEmpty else { return nil }
        var lowered: [String: String] = [:]
        for (key, value) in overrides {
            lowered[normalized(key)] = value
        }
        let bare = mysqlName(of: type.kind)
        var candidates = [normalized(type.sourceTypeText)]
        if type.isUnsigned { candidates.append(bare + " unsigned") }
        candidates.append(bare)
        for candidate in candidates {
            if let match = lowered[candidate] { return match }
        }
        return nil
    }

    /// A column default's constant (`ColumnSchema.defaultLiteral`) as a PostgreSQL expression of the column's
    /// default destination type (`'7'::integer`), for the types whose source text reads the same in PostgreSQL:
    /// integers, YEAR, DECIMAL, FLOAT/DOUBLE, CHAR/VARCHAR/TEXT, ENUM/SET, DATE and DATETIME (not zero dates).
    /// nil for every other type, a user type override, TINYINT(1) as boolean other than 0/1, or text with NUL.
    static func defaultValue(_ literal: String, for type: ColumnType, options: SinkOptions) -> String? {
        guard override(for: type, in: options.typeOverrides) == nil, !literal.contains("\u{0}") else { return nil }
        let destination = defaultType(for: type, options: options)
        switch type.kind {
        case .tinyInt, .smallInt, .mediumInt, .int, .bigInt, .year, .decimal, .float, .double:
            if destination == "boolean" && literal != "0" && literal != "1" { return nil }
            guard !literal.isEmpty, literal.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) })
            else { return nil }
        case .char, .varchar, .text, .enum, .set:
            break
        case .date, .datetime:
            guard literal.count >= 10, !literal.hasPrefix("0000"), !literal.contains("-00") else { return nil }
        case .bit, .time, .timestamp, .binary, .varbinary, .blob, .json, .geometry:
            // TIMESTAMP literals are in the DDL session's time zone; the others have their own text forms.
            return nil
        }
        return PostgresIdentifier.literal(literal) + "::" + destination
    }

    /// The default mapping (docs/TYPE-MAPPING.md, "Default mapping").
    static func defaultType(for type: ColumnType, options: SinkOptions) -> String {
        switch type.kind {
        case .tinyInt:
            return options.tinyInt1AsBoolean && type.length == 1 ? "boolean" : "smallint"
        case .smallInt:
            return type.isUnsigned ? "integer" : "smallint"
        case .mediumInt:
            return "integer"
        case .int:
            return type.isUnsigned ? "bigint" : "integer"
        case .bigInt:
            return type.isUnsigned ? "numeric(20)" : "bigint"
        case .decimal:
            return type.precision > 0 ? "numeric(\(type.precision),\(type.scale))" : "numeric"
        case .float:
            return "real"
        case .double:
            return "double precision"
        case .bit:
            return "bit varying(\(bitWidth(of: type)))"
        case .date:
            return "date"
        case .time:
            return "interval"
        case .datetime:
            return "timestamp(\(fractionalDigits(of: type)))"
        case .timestamp:
            return "timestamptz(\(fractionalDigits(of: type)))"
        case .year:
            return "smallint"
        case .char, .varchar:
            return type.length > 0 ? "varchar(\(type.length))" : "varchar"
        case .text, .enum, .set:
            return "text"
        case .binary, .varbinary, .blob, .geometry:
            return "bytea"
        case .json:
            return "jsonb"
        }
    }

    /// The bit count of a BIT column: its declared length, 1...64 (MySQL's default BIT is BIT(1)).
    static func bitWidth(of type: ColumnType) -> Int {
        type.length > 0 ? min(type.length, 64) : 1
    }

    /// Fractional seconds digits, clamped to 0...6.
    static func fractionalDigits(of type: ColumnType) -> Int {
        min(max(type.fractionalDigits, 0), 6)
    }

    /// MySQL's lower-case name for a type family (`tinyint`, `bigint`, `varbinary` ...).
    static func mysqlName(of kind: ColumnType.Kind) -> String {
        switch kind {
        case .tinyInt: "tinyint"
        case .smallInt: "smallint"
        case .mediumInt: "mediumint"
        case .int: "int"
        case .bigInt: "bigint"
        default: kind.rawValue.lowercased()
        }
    }

    private static func normalized(_ text: String) -> String {
        text.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }
}

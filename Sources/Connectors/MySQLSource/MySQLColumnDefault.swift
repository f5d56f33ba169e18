/// A column's default as `information_schema.COLUMNS` reports it (`COLUMN_DEFAULT`, `EXTRA`), read into what the
/// sync needs: whether there is a non-NULL default, and its value when it is a constant (MySQL 8.0 manual "The
/// INFORMATION_SCHEMA COLUMNS Table"; MariaDB KB "Information Schema COLUMNS Table").
/// - MariaDB 10.2.7+: SQL NULL when there is no default, the text `NULL` for DEFAULT NULL, string and temporal
///   literals quoted (`'it''s'`), numbers bare, expressions bare (`current_timestamp()`).
/// - MySQL: SQL NULL for no default or DEFAULT NULL, literals bare and unquoted, expressions flagged by
///   `DEFAULT_GENERATED` in `EXTRA`.
struct MySQLColumnDefault: Equatable {
    /// Whether rows get something other than NULL from the default.
    var isNonNull: Bool
    /// The constant's text, as the column's values are written (`'a''b'` read as `a'b`); nil for an expression,
    /// or a literal this reader does not take apart (it then counts as an expression).
    var literal: String?

    init(isNonNull: Bool, literal: String?) {
        self.isNonNull = isNonNull
        self.literal = literal
    }

    init(columnDefault: String?, extra: String?, isMariaDB: Bool) {
        guard let text = columnDefault else {
            self.init(isNonNull: false, literal: nil)
            return
        }
        if isMariaDB {
            if text == "NULL" {
                self.init(isNonNull: false, literal: nil)
            } else if text.count >= 2, text.hasPrefix("'"), text.hasSuffix("'") {
                self.init(isNonNull: true, literal: Self.unquoted(text.dropFirst().dropLast()))
            } else {
                self.init(isNonNull: true, literal: Self.isNumber(text) ? text : nil)
            }
        } else {
            let generated = (extra ?? "").uppercased().contains("DEFAULT_GENERATED")
            self.init(isNonNull: true, literal: generated ? nil : text)
        }
    }

    /// The inside of a quoted literal with its doubled quotes made single; nil when a quote stands alone or a
    /// backslash appears (it may be an escape: such a literal is left to the copy).
    static func unquoted(_ inner: Substring) -> String? {
        var result = ""
        var pendingQuote = false
        for character in inner {
            if character == "\\" { return nil }
            if character == "'" {
                if pendingQuote {
                    result.append("'")
                    pendingQuote = false
                } else {
                    pendingQuote = true
                }
                continue
            }
            if pendingQuote { return nil }
            result.append(character)
        }
        return pendingQuote ? nil : result
    }

    /// `-?digits[.digits][e[+-]digits]`.
    static func isNumber(_ text: String) -> Bool {
        var bytes = Substring(text).utf8[...]
        if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        func digits() -> Int {
            let count = bytes.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }.count
            bytes = bytes.dropFirst(count)
            return count
        }
        guard digits() > 0 else { return false }
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            guard digits() > 0 else { return false }
        }
        if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }
}

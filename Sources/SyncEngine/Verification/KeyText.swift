/// Key tuples as display text (issue 4 item 6): one column as its value, several as `(a, b)`; text as UTF-8, binary
/// kinds (and text that is not UTF-8) as `0x` and hex digits, NULL as `NULL`; each value cut at 100 characters.
enum KeyText {
    private static let maximumCharacters = 100

    /// The text of `key`, whose columns have `types`.
    static func render(_ key: [[UInt8]?], types: [ColumnType]) -> String {
        let parts = key.enumerated().map { position, value in
            render(value, binary: position < types.count && types[position].isBinary)
        }
        return parts.count == 1 ? parts[0] : "(" + parts.joined(separator: ", ") + ")"
    }

    private static func render(_ value: [UInt8]?, binary: Bool) -> String {
        guard let value else { return "NULL" }
        var text: String
        if !binary, let utf8 = String(validating: value, as: UTF8.self) {
            text = utf8
        } else {
            text = "0x" + value.map { byte in
                let digits = String(byte, radix: 16)
                return byte < 16 ? "0" + digits : digits
            }.joined()
        }
        if text.count > maximumCharacters { text = String(text.prefix(maximumCharacters)) + "…" }
        return text
    }
}

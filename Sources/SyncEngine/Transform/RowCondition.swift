/// A row filter condition (DIJob HandleDml `filterCondition`, anchors.md 1.2; issue 5 item 1), parsed once when a
/// task starts and evaluated on row images in the interchange form of `Row`.
///
/// The language is what users write in the WHERE clause of a sync filter: column names (bare or backquoted,
/// matched case-insensitively), numbers, 'strings' (or "strings"), NULL, TRUE, FALSE, `= != <> < <= > >= <=>`,
/// `AND OR NOT`, parentheses, `IS [NOT] NULL`, `[NOT] IN (...)`, `[NOT] BETWEEN a AND b`,
/// `[NOT] LIKE 'pattern' [ESCAPE 'c']`. A comparison is numeric when an operand is a column of a numeric MySQL
/// type (exactly: decimals are compared digit by digit, never through Double, so 18446744073709551615 and
/// DECIMAL(65,30) values compare right; FLOAT/DOUBLE values and literals with an exponent compare as Double);
/// with a DATE, DATETIME or TIMESTAMP column it compares the values' text brought to one
/// `YYYY-MM-DD HH:MM:SS.ffffff` form (so '2024-01-01' is midnight and fractions of any length compare right);
/// otherwise it compares the bytes of the values (strings case-sensitively, as under a binary collation; TIME
/// values as text). SQL three-valued logic
/// applies: NULL compared with anything is unknown, and a row whose condition is unknown does not satisfy it.
public struct RowCondition: Sendable {
    /// Why a condition cannot be used: what is wrong and the 1-based character position where it was found.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        /// What is wrong.
        public var message: String
        /// 1-based character position in the condition text.
        public var position: Int

        public var description: String { "at position \(position): \(message)" }
    }

    /// The condition as written.
    public let text: String
    let root: RowConditionNode

    /// Parses `text` for a table whose row images hold `columns` (plan column order). Fails when the text does
    /// not parse, names a column the table does not have, or compares a number with a string that is not one.
    public init(_ text: String, columns: [ColumnSchema]) throws(ParseError) {
        self.text = text
        do throws(RowConditionLexer.Failure) {
            let tokens = try RowConditionLexer.tokens(text)
            if tokens.count == 1 { throw RowConditionLexer.Failure(message: "the condition is empty", position: 1) }
            var parser = RowConditionParser(tokens: tokens, columns: columns)
            root = try parser.parseCondition()
        } catch {
            throw ParseError(message: error.message, position: error.position)
        }
    }

    /// Whether `row` satisfies the condition (true only; false and unknown do not).
    public func isSatisfied(by row: Row) -> Bool {
        root.truth(row) == .yes
    }
}

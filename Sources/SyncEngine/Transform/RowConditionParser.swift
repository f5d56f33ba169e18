/// Parses a row condition into a `RowConditionNode` by recursive descent over `RowConditionLexer` tokens, with
/// MySQL's precedence (MySQL Reference Manual 11.7 "Operator Precedence": comparison, BETWEEN, IN, LIKE, IS above
/// NOT above AND above OR). Column names resolve against the table's columns (case-insensitively, as MySQL
/// column names do); nesting is limited so that no input can exhaust the stack.
struct RowConditionParser {
    /// The static type of an operand, which decides whether a comparison is numeric.
    enum Operand: Sendable, Hashable {
        case numericColumn, temporalColumn, textColumn, number, string, null, condition
    }

    static let maximumDepth = 64

    private let tokens: [RowConditionToken]
    private let columns: [ColumnSchema]
    private var index = 0
    private var depth = 0

    init(tokens: [RowConditionToken], columns: [ColumnSchema]) {
        self.tokens = tokens
        self.columns = columns
    }

    /// The whole condition; fails unless every token is used and the result is a condition or a number.
    mutating func parseCondition() throws(RowConditionLexer.Failure) -> RowConditionNode {
        let start = current.position
        let (node, type) = try parseOr()
        guard case .end = current.kind else { throw failure("unexpected \(describe(current))") }
        if type == .textColumn || type == .temporalColumn || type == .string {
            throw RowConditionLexer.Failure(
                message: "the condition is a text value, not a comparison (write e.g. name = 'x')", position: start)
        }
        return node
    }

    private var current: RowConditionToken { tokens[min(index, tokens.count - 1)] }

    private func failure(_ message: String, at token: RowConditionToken? = nil) -> RowConditionLexer.Failure {
        RowConditionLexer.Failure(message: message, position: (token ?? current).position)
    }

    private func describe(_ token: RowConditionToken) -> String {
        switch token.kind {
        case .identifier(let name): "name \(name)"
        case .keyword(let word): word
        case .number(let text): "number \(text)"
        case .string: "a string"
        case .symbol(let symbol): "'\(symbol)'"
        case .end: "end of the condition"
        }
    }

    private func isKeyword(_ word: String, offset: Int = 0) -> Bool {
        if case .keyword(word) = tokens[min(index + offset, tokens.count - 1)].kind { return true }
        return false
    }

    private func isSymbol(_ symbol: String) -> Bool {
        if case .symbol(symbol) = current.kind { return true }
        return false
    }

    private mutating func enter() throws(RowConditionLexer.Failure) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw failure("the condition nests deeper than \(Self.maximumDepth)") }
    }

    private mutating func parseOr() throws(RowConditionLexer.Failure) -> (RowConditionNode, Operand) {
        var (node, type) = try parseAnd()
        while isKeyword("OR") {
            index += 1
            let (rhs, _) = try parseAnd()
            node = .or(node, rhs)
            type = .condition
        }
        return (node, type)
    }

    private mutating func parseAnd() throws(RowConditionLexer.Failure) -> (RowConditionNode, Operand) {
        var (node, type) = try parseNot()
        while isKeyword("AND") {
            index += 1
            let (rhs, _) = try parseNot()
            node = .and(node, rhs)
            type = .condition
        }
        return (node, type)
    }

    private mutating func parseNot() throws(RowConditionLexer.Failure) -> (RowConditionNode, Operand) {
        guard isKeyword("NOT") else { return try parsePredicate() }
        index += 1
        try enter()
        let (operand, _) = try parseNot()
        depth -= 1
        return (.not(operand), .condition)
    }

    private mutating func parsePredicate() throws(RowConditionLexer.Failure) -> (RowConditionNode, Operand) {
        let lhsToken = current
        let lhs = try parseOperand()
        if case .symbol(let symbol) = current.kind, let comparison = Self.comparison(symbol) {
            index += 1
            let rhsToken = current
            let rhs = try parseOperand()
            let mode = try comparisonMode([(lhs.1, lhs.0, lhsToken), (rhs.1, rhs.0, rhsToken)])
            return (.compare(comparison, lhs.0, rhs.0, mode: mode), .condition)
        }
        if isKeyword("IS") {
            index += 1
            let negated = isKeyword("NOT")
            if negated { index += 1 }
            guard isKeyword("NULL") else { throw failure("expected NULL after IS\(negated ? " NOT" : "")") }
            index += 1
            return (.isNull(lhs.0, negated: negated), .condition)
        }
        let negated = isKeyword("NOT") && (isKeyword("IN", offset: 1) || isKeyword("BETWEEN", offset: 1)
            || isKeyword("LIKE", offset: 1))
        if negated { index += 1 }
        if isKeyword("IN") {
            index += 1
            guard isSymbol("(") else { throw failure("expected '(' after IN") }
            index += 1
            var items: [(Operand, RowConditionNode, RowConditionToken)] = [(lhs.1, lhs.0, lhsToken)]
            repeat {
                if isSymbol(",") { index += 1 }
                let token = current
                let item = try parseOperand()
                items.append((item.1, item.0, token))
            } while isSymbol(",")
            guard isSymbol(")") else { throw failure("expected ',' or ')' in the IN list") }
            index += 1
            let mode = try comparisonMode(items)
            return (.isIn(lhs.0, items.dropFirst().map(\.1), negated: negated, mode: mode), .condition)
        }
        if isKeyword("BETWEEN") {
            index += 1
            let lowToken = current
            let low = try parseOperand()
            guard isKeyword("AND") else { throw failure("expected AND in BETWEEN ... AND ...") }
            index += 1
            let highToken = current
            let high = try parseOperand()
            let mode = try comparisonMode(
                [(lhs.1, lhs.0, lhsToken), (low.1, low.0, lowToken), (high.1, high.0, highToken)])
            return (.between(lhs.0, low.0, high.0, negated: negated, mode: mode), .condition)
        }
        if isKeyword("LIKE") {
            index += 1
            let pattern = try parseOperand()
            var escape = UInt8(ascii: "\\")
            if isKeyword("ESCAPE") {
                index += 1
                guard case .string(let text) = current.kind, text.utf8.count == 1, let byte = text.utf8.first else {
                    throw failure("ESCAPE needs a one-character string such as '!'")
                }
                escape = byte
                index += 1
            }
            var compiled: LikePattern?
            if case .literal(let value) = pattern.0 {
                guard let bytes = value.bytes else { return (.literal(.null), .null) }
                compiled = LikePattern(bytes, escape: escape)
            }
            return (
                .like(lhs.0, pattern: compiled, patternNode: pattern.0, escape: escape, negated: negated), .condition
            )
        }
        return lhs
    }

    private mutating func parseOperand() throws(RowConditionLexer.Failure) -> (RowConditionNode, Operand) {
        let token = current
        switch token.kind {
        case .symbol("("):
            index += 1
            try enter()
            let inner = try parseOr()
            depth -= 1
            guard isSymbol(")") else { throw failure("expected ')' to close the '(' at position \(token.position)") }
            index += 1
            return inner
        case .symbol(let sign) where sign == "-" || sign == "+":
            index += 1
            guard case .number(let text) = current.kind else {
                throw failure("a sign '\(sign)' must be followed by a number", at: token)
            }
            index += 1
            return (.literal(.number(Array(((sign == "-" ? "-" : "") + text).utf8))), .number)
        case .number(let text):
            index += 1
            return (.literal(.number(Array(text.utf8))), .number)
        case .string(let text):
            index += 1
            return (.literal(.text(Array(text.utf8))), .string)
        case .keyword("NULL"):
            index += 1
            return (.literal(.null), .null)
        case .keyword("TRUE"), .keyword("FALSE"):
            index += 1
            return (.literal(.bool(token.kind == .keyword("TRUE"))), .condition)
        case .identifier(let name):
            index += 1
            if isSymbol("(") { throw failure("functions such as \(name)(...) are not supported", at: token) }
            guard let position = columns.firstIndex(where: { $0.name.lowercased() == name.lowercased() }) else {
                throw failure("the table has no column \(name)", at: token)
            }
            let kind = columns[position].type.kind
            let type: Operand =
                columns[position].type.isNumeric || kind == .bit
                ? .numericColumn : ([.date, .datetime, .timestamp].contains(kind) ? .temporalColumn : .textColumn)
            return (.column(index: position, kind: kind), type)
        default:
            throw failure("expected a column, a value or '(' but found \(describe(token))")
        }
    }

    private static func comparison(_ symbol: String) -> RowConditionNode.Comparison? {
        switch symbol {
        case "=": .equal
        case "!=", "<>": .notEqual
        case "<": .less
        case "<=": .lessOrEqual
        case ">": .greater
        case ">=": .greaterOrEqual
        case "<=>": .nullSafeEqual
        default: nil
        }
    }

    /// How operands compare: as numbers when any is a numeric column or a condition, or all that are not NULL are
    /// numeric literals (a string literal compared as a number must be one); as temporal values when any is a
    /// DATE, DATETIME or TIMESTAMP column; otherwise by their bytes.
    private func comparisonMode(
        _ operands: [(Operand, RowConditionNode, RowConditionToken)]
    ) throws(RowConditionLexer.Failure) -> RowConditionNode.Mode {
        let types = operands.map(\.0)
        let numeric =
            types.contains(.numericColumn) || types.contains(.condition)
            || (types.contains(.number) && types.allSatisfy { $0 == .number || $0 == .null })
        guard numeric else { return types.contains(.temporalColumn) ? .temporal : .text }
        for (type, node, token) in operands where type == .string {
            if case .literal(let value) = node, value.number == nil {
                throw failure("'\(String(decoding: value.bytes ?? [], as: UTF8.self).prefix(40))' is compared with a "
                    + "number but is not one", at: token)
            }
        }
        return .numeric
    }
}

/// One token of a row condition (a WHERE-clause expression; MySQL Reference Manual 11.1 "Literal Values", 11.2
/// "Schema Object Names", 14.4 "Operators"), with its 1-based character position in the condition text.
struct RowConditionToken: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        /// A bare or backquoted name.
        case identifier(String)
        /// A keyword (AND, OR, NOT, IS, NULL, IN, BETWEEN, LIKE, ESCAPE, TRUE, FALSE), upper-cased.
        case keyword(String)
        /// Number text as written (`12`, `-0.5` is a `-` then `0.5`, `1e3`).
        case number(String)
        /// A quoted string, escapes resolved.
        case string(String)
        /// An operator or punctuation: `= != <> < <= > >= <=> ( ) , - +`.
        case symbol(String)
        /// The end of the text.
        case end
    }

    var kind: Kind
    /// 1-based character position of the token's first character.
    var position: Int
}

/// Splits a row condition into tokens. Fails with the position of the first character it cannot read.
struct RowConditionLexer {
    static let keywords: Set<String> = [
        "AND", "OR", "NOT", "IS", "NULL", "IN", "BETWEEN", "LIKE", "ESCAPE", "TRUE", "FALSE",
    ]

    /// A lexing failure: what is wrong and where (1-based character position).
    struct Failure: Error, Sendable {
        var message: String
        var position: Int
    }

    /// The tokens of `text`, ending with `.end`.
    static func tokens(_ text: String) throws(Failure) -> [RowConditionToken] {
        let characters = Array(text)
        var tokens: [RowConditionToken] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let position = index + 1
            if character.isWhitespace {
                index += 1
            } else if character == "`" {
                let (name, next) = try quoted(characters, from: index, quote: "`", backslashEscapes: false)
                guard !name.isEmpty else { throw Failure(message: "an empty `name`", position: position) }
                tokens.append(RowConditionToken(kind: .identifier(name), position: position))
                index = next
            } else if character == "'" || character == "\"" {
                let (value, next) = try quoted(characters, from: index, quote: character, backslashEscapes: true)
                tokens.append(RowConditionToken(kind: .string(value), position: position))
                index = next
            } else if character.isASCII, character.isNumber || (character == "." && isDigit(characters, index + 1)) {
                let (number, next) = try self.number(characters, from: index)
                tokens.append(RowConditionToken(kind: .number(number), position: position))
                index = next
            } else if character == "_" || character == "$" || character.isLetter {
                var end = index
                while end < characters.count,
                    characters[end] == "_" || characters[end] == "$" || characters[end].isLetter
                        || characters[end].isNumber
                {
                    end += 1
                }
                let word = String(characters[index..<end])
                let upper = word.uppercased()
                let kind: RowConditionToken.Kind = keywords.contains(upper) ? .keyword(upper) : .identifier(word)
                tokens.append(RowConditionToken(kind: kind, position: position))
                index = end
            } else if let symbol = symbol(characters, at: index) {
                tokens.append(RowConditionToken(kind: .symbol(symbol), position: position))
                index += symbol.count
            } else {
                throw Failure(message: "unexpected character '\(character)'", position: position)
            }
        }
        tokens.append(RowConditionToken(kind: .end, position: characters.count + 1))
        return tokens
    }

    private static func isDigit(_ characters: [Character], _ index: Int) -> Bool {
        index < characters.count && characters[index].isASCII && characters[index].isNumber
    }

    private static func symbol(_ characters: [Character], at index: Int) -> String? {
        func at(_ offset: Int) -> Character? {
            index + offset < characters.count ? characters[index + offset] : nil
        }
        if at(0) == "<", at(1) == "=", at(2) == ">" { return "<=>" }
        if let first = at(0), let second = at(1) {
            let pair = String([first, second])
            if ["!=", "<>", "<=", ">="].contains(pair) { return pair }
        }
        if let first = at(0), "=<>(),-+".contains(first) { return String(first) }
        return nil
    }

    /// Digits, an optional fraction and an optional exponent.
    private static func number(_ characters: [Character], from start: Int) throws(Failure) -> (String, Int) {
        var index = start
        while isDigit(characters, index) { index += 1 }
        if index < characters.count, characters[index] == "." {
            index += 1
            while isDigit(characters, index) { index += 1 }
        }
        if index < characters.count, characters[index] == "e" || characters[index] == "E" {
            var exponent = index + 1
            if exponent < characters.count, characters[exponent] == "+" || characters[exponent] == "-" { exponent += 1 }
            guard isDigit(characters, exponent) else {
                throw Failure(message: "a number's exponent has no digits", position: index + 1)
            }
            index = exponent
            while isDigit(characters, index) { index += 1 }
        }
        if index < characters.count, characters[index].isLetter || characters[index] == "_" {
            throw Failure(message: "a name cannot start with a digit here", position: start + 1)
        }
        return (String(characters[start..<index]), index)
    }

    /// A quoted string or name: a doubled quote stands for one; in strings a backslash escapes the next character
    /// as MySQL does (`\n`, `\t`, `\0`, `\\`, `\'`; `\%` and `\_` keep the backslash, for LIKE).
    private static func quoted(
        _ characters: [Character], from start: Int, quote: Character, backslashEscapes: Bool
    ) throws(Failure) -> (String, Int) {
        var value = ""
        var index = start + 1
        while index < characters.count {
            let character = characters[index]
            if character == quote {
                if index + 1 < characters.count, characters[index + 1] == quote {
                    value.append(quote)
                    index += 2
                    continue
                }
                return (value, index + 1)
            }
            if backslashEscapes, character == "\\", index + 1 < characters.count {
                let next = characters[index + 1]
                switch next {
                case "n": value.append("\n")
                case "t": value.append("\t")
                case "r": value.append("\r")
                case "0": value.append("\u{0}")
                case "b": value.append("\u{8}")
                case "Z": value.append("\u{1A}")
                case "%", "_": value.append("\\"); value.append(next)
                default: value.append(next)
                }
                index += 2
                continue
            }
            value.append(character)
            index += 1
        }
        throw Failure(message: "unterminated \(quote)...\(quote)", position: start + 1)
    }
}

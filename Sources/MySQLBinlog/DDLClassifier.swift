/// A small classifier for DDL in QUERY events: which tables a statement creates, alters, drops, renames or
/// truncates (MySQL manual 15.1 "Data Definition Statements"). Not a SQL parser: it tokenizes (comments,
/// backquoted and Unicode identifiers, strings, `/*! ... */` version comments kept as code) and reads
/// the table names that follow the statement keywords.
public enum DDLClassifier {
    /// What the statement does.
    public enum Kind: String, Hashable, Sendable, Codable {
        case createTable, alterTable, dropTable, renameTable, truncateTable, createDatabase, dropDatabase
    }

    /// One affected table (or database, for the database kinds, with `table` empty).
    public struct Change: Hashable, Sendable, Codable {
        public var kind: Kind
        public var table: SchemaHistory.TableName
        /// The new name, for RENAME TABLE and ALTER TABLE ... RENAME.
        public var renamedTo: SchemaHistory.TableName?

        /// The memberwise initialiser.
        public init(kind: Kind, table: SchemaHistory.TableName, renamedTo: SchemaHistory.TableName? = nil) {
            self.kind = kind
            self.table = table
            self.renamedTo = renamedTo
        }
    }

    /// Classifies `statement` run with default database `database`; empty for anything that is not table DDL.
    public static func classify(_ statement: String, database: String) -> [Change] {
        var tokens = DDLTokenizer.tokens(statement)[...]
        func keyword(_ word: String) -> Bool {
            guard let first = tokens.first, case .word(let text) = first, text.uppercased() == word else { return false }
            tokens.removeFirst()
            return true
        }
        func skip(_ words: String...) {
            while let first = tokens.first, case .word(let text) = first, words.contains(text.uppercased()) {
                tokens.removeFirst()
            }
        }
        func name() -> SchemaHistory.TableName? {
            guard let first = tokens.popFirst(), let part = first.identifier else { return nil }
            if tokens.first == .punctuation("."), tokens.count >= 2 {
                tokens.removeFirst()
                guard let second = tokens.popFirst()?.identifier else { return nil }
                return SchemaHistory.TableName(database: part, table: second)
            }
            return SchemaHistory.TableName(database: database, table: part)
        }
        func names() -> [SchemaHistory.TableName] {
            var result: [SchemaHistory.TableName] = []
            while let table = name() {
                result.append(table)
                guard tokens.first == .punctuation(",") else { break }
                tokens.removeFirst()
            }
            return result
        }

        if keyword("CREATE") {
            skip("OR", "REPLACE", "TEMPORARY")
            if keyword("TABLE") {
                skip("IF", "NOT", "EXISTS")
                return name().map { [Change(kind: .createTable, table: $0)] } ?? []
            }
            if keyword("DATABASE") || keyword("SCHEMA") {
                skip("IF", "NOT", "EXISTS")
                return tokens.popFirst()?.identifier.map {
                    [Change(kind: .createDatabase, table: .init(database: $0, table: ""))]
                } ?? []
            }
            return []
        }
        if keyword("ALTER") {
            skip("ONLINE", "OFFLINE", "IGNORE")
            guard keyword("TABLE") else { return [] }
            skip("IF", "EXISTS")
            guard let table = name() else { return [] }
            // ALTER TABLE t ... RENAME [TO|AS] new
            while let token = tokens.popFirst() {
                if case .word(let text) = token, text.uppercased() == "RENAME" {
                    if keyword("COLUMN") || keyword("INDEX") || keyword("KEY") { continue }
                    skip("TO", "AS")
                    if let target = name() { return [Change(kind: .renameTable, table: table, renamedTo: target)] }
                }
            }
            return [Change(kind: .alterTable, table: table)]
        }
        if keyword("DROP") {
            skip("TEMPORARY")
            if keyword("TABLE") || keyword("TABLES") {
                skip("IF", "EXISTS")
                return names().map { Change(kind: .dropTable, table: $0) }
            }
            if keyword("DATABASE") || keyword("SCHEMA") {
                skip("IF", "EXISTS")
                return tokens.popFirst()?.identifier.map {
                    [Change(kind: .dropDatabase, table: .init(database: $0, table: ""))]
                } ?? []
            }
            return []
        }
        if keyword("RENAME") {
            guard keyword("TABLE") || keyword("TABLES") else { return [] }
            var changes: [Change] = []
            while let old = name() {
                guard keyword("TO"), let new = name() else { break }
                changes.append(Change(kind: .renameTable, table: old, renamedTo: new))
                guard tokens.first == .punctuation(",") else { break }
                tokens.removeFirst()
            }
            return changes
        }
        if keyword("TRUNCATE") {
            _ = keyword("TABLE")
            return name().map { [Change(kind: .truncateTable, table: $0)] } ?? []
        }
        return []
    }
}

/// Tokens of the DDL classifier.
enum DDLToken: Hashable {
    case word(String)
    case quoted(String)
    case string
    case punctuation(Character)

    var identifier: String? {
        switch self {
        case .word(let text), .quoted(let text): return text
        default: return nil
        }
    }
}

/// Splits SQL into words, backquoted identifiers, strings and punctuation, dropping comments.
enum DDLTokenizer {
    static func tokens(_ sql: String) -> [DDLToken] {
        let chars = Array(sql)
        var tokens: [DDLToken] = []
        var index = 0
        func peek(_ offset: Int) -> Character? { index + offset < chars.count ? chars[index + offset] : nil }
        while index < chars.count {
            let char = chars[index]
            if char.isWhitespace {
                index += 1
            } else if char == "#" || (char == "-" && peek(1) == "-" && (peek(2).map { $0.isWhitespace } ?? true)) {
                while index < chars.count, chars[index] != "\n" { index += 1 }
            } else if char == "/" && peek(1) == "*" {
                if peek(2) == "!" {
                    // Version comment /*!50100 ... */: its body is code.
                    index += 3
                    while index < chars.count, chars[index].isNumber { index += 1 }
                } else {
                    index += 2
                    while index < chars.count, !(chars[index] == "*" && peek(1) == "/") { index += 1 }
                    index += 2
                }
            } else if char == "*" && peek(1) == "/" {
                index += 2  // end of a version comment
            } else if char == "`" || char == "\"" {
                var text = ""
                index += 1
                while index < chars.count {
                    if chars[index] == char {
                        if peek(1) == char {
                            text.append(char)
                            index += 2
                            continue
                        }
                        break
                    }
                    text.append(chars[index])
                    index += 1
                }
                index += 1
                tokens.append(char == "`" ? .quoted(text) : .string)
            } else if char == "'" {
                index += 1
                while index < chars.count {
                    if chars[index] == "\\" {
                        index += 2
                        continue
                    }
                    if chars[index] == "'" {
                        if peek(1) == "'" {
                            index += 2
                            continue
                        }
                        break
                    }
                    index += 1
                }
                index += 1
                tokens.append(.string)
            } else if char.isLetter || char.isNumber || char == "_" || char == "$" {
                var text = ""
                while index < chars.count,
                    chars[index].isLetter || chars[index].isNumber || chars[index] == "_" || chars[index] == "$"
                {
                    text.append(chars[index])
                    index += 1
                }
                tokens.append(.word(text))
            } else {
                tokens.append(.punctuation(char))
                index += 1
            }
        }
        return tokens
    }
}

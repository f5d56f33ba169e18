import SyncEngine

/// Tells which column change an `ALTER TABLE` statement makes (MySQL 8.0 manual 15.1.9 "ALTER TABLE", MariaDB
/// "ALTER TABLE"): ADD/DROP/MODIFY/CHANGE/RENAME COLUMN clauses; index, key, partition and table-option clauses
/// change no column. One kind when every column clause agrees, else `.other`. Not a SQL parser: it skips strings,
/// quoted identifiers, comments and parenthesised parts, and reads the first words of each top-level clause.
enum AlterTableClassifier {
    /// The kind of `statement` (an ALTER TABLE).
    static func kind(_ statement: String) -> SchemaChange.Kind {
        let clauses = self.clauses(statement)
        var kinds: Set<SchemaChange.Kind> = []
        for clause in clauses {
            if let kind = columnKind(clause[...]) { kinds.insert(kind) }
        }
        return kinds.count == 1 ? kinds.first ?? .other : .other
    }

    private static let notColumns: Set<String> = [
        "INDEX", "KEY", "CONSTRAINT", "PRIMARY", "UNIQUE", "FULLTEXT", "SPATIAL", "FOREIGN", "PARTITION", "CHECK",
        "PERIOD", "SYSTEM", "DEFAULT",
    ]

    private static func columnKind(_ words: ArraySlice<String>) -> SchemaChange.Kind? {
        var words = words
        guard let verb = words.popFirst()?.uppercased() else { return nil }
        func skipIf() {
            while let first = words.first?.uppercased(), ["IF", "NOT", "EXISTS"].contains(first) { words.removeFirst() }
        }
        switch verb {
        case "ADD", "DROP":
            skipIf()
            if words.first?.uppercased() == "COLUMN" {
                words.removeFirst()
            } else if let first = words.first?.uppercased(), notColumns.contains(first) {
                return nil
            }
            return verb == "ADD" ? .addColumn : .dropColumn
        case "MODIFY":
            return .modifyColumn
        case "CHANGE":
            if words.first?.uppercased() == "COLUMN" { words.removeFirst() }
            skipIf()
            let names = Array(words.prefix(2))
            guard names.count == 2 else { return .modifyColumn }
            return names[0].lowercased() == names[1].lowercased() ? .modifyColumn : .renameColumn
        case "RENAME":
            return words.first?.uppercased() == "COLUMN" ? .renameColumn : nil
        default:
            return nil
        }
    }

    /// The top-level clauses after `ALTER [ONLINE|IGNORE] TABLE [IF EXISTS] name`, each as its words and quoted
    /// identifiers (strings and parenthesised parts dropped).
    static func clauses(_ statement: String) -> [[String]] {
        let tokens = words(statement)
        var index = 0
        func upper(_ i: Int) -> String { i < tokens.count ? tokens[i].text.uppercased() : "" }
        while index < tokens.count, upper(index) != "TABLE" || tokens[index].quoted { index += 1 }
        index += 1
        while ["IF", "EXISTS"].contains(upper(index)) { index += 1 }
        index += 1  // the table name
        if index < tokens.count, tokens[index].text == "." {
            index += 2
        }
        var clauses: [[String]] = [[]]
        while index < tokens.count {
            let token = tokens[index]
            if token.text == "," && !token.quoted {
                clauses.append([])
            } else if token.text != "." || token.quoted {
                clauses[clauses.count - 1].append(token.text)
            }
            index += 1
        }
        return clauses.filter { !$0.isEmpty }
    }

    /// Words, backquoted identifiers, `,` and `.` at parenthesis depth 0, outside strings and comments.
    static func words(_ sql: String) -> [(text: String, quoted: Bool)] {
        let chars = Array(sql)
        var result: [(text: String, quoted: Bool)] = []
        var index = 0
        var depth = 0
        while index < chars.count {
            let char = chars[index]
            let next: Character? = index + 1 < chars.count ? chars[index + 1] : nil
            if char == "/" && next == "*" && (index + 2 >= chars.count || chars[index + 2] != "!") {
                index += 2
                while index + 1 < chars.count, !(chars[index] == "*" && chars[index + 1] == "/") { index += 1 }
                index += 2
            } else if char == "#" || (char == "-" && next == "-") {
                while index < chars.count, chars[index] != "\n" { index += 1 }
            } else if char == "'" || char == "\"" || char == "`" {
                var text = ""
                index += 1
                while index < chars.count {
                    if chars[index] == "\\" && char != "`" {
                        index += 2
                        continue
                    }
                    if chars[index] == char {
                        if index + 1 < chars.count, chars[index + 1] == char {
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
                if char == "`" && depth == 0 { result.append((text, true)) }
            } else if char == "(" {
                depth += 1
                index += 1
            } else if char == ")" {
                depth = max(0, depth - 1)
                index += 1
            } else if char.isLetter || char.isNumber || char == "_" || char == "$" {
                var text = ""
                while index < chars.count, chars[index].isLetter || chars[index].isNumber || chars[index] == "_" || chars[index] == "$" {
                    text.append(chars[index])
                    index += 1
                }
                if depth == 0 { result.append((text, false)) }
            } else {
                if depth == 0 && (char == "," || char == ".") { result.append((String(char), false)) }
                index += 1
            }
        }
        return result
    }
}

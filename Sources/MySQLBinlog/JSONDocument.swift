/// A JSON document held as a tree, so that ``JSONDiff`` changes can be applied to the before image of a
/// partially updated JSON column (MySQL source `sql/json_diff.cc`, `apply_json_diffs`).
///
/// It reads the text ``JSONBinary`` prints and prints it back the same way: scalars keep their text, objects keep
/// MySQL's stored key order (shorter keys first, then bytewise), separators are `", "` and `": "`.
indirect enum JSONDocument: Equatable {
    /// A number, string, `true`, `false` or `null`, as printed.
    case scalar(String)
    case array([JSONDocument])
    /// Members in MySQL's key order; `key` is the unescaped UTF-8 key, `quoted` its printed form.
    case object([Member])

    struct Member: Equatable {
        var key: [UInt8]
        var quoted: String
        var value: JSONDocument
    }

    /// One step of a JSON path: `.key` or `[index]`.
    enum Leg: Equatable {
        case member([UInt8])
        case index(Int)
    }

    /// Parses JSON text.
    static func parse(_ text: String) throws(MySQLBinlogError) -> JSONDocument {
        var parser = JSONTextParser(bytes: Array(text.utf8))
        let document = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.offset == parser.bytes.count else { throw .malformed("JSON text has trailing bytes") }
        return document
    }

    /// The document as MySQL prints it.
    var text: String {
        var output = ""
        append(to: &output)
        return output
    }

    private func append(to output: inout String) {
        switch self {
        case .scalar(let text): output += text
        case .array(let elements):
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += ", " }
                element.append(to: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { output += ", " }
                output += member.quoted + ": "
                member.value.append(to: &output)
            }
            output += "}"
        }
    }

    /// Applies one diff in place. Throws when the path does not fit the document (the before image is not
    /// the document the server changed).
    mutating func apply(_ diff: JSONDiff) throws(MySQLBinlogError) {
        let legs = try JSONTextParser.path(diff.path)
        let value = try diff.value.map { text throws(MySQLBinlogError) in try JSONDocument.parse(text) }
        try apply(diff.operation, legs[...], value, path: diff.path)
    }

    private mutating func apply(
        _ operation: JSONDiff.Operation, _ legs: ArraySlice<Leg>, _ value: JSONDocument?, path: String
    ) throws(MySQLBinlogError) {
        guard let leg = legs.first else {
            guard operation == .replace, let value else { throw .malformed("JSON diff \(operation) of the root") }
            self = value
            return
        }
        let rest = legs.dropFirst()
        switch (self, leg) {
        case (.object(var members), .member(let key)):
            let found = members.firstIndex { $0.key == key }
            if !rest.isEmpty {
                guard let found else { throw .malformed("JSON diff path \(path) not in the before image") }
                try members[found].value.apply(operation, rest, value, path: path)
            } else {
                switch (operation, found, value) {
                case (.remove, let found?, _): members.remove(at: found)
                case (.replace, let found?, let value?), (.insert, let found?, let value?): members[found].value = value
                case (.insert, nil, let value?):
                    let position = members.firstIndex { Self.precedes(key, $0.key) } ?? members.count
                    members.insert(Member(key: key, quoted: JSONTextParser.quote(key), value: value), at: position)
                default: throw .malformed("JSON diff \(operation) at \(path) does not fit the before image")
                }
            }
            self = .object(members)
        case (.array(var elements), .index(let index)):
            if !rest.isEmpty {
                guard index < elements.count else { throw .malformed("JSON diff path \(path) not in the before image") }
                try elements[index].apply(operation, rest, value, path: path)
            } else {
                switch (operation, value) {
                case (.remove, _) where index < elements.count: elements.remove(at: index)
                case (.replace, let value?) where index < elements.count: elements[index] = value
                case (.insert, let value?): elements.insert(value, at: min(index, elements.count))
                default: throw .malformed("JSON diff \(operation) at \(path) does not fit the before image")
                }
            }
            self = .array(elements)
        default:
            throw .malformed("JSON diff path \(path) does not match the before image's structure")
        }
    }

    /// MySQL's stored key order: shorter keys first, equal lengths bytewise.
    static func precedes(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        left.count != right.count ? left.count < right.count : left.lexicographicallyPrecedes(right)
    }
}

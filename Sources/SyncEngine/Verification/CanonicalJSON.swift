/// JSON in one canonical text form (issue 4 item 6): object keys sorted by their decoded UTF-8 bytes (a repeated
/// key keeps its last value, as MySQL and PostgreSQL `jsonb` do), no insignificant whitespace, strings with their
/// escapes decoded and re-escaped one way, numbers as their exact decimal value without exponent or trailing
/// zeros (`JSONNumber`: never through a binary float). MariaDB keeps JSON as written (`{"b": 1e2, "a": 2.50}`),
/// MySQL 8 re-prints it (`{"a": 2.5, "b": 100.0}`), PostgreSQL `jsonb` normalises numbers to `numeric` and orders
/// keys its own way (`{"a": 2.50, "b": 100}`): all become `{"a":2.5,"b":100}`.
///
/// A small recursive-descent tokenizer over bytes (RFC 8259), depth-limited: input that is not JSON, or nested
/// deeper than `maximumDepth`, gives nil (the caller then compares raw bytes). Never traps on any input.
struct CanonicalJSON {
    /// Deepest nesting accepted (MySQL allows 100).
    static let maximumDepth = 512

    let input: [UInt8]
    var index = 0

    private init(_ input: [UInt8]) { self.input = input }

    /// The canonical text of `bytes`, or nil when they are not one JSON value.
    static func canonical(_ bytes: [UInt8]) -> [UInt8]? {
        var parser = CanonicalJSON(bytes)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        guard parser.value(into: &out, depth: 0) else { return nil }
        parser.skipWhitespace()
        return parser.index == bytes.count ? out : nil
    }

    var current: UInt8? { index < input.count ? input[index] : nil }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
    }

    private mutating func value(into out: inout [UInt8], depth: Int) -> Bool {
        guard depth < Self.maximumDepth else { return false }
        skipWhitespace()
        switch current {
        case UInt8(ascii: "{"): return object(into: &out, depth: depth)
        case UInt8(ascii: "["): return array(into: &out, depth: depth)
        case UInt8(ascii: "\""):
            guard let text = string() else { return false }
            Self.writeString(text, into: &out)
            return true
        case UInt8(ascii: "t"): return literal("true", into: &out)
        case UInt8(ascii: "f"): return literal("false", into: &out)
        case UInt8(ascii: "n"): return literal("null", into: &out)
        default: return number(into: &out)
        }
    }

    private mutating func object(into out: inout [UInt8], depth: Int) -> Bool {
        index += 1
        var members: [(key: [UInt8], value: [UInt8])] = []
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            index += 1
        } else {
            while true {
                skipWhitespace()
                guard current == UInt8(ascii: "\""), let key = string() else { return false }
                skipWhitespace()
                guard current == UInt8(ascii: ":") else { return false }
                index += 1
                var member: [UInt8] = []
                guard value(into: &member, depth: depth + 1) else { return false }
                members.append((key, member))
                skipWhitespace()
                guard let separator = current else { return false }
                index += 1
                if separator == UInt8(ascii: "}") { break }
                guard separator == UInt8(ascii: ",") else { return false }
            }
        }
        // Stable sort, then keep the last of equal keys.
        let sorted = members.enumerated().sorted { lhs, rhs in
            let order = KeyOrder.compareBytes(lhs.element.key, rhs.element.key)
            return order == .equal ? lhs.offset < rhs.offset : order == .less
        }
        out.append(UInt8(ascii: "{"))
        var first = true
        for (position, member) in sorted.enumerated() {
            if position + 1 < sorted.count, sorted[position + 1].element.key == member.element.key { continue }
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            Self.writeString(member.element.key, into: &out)
            out.append(UInt8(ascii: ":"))
            out.append(contentsOf: member.element.value)
        }
        out.append(UInt8(ascii: "}"))
        return true
    }

    private mutating func array(into out: inout [UInt8], depth: Int) -> Bool {
        index += 1
        out.append(UInt8(ascii: "["))
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            index += 1
        } else {
            var first = true
            while true {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                guard value(into: &out, depth: depth + 1) else { return false }
                skipWhitespace()
                guard let separator = current else { return false }
                index += 1
                if separator == UInt8(ascii: "]") { break }
                guard separator == UInt8(ascii: ",") else { return false }
            }
        }
        out.append(UInt8(ascii: "]"))
        return true
    }

    private mutating func literal(_ word: String, into out: inout [UInt8]) -> Bool {
        let bytes = Array(word.utf8)
        guard input.count - index >= bytes.count, input[index..<index + bytes.count].elementsEqual(bytes) else {
            return false
        }
        index += bytes.count
        out.append(contentsOf: bytes)
        return true
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, written in its canonical form.
    private mutating func number(into out: inout [UInt8]) -> Bool {
        let start = index
        if current == UInt8(ascii: "-") { index += 1 }
        if current == UInt8(ascii: "0") {
            index += 1
        } else {
            guard digits() > 0 else { return false }
        }
        if current == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { return false }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { return false }
        }
        out.append(contentsOf: JSONNumber.canonical(input[start..<index]))
        return true
    }

    private mutating func digits() -> Int {
        let start = index
        while let byte = current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { index += 1 }
        return index - start
    }
}

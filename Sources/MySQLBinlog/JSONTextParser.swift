/// A strict reader of JSON text and MySQL JSON paths, for ``JSONDocument`` (RFC 8259; MySQL manual, "The JSON
/// Data Type", "Searching and Modifying JSON Values" for the path syntax `$`, `.key`, `."quoted key"`, `[n]`).
struct JSONTextParser {
    let bytes: [UInt8]
    var offset = 0

    mutating func skipSpace() {
        while offset < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[offset]) { offset += 1 }
    }

    mutating func value(depth: Int) throws(MySQLBinlogError) -> JSONDocument {
        guard depth < JSONBinary.maximumDepth else { throw .malformed("JSON nested too deeply") }
        skipSpace()
        guard offset < bytes.count else { throw .truncated("JSON text") }
        switch bytes[offset] {
        case UInt8(ascii: "{"):
            offset += 1
            var members: [JSONDocument.Member] = []
            skipSpace()
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") {
                offset += 1
                return .object(members)
            }
            while true {
                skipSpace()
                let start = offset
                let key = try string()
                let quoted = String(decoding: bytes[start..<offset], as: UTF8.self)
                try expect(UInt8(ascii: ":"))
                members.append(JSONDocument.Member(key: key, quoted: quoted, value: try value(depth: depth + 1)))
                if try endOfList(UInt8(ascii: "}")) { return .object(members) }
            }
        case UInt8(ascii: "["):
            offset += 1
            var elements: [JSONDocument] = []
            skipSpace()
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") {
                offset += 1
                return .array(elements)
            }
            while true {
                elements.append(try value(depth: depth + 1))
                if try endOfList(UInt8(ascii: "]")) { return .array(elements) }
            }
        case UInt8(ascii: "\""):
            let start = offset
            _ = try string()
            return .scalar(String(decoding: bytes[start..<offset], as: UTF8.self))
        default:
            let start = offset
            while offset < bytes.count, !Self.isDelimiter(bytes[offset]) { offset += 1 }
            guard offset > start else { throw .malformed("JSON text: unexpected byte \(bytes[start])") }
            return .scalar(String(decoding: bytes[start..<offset], as: UTF8.self))
        }
    }

    private static func isDelimiter(_ byte: UInt8) -> Bool {
        [UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: ":"), 0x20, 0x0A, 0x0D, 0x09]
            .contains(byte)
    }

    private mutating func expect(_ byte: UInt8) throws(MySQLBinlogError) {
        skipSpace()
        guard offset < bytes.count, bytes[offset] == byte else { throw .malformed("JSON text: expected \(byte)") }
        offset += 1
    }

    /// After a member or element: true at the closing bracket, false after a comma.
    private mutating func endOfList(_ closing: UInt8) throws(MySQLBinlogError) -> Bool {
        skipSpace()
        guard offset < bytes.count else { throw .truncated("JSON text") }
        offset += 1
        if bytes[offset - 1] == closing { return true }
        guard bytes[offset - 1] == UInt8(ascii: ",") else { throw .malformed("JSON text: expected , or \(closing)") }
        return false
    }

    /// Reads a quoted string at `offset` and returns its unescaped UTF-8 bytes.
    mutating func string() throws(MySQLBinlogError) -> [UInt8] {
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { throw .malformed("JSON: expected a string") }
        offset += 1
        var result: [UInt8] = []
        var pendingHigh: UInt32?
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            if byte == UInt8(ascii: "\"") { return result }
            guard byte == UInt8(ascii: "\\") else {
                result.append(byte)
                continue
            }
            guard offset < bytes.count else { break }
            let escape = bytes[offset]
            offset += 1
            switch escape {
            case UInt8(ascii: "n"): result.append(0x0A)
            case UInt8(ascii: "r"): result.append(0x0D)
            case UInt8(ascii: "t"): result.append(0x09)
            case UInt8(ascii: "b"): result.append(0x08)
            case UInt8(ascii: "f"): result.append(0x0C)
            case UInt8(ascii: "u"):
                guard offset + 4 <= bytes.count,
                    let unit = UInt32(String(decoding: bytes[offset..<(offset + 4)], as: UTF8.self), radix: 16)
                else { throw .malformed("JSON: bad \\u escape") }
                offset += 4
                if (0xD800..<0xDC00).contains(unit) {
                    pendingHigh = unit
                    continue
                }
                var scalarValue = unit
                if let high = pendingHigh, (0xDC00..<0xE000).contains(unit) {
                    scalarValue = 0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00)
                }
                pendingHigh = nil
                let scalar = Unicode.Scalar(scalarValue) ?? "\u{FFFD}"
                result.append(contentsOf: Array(String(Character(scalar)).utf8))
            default: result.append(escape)  // \" \\ \/
            }
        }
        throw .truncated("JSON string")
    }

    /// A key as MySQL prints it (the escapes of `JSONText.appendQuoted`).
    static func quote(_ key: [UInt8]) -> String {
        var output = ""
        key.withUnsafeBufferPointer { JSONText.appendQuoted($0[...], to: &output) }
        return output
    }

    /// The legs of a MySQL JSON path without wildcards (`$`, `.key`, `."key"`, `[n]`).
    static func path(_ text: String) throws(MySQLBinlogError) -> [JSONDocument.Leg] {
        var parser = JSONTextParser(bytes: Array(text.utf8))
        parser.skipSpace()
        guard parser.offset < parser.bytes.count, parser.bytes[parser.offset] == UInt8(ascii: "$") else {
            throw .malformed("JSON path \(text) does not start with $")
        }
        parser.offset += 1
        var legs: [JSONDocument.Leg] = []
        while true {
            parser.skipSpace()
            guard parser.offset < parser.bytes.count else { return legs }
            let byte = parser.bytes[parser.offset]
            parser.offset += 1
            if byte == UInt8(ascii: ".") {
                parser.skipSpace()
                if parser.offset < parser.bytes.count, parser.bytes[parser.offset] == UInt8(ascii: "\"") {
                    legs.append(.member(try parser.string()))
                } else {
                    let start = parser.offset
                    while parser.offset < parser.bytes.count,
                        ![UInt8(ascii: "."), UInt8(ascii: "["), 0x20].contains(parser.bytes[parser.offset])
                    {
                        parser.offset += 1
                    }
                    guard parser.offset > start else { throw .malformed("JSON path \(text): empty member") }
                    legs.append(.member(Array(parser.bytes[start..<parser.offset])))
                }
            } else if byte == UInt8(ascii: "[") {
                let start = parser.offset
                while parser.offset < parser.bytes.count, parser.bytes[parser.offset] != UInt8(ascii: "]") {
                    parser.offset += 1
                }
                let digits = String(decoding: parser.bytes[start..<parser.offset], as: UTF8.self)
                    .trimmingSpaces()
                guard parser.offset < parser.bytes.count, let index = Int(digits), index >= 0 else {
                    throw .malformed("JSON path \(text): unsupported array leg")
                }
                parser.offset += 1
                legs.append(.index(index))
            } else {
                throw .malformed("JSON path \(text): unexpected byte \(byte)")
            }
        }
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        String(self.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}

/// A compiled `LIKE` pattern (MySQL Reference Manual 14.8.1 "String Comparison Functions and Operators"): `%`
/// matches any run of characters, `_` exactly one character (one UTF-8 sequence), the escape character (`\` unless
/// `ESCAPE` names another) makes the next character literal. Matching is byte-wise (case-sensitive, like a binary
/// collation), linear in memory and at worst O(text x pattern) in time.
struct LikePattern: Sendable, Hashable {
    enum Element: Sendable, Hashable {
        case anyRun
        case oneCharacter
        case byte(UInt8)
    }

    let elements: [Element]

    /// Compiles `pattern`; a trailing escape character stands for itself.
    init(_ pattern: [UInt8], escape: UInt8 = UInt8(ascii: "\\")) {
        var elements: [Element] = []
        var index = 0
        while index < pattern.count {
            let byte = pattern[index]
            if byte == escape, index + 1 < pattern.count {
                elements.append(.byte(pattern[index + 1]))
                index += 2
                continue
            }
            switch byte {
            case UInt8(ascii: "%"): if elements.last != .anyRun { elements.append(.anyRun) }
            case UInt8(ascii: "_"): elements.append(.oneCharacter)
            default: elements.append(.byte(byte))
            }
            index += 1
        }
        self.elements = elements
    }

    /// Whether `text` matches the whole pattern.
    func matches(_ text: [UInt8]) -> Bool {
        var textIndex = 0
        var elementIndex = 0
        // The last `%` seen and the text position it currently stops at, for backtracking.
        var starElement = -1
        var starText = 0
        while textIndex < text.count {
            if elementIndex < elements.count {
                switch elements[elementIndex] {
                case .anyRun:
                    starElement = elementIndex
                    starText = textIndex
                    elementIndex += 1
                    continue
                case .oneCharacter:
                    textIndex += Self.characterLength(text, at: textIndex)
                    elementIndex += 1
                    continue
                case .byte(let byte) where byte == text[textIndex]:
                    textIndex += 1
                    elementIndex += 1
                    continue
                case .byte:
                    break
                }
            }
            guard starElement >= 0 else { return false }
            starText += Self.characterLength(text, at: starText)
            textIndex = starText
            elementIndex = starElement + 1
        }
        while elementIndex < elements.count, elements[elementIndex] == .anyRun { elementIndex += 1 }
        return elementIndex == elements.count
    }

    /// The length of the UTF-8 sequence starting at `index` (1 for a stray continuation or invalid byte), never
    /// past the end.
    static func characterLength(_ text: [UInt8], at index: Int) -> Int {
        let lead = text[index]
        var length = 1
        if lead >= 0xF0 && lead < 0xF8 {
            length = 4
        } else if lead >= 0xE0 {
            length = lead < 0xF0 ? 3 : 1
        } else if lead >= 0xC0 {
            length = 2
        }
        var end = index + 1
        while end < min(text.count, index + length), text[end] & 0xC0 == 0x80 { end += 1 }
        return end - index
    }
}

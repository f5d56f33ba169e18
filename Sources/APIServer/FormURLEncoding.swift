/// `application/x-www-form-urlencoded` decoding, as Python `urlencode` produces it (sdk-wire-formats.md §1.2):
/// `&`-separated `key=value` pairs, `+` meaning space, `%XX` UTF-8 escapes.
enum FormURLEncoding {
    /// Splits and decodes a query string or form body. Invalid escapes or invalid UTF-8 are a typed error.
    static func decode(_ text: Substring) throws(APIError) -> [(String, String)] {
        var pairs: [(String, String)] = []
        for part in text.split(separator: "&", omittingEmptySubsequences: true) {
            let key: Substring
            let value: Substring
            if let equals = part.firstIndex(of: "=") {
                key = part[..<equals]
                value = part[part.index(after: equals)...]
            } else {
                key = part
                value = ""
            }
            pairs.append((try unescape(key), try unescape(value)))
        }
        return pairs
    }

    /// Percent-decodes one component with `+` as space.
    static func unescape(_ text: Substring) throws(APIError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    throw APIError(.invalidParameter, "Invalid parameter encoding: malformed percent escape.")
                }
                bytes.append(high << 4 | low)
            default:
                bytes.append(byte)
            }
        }
        guard let string = String(validating: bytes, as: UTF8.self) else {
            throw APIError(.invalidParameter, "Invalid parameter encoding: not UTF-8.")
        }
        return string
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

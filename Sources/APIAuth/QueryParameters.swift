/// One decoded `key=value` pair of a query string or form body, kept as bytes (values need not be UTF-8).
struct QueryParameter: Hashable, Sendable {
    /// Decoded key bytes.
    var key: [UInt8]
    /// Decoded value bytes.
    var value: [UInt8]

    /// True when the key equals `name` (ASCII, case-sensitive, as the schemes compare keys).
    func hasKey(_ name: String) -> Bool {
        key.elementsEqual(name.utf8)
    }

    /// The value as UTF-8 text (invalid sequences replaced).
    var valueText: String { String(decoding: value, as: UTF8.self) }

    /// Parses `a=1&b=2` with form rules: `&` separates pairs, the first `=` splits key from value (a pair without
    /// `=` has an empty value), empty segments are skipped, and `%XX` and `+` are decoded.
    static func parse(_ raw: some Collection<UInt8>, plusIsSpace: Bool = true) -> [QueryParameter] {
        var result: [QueryParameter] = []
        for segment in raw.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            if let equals = segment.firstIndex(of: UInt8(ascii: "=")) {
                result.append(
                    QueryParameter(
                        key: PercentEncoding.decode(segment[segment.startIndex..<equals], plusIsSpace: plusIsSpace),
                        value: PercentEncoding.decode(
                            segment[segment.index(after: equals)...], plusIsSpace: plusIsSpace)))
            } else {
                result.append(
                    QueryParameter(key: PercentEncoding.decode(segment, plusIsSpace: plusIsSpace), value: []))
            }
        }
        return result
    }

    /// Parses a query string.
    static func parse(_ raw: String, plusIsSpace: Bool = true) -> [QueryParameter] {
        parse(Array(raw.utf8), plusIsSpace: plusIsSpace)
    }

    /// Sorts by key, then by value, both in byte order (stable for equal pairs).
    static func sortedByKeyThenValue(_ parameters: [QueryParameter]) -> [QueryParameter] {
        parameters.sorted { lhs, rhs in
            if lhs.key != rhs.key { return lhs.key.lexicographicallyPrecedes(rhs.key) }
            return lhs.value.lexicographicallyPrecedes(rhs.value)
        }
    }

    /// `RFC3986(key)=RFC3986(value)` joined with `&`.
    static func canonical(_ parameters: [QueryParameter]) -> String {
        parameters.map { PercentEncoding.rfc3986($0.key) + "=" + PercentEncoding.rfc3986($0.value) }
            .joined(separator: "&")
    }
}

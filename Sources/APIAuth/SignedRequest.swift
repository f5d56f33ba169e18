/// One HTTP header as it arrived on the wire: the name keeps its original case.
public struct HTTPHeaderField: Sendable, Hashable {
    /// Header name as sent (compared case-insensitively).
    public var name: String
    /// Header value as sent (not trimmed).
    public var value: String

    /// Creates a header field.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// The parts of an HTTP request that the three signature schemes cover, free of any HTTP framework type.
///
/// The API layer converts its framework request into this value: the method, the raw (still percent-encoded)
/// path, the raw query string without the leading `?`, the headers in wire order and the exact body bytes.
public struct SignedRequest: Sendable, Hashable {
    /// HTTP method in upper case, e.g. `POST`.
    public var method: String
    /// Raw path as on the request line, without the query, e.g. `/v3/<pid>/jobs`.
    public var rawPath: String
    /// Raw query string without the leading `?`; empty when there is none.
    public var rawQuery: String
    /// Headers in wire order.
    public var headers: [HTTPHeaderField]
    /// Exact body bytes.
    public var body: [UInt8]

    /// Creates a request from its parts.
    public init(method: String, rawPath: String, rawQuery: String, headers: [HTTPHeaderField], body: [UInt8]) {
        self.method = method
        self.rawPath = rawPath
        self.rawQuery = rawQuery
        self.headers = headers
        self.body = body
    }

    /// Creates a request from a request-target such as `/?Action=X&Version=Y` (split at the first `?`).
    public init(method: String, target: String, headers: [HTTPHeaderField], body: [UInt8]) {
        if let mark = target.firstIndex(of: "?") {
            self.init(
                method: method, rawPath: String(target[..<mark]),
                rawQuery: String(target[target.index(after: mark)...]), headers: headers, body: body)
        } else {
            self.init(method: method, rawPath: target, rawQuery: "", headers: headers, body: body)
        }
    }

    /// All values of the header `name` (ASCII case-insensitive), in wire order.
    public func headerValues(_ name: String) -> [String] {
        var values: [String] = []
        for header in headers where Self.asciiCaseInsensitiveEqual(header.name, name) {
            values.append(header.value)
        }
        return values
    }

    /// Compares two header names byte by byte, folding ASCII letters, without allocating.
    static func asciiCaseInsensitiveEqual(_ lhs: String, _ rhs: String) -> Bool {
        var lhs = lhs
        var rhs = rhs
        return lhs.withUTF8 { a in
            rhs.withUTF8 { b in
                guard a.count == b.count else { return false }
                for index in 0..<a.count where a[index] != b[index] {
                    guard a[index] | 0x20 == b[index] | 0x20, (0x61...0x7A).contains(a[index] | 0x20) else {
                        return false
                    }
                }
                return true
            }
        }
    }

    /// The value of a header that must appear at most once; nil when absent.
    /// - Throws: `APIAuthError` `.malformedRequest` when the header is repeated.
    func singleHeader(_ name: String) throws(APIAuthError) -> String? {
        let values = headerValues(name)
        guard values.count <= 1 else {
            throw APIAuthError(.malformedRequest, "The header \(name) appears more than once.")
        }
        return values.first
    }

    /// Returns a copy with every header called `name` removed and, when `value` is non-nil, one appended.
    public func settingHeader(_ name: String, to value: String?) -> SignedRequest {
        var copy = self
        copy.headers.removeAll { Self.asciiCaseInsensitiveEqual($0.name, name) }
        if let value {
            copy.headers.append(HTTPHeaderField(name: name, value: value))
        }
        return copy
    }

    /// The request-target (`path` plus `?query` when the query is non-empty).
    public var target: String {
        rawQuery.isEmpty ? rawPath : rawPath + "?" + rawQuery
    }
}

import NIOCore

/// One HTTP request, body collected, in the form the dialect adapters and the authenticator read.
public struct APICall: Sendable {
    /// HTTP method, uppercase.
    public var method: String
    /// Path without query.
    public var path: String
    /// Raw query string (without `?`), undecoded.
    public var rawQuery: String
    /// Header fields, names lowercased, in wire order.
    public var headers: [(name: String, value: String)]
    /// Exact body bytes.
    public var body: [UInt8]

    /// Creates a call.
    public init(method: String, path: String, rawQuery: String, headers: [(name: String, value: String)],
                body: [UInt8]) {
        self.method = method
        self.path = path
        self.rawQuery = rawQuery
        self.headers = headers
        self.body = body
    }

    /// The first value of a header, case-insensitively.
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name == lowered }?.value
    }

    /// Decoded query pairs.
    func queryPairs() throws(APIError) -> [(String, String)] {
        try FormURLEncoding.decode(Substring(rawQuery))
    }

    /// Decoded form-body pairs, when the body is form-encoded (or untyped but non-empty text).
    func formPairs() throws(APIError) -> [(String, String)] {
        guard !body.isEmpty else { return [] }
        let type = header("content-type")?.lowercased() ?? ""
        guard type.isEmpty || type.hasPrefix("application/x-www-form-urlencoded") else {
            throw APIError(.invalidParameter, "Invalid parameter: Content-Type \(type.prefix(64)) is not supported.")
        }
        guard let text = String(validating: body, as: UTF8.self) else {
            throw APIError(.invalidParameter, "Invalid parameter encoding: body is not UTF-8.")
        }
        return try FormURLEncoding.decode(Substring(text))
    }
}

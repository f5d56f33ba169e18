import Foundation

/// The parameters of one DataWorks RPC call, merged from the query string and the form body
/// (sdk-wire-formats.md §1.2, §1.4: the server accepts each parameter from either place).
///
/// Typed accessors turn the SDK's encodings into values: booleans `True`/`False` in any case, integers
/// with bounds, nested objects as compact JSON strings. Every failure names the parameter.
public struct RPCParameters: Sendable {
    private var values: [String: String]

    /// Creates parameters from decoded pairs; a body value wins over a query value of the same name.
    public init(query: [(String, String)], form: [(String, String)]) {
        var values: [String: String] = [:]
        for (key, value) in query { values[key] = value }
        for (key, value) in form { values[key] = value }
        self.values = values
    }

    /// The raw value, or nil when absent.
    public func string(_ name: String) -> String? { values[name] }

    /// The raw value, or nil when absent or empty.
    public func nonEmptyString(_ name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    /// The value; absent or empty is an error naming the parameter.
    public func requiredString(_ name: String) throws(APIError) -> String {
        guard let value = nonEmptyString(name) else { throw .missing(name) }
        return value
    }

    /// An integer within `range`, or nil when absent.
    public func int(_ name: String, in range: ClosedRange<Int64> = Int64.min...Int64.max) throws(APIError) -> Int64? {
        guard let raw = nonEmptyString(name) else { return nil }
        guard let value = Int64(raw.trimmingCharacters(in: .whitespaces)) else {
            throw .invalid(name, "expected an integer")
        }
        guard range.contains(value) else {
            throw .invalid(name, "must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return value
    }

    /// A required integer within `range`.
    public func requiredInt(_ name: String, in range: ClosedRange<Int64> = Int64.min...Int64.max) throws(APIError)
        -> Int64
    {
        guard let value = try int(name, in: range) else { throw .missing(name) }
        return value
    }

    /// A boolean: `true`/`false` in any case (Python sends `True`/`False`), or nil when absent.
    public func bool(_ name: String) throws(APIError) -> Bool? {
        guard let raw = nonEmptyString(name) else { return nil }
        switch raw.lowercased() {
        case "true": return true
        case "false": return false
        default: throw .invalid(name, "expected true or false")
        }
    }

    /// A JSON-string parameter decoded into `T`, or nil when absent.
    public func json<T: Decodable>(_ name: String, as type: T.Type) throws(APIError) -> T? {
        guard let raw = nonEmptyString(name) else { return nil }
        do {
            return try JSONDecoder().decode(T.self, from: Data(raw.utf8))
        } catch let error as DecodingError {
            throw .invalid(name, "malformed JSON (\(JSONErrorText.describe(error)))")
        } catch {
            throw .invalid(name, "malformed JSON")
        }
    }
}

/// Short descriptions of `DecodingError`s that name the path, never echoing the input.
enum JSONErrorText {
    /// `at a.b.c: reason`, without the raw value.
    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .typeMismatch(let type, let context): "\(path(context.codingPath)) is not \(type)"
        case .valueNotFound(_, let context): "\(path(context.codingPath)) is null"
        case .keyNotFound(let key, let context): "\(path(context.codingPath + [key])) is missing"
        case .dataCorrupted(let context):
            context.codingPath.isEmpty ? "not valid JSON" : "\(path(context.codingPath)) is invalid"
        @unknown default: "invalid"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "value" : keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}

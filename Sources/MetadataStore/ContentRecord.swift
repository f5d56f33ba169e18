import Foundation
import SyncModel

/// The stored form of a `ConnectionContent`: everything except the password, which is sealed in its own column.
struct ContentRecord: Codable, Sendable {
    var form: ConnectionContent.Form
    var host: String
    var port: Int
    var database: String
    var username: String
    var extra: [String: JSONValue]

    init(_ content: ConnectionContent) {
        form = content.form
        host = content.host
        port = content.port
        database = content.database
        username = content.username
        extra = content.extra
    }

    func content(password: String?) -> ConnectionContent {
        ConnectionContent(
            form: form, host: host, port: port, database: database, username: username,
            password: Secret(password ?? ""), extra: extra)
    }
}

/// JSON coding helpers for stored blobs.
extension SQLiteMetadataStore {
    static func encode(_ value: some Encodable) throws(MetadataStoreError) -> String {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw MetadataStoreError(.corruptRecord, "cannot encode a record")
        }
    }

    static func decode<T: Decodable>(_ text: String, as type: T.Type) throws(MetadataStoreError) -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw MetadataStoreError(.corruptRecord, "cannot decode a stored \(T.self)")
        }
    }
}

/// SQL helpers.
enum SQLFragments {
    /// A LIKE pattern matching `text` anywhere, with `%`, `_` and `\` escaped (use with `ESCAPE '\'`).
    static func likePattern(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return "%\(escaped)%"
    }
}

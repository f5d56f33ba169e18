/// Parsing of the two accepted content forms, with errors that name the offending field.
extension ConnectionContent {
    private static let knownKeys: Set<String> = [
        "jdbcUrl", "host", "port", "database", "username", "password", "user", "dbName",
    ]

    /// Optional, non-secret members kept verbatim and echoed back. Any other member is refused, so that a
    /// misspelt secret field ("passwd", "pwd") is never stored in clear or echoed.
    public static let optionalKeys: Set<String> = [
        "envType", "tag", "instanceName", "instanceId", "regionId", "schema", "charset", "timezone",
        "connectionProperties", "topic", "securityProtocol", "sslEnabled", "authType", "description",
    ]

    /// Parses content JSON text for a data source of `type`.
    public static func parse(_ text: String, type: DataSourceType) throws(SyncModelError) -> ConnectionContent {
        let value: JSONValue
        do {
            value = try JSONValue.parse(text, field: "Content")
        } catch {
            throw SyncModelError(.invalidConnectionContent, "Content: is not valid JSON", field: "Content")
        }
        return try parse(value, type: type)
    }

    /// Parses already-decoded content for a data source of `type`.
    public static func parse(_ value: JSONValue, type: DataSourceType) throws(SyncModelError) -> ConnectionContent {
        guard let members = value.objectValue else {
            throw invalid("Content", "must be a JSON object, got \(value.typeName)")
        }
        var username = try optionalString(members, "username")
        if username == nil { username = try optionalString(members, "user") }
        let rawPassword = try optionalString(members, "password")
        let password = Secret(rawPassword ?? "")
        let extra = members.filter { !knownKeys.contains($0.key) }
        if let unknown = extra.keys.sorted().first(where: { !optionalKeys.contains($0) }) {
            let shown = String(unknown.prefix(40))
            throw invalid("Content.\(shown)", "is not a known connection field")
        }
        if let url = members["jdbcUrl"] {
            guard let text = url.stringValue else { throw invalid("Content.jdbcUrl", "must be a string") }
            let parts = try parseJDBCURL(text, type: type)
            return ConnectionContent(
                form: .jdbcURL, host: parts.host, port: parts.port, database: parts.database,
                username: username ?? "", password: password, extra: extra)
        }
        guard let host = try optionalString(members, "host"), !host.isEmpty else {
            throw invalid("Content.host", "is required (or give Content.jdbcUrl)")
        }
        guard isValidHost(host) else { throw invalid("Content.host", "is not a valid host name or address") }
        var port = type.defaultPort
        if let rawPort = members["port"] {
            guard let number = rawPort.lenientInt, (1...65535).contains(number) else {
                throw invalid("Content.port", "must be an integer between 1 and 65535")
            }
            port = number
        }
        var database = try optionalString(members, "database")
        if database == nil { database = try optionalString(members, "dbName") }
        return ConnectionContent(
            form: .hostPort, host: host, port: port, database: database ?? "", username: username ?? "",
            password: password, extra: extra)
    }

    /// Splits `jdbc:<scheme>://host[:port][/database][?params]`; the scheme must match `type`.
    static func parseJDBCURL(
        _ text: String, type: DataSourceType
    ) throws(SyncModelError) -> (host: String, port: Int, database: String) {
        guard let scheme = type.jdbcScheme else {
            throw invalid("Content.jdbcUrl", "is not supported for \(type.rawValue) data sources")
        }
        let prefix = "jdbc:\(scheme)://"
        guard text.lowercased().hasPrefix(prefix) else {
            throw invalid("Content.jdbcUrl", "must start with \(prefix)")
        }
        var rest = Substring(text.dropFirst(prefix.count))
        if let query = rest.firstIndex(of: "?") { rest = rest[..<query] }
        var database = ""
        if let slash = rest.firstIndex(of: "/") {
            database = String(rest[rest.index(after: slash)...])
            rest = rest[..<slash]
        }
        var host = String(rest)
        var port = type.defaultPort
        if let colon = rest.lastIndex(of: ":") {
            host = String(rest[..<colon])
            guard let number = Int(rest[rest.index(after: colon)...]), (1...65535).contains(number) else {
                throw invalid("Content.jdbcUrl", "has an invalid port")
            }
            port = number
        }
        guard !host.isEmpty, isValidHost(host) else { throw invalid("Content.jdbcUrl", "has an invalid host") }
        return (host, port, database)
    }

    private static func optionalString(
        _ members: [String: JSONValue], _ key: String
    ) throws(SyncModelError) -> String? {
        guard let value = members[key] else { return nil }
        switch value {
        case .null: return nil
        case .string(let text): return text
        case .number: return value.lenientInt.map(String.init)
        default: throw invalid("Content.\(key)", "must be a string")
        }
    }

    private static func isValidHost(_ host: String) -> Bool {
        host.utf8.count <= 253
            && host.utf8.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                    || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                    || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
                    || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]")
            }
    }

    private static func invalid(_ field: String, _ problem: String) -> SyncModelError {
        SyncModelError(.invalidConnectionContent, "\(field): \(problem)", field: field)
    }
}

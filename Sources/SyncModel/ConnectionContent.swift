/// The connection content of a data source (DataWorks `CreateDataSource.Content`, DRS `Endpoint`). Two forms are
/// accepted (issue 2): `{"jdbcUrl":"jdbc:mysql://host:port/db","username":..,"password":..}` and
/// `{"host":..,"port":..,"database":..,"username":..,"password":..}`. The password is a `Secret`.
public struct ConnectionContent: Sendable, Hashable {
    /// Which form the user supplied, kept so that responses echo the same shape.
    public enum Form: String, Sendable, Hashable, Codable {
        case jdbcURL = "jdbcUrl"
        case hostPort = "host"
    }

    /// The form the content arrived in.
    public var form: Form
    /// Host name or address.
    public var host: String
    /// TCP port.
    public var port: Int
    /// Database (MySQL schema, PostgreSQL database); empty when not given. For Kafka, unused.
    public var database: String
    /// User name.
    public var username: String
    /// Password; never serialised by `redactedJSON`.
    public var password: Secret
    /// Other members of the content object, kept verbatim (for example `envType`, `tag`, Kafka `topic`).
    public var extra: [String: JSONValue]

    /// Creates content from parts.
    public init(
        form: Form = .hostPort, host: String, port: Int, database: String = "", username: String = "",
        password: Secret = Secret(""), extra: [String: JSONValue] = [:]
    ) {
        self.form = form
        self.host = host
        self.port = port
        self.database = database
        self.username = username
        self.password = password
        self.extra = extra
    }

    /// The JDBC URL for this content (`jdbc:mysql://host:port/db`), when the type has one.
    public func jdbcURL(for type: DataSourceType) -> String? {
        guard let scheme = type.jdbcScheme else { return nil }
        let path = database.isEmpty ? "" : "/\(database)"
        return "jdbc:\(scheme)://\(host):\(port)\(path)"
    }

    /// The content as JSON without the password, in the form it arrived in. Safe for responses and logs.
    public func redactedJSON(for type: DataSourceType) -> JSONValue {
        var members = extra
        members["username"] = .string(username)
        if form == .jdbcURL, let url = jdbcURL(for: type) {
            members["jdbcUrl"] = .string(url)
        } else {
            members["host"] = .string(host)
            members["port"] = .number(Double(port))
            if !database.isEmpty { members["database"] = .string(database) }
        }
        return .object(members)
    }
}

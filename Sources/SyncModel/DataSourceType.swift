/// The data source engines Tide connects to (issue 2: mysql, postgresql, hologres, kafka).
public enum DataSourceType: String, Sendable, Hashable, Codable, CaseIterable {
    case mysql
    case postgresql
    case hologres
    case kafka

    /// Parses a type name the way the dialects spell it ("MySQL", "Hologres", "postgresql", "PostgreSQL").
    public init?(lenient text: String) {
        switch text.lowercased() {
        case "mysql": self = .mysql
        case "postgresql", "postgres", "pg": self = .postgresql
        case "hologres": self = .hologres
        case "kafka": self = .kafka
        default: return nil
        }
    }

    /// The DataWorks spelling (`MySQL`, `PostgreSQL`, `Hologres`, `Kafka`).
    public var dataWorksName: String {
        switch self {
        case .mysql: "MySQL"
        case .postgresql: "PostgreSQL"
        case .hologres: "Hologres"
        case .kafka: "Kafka"
        }
    }

    /// The JDBC sub-protocol used in `jdbc:<scheme>://` URLs, where there is one.
    public var jdbcScheme: String? {
        switch self {
        case .mysql: "mysql"
        case .postgresql, .hologres: "postgresql"
        case .kafka: nil
        }
    }

    /// The conventional default port.
    public var defaultPort: Int {
        switch self {
        case .mysql: 3306
        case .postgresql: 5432
        case .hologres: 80
        case .kafka: 9092
        }
    }
}

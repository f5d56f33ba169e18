import Foundation
import NIOCore
import NIOSSL

/// How to reach and log in to a MySQL-protocol server.
public struct MySQLConfiguration: Sendable, CustomStringConvertible {
    /// Whether to use TLS.
    public enum TLSMode: Sendable {
        /// Plain TCP.
        case disable
        /// TLS with this configuration; fail if the server does not offer it.
        case require(TLSConfiguration)
    }

    /// Host name or address.
    public var host: String
    /// TCP port.
    public var port: Int
    /// User name.
    public var username: String
    /// Password (never printed).
    public var password: String
    /// Initial schema.
    public var database: String?
    /// TLS mode.
    public var tls: TLSMode
    /// The server's RSA public key (PEM) for caching_sha2_password without TLS; fetched from the server when nil.
    public var serverPublicKeyPEM: String?
    /// TCP connect timeout.
    public var connectTimeout: TimeAmount
    /// How long to wait for data once a reply is expected.
    public var readTimeout: TimeAmount

    /// Creates a configuration.
    public init(
        host: String, port: Int = 3306, username: String, password: String, database: String? = nil,
        tls: TLSMode = .disable, serverPublicKeyPEM: String? = nil, connectTimeout: TimeAmount = .seconds(10),
        readTimeout: TimeAmount = .seconds(60)
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
        self.serverPublicKeyPEM = serverPublicKeyPEM
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
    }

    /// Parses `mysql://user:pass@host:port/db` (user and password percent-decoded; `?ssl=true` requires TLS
    /// without certificate verification, for test servers).
    public init(url string: String) throws {
        guard let components = URLComponents(string: string), components.scheme == "mysql" || components.scheme == "mariadb",
            let host = components.host, !host.isEmpty
        else { throw MySQLClientError(.invalidConfiguration, "expected mysql://user:pass@host:port[/db]") }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        var tls = TLSMode.disable
        if components.queryItems?.first(where: { $0.name == "ssl" })?.value == "true" {
            var config = TLSConfiguration.makeClientConfiguration()
            config.certificateVerification = .none
            tls = .require(config)
        }
        self.init(
            host: host, port: components.port ?? 3306, username: components.user ?? "root",
            password: components.password ?? "", database: path.isEmpty ? nil : path, tls: tls)
    }

    public var description: String {
        "mysql://\(username)@\(host):\(port)/\(database ?? "")"
    }
}

import Foundation
import Logging
import MySQLClient
import MySQLSink
import NIOCore
import MySQLSource
import PostgresSink
import SyncEngine
import SyncModel

/// The connectors of this build: MySQL as a source; PostgreSQL, Hologres (PostgreSQL protocol) and MySQL as
/// destinations. Anything else fails with a message naming the engine.
public struct LiveConnectors: ConnectorFactory {
    let logger: Logger

    /// Creates the factory.
    public init(logger: Logger = Logger(label: "tide.connectors")) { self.logger = logger }

    public func source(_ type: DataSourceType, _ content: ConnectionContent, connections: Int) async throws
        -> any SnapshotSource & OrderedTableReader
    {
        switch type {
        case .mysql:
            return MySQLSnapshotSource(
                configuration: Self.mysql(content), connections: connections, logger: logger)
        default:
            throw SyncEngineError(
                .invalidConfiguration, "\(type.dataWorksName) is not supported as a source in this build (MySQL is)")
        }
    }

    public func sink(_ type: DataSourceType, _ content: ConnectionContent, connections: Int) async throws
        -> any SnapshotSink & OrderedTableReader
    {
        switch type {
        case .postgresql, .hologres:
            var configuration = PostgresSinkConfiguration(
                host: content.host, port: content.port, username: content.username,
                password: content.password.isEmpty ? nil : content.password.revealed,
                database: content.database.isEmpty ? "postgres" : content.database, maxConnections: connections)
            // Binary COPY for PostgreSQL; Hologres data sources keep text. TIDE_PG_BINARY_COPY=off turns it off
            // (an operator's escape hatch, and the A/B switch of bench/snapshot).
            configuration.binaryCopy =
                type == .postgresql && ProcessInfo.processInfo.environment["TIDE_PG_BINARY_COPY"] != "off"
            // TIDE_PG_MERGE=off merges change batches with DELETE + INSERT ... ON CONFLICT instead of MERGE (the
            // A/B switch of bench/cdc; servers before PostgreSQL 15 and Hologres never get MERGE).
            configuration.mergeStatement = ProcessInfo.processInfo.environment["TIDE_PG_MERGE"] != "off"
            return try await PostgresSink.connect(configuration, logger: logger)
        case .mysql:
            return MySQLSink(configuration: Self.mysql(content), connections: connections, logger: logger)
        case .kafka:
            throw SyncEngineError(
                .invalidConfiguration, "Kafka is not supported as a full-copy destination in this build")
        }
    }

    public func changeSource(_ type: DataSourceType, _ content: ConnectionContent) async throws -> any ChangeSource {
        switch type {
        case .mysql:
            return MySQLChangeSource(configuration: Self.mysql(content), logger: logger)
        default:
            throw SyncEngineError(
                .invalidConfiguration,
                "\(type.dataWorksName) is not supported as a real-time source in this build (MySQL is)")
        }
    }

    /// A MySQL client configuration for `content` (no default database: every statement names its tables).
    static func mysql(_ content: ConnectionContent) -> MySQLConfiguration {
        MySQLConfiguration(
            host: content.host, port: content.port, username: content.username, password: content.password.revealed,
            database: nil, readTimeout: .seconds(600))
    }
}

import SyncEngine
import SyncModel

/// A source connector of a run: copies chunks and reads ordered tables for verification.
typealias RunSource = any SnapshotSource & OrderedTableReader
/// A destination connector of a run.
typealias RunSink = any SnapshotSink & OrderedTableReader

/// Opens connectors for a run's data sources. The product uses `LiveConnectors`; the only other conformer would be
/// a connector added for a new engine.
public protocol ConnectorFactory: Sendable {
    /// A snapshot source for `content` of engine `type`, with up to `connections` connections.
    func source(_ type: DataSourceType, _ content: ConnectionContent, connections: Int) async throws
        -> any SnapshotSource & OrderedTableReader
    /// A snapshot sink for `content` of engine `type`, with up to `connections` connections.
    func sink(_ type: DataSourceType, _ content: ConnectionContent, connections: Int) async throws
        -> any SnapshotSink & OrderedTableReader
}

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

    /// A change source (binlog reader) for `content` of engine `type`.
    func changeSource(_ type: DataSourceType, _ content: ConnectionContent) async throws -> any ChangeSource
}

extension ConnectorFactory {
    /// Opens the snapshot source and sink of `definition`, runs `body` with them, and closes both whatever happens.
    func withSourceAndSink<T: Sendable>(
        _ definition: RunDefinition, sourceConnections: Int, sinkConnections: Int,
        _ body: (RunSource, RunSink) async throws -> T
    ) async throws -> T {
        let source = try await self.source(definition.sourceType, definition.source, connections: sourceConnections)
        let sink: RunSink
        do {
            sink = try await self.sink(definition.destinationType, definition.destination, connections: sinkConnections)
        } catch {
            await source.close()
            throw error
        }
        do {
            let result = try await body(source, sink)
            await sink.close()
            await source.close()
            return result
        } catch {
            await sink.close()
            await source.close()
            throw error
        }
    }

    /// The sink of `type` as a change sink (every destination of this build is both).
    func changeSink(_ type: DataSourceType, _ content: ConnectionContent, connections: Int) async throws
        -> any SnapshotSink & OrderedTableReader & ChangeSink
    {
        let sink = try await self.sink(type, content, connections: connections)
        guard let changeSink = sink as? any SnapshotSink & OrderedTableReader & ChangeSink else {
            await sink.close()
            throw SyncEngineError(
                .invalidConfiguration, "\(type.dataWorksName) is not supported as a real-time destination in this build")
        }
        return changeSink
    }
}

extension ConnectorFactory {
    /// The source's current binlog restart point (a connection opened and closed for it).
    func currentStreamPosition(_ definition: RunDefinition) async throws -> String {
        let source = try await changeSource(definition.sourceType, definition.source)
        do {
            let position = try await source.currentPosition()
            await source.close()
            return position
        } catch {
            await source.close()
            throw error
        }
    }

    /// The task's tables as the source has them now, one whole chunk each (change capture needs no boundaries).
    func currentPlans(_ definition: RunDefinition) async throws -> [TablePlan] {
        let source = try await self.source(definition.sourceType, definition.source, connections: 1)
        do {
            let plans = try await SnapshotPlanner(definition: definition).plan(with: source, chunks: false)
            await source.close()
            return plans
        } catch {
            await source.close()
            throw error
        }
    }
}

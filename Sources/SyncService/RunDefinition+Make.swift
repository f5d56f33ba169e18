import SyncEngine
import SyncModel

extension RunDefinition {
    /// Builds the definition of `task`. `dataSource` resolves a data source name of the task's project (with its
    /// password). Throws `SyncEngineError(.invalidConfiguration / .notFound)` naming the field at fault.
    static func make(
        _ task: SyncTask, dataSource: (String) async throws -> DataSource?
    ) async throws -> RunDefinition {
        func resolve(_ name: String?, inline: ConnectionContent?, type: String, field: String) async throws
            -> (DataSourceType, ConnectionContent)
        {
            if let inline {
                guard let kind = DataSourceType(lenient: type) else {
                    throw SyncEngineError(.invalidConfiguration, "\(field): unsupported engine \(type)")
                }
                return (kind, inline)
            }
            guard let name, !name.isEmpty else {
                throw SyncEngineError(.invalidConfiguration, "\(field): no data source is named")
            }
            guard let found = try await dataSource(name) else {
                throw SyncEngineError(.notFound, "\(field): data source \(name) does not exist in the project")
            }
            return (found.type, found.content)
        }
        switch task.spec {
        case .realtimeContent(let value) where task.kind == .diRealtime:
            // A DI_REALTIME script in the DataX step form (a `mysql` reader naming its tables in
            // `connection[].table`, a `postgresql` / `hologres` / `mysql` writer): the same tables and options as a
            // DI_OFFLINE task, run as real-time incremental sync (the task's MigrationType).
            let content: TaskContent
            do {
                content = try TaskContent.parse(value)
            } catch {
                throw SyncEngineError(
                    .invalidConfiguration,
                    "DI_REALTIME TaskContent runs when it has DataX steps (a mysql reader with connection[].table and "
                        + "a writer): \(error.message)")
            }
            var asDataX = task
            asDataX.spec = .taskContent(content)
            return try await make(asDataX, dataSource: dataSource)
        case .taskContent(let content):
            guard let reader = content.reader, let writer = content.writer else {
                throw SyncEngineError(.invalidConfiguration, "TaskContent needs a reader and a writer step")
            }
            let (sourceType, source) = try await resolve(
                reader.dataSourceName ?? task.sourceDataSourceName, inline: nil, type: reader.stepType,
                field: "reader parameter.datasource")
            let (destinationType, destination) = try await resolve(
                writer.dataSourceName ?? task.destinationDataSourceName, inline: nil, type: writer.stepType,
                field: "writer parameter.datasource")
            return try dataX(
                content, sourceType: sourceType, source: source, destinationType: destinationType,
                destination: destination)
        case .diJob(let spec):
            let (sourceType, source) = try await resolve(
                spec.source.dataSourceName, inline: nil, type: task.sourceType,
                field: "SourceDataSourceSettings.DataSourceName")
            let (destinationType, destination) = try await resolve(
                spec.destination.dataSourceName, inline: nil, type: task.destinationType,
                field: "DestinationDataSourceSettings.DataSourceName")
            return try diJob(
                spec, sourceType: sourceType, source: source, destinationType: destinationType,
                destination: destination)
        case .drs(let objects):
            let (sourceType, source) = try await resolve(
                task.sourceDataSourceName, inline: task.sourceEndpoint, type: task.sourceType, field: "source_endpoint")
            let (destinationType, destination) = try await resolve(
                task.destinationDataSourceName, inline: task.targetEndpoint, type: task.destinationType,
                field: "target_endpoint")
            return drs(
                objects, sourceType: sourceType, source: source, destinationType: destinationType,
                destination: destination)
        case .realtimeContent:
            throw SyncEngineError(
                .invalidConfiguration,
                "\(task.kind.rawValue) tasks with a free-form TaskContent run real-time solutions, which this build "
                    + "does not execute yet; create a DIJob, or a DI_REALTIME task with DataX steps")
        }
    }

    /// The DRS form: objects are `db` or `db.table`; every table of a named database; no objects means the source
    /// endpoint's `db_name`, or every user database; destination names equal the source names.
    static func drs(
        _ objects: [String], sourceType: DataSourceType, source: ConnectionContent, destinationType: DataSourceType,
        destination: ConnectionContent
    ) -> RunDefinition {
        var rules: [TableSelection.Rule] = []
        for object in objects {
            let parts = DestinationNaming.split(object)
            if let database = parts.schema {
                rules.append(.init(target: .table, expression: "\(database).\(parts.table)"))
            } else {
                rules.append(.init(target: .database, expression: object))
            }
        }
        if rules.isEmpty {
            // No objects selected: the source endpoint's database (`db_name`), else every user database.
            rules = source.database.isEmpty
                ? [.init(target: .database, expression: ".*", match: .regex)]
                : [.init(target: .database, expression: source.database)]
        }
        return RunDefinition(
            sourceType: sourceType, source: source, destinationType: destinationType, destination: destination,
            selection: TableSelection(defaultDatabase: source.database, rules: rules), columns: nil,
            destinationColumns: nil, whereClause: "",
            naming: .templates(schema: "${srcDatabaseName}", table: "${srcTableName}"),
            sinkOptions: SinkOptions(writeMode: .insert, createTables: true), concurrency: 4, maxRowsPerSecond: nil,
            maxBytesPerSecond: nil, dirtyRecordLimit: 0)
    }
}

import Foundation
import SyncEngine
import SyncModel

/// Everything a run needs, derived from a stored task and its resolved data sources: which connectors, which
/// tables, how destination tables are named, and the copy settings. Built by `RunDefinition.make`, which rejects
/// what cannot run with a message that names the offending field.
struct RunDefinition: Sendable {
    /// Source engine and connection.
    var sourceType: DataSourceType
    var source: ConnectionContent
    /// Destination engine and connection.
    var destinationType: DataSourceType
    var destination: ConnectionContent
    /// The source tables.
    var selection: TableSelection
    /// Source columns to read (DataX `column`); nil reads every column.
    var columns: [String]?
    /// Destination column names, positional to `columns` (DataX writer `column`); nil keeps the source names.
    var destinationColumns: [String]?
    /// DataX reader `where`.
    var whereClause: String
    /// How destination tables are named.
    var naming: DestinationNaming
    /// Sink behaviour.
    var sinkOptions: SinkOptions
    /// Parallel channels.
    var concurrency: Int
    /// Limits.
    var maxRowsPerSecond: Int?
    var maxBytesPerSecond: Int?
    var dirtyRecordLimit: Int?
}

/// How a source table's destination is named.
enum DestinationNaming: Sendable, Hashable {
    /// DataX: the writer's tables, positional to the reader's (`schema.table` or `table` in `defaultSchema`).
    case explicit([String], defaultSchema: String)
    /// DIJob / DRS: templates with `${srcDatabaseName}` and `${srcTableName}`.
    case templates(schema: String, table: String)

    /// The destination of the `index`-th selected table `source`.
    func destination(of source: TableName, index: Int) throws -> TableName {
        switch self {
        case .explicit(let names, let defaultSchema):
            guard !names.isEmpty else {
                throw SyncEngineError(.invalidConfiguration, "the writer names no table (writer parameter.table)")
            }
            let name = names.count == 1 ? names[0] : (index < names.count ? names[index] : "")
            guard !name.isEmpty else {
                throw SyncEngineError(
                    .invalidConfiguration,
                    "the writer names \(names.count) tables for more source tables (writer parameter.table)")
            }
            let parts = Self.split(name)
            return TableName(schema: parts.schema ?? defaultSchema, name: parts.table)
        case .templates(let schema, let table):
            func expand(_ template: String) -> String {
                template.replacingOccurrences(of: "${srcDatabaseName}", with: source.schema)
                    .replacingOccurrences(of: "${srcTableName}", with: source.name)
            }
            return TableName(schema: expand(schema), name: expand(table))
        }
    }

    /// Splits `schema.table` at the first dot (quoted names are not split).
    static func split(_ name: String) -> (schema: String?, table: String) {
        guard let dot = name.firstIndex(of: "."), !name.hasPrefix("\"") else { return (nil, name) }
        return (String(name[..<dot]), String(name[name.index(after: dot)...]))
    }
}

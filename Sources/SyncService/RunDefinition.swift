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
    /// DIJob `DdlHandlingSettings`: `Type` (AddColumn, DropColumn, ...) to action; missing types take
    /// `DDLAction.defaults`.
    var ddlActions: [String: DDLAction] = [:]
    /// DIJob HandleDml: per-table Normal, Ignore, Filter and LogicalDelete policies (`HandleDmlRules`).
    var dmlRules = HandleDmlRules()
    /// Key partitions applied in parallel during change capture (DIJob `runtime.realtime.concurrent`; 1 keeps
    /// every source transaction whole at the destination; see `StreamPipeline.runPartitioned`).
    var realtimeConcurrency = 1

    /// The action for a source DDL of `kind`.
    func ddlAction(for kind: SchemaChange.Kind) -> DDLAction {
        let type = DDLAction.settingType(of: kind)
        return ddlActions[type.lowercased()] ?? DDLAction.defaults[type] ?? .critical
    }
}

/// What to do with a source DDL (DIJob DdlHandlingSettings `Action`).
enum DDLAction: String, Sendable, Hashable {
    /// Apply it to the destination.
    case normal
    /// Skip it (the destination keeps its shape; changed columns stop flowing or are left out).
    case ignore
    /// Fail the task with the statement in the message.
    case critical

    /// Parses `Normal`, `Ignore`, `Critical` (any case).
    init?(setting: String) { self.init(rawValue: setting.lowercased()) }

    /// The DdlHandlingSettings `Type` a kind falls under.
    static func settingType(of kind: SchemaChange.Kind) -> String {
        switch kind {
        case .addColumn: "AddColumn"
        case .dropColumn: "DropColumn"
        case .modifyColumn: "ModifyColumn"
        case .renameColumn: "RenameColumn"
        case .createTable: "CreateTable"
        case .truncateTable: "TruncateTable"
        case .dropTable: "DropTable"
        case .renameTable: "RenameTable"
        case .other: "Other"
        }
    }

    /// Defaults when a task sets none (those of DataWorks' real-time sync form): additive changes and TRUNCATE
    /// apply; dropping a table or column is ignored (the destination keeps the data); a rename or type change
    /// fails the task, since applying it silently could mis-map data. Other DDL (indexes, comments) is ignored.
    static let defaults: [String: DDLAction] = [
        "AddColumn": .normal, "CreateTable": .normal, "TruncateTable": .normal, "DropTable": .ignore,
        "DropColumn": .ignore, "RenameColumn": .critical, "ModifyColumn": .critical, "RenameTable": .critical,
        "Other": .ignore,
    ]
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

import SyncEngine
import SyncModel

/// The DataX TaskContent form (DataWorks DI_OFFLINE; anchors.md 1.1): reader `mysql` with `column`, `where`,
/// `splitPk`, `connection[].table`; writer `postgresql` / `hologres` / `mysql` with `table`, `column`,
/// `writeMode`, `truncate`, `preSql`, `postSql`, and Tide's `autoCreateTable`, `tinyint1AsBoolean`,
/// `zeroDateAsNull`; `setting.speed` and `setting.errorLimit`.
extension RunDefinition {
    static func dataX(
        _ content: TaskContent, sourceType: DataSourceType, source: ConnectionContent,
        destinationType: DataSourceType, destination: ConnectionContent
    ) throws -> RunDefinition {
        guard let reader = content.reader, let writer = content.writer else {
            throw SyncEngineError(.invalidConfiguration, "TaskContent needs a reader and a writer step")
        }
        if let query = reader.parameter["querySql"], query.stringValue?.isEmpty == false || query.arrayValue != nil {
            throw SyncEngineError(
                .invalidConfiguration,
                "reader parameter.querySql is not supported: name tables in connection[].table (a query cannot be "
                    + "split into key ranges or resumed)")
        }
        var tables = strings(reader.parameter["table"])
        for connection in reader.parameter["connection"]?.arrayValue ?? [] { tables += strings(connection["table"]) }
        guard !tables.isEmpty else {
            throw SyncEngineError(.invalidConfiguration, "reader parameter.connection[].table names no table")
        }
        let readColumns = strings(reader.parameter["column"])
        let columns: [String]? = readColumns.isEmpty || readColumns == ["*"] ? nil : readColumns
        let writeColumns = strings(writer.parameter["column"])
        let destinationColumns: [String]? = writeColumns.isEmpty || writeColumns == ["*"] ? nil : writeColumns
        if let columns, let destinationColumns, columns.count != destinationColumns.count {
            throw SyncEngineError(
                .invalidConfiguration,
                "writer parameter.column has \(destinationColumns.count) columns, reader parameter.column "
                    + "\(columns.count)")
        }
        var writerTables = strings(writer.parameter["table"])
        for connection in writer.parameter["connection"]?.arrayValue ?? [] { writerTables += strings(connection["table"]) }
        let defaultSchema = destinationType == .mysql ? destination.database : "public"
        var options = SinkOptions(
            writeMode: try writeMode(writer.parameter["writeMode"]?.stringValue),
            createTables: writer.parameter["autoCreateTable"]?.lenientBool ?? false,
            truncateBeforeLoad: writer.parameter["truncate"]?.lenientBool ?? false,
            preSQL: strings(writer.parameter["preSql"]), postSQL: strings(writer.parameter["postSql"]))
        options.tinyInt1AsBoolean = writer.parameter["tinyint1AsBoolean"]?.lenientBool ?? false
        options.zeroDateAsNull = writer.parameter["zeroDateAsNull"]?.lenientBool ?? true
        let mbps = content.speed.throttle ? content.speed.mbps : nil
        return RunDefinition(
            sourceType: sourceType, source: source, destinationType: destinationType, destination: destination,
            selection: .tables(tables, defaultDatabase: source.database), columns: columns,
            destinationColumns: destinationColumns, whereClause: reader.parameter["where"]?.stringValue ?? "",
            naming: .explicit(writerTables.isEmpty ? tables.map { DestinationNaming.split($0).table } : writerTables,
                              defaultSchema: defaultSchema),
            sinkOptions: options, concurrency: max(1, min(content.speed.concurrent ?? 2, 32)),
            maxRowsPerSecond: nil, maxBytesPerSecond: mbps.map { $0 * 1_048_576 },
            dirtyRecordLimit: content.errorLimitRecord)
    }

    /// DataX `writeMode`: insert / copy, ignore, replace / update / upsert.
    static func writeMode(_ text: String?) throws -> WriteMode {
        switch text?.lowercased() ?? "insert" {
        case "", "insert", "copy": return .insert
        case "ignore", "insertignore", "insert ignore": return .ignore
        case "replace", "update", "upsert", "conflict": return .replace
        default:
            throw SyncEngineError(
                .invalidConfiguration, "writer parameter.writeMode must be insert, ignore or replace, got \(text ?? "")")
        }
    }

    static func strings(_ value: JSONValue?) -> [String] {
        switch value {
        case .string(let text)?: text.isEmpty ? [] : [text]
        case .array(let elements)?: elements.compactMap(\.stringValue).filter { !$0.isEmpty }
        default: []
        }
    }
}

import Foundation
import SyncEngine
import SyncModel

/// The DIJob form (CreateDIJob; anchors.md 1.2): TableMappings selection rules, Rename transformation rules with
/// `${srcDatabaseName}` / `${srcTableName}`, ColumnDataTypeSettings, and the runtime settings
/// `runtime.offline.concurrent`, `runtime.enable.auto.create.schema`, `runtime.offline.speed.limit.enable` /
/// `runtime.offline.speed.limit.mb`.
extension RunDefinition {
    static func diJob(
        _ spec: DIJobSpec, sourceType: DataSourceType, source: ConnectionContent, destinationType: DataSourceType,
        destination: ConnectionContent
    ) throws -> RunDefinition {
        var rules: [TableSelection.Rule] = []
        var schemaTemplate = "${srcDatabaseName}"
        var tableTemplate = "${srcTableName}"
        let renames = Dictionary(
            spec.transformationRules.filter { $0.ruleActionType == .rename }.map { ($0.ruleName, $0) },
            uniquingKeysWith: { first, _ in first })
        for mapping in spec.tableMappings {
            for rule in mapping.selectionRules {
                let match: TableSelection.Rule.Match = rule.expressionType?.lowercased() == "exact" ? .exact : .regex
                rules.append(
                    .init(
                        target: rule.objectType == .database ? .database : .table, expression: rule.expression,
                        match: match, include: rule.action?.lowercased() != "exclude"))
            }
            for reference in mapping.ruleReferences where reference.ruleActionType == .rename {
                guard let rule = renames[reference.ruleName] else {
                    throw SyncEngineError(
                        .invalidConfiguration,
                        "TableMappings.TransformationRules names rule \(reference.ruleName), which is not defined")
                }
                let expression = try renameExpression(rule)
                switch rule.ruleTargetType {
                case .table: tableTemplate = expression
                case .schema, .database: schemaTemplate = expression
                }
            }
        }
        guard !rules.isEmpty else {
            throw SyncEngineError(.invalidConfiguration, "TableMappings.SourceObjectSelectionRules selects nothing")
        }
        let runtime = spec.jobSettings.runtimeSettings
        var options = SinkOptions(writeMode: .insert, createTables: true)
        if let create = runtime["runtime.enable.auto.create.schema"] { options.createTables = create.lowercased() != "false" }
        for mapping in spec.jobSettings.columnDataTypeSettings {
            options.typeOverrides[mapping.sourceDataType.lowercased()] = mapping.destinationDataType
        }
        var mbps: Int?
        if runtime["runtime.offline.speed.limit.enable"]?.lowercased() == "true" {
            mbps = runtime["runtime.offline.speed.limit.mb"].flatMap { Int($0) }
        }
        let concurrency = runtime["runtime.offline.concurrent"].flatMap { Int($0) } ?? 4
        var ddlActions: [String: DDLAction] = [:]
        for (index, handling) in spec.jobSettings.ddlHandlingSettings.enumerated() {
            guard let action = DDLAction(setting: handling.action) else {
                throw SyncEngineError(
                    .invalidConfiguration,
                    "JobSettings.DdlHandlingSettings[\(index)].Action must be Normal, Ignore or Critical, not "
                        + handling.action)
            }
            ddlActions[handling.type.lowercased()] = action
        }
        var definition = RunDefinition(
            sourceType: sourceType, source: source, destinationType: destinationType, destination: destination,
            selection: TableSelection(defaultDatabase: source.database, rules: rules), columns: nil,
            destinationColumns: nil, whereClause: "",
            naming: .templates(schema: schemaTemplate, table: tableTemplate),
            sinkOptions: options, concurrency: max(1, min(concurrency, 32)), maxRowsPerSecond: nil,
            maxBytesPerSecond: mbps.map { $0 * 1_048_576 }, dirtyRecordLimit: nil)
        definition.ddlActions = ddlActions
        return definition
    }

    /// A Rename rule's `RuleExpression`: `{"expression":"${srcTableName}_copy"}` (or a bare JSON string).
    static func renameExpression(_ rule: DIJobSpec.TransformationRule) throws -> String {
        guard let text = rule.ruleExpression,
            let value = try? JSONValue.parse(text, field: "RuleExpression")
        else {
            throw SyncEngineError(
                .invalidConfiguration, "TransformationRules[\(rule.ruleName)].RuleExpression is missing or not JSON")
        }
        if let expression = value["expression"]?.stringValue ?? value.stringValue, !expression.isEmpty {
            return expression
        }
        throw SyncEngineError(
            .invalidConfiguration,
            "TransformationRules[\(rule.ruleName)].RuleExpression needs an \"expression\" such as "
                + "\"${srcTableName}_copy\"")
    }
}

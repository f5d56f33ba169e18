import Foundation
import SyncEngine
import SyncModel

/// The DIJob form (CreateDIJob; anchors.md 1.2): TableMappings selection rules, Rename transformation rules with
/// `${srcDatabaseName}` / `${srcTableName}`, ColumnDataTypeSettings, and the runtime settings
/// `runtime.offline.concurrent`, `runtime.enable.auto.create.schema`, `runtime.offline.speed.limit.enable` /
/// `runtime.offline.speed.limit.mb`, DdlHandlingSettings, and HandleDml rules per table mapping (`HandleDmlRules`).
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
            rules.append(contentsOf: selectionRules(mapping))
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
        definition.dmlRules = try handleDmlRules(spec, defaultDatabase: source.database)
        if let text = runtime["runtime.realtime.concurrent"] {
            guard let value = Int(text.trimmingCharacters(in: .whitespaces)), (1...32).contains(value) else {
                throw SyncEngineError(
                    .invalidConfiguration,
                    "JobSettings.RuntimeSettings runtime.realtime.concurrent must be a whole number from 1 to 32, not "
                        + "'\(text.prefix(40))'")
            }
            definition.realtimeConcurrency = value
        }
        return definition
    }

    /// A TableMappings entry's SourceObjectSelectionRules as selection rules.
    static func selectionRules(_ mapping: DIJobSpec.TableMapping) -> [TableSelection.Rule] {
        mapping.selectionRules.map { rule in
            let match: TableSelection.Rule.Match = rule.expressionType?.lowercased() == "exact" ? .exact : .regex
            return .init(
                target: rule.objectType == .database ? .database : .table, expression: rule.expression,
                match: match, include: rule.action?.lowercased() != "exclude")
        }
    }

    /// The HandleDml rules the table mappings reference, per mapping (see `HandleDmlRules`). Refuses an unknown
    /// dmlType or dmlAction, Filter on inserts, LogicalDelete on anything but deletes, a Filter without a
    /// filterCondition and an empty logicalDeleteColumn, each naming the rule.
    static func handleDmlRules(_ spec: DIJobSpec, defaultDatabase: String) throws -> HandleDmlRules {
        let rules = Dictionary(
            spec.transformationRules.filter { $0.ruleActionType == .handleDml }.map { ($0.ruleName, $0) },
            uniquingKeysWith: { first, _ in first })
        var result = HandleDmlRules()
        for mapping in spec.tableMappings {
            var policy: HandleDmlRules.TablePolicy = [:]
            for reference in mapping.ruleReferences where reference.ruleActionType == .handleDml {
                guard let rule = rules[reference.ruleName], let text = rule.ruleExpression,
                    case .object(let root)? = try? JSONValue.parse(text, field: "RuleExpression"),
                    case .array(let policies)? = root["dmlPolicies"]
                else {
                    throw SyncEngineError(
                        .invalidConfiguration,
                        "HandleDml rule \(reference.ruleName) needs a RuleExpression {\"dmlPolicies\":[...]}")
                }
                for entry in policies {
                    let (kind, action) = try handleDmlPolicy(entry, rule: reference.ruleName)
                    policy[kind] = HandleDmlRules.Entry(action: action, ruleName: reference.ruleName)
                }
            }
            guard !policy.isEmpty else { continue }
            result.bindings.append(
                HandleDmlRules.Binding(
                    selection: TableSelection(defaultDatabase: defaultDatabase, rules: selectionRules(mapping)),
                    policy: policy))
        }
        return result
    }

    /// One `dmlPolicies` entry.
    private static func handleDmlPolicy(_ entry: JSONValue, rule: String) throws
        -> (RowChange.Kind, HandleDmlRules.Entry.Action)
    {
        guard case .object(let fields) = entry, let type = fields["dmlType"]?.stringValue,
            let action = fields["dmlAction"]?.stringValue
        else {
            throw SyncEngineError(
                .invalidConfiguration, "HandleDml rule \(rule): every dmlPolicies entry needs dmlType and dmlAction")
        }
        guard let kind = RowChange.Kind(rawValue: type.lowercased()) else {
            throw SyncEngineError(
                .invalidConfiguration, "HandleDml rule \(rule): dmlType must be Insert, Update or Delete, not \(type)")
        }
        switch action.lowercased() {
        case "normal": return (kind, .normal)
        case "ignore": return (kind, .ignore)
        case "filter":
            guard kind != .insert else {
                throw SyncEngineError(
                    .invalidConfiguration, "HandleDml rule \(rule): Filter is allowed only for Update and Delete")
            }
            guard let condition = fields["filterCondition"]?.stringValue,
                !condition.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            else {
                throw SyncEngineError(
                    .invalidConfiguration,
                    "HandleDml rule \(rule): Filter for \(type) needs a filterCondition such as \"id > 1\"")
            }
            return (kind, .filter(condition))
        case "logicaldelete":
            guard kind == .delete else {
                throw SyncEngineError(
                    .invalidConfiguration, "HandleDml rule \(rule): LogicalDelete is allowed only for Delete")
            }
            var column = HandleDmlRules.defaultLogicalDeleteColumn
            if let value = fields["logicalDeleteColumn"] {
                guard let name = value.stringValue, !name.isEmpty, name.count <= 63,
                    !name.unicodeScalars.contains(where: { $0.value == 0 })
                else {
                    throw SyncEngineError(
                        .invalidConfiguration,
                        "HandleDml rule \(rule): logicalDeleteColumn must be a column name of 1 to 63 characters")
                }
                column = name
            }
            return (kind, .logicalDelete(column: column))
        default:
            throw SyncEngineError(
                .invalidConfiguration,
                "HandleDml rule \(rule): dmlAction must be Normal, Ignore, Filter or LogicalDelete, not \(action)")
        }
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

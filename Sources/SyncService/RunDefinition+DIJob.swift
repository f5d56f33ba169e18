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
        definition.ignoredChanges = try ignoredChanges(spec)
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

    /// The DML kinds HandleDml rules referenced by the table mappings ignore. The rule expression is
    /// `{"dmlPolicies":[{"dmlType":"Insert|Update|Delete","dmlAction":"Normal|Ignore|Filter|LogicalDelete",
    /// "filterCondition":"..."}]}` (anchors.md 1.2). Filter and LogicalDelete are refused: this build cannot evaluate
    /// filter conditions or mark rows deleted, and doing neither silently would sync something else than asked.
    static func ignoredChanges(_ spec: DIJobSpec) throws -> Set<RowChange.Kind> {
        let rules = Dictionary(
            spec.transformationRules.filter { $0.ruleActionType == .handleDml }.map { ($0.ruleName, $0) },
            uniquingKeysWith: { first, _ in first })
        var ignored: Set<RowChange.Kind> = []
        for mapping in spec.tableMappings {
            for reference in mapping.ruleReferences where reference.ruleActionType == .handleDml {
                guard let rule = rules[reference.ruleName], let text = rule.ruleExpression,
                    case .object(let root)? = try? JSONValue.parse(text, field: "RuleExpression"),
                    case .array(let policies)? = root["dmlPolicies"]
                else {
                    throw SyncEngineError(
                        .invalidConfiguration,
                        "HandleDml rule \(reference.ruleName) needs a RuleExpression {\"dmlPolicies\":[...]}")
                }
                for policy in policies {
                    guard case .object(let fields) = policy,
                        let type = fields["dmlType"]?.stringValue?.lowercased(),
                        let action = fields["dmlAction"]?.stringValue?.lowercased()
                    else {
                        throw SyncEngineError(
                            .invalidConfiguration,
                            "HandleDml rule \(reference.ruleName): every dmlPolicies entry needs dmlType and dmlAction")
                    }
                    guard let kind = RowChange.Kind(rawValue: type) else {
                        throw SyncEngineError(
                            .invalidConfiguration,
                            "HandleDml rule \(reference.ruleName): dmlType must be Insert, Update or Delete")
                    }
                    switch action {
                    case "normal": ignored.remove(kind)
                    case "ignore": ignored.insert(kind)
                    default:
                        throw SyncEngineError(
                            .invalidConfiguration,
                            "HandleDml rule \(reference.ruleName): dmlAction \(action) is not supported in this build "
                                + "(Normal and Ignore are)")
                    }
                }
            }
        }
        return ignored
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

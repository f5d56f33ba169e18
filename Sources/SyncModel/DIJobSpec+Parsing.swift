/// Parsing and validation of DIJob settings. Each parameter arrives as a JSON string in one form field (the SDK's
/// "shrink" encoding); every error names the parameter and the element (`TableMappings[0].SourceObjectSelectionRules`).
extension DIJobSpec {
    /// The raw JSON texts of the DIJob parameters, as the API receives them.
    public struct Parameters: Sendable, Hashable {
        /// `SourceDataSourceSettings`.
        public var sourceDataSourceSettings: String?
        /// `DestinationDataSourceSettings`.
        public var destinationDataSourceSettings: String?
        /// `TableMappings`.
        public var tableMappings: String?
        /// `TransformationRules`.
        public var transformationRules: String?
        /// `JobSettings`.
        public var jobSettings: String?
        /// `ResourceSettings`.
        public var resourceSettings: String?

        /// Creates parameters.
        public init(
            sourceDataSourceSettings: String? = nil, destinationDataSourceSettings: String? = nil,
            tableMappings: String? = nil, transformationRules: String? = nil, jobSettings: String? = nil,
            resourceSettings: String? = nil
        ) {
            self.sourceDataSourceSettings = sourceDataSourceSettings
            self.destinationDataSourceSettings = destinationDataSourceSettings
            self.tableMappings = tableMappings
            self.transformationRules = transformationRules
            self.jobSettings = jobSettings
            self.resourceSettings = resourceSettings
        }
    }

    static let ddlTypes: Set<String> = [
        "RenameColumn", "ModifyColumn", "CreateTable", "TruncateTable", "DropTable", "DropColumn", "AddColumn",
    ]
    static let ddlActions: Set<String> = ["Ignore", "Critical", "Normal"]

    /// Parses and validates the parameters of CreateDIJob.
    public static func parse(_ parameters: Parameters) throws(SyncModelError) -> DIJobSpec {
        let source = try parseDataSource(parameters.sourceDataSourceSettings, field: "SourceDataSourceSettings")
        let destination = try parseDataSource(
            parameters.destinationDataSourceSettings, field: "DestinationDataSourceSettings")
        let rules = try parseRules(parameters.transformationRules)
        let mappings = try parseMappings(parameters.tableMappings, rules: rules)
        let settings = try parseJobSettings(parameters.jobSettings)
        var resources: JSONValue?
        if let text = parameters.resourceSettings, !text.isEmpty {
            resources = try JSONValue.parse(text, field: "ResourceSettings")
            guard resources?.objectValue != nil else {
                throw SyncModelError.spec("ResourceSettings", "must be a JSON object")
            }
        }
        return DIJobSpec(
            source: source, destination: destination, tableMappings: mappings, transformationRules: rules,
            jobSettings: settings, resourceSettings: resources)
    }

    /// Applies the parameters UpdateDIJob may change (TableMappings, TransformationRules, JobSettings,
    /// ResourceSettings); absent parameters keep their values.
    public func updated(with parameters: Parameters) throws(SyncModelError) -> DIJobSpec {
        var copy = self
        if let text = parameters.transformationRules { copy.transformationRules = try Self.parseRules(text) }
        if let text = parameters.tableMappings {
            copy.tableMappings = try Self.parseMappings(text, rules: copy.transformationRules)
        } else {
            try Self.checkReferences(copy.tableMappings, rules: copy.transformationRules)
        }
        if let text = parameters.jobSettings { copy.jobSettings = try Self.parseJobSettings(text) }
        if let text = parameters.resourceSettings { copy.resourceSettings = try JSONValue.parse(text, field: "ResourceSettings") }
        return copy
    }

    static func parseDataSource(_ text: String?, field: String) throws(SyncModelError) -> DataSourceSetting {
        guard let text, !text.isEmpty else { throw SyncModelError.spec(field, "is required") }
        guard let elements = try JSONValue.parse(text, field: field).arrayValue else {
            throw SyncModelError.spec(field, "must be a JSON array")
        }
        guard elements.count == 1 else { throw SyncModelError.spec(field, "must contain exactly one element") }
        let element = elements[0]
        guard element.objectValue != nil else { throw SyncModelError.spec("\(field)[0]", "must be an object") }
        guard let name = element["DataSourceName"]?.stringValue, !name.isEmpty else {
            throw SyncModelError.spec("\(field)[0].DataSourceName", "is required and must be a non-empty string")
        }
        var properties: [String: String] = [:]
        if let raw = element["DataSourceProperties"], raw != .null {
            guard let members = raw.objectValue else {
                throw SyncModelError.spec("\(field)[0].DataSourceProperties", "must be an object")
            }
            for (key, value) in members {
                guard let text = value.stringValue ?? value.lenientInt.map(String.init) else {
                    throw SyncModelError.spec("\(field)[0].DataSourceProperties.\(key)", "must be a string")
                }
                properties[key] = text
            }
        }
        return DataSourceSetting(dataSourceName: name, properties: properties)
    }

    static func parseRules(_ text: String?) throws(SyncModelError) -> [TransformationRule] {
        guard let text, !text.isEmpty else { return [] }
        guard let elements = try JSONValue.parse(text, field: "TransformationRules").arrayValue else {
            throw SyncModelError.spec("TransformationRules", "must be a JSON array")
        }
        var rules: [TransformationRule] = []
        var keys: Set<String> = []
        for (index, element) in elements.enumerated() {
            let field = "TransformationRules[\(index)]"
            let reference = try parseReference(element, field: field)
            var expression: String?
            if let raw = element["RuleExpression"], raw != .null {
                guard let text = raw.stringValue else {
                    throw SyncModelError.spec("\(field).RuleExpression", "must be a JSON string")
                }
                let parsed = try JSONValue.parse(text, field: "\(field).RuleExpression")
                if reference.ruleActionType == .rename, parsed["expression"]?.stringValue == nil {
                    throw SyncModelError.spec("\(field).RuleExpression.expression", "is required for a Rename rule")
                }
                expression = text
            }
            let key = "\(reference.ruleName)|\(reference.ruleActionType.rawValue)|\(reference.ruleTargetType.rawValue)"
            guard keys.insert(key).inserted else {
                throw SyncModelError.spec("\(field).RuleName", "duplicates rule \"\(reference.ruleName)\"")
            }
            rules.append(
                TransformationRule(
                    ruleName: reference.ruleName, ruleActionType: reference.ruleActionType,
                    ruleTargetType: reference.ruleTargetType, ruleExpression: expression))
        }
        return rules
    }

    static func parseReference(_ element: JSONValue, field: String) throws(SyncModelError) -> RuleReference {
        guard element.objectValue != nil else { throw SyncModelError.spec(field, "must be an object") }
        guard let name = element["RuleName"]?.stringValue, !name.isEmpty else {
            throw SyncModelError.spec("\(field).RuleName", "is required and must be a non-empty string")
        }
        guard let rawAction = element["RuleActionType"]?.stringValue,
            let action = RuleActionType(rawValue: rawAction)
        else {
            let allowed = RuleActionType.allCases.map(\.rawValue).joined(separator: ", ")
            throw SyncModelError.spec("\(field).RuleActionType", "must be one of \(allowed)")
        }
        guard let rawTarget = element["RuleTargetType"]?.stringValue,
            let target = RuleTargetType(rawValue: rawTarget)
        else {
            throw SyncModelError.spec("\(field).RuleTargetType", "must be one of Table, Schema, Database")
        }
        return RuleReference(ruleName: name, ruleActionType: action, ruleTargetType: target)
    }
}

/// Parsing of TableMappings and JobSettings.
extension DIJobSpec {
    static func parseMappings(
        _ text: String?, rules: [TransformationRule]
    ) throws(SyncModelError) -> [TableMapping] {
        guard let text, !text.isEmpty else { throw SyncModelError.spec("TableMappings", "is required") }
        guard let elements = try JSONValue.parse(text, field: "TableMappings").arrayValue else {
            throw SyncModelError.spec("TableMappings", "must be a JSON array")
        }
        guard !elements.isEmpty else { throw SyncModelError.spec("TableMappings", "must not be empty") }
        var mappings: [TableMapping] = []
        for (index, element) in elements.enumerated() {
            let field = "TableMappings[\(index)]"
            guard element.objectValue != nil else { throw SyncModelError.spec(field, "must be an object") }
            guard let rawRules = element["SourceObjectSelectionRules"]?.arrayValue, !rawRules.isEmpty else {
                throw SyncModelError.spec("\(field).SourceObjectSelectionRules", "must be a non-empty array")
            }
            var selection: [SelectionRule] = []
            for (ruleIndex, rawRule) in rawRules.enumerated() {
                selection.append(try parseSelection(rawRule, field: "\(field).SourceObjectSelectionRules[\(ruleIndex)]"))
            }
            var references: [RuleReference] = []
            if let rawReferences = element["TransformationRules"], rawReferences != .null {
                guard let list = rawReferences.arrayValue else {
                    throw SyncModelError.spec("\(field).TransformationRules", "must be an array")
                }
                for (refIndex, rawReference) in list.enumerated() {
                    references.append(
                        try parseReference(rawReference, field: "\(field).TransformationRules[\(refIndex)]"))
                }
            }
            mappings.append(TableMapping(selectionRules: selection, ruleReferences: references))
        }
        try checkReferences(mappings, rules: rules)
        return mappings
    }

    static func checkReferences(_ mappings: [TableMapping], rules: [TransformationRule]) throws(SyncModelError) {
        for (index, mapping) in mappings.enumerated() {
            for (refIndex, reference) in mapping.ruleReferences.enumerated() {
                let found = rules.contains {
                    $0.ruleName == reference.ruleName && $0.ruleActionType == reference.ruleActionType
                        && $0.ruleTargetType == reference.ruleTargetType
                }
                guard found else {
                    throw SyncModelError.spec(
                        "TableMappings[\(index)].TransformationRules[\(refIndex)].RuleName",
                        "names no rule \"\(reference.ruleName)\" of type \(reference.ruleActionType.rawValue) in TransformationRules")
                }
            }
        }
    }

    static func parseSelection(_ element: JSONValue, field: String) throws(SyncModelError) -> SelectionRule {
        guard element.objectValue != nil else { throw SyncModelError.spec(field, "must be an object") }
        guard let rawType = element["ObjectType"]?.stringValue, let type = ObjectType(rawValue: rawType) else {
            throw SyncModelError.spec("\(field).ObjectType", "must be Database or Table")
        }
        guard let expression = element["Expression"]?.stringValue, !expression.isEmpty else {
            throw SyncModelError.spec("\(field).Expression", "is required and must be a non-empty string")
        }
        let action = element["Action"]?.stringValue
        if let action, action != "Include", action != "Exclude" {
            throw SyncModelError.spec("\(field).Action", "must be Include or Exclude")
        }
        let expressionType = element["ExpressionType"]?.stringValue
        if let expressionType, expressionType != "Exact", expressionType != "Regex" {
            throw SyncModelError.spec("\(field).ExpressionType", "must be Exact or Regex")
        }
        return SelectionRule(objectType: type, expression: expression, action: action, expressionType: expressionType)
    }

    static func parseJobSettings(_ text: String?) throws(SyncModelError) -> JobSettings {
        guard let text, !text.isEmpty else { return .empty }
        let root = try JSONValue.parse(text, field: "JobSettings")
        guard root.objectValue != nil else { throw SyncModelError.spec("JobSettings", "must be a JSON object") }
        var settings = JobSettings.empty
        if let channel = root["ChannelSettings"], channel != .null {
            guard let channelText = channel.stringValue else {
                throw SyncModelError.spec("JobSettings.ChannelSettings", "must be a JSON string")
            }
            if !channelText.isEmpty { _ = try JSONValue.parse(channelText, field: "JobSettings.ChannelSettings") }
            settings.channelSettings = channelText
        }
        for (index, element) in try list(root["ColumnDataTypeSettings"], "JobSettings.ColumnDataTypeSettings")
            .enumerated()
        {
            let field = "JobSettings.ColumnDataTypeSettings[\(index)]"
            guard let source = element["SourceDataType"]?.stringValue, !source.isEmpty else {
                throw SyncModelError.spec("\(field).SourceDataType", "is required")
            }
            guard let destination = element["DestinationDataType"]?.stringValue, !destination.isEmpty else {
                throw SyncModelError.spec("\(field).DestinationDataType", "is required")
            }
            settings.columnDataTypeSettings.append(
                ColumnTypeMapping(sourceDataType: source, destinationDataType: destination))
        }
        for (index, element) in try list(root["DdlHandlingSettings"], "JobSettings.DdlHandlingSettings").enumerated() {
            let field = "JobSettings.DdlHandlingSettings[\(index)]"
            guard let type = element["Type"]?.stringValue, ddlTypes.contains(type) else {
                throw SyncModelError.spec("\(field).Type", "must be one of \(ddlTypes.sorted().joined(separator: ", "))")
            }
            guard let action = element["Action"]?.stringValue, ddlActions.contains(action) else {
                throw SyncModelError.spec("\(field).Action", "must be Ignore, Critical or Normal")
            }
            settings.ddlHandlingSettings.append(DDLHandling(type: type, action: action))
        }
        for (index, element) in try list(root["RuntimeSettings"], "JobSettings.RuntimeSettings").enumerated() {
            let field = "JobSettings.RuntimeSettings[\(index)]"
            guard let name = element["Name"]?.stringValue, !name.isEmpty else {
                throw SyncModelError.spec("\(field).Name", "is required")
            }
            guard let value = element["Value"]?.stringValue ?? element["Value"]?.lenientInt.map(String.init) else {
                throw SyncModelError.spec("\(field).Value", "is required and must be a string")
            }
            settings.runtimeSettings[name] = value
        }
        if let cycle = root["CycleScheduleSettings"], cycle != .null {
            guard cycle.objectValue != nil else {
                throw SyncModelError.spec("JobSettings.CycleScheduleSettings", "must be an object")
            }
            settings.cycleScheduleSettings = cycle
        }
        return settings
    }

    private static func list(_ value: JSONValue?, _ field: String) throws(SyncModelError) -> [JSONValue] {
        guard let value, value != .null else { return [] }
        guard let elements = value.arrayValue else { throw SyncModelError.spec(field, "must be an array") }
        for (index, element) in elements.enumerated() where element.objectValue == nil {
            throw SyncModelError.spec("\(field)[\(index)]", "must be an object")
        }
        return elements
    }
}

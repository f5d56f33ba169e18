/// The settings of a DataWorks DIJob (CreateDIJob / UpdateDIJob parameters; anchors.md section 1.2):
/// data source settings, table mappings with selection rules, transformation rules and job settings.
/// Only values that passed `DIJobSpec.parse` exist.
public struct DIJobSpec: Sendable, Hashable, Codable {
    /// `SourceDataSourceSettings[]` / `DestinationDataSourceSettings[]` element.
    public struct DataSourceSetting: Sendable, Hashable, Codable {
        /// `DataSourceName`.
        public var dataSourceName: String
        /// `DataSourceProperties` (Encoding, Timezone ...).
        public var properties: [String: String]
    }

    /// `SourceObjectSelectionRules[]` element.
    public struct SelectionRule: Sendable, Hashable, Codable {
        /// `ObjectType`: Database or Table.
        public var objectType: ObjectType
        /// `Expression`: a name or a regular expression.
        public var expression: String
        /// `Action` (2024: Include / Exclude); nil means Include.
        public var action: String?
        /// `ExpressionType` (2024: Exact / Regex); nil means the 2020 behaviour.
        public var expressionType: String?
    }

    /// What a selection rule selects.
    public enum ObjectType: String, Sendable, Hashable, Codable {
        case database = "Database"
        case table = "Table"
    }

    /// A reference from a table mapping to a transformation rule.
    public struct RuleReference: Sendable, Hashable, Codable {
        /// `RuleName`.
        public var ruleName: String
        /// `RuleActionType`.
        public var ruleActionType: RuleActionType
        /// `RuleTargetType`.
        public var ruleTargetType: RuleTargetType
    }

    /// `TableMappings[]` element.
    public struct TableMapping: Sendable, Hashable, Codable {
        /// `SourceObjectSelectionRules`.
        public var selectionRules: [SelectionRule]
        /// `TransformationRules` (references).
        public var ruleReferences: [RuleReference]
    }

    /// `RuleActionType` values.
    public enum RuleActionType: String, Sendable, Hashable, Codable, CaseIterable {
        case definePrimaryKey = "DefinePrimaryKey"
        case rename = "Rename"
        case addColumn = "AddColumn"
        case handleDml = "HandleDml"
        case defineIncrementalCondition = "DefineIncrementalCondition"
        case defineCycleScheduleSettings = "DefineCycleScheduleSettings"
        case defineRuntimeSettings = "DefineRuntimeSettings"
        case definePartitionKey = "DefinePartitionKey"
    }

    /// `RuleTargetType` values.
    public enum RuleTargetType: String, Sendable, Hashable, Codable, CaseIterable {
        case table = "Table"
        case schema = "Schema"
        case database = "Database"
    }

    /// `TransformationRules[]` element.
    public struct TransformationRule: Sendable, Hashable, Codable {
        /// `RuleName`.
        public var ruleName: String
        /// `RuleActionType`.
        public var ruleActionType: RuleActionType
        /// `RuleTargetType`.
        public var ruleTargetType: RuleTargetType
        /// `RuleExpression`, JSON text (validated as JSON when present).
        public var ruleExpression: String?
    }

    /// `DdlHandlingSettings[]` element.
    public struct DDLHandling: Sendable, Hashable, Codable {
        /// `Type`: RenameColumn, ModifyColumn, CreateTable, TruncateTable, DropTable, DropColumn, AddColumn.
        public var type: String
        /// `Action`: Ignore, Critical or Normal.
        public var action: String
    }

    /// `ColumnDataTypeSettings[]` element.
    public struct ColumnTypeMapping: Sendable, Hashable, Codable {
        /// `SourceDataType`.
        public var sourceDataType: String
        /// `DestinationDataType`.
        public var destinationDataType: String
    }

    /// `JobSettings`.
    public struct JobSettings: Sendable, Hashable, Codable {
        /// `ChannelSettings` (JSON text).
        public var channelSettings: String?
        /// `ColumnDataTypeSettings`.
        public var columnDataTypeSettings: [ColumnTypeMapping]
        /// `DdlHandlingSettings`.
        public var ddlHandlingSettings: [DDLHandling]
        /// `RuntimeSettings` as name/value pairs.
        public var runtimeSettings: [String: String]
        /// `CycleScheduleSettings`, verbatim.
        public var cycleScheduleSettings: JSONValue?

        /// Empty settings.
        public static let empty = JobSettings(
            channelSettings: nil, columnDataTypeSettings: [], ddlHandlingSettings: [], runtimeSettings: [:],
            cycleScheduleSettings: nil)
    }

    /// `SourceDataSourceSettings` (exactly one).
    public var source: DataSourceSetting
    /// `DestinationDataSourceSettings` (exactly one).
    public var destination: DataSourceSetting
    /// `TableMappings`.
    public var tableMappings: [TableMapping]
    /// `TransformationRules`.
    public var transformationRules: [TransformationRule]
    /// `JobSettings`.
    public var jobSettings: JobSettings
    /// `ResourceSettings`, verbatim.
    public var resourceSettings: JSONValue?
}

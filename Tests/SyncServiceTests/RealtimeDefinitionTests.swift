import Foundation
import SyncEngine
import SyncModel
import Testing

@testable import SyncService

/// The real-time parts of a run definition, without I/O: HandleDml and DdlHandlingSettings parsing, the DDL
/// defaults, failover settings, and how schema changes are derived from the source's columns before and after.
struct RealtimeDefinitionTests {
    static func spec(handleDml: String, ddl: String = "[]") throws -> DIJobSpec {
        try DIJobSpec.parse(
            DIJobSpec.Parameters(
                sourceDataSourceSettings: #"[{"DataSourceName":"src"}]"#,
                destinationDataSourceSettings: #"[{"DataSourceName":"dst"}]"#,
                tableMappings:
                    #"[{"SourceObjectSelectionRules":[{"Expression":"shop","ObjectType":"Database"}],"TransformationRules":[{"RuleActionType":"HandleDml","RuleName":"dml","RuleTargetType":"Table"}]}]"#,
                transformationRules:
                    #"[{"RuleActionType":"HandleDml","RuleName":"dml","RuleTargetType":"Table","RuleExpression":"# + "\"" + handleDml
                    + "\"}]",
                jobSettings: #"{"DdlHandlingSettings":"# + ddl + "}"))
    }

    static func definition(_ spec: DIJobSpec) throws -> RunDefinition {
        let content = try ConnectionContent.parse(
            #"{"host":"127.0.0.1","port":3306,"database":"shop","username":"u","password":"p"}"#, type: .mysql)
        return try RunDefinition.diJob(
            spec, sourceType: .mysql, source: content, destinationType: .postgresql, destination: content)
    }

    @Test func handleDmlIgnoreSkipsThatKind() throws {
        let spec = try Self.spec(
            handleDml: #"{\"dmlPolicies\":[{\"dmlType\":\"Delete\",\"dmlAction\":\"Ignore\"},{\"dmlType\":\"Insert\",\"dmlAction\":\"Normal\"}]}"#)
        let plan = Self.plan([Self.column("id")])
        let policies = try Self.definition(spec).dmlRules.policies(for: [plan])
        let policy = try #require(policies[plan.tableKey])
        #expect(policy.apply(RowChange(kind: .delete, tableKey: plan.tableKey, before: Row(values: [nil]), after: nil)) == nil)
        #expect(policy.apply(RowChange(kind: .insert, tableKey: plan.tableKey, before: nil, after: Row(values: [nil]))) != nil)
    }

    @Test func ddlSettingsOverrideTheDefaults() throws {
        let spec = try Self.spec(
            handleDml: #"{\"dmlPolicies\":[]}"#,
            ddl: #"[{"Type":"ModifyColumn","Action":"Normal"},{"Type":"AddColumn","Action":"Critical"}]"#)
        let definition = try Self.definition(spec)
        #expect(definition.ddlAction(for: .modifyColumn) == .normal)
        #expect(definition.ddlAction(for: .addColumn) == .critical)
        // Defaults for the rest.
        #expect(definition.ddlAction(for: .dropColumn) == .ignore)
        #expect(definition.ddlAction(for: .truncateTable) == .normal)
        #expect(definition.ddlAction(for: .renameColumn) == .critical)
        #expect(definition.ddlAction(for: .other) == .ignore)
    }

    @Test func failoverSettings() throws {
        let quick = FailoverPolicy(settings: try StartSettings(failoverIntervalMinutes: 0, failoverUpperLimit: 3))
        #expect(quick.interval == .seconds(2) && quick.upperLimit == 3)
        let slow = FailoverPolicy(settings: try StartSettings(failoverIntervalMinutes: 5))
        #expect(slow.interval == .seconds(300))
        #expect(quick.isRetryable(SyncEngineError(.sourceFailed, "lost")))
        #expect(quick.isRetryable(SyncEngineError(.destinationFailed, "lost")))
        #expect(!quick.isRetryable(SyncEngineError(.schemaChangeRefused, "ddl")))
        #expect(!quick.isRetryable(SyncEngineError(.notFound, "purged")))
    }

    static func column(_ name: String, _ kind: ColumnType.Kind = .int, length: Int = 0) -> ColumnSchema {
        ColumnSchema(name: name, type: ColumnType(kind: kind, length: length))
    }

    static func plan(_ columns: [ColumnSchema], destinationColumns: [String]? = nil) -> TablePlan {
        TablePlan(
            source: TableSchema(name: TableName(schema: "shop", name: "t"), columns: columns, keyColumns: ["id"]),
            destination: TableName(schema: "dst", name: "t"), destinationColumns: destinationColumns)
    }

    @Test func columnChangesAreDiffedFromTheSchemaBeforeAndAfter() {
        let before = Self.plan([Self.column("id"), Self.column("a"), Self.column("b", .varchar, length: 10)])
        let added = Self.plan(before.columns + [Self.column("c")])
        #expect(
            SchemaChangeHandler.columnChanges(from: before, to: added, renaming: false)
                == [.addColumn(Self.column("c"), destinationName: "c")])
        let renamed = Self.plan([Self.column("id"), Self.column("alpha"), Self.column("b", .varchar, length: 10)])
        #expect(
            SchemaChangeHandler.columnChanges(from: before, to: renamed, renaming: true)
                == [.renameColumn(from: "a", to: "alpha")])
        let widened = Self.plan([Self.column("id"), Self.column("a"), Self.column("b", .varchar, length: 80)])
        #expect(
            SchemaChangeHandler.columnChanges(from: before, to: widened, renaming: false)
                == [.alterColumnType(Self.column("b", .varchar, length: 80), destinationName: "b")])
        let dropped = Self.plan([Self.column("id"), Self.column("b", .varchar, length: 10)])
        #expect(
            SchemaChangeHandler.columnChanges(from: before, to: dropped, renaming: false)
                == [.dropColumn(destinationName: "a")])
    }

    @Test func ignoredChangesKeepTheDestinationShape() {
        let before = Self.plan([Self.column("id"), Self.column("a")], destinationColumns: ["id", "a_renamed"])
        let now = Self.plan([Self.column("id"), Self.column("a"), Self.column("new")])
        let kept = SchemaChangeHandler.keepDestinationShape(previous: [before], current: [now])
        #expect(kept.first?.columns.map(\.name) == ["id", "a"])
        #expect(kept.first?.destinationColumns == ["id", "a_renamed"])
    }
}

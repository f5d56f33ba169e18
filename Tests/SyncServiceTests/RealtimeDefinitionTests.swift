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

    @Test func ddlThatFillsExistingRowsAsksForACopy() {
        let before = Self.plan([Self.column("id"), Self.column("a"), Self.column("b", .varchar, length: 10)])
        func refilled(_ after: TablePlan, renaming: Bool = false) -> [String] {
            let changes = SchemaChangeHandler.columnChanges(from: before, to: after, renaming: renaming)
            return SchemaChangeHandler.columnsRefilledInPlace(changes, from: before, to: after)
        }
        // ADD COLUMN c INT: existing rows get NULL, which the destination's ADD COLUMN gives them too.
        #expect(refilled(Self.plan(before.columns + [Self.column("c")])).isEmpty)
        // ADD COLUMN c INT NOT NULL (implicit default 0), or DEFAULT 7: every existing row changes.
        let notNull = ColumnSchema(name: "c", type: ColumnType(kind: .int), isNullable: false)
        #expect(refilled(Self.plan(before.columns + [notNull])) == ["c"])
        let defaulted = ColumnSchema(name: "c", type: ColumnType(kind: .int), hasDefault: true)
        #expect(refilled(Self.plan(before.columns + [defaulted])) == ["c"])
        // MODIFY a INT NOT NULL: MySQL turned a's NULLs into 0.
        let tightened = ColumnSchema(name: "a", type: ColumnType(kind: .int), isNullable: false)
        #expect(refilled(Self.plan([Self.column("id"), tightened, Self.column("b", .varchar, length: 10)])) == ["a"])
        // RENAME COLUMN a TO alpha of a NOT NULL column: values unchanged.
        let strict = Self.plan([Self.column("id"), notNull, Self.column("b", .varchar, length: 10)])
        let renamed = Self.plan([
            Self.column("id"), ColumnSchema(name: "gamma", type: ColumnType(kind: .int), isNullable: false),
            Self.column("b", .varchar, length: 10),
        ])
        let renames = SchemaChangeHandler.columnChanges(from: strict, to: renamed, renaming: true)
        #expect(renames == [.renameColumn(from: "c", to: "gamma")])
        #expect(SchemaChangeHandler.columnsRefilledInPlace(renames, from: strict, to: renamed).isEmpty)
    }

    @Test func columnsStoredBeforeHasDefaultDecode() throws {
        let column = ColumnSchema(name: "c", type: ColumnType(kind: .int), isNullable: false, defaultLiteral: "7")
        #expect(column.hasDefault)
        let encoded = try JSONEncoder().encode(column)
        #expect(try JSONDecoder().decode(ColumnSchema.self, from: encoded) == column)
        // A plan stored by an earlier version has neither key.
        var object = try #require(try JSONSerialization.jsonObject(with: encoded) as? [String: Any])
        object.removeValue(forKey: "hasDefault")
        object.removeValue(forKey: "defaultLiteral")
        let old = try JSONDecoder().decode(ColumnSchema.self, from: try JSONSerialization.data(withJSONObject: object))
        #expect(old == ColumnSchema(name: "c", type: ColumnType(kind: .int), isNullable: false, hasDefault: false))
    }

    @Test func ignoredChangesKeepTheDestinationShape() {
        let before = Self.plan([Self.column("id"), Self.column("a")], destinationColumns: ["id", "a_renamed"])
        let now = Self.plan([Self.column("id"), Self.column("a"), Self.column("new")])
        let kept = SchemaChangeHandler.keepDestinationShape(previous: [before], current: [now])
        #expect(kept.first?.columns.map(\.name) == ["id", "a"])
        #expect(kept.first?.destinationColumns == ["id", "a_renamed"])
    }
}

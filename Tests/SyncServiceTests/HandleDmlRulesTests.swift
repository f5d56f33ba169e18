import Foundation
import NIOCore
import SyncEngine
import SyncModel
import Testing

@testable import SyncService

/// HandleDml rule parsing without I/O (anchors.md 1.2): per TableMappings entry, Filter and LogicalDelete
/// validation, the LogicalDelete column, and condition errors that name the rule, the table and the position.
struct HandleDmlRulesTests {
    static func rule(_ name: String, _ policies: String) -> String {
        let expression = #"{"dmlPolicies":"# + policies + "}"
        let quoted = String(decoding: (try? JSONEncoder().encode(expression)) ?? Data(), as: UTF8.self)
        return #"{"RuleActionType":"HandleDml","RuleName":""# + name + #"","RuleTargetType":"Table","RuleExpression":"#
            + quoted + "}"
    }

    static func mapping(_ table: String, rules: [String]) -> String {
        #"{"SourceObjectSelectionRules":[{"Expression":"shop","ObjectType":"Database"},{"Expression":""# + table
            + #"","ObjectType":"Table","ExpressionType":"Exact"}],"TransformationRules":["#
            + rules.map { #"{"RuleActionType":"HandleDml","RuleName":""# + $0 + #"","RuleTargetType":"Table"}"# }
            .joined(separator: ",") + "]}"
    }

    static func definition(mappings: [String], rules: [String]) throws -> RunDefinition {
        let spec = try DIJobSpec.parse(
            DIJobSpec.Parameters(
                sourceDataSourceSettings: #"[{"DataSourceName":"src"}]"#,
                destinationDataSourceSettings: #"[{"DataSourceName":"dst"}]"#,
                tableMappings: "[" + mappings.joined(separator: ",") + "]",
                transformationRules: "[" + rules.joined(separator: ",") + "]"))
        let content = try ConnectionContent.parse(
            #"{"host":"127.0.0.1","port":3306,"database":"shop","username":"u","password":"p"}"#, type: .mysql)
        return try RunDefinition.diJob(
            spec, sourceType: .mysql, source: content, destinationType: .postgresql, destination: content)
    }

    static func plan(_ table: String) -> TablePlan {
        TablePlan(
            source: TableSchema(
                name: TableName(schema: "shop", name: table),
                columns: [
                    ColumnSchema(name: "id", type: ColumnType(kind: .int), isNullable: false),
                    ColumnSchema(name: "state", type: ColumnType(kind: .varchar, length: 10)),
                ],
                keyColumns: ["id"]),
            destination: TableName(schema: "dst", name: table))
    }

    static func message(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return (error as? SyncEngineError)?.message ?? "\(error)"
        }
    }

    @Test func policiesApplyToTheTablesTheirMappingSelects() throws {
        let definition = try Self.definition(
            mappings: [Self.mapping("a", rules: ["filterA"]), Self.mapping("b", rules: ["logical"])],
            rules: [
                Self.rule("filterA", #"[{"dmlType":"Update","dmlAction":"Filter","filterCondition":"id > 1"}]"#),
                Self.rule("logical", #"[{"dmlType":"Delete","dmlAction":"LogicalDelete","logicalDeleteColumn":"gone"}]"#),
            ])
        let plans = try definition.dmlRules.applyingLogicalDelete(to: [Self.plan("a"), Self.plan("b"), Self.plan("c")])
        #expect(plans.map(\.logicalDeleteColumn) == [nil, "gone", nil])
        let policies = try definition.dmlRules.policies(for: plans)
        #expect(Set(policies.keys) == ["shop.a", "shop.b"])
        let update = RowChange(
            kind: .update, tableKey: "shop.a", before: Row(values: [ByteBuffer(string: "1"), nil]),
            after: Row(values: [ByteBuffer(string: "1"), nil]))
        #expect(policies["shop.a"]?.apply(update) == nil)
    }

    @Test func everyMappingReferencingTheSameRuleIsTaskWide() throws {
        let definition = try Self.definition(
            mappings: [Self.mapping("a", rules: ["dml"]), Self.mapping("b", rules: ["dml"])],
            rules: [Self.rule("dml", #"[{"dmlType":"Delete","dmlAction":"LogicalDelete"}]"#)])
        let plans = try definition.dmlRules.applyingLogicalDelete(to: [Self.plan("a"), Self.plan("b")])
        #expect(plans.map(\.logicalDeleteColumn) == ["_tide_is_deleted", "_tide_is_deleted"])
    }

    @Test func actionsAreRefusedWhereTheManualDoesNotAllowThem() {
        let cases: [(String, String)] = [
            (#"[{"dmlType":"Insert","dmlAction":"Filter","filterCondition":"id > 1"}]"#, "only for Update and Delete"),
            (#"[{"dmlType":"Update","dmlAction":"LogicalDelete"}]"#, "LogicalDelete is allowed only for Delete"),
            (#"[{"dmlType":"Delete","dmlAction":"Filter"}]"#, "needs a filterCondition"),
            (#"[{"dmlType":"Delete","dmlAction":"Filter","filterCondition":"  "}]"#, "needs a filterCondition"),
            (#"[{"dmlType":"Upsert","dmlAction":"Normal"}]"#, "dmlType must be"),
            (#"[{"dmlType":"Delete","dmlAction":"Archive"}]"#, "dmlAction must be"),
            (#"[{"dmlType":"Delete","dmlAction":"LogicalDelete","logicalDeleteColumn":""}]"#, "logicalDeleteColumn"),
        ]
        for (policies, expected) in cases {
            let message = Self.message {
                _ = try Self.definition(mappings: [Self.mapping("a", rules: ["r"])], rules: [Self.rule("r", policies)])
            }
            #expect(message?.contains(expected) == true, "\(policies): \(message ?? "accepted")")
            #expect(message?.contains("HandleDml rule r") == true)
        }
    }

    @Test func aConditionThatCannotApplyNamesTheRuleTableAndPosition() throws {
        let definition = try Self.definition(
            mappings: [Self.mapping("a", rules: ["f"])],
            rules: [Self.rule("f", #"[{"dmlType":"Delete","dmlAction":"Filter","filterCondition":"id > 1 AND nope = 2"}]"#)])
        let message = Self.message { _ = try definition.dmlRules.policies(for: [Self.plan("a")]) }
        #expect(message?.contains("HandleDml rule f") == true)
        #expect(message?.contains("shop.a") == true)
        #expect(message?.contains("position 12") == true)
        #expect(message?.contains("no column nope") == true)
    }

    @Test func theLogicalDeleteColumnMustNotBeASyncedColumn() throws {
        let definition = try Self.definition(
            mappings: [Self.mapping("a", rules: ["r"])],
            rules: [Self.rule("r", #"[{"dmlType":"Delete","dmlAction":"LogicalDelete","logicalDeleteColumn":"State"}]"#)])
        let message = Self.message { _ = try definition.dmlRules.applyingLogicalDelete(to: [Self.plan("a")]) }
        #expect(message?.contains("already a column") == true)
    }
}

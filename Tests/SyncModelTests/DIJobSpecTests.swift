import Testing

@testable import SyncModel

/// DIJob settings validation, using the parameters captured from the official SDK (alibaba_main.jsonl).
struct DIJobSpecTests {
    static let captured = DIJobSpec.Parameters(
        sourceDataSourceSettings:
            #"[{"DataSourceName":"mysql_src","DataSourceProperties":{"Encoding":"utf-8","Timezone":"Asia/Shanghai"}}]"#,
        destinationDataSourceSettings: #"[{"DataSourceName":"holo_dst"}]"#,
        tableMappings:
            #"[{"SourceObjectSelectionRules":[{"Expression":"shop","ObjectType":"Database"},{"Expression":"orders","ObjectType":"Table"}],"TransformationRules":[{"RuleActionType":"Rename","RuleName":"r1","RuleTargetType":"Table"}]}]"#,
        transformationRules:
            #"[{"RuleActionType":"Rename","RuleExpression":"{\"expression\":\"${srcDatasoureName}_${srcDatabaseName}\"}","RuleName":"r1","RuleTargetType":"Table"}]"#,
        jobSettings:
            #"{"ChannelSettings":"{\"structInfo\":\"MANAGED\"}","ColumnDataTypeSettings":[],"DdlHandlingSettings":[{"Action":"Normal","Type":"CreateTable"}],"RuntimeSettings":[{"Name":"runtime.offline.concurrent","Value":"4"}]}"#
    )

    @Test func parsesCapturedCreateDIJob() throws {
        let spec = try DIJobSpec.parse(Self.captured)
        #expect(spec.source.dataSourceName == "mysql_src")
        #expect(spec.source.properties["Timezone"] == "Asia/Shanghai")
        #expect(spec.destination.dataSourceName == "holo_dst")
        #expect(spec.tableMappings.first?.selectionRules.map(\.objectType) == [.database, .table])
        #expect(spec.transformationRules.first?.ruleActionType == .rename)
        #expect(spec.jobSettings.ddlHandlingSettings == [DIJobSpec.DDLHandling(type: "CreateTable", action: "Normal")])
        #expect(spec.jobSettings.runtimeSettings["runtime.offline.concurrent"] == "4")
    }

    static func field(_ change: (inout DIJobSpec.Parameters) -> Void) -> String? {
        var parameters = captured
        change(&parameters)
        do {
            _ = try DIJobSpec.parse(parameters)
            return nil
        } catch {
            #expect(error.code == .invalidSpecification)
            return error.field
        }
    }

    @Test func namesTheOffendingField() {
        #expect(Self.field { $0.sourceDataSourceSettings = nil } == "SourceDataSourceSettings")
        #expect(Self.field { $0.sourceDataSourceSettings = "{not json" } == "SourceDataSourceSettings")
        #expect(Self.field { $0.destinationDataSourceSettings = "[]" } == "DestinationDataSourceSettings")
        #expect(Self.field { $0.destinationDataSourceSettings = #"[{"DataSourceName":""}]"# }
            == "DestinationDataSourceSettings[0].DataSourceName")
        #expect(Self.field { $0.tableMappings = "[]" } == "TableMappings")
        #expect(Self.field { $0.tableMappings = #"[{"SourceObjectSelectionRules":[{"Expression":"x","ObjectType":"Column"}]}]"# }
            == "TableMappings[0].SourceObjectSelectionRules[0].ObjectType")
        #expect(Self.field { $0.tableMappings = #"[{"SourceObjectSelectionRules":[{"ObjectType":"Table"}]}]"# }
            == "TableMappings[0].SourceObjectSelectionRules[0].Expression")
        #expect(Self.field { $0.transformationRules = "[]" } == "TableMappings[0].TransformationRules[0].RuleName")
        #expect(Self.field { $0.transformationRules = #"[{"RuleActionType":"Explode","RuleName":"r1","RuleTargetType":"Table"}]"# }
            == "TransformationRules[0].RuleActionType")
        #expect(Self.field { $0.transformationRules = #"[{"RuleActionType":"Rename","RuleName":"r1","RuleTargetType":"Table","RuleExpression":"{}"}]"# }
            == "TransformationRules[0].RuleExpression.expression")
        #expect(Self.field { $0.jobSettings = #"{"DdlHandlingSettings":[{"Type":"CreateTable","Action":"Explode"}]}"# }
            == "JobSettings.DdlHandlingSettings[0].Action")
        #expect(Self.field { $0.jobSettings = #"{"DdlHandlingSettings":[{"Type":"DropEverything","Action":"Normal"}]}"# }
            == "JobSettings.DdlHandlingSettings[0].Type")
        #expect(Self.field { $0.jobSettings = #"{"ColumnDataTypeSettings":[{"SourceDataType":"int"}]}"# }
            == "JobSettings.ColumnDataTypeSettings[0].DestinationDataType")
        #expect(Self.field { $0.jobSettings = #"{"ChannelSettings":"{broken"}"# } == "JobSettings.ChannelSettings")
        #expect(Self.field { $0.jobSettings = "[1]" } == "JobSettings")
    }

    @Test func updateKeepsUntouchedParts() throws {
        let spec = try DIJobSpec.parse(Self.captured)
        let updated = try spec.updated(
            with: DIJobSpec.Parameters(jobSettings: #"{"RuntimeSettings":[{"Name":"a","Value":"1"}]}"#))
        #expect(updated.tableMappings == spec.tableMappings)
        #expect(updated.jobSettings.runtimeSettings == ["a": "1"])
        #expect(throws: SyncModelError.self) {
            try spec.updated(with: DIJobSpec.Parameters(transformationRules: "[]"))
        }
    }
}

import ArgumentParser
import Foundation

/// `tide task create|list|show|start|stop|delete`, over the DIJob operations.
struct TaskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "task", abstract: "Manage sync tasks (DataWorks DI jobs; DRS lists the same tasks).",
        subcommands: [
            Create.self, List.self, Show.self, Start.self, Stop.self, Delete.self, Wait.self, Verify.self, Dirty.self,
        ])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a task between two data sources.")
        @OptionGroup var options: ClientOptions
        @Option(help: "Project id.") var projectId: Int64
        @Option(help: "Task name.") var name: String
        @Option(help: "Source data source name.") var source: String
        @Option(help: "Destination data source name.") var destination: String
        @Option(help: "Source type (MySQL).") var sourceType = "MySQL"
        @Option(help: "Destination type (PostgreSQL, Hologres, MySQL, Kafka).") var destinationType = "PostgreSQL"
        @Option(help: "Full, RealtimeIncremental or FullAndRealtimeIncremental.")
        var migrationType = "FullAndRealtimeIncremental"
        @Option(help: "Source database to copy.") var database: String
        @Option(help: "Tables (comma-separated; default all).") var tables: String?
        @Option(help: "Description.") var description = ""
        @Option(help: "Destination schema/database (default: the source database's name; ${srcDatabaseName} allowed).")
        var targetSchema: String?
        @Option(help: "Parallel channels of the full copy (runtime.offline.concurrent).") var concurrency: Int?
        @Option(
            help: """
                Key partitions applied in parallel during change capture (runtime.realtime.concurrent); a source \
                transaction spanning partitions then becomes visible in parts. Default 1: whole transactions.
                """)
        var realtimeConcurrency: Int?

        func run() async throws {
            var rules: [[String: String]] = [["ObjectType": "Database", "Expression": database]]
            if let tables {
                for table in tables.split(separator: ",") { rules.append(["ObjectType": "Table", "Expression": String(table)]) }
            }
            var mapping: [String: Any] = ["SourceObjectSelectionRules": rules]
            var extra: [String: String] = [:]
            if let targetSchema {
                mapping["TransformationRules"] = [
                    ["RuleName": "target-schema", "RuleActionType": "Rename", "RuleTargetType": "Schema"]
                ]
                extra["TransformationRules"] = try Self.json([
                    ["RuleName": "target-schema", "RuleActionType": "Rename", "RuleTargetType": "Schema",
                     "RuleExpression": try Self.json(["expression": targetSchema])]
                ])
            }
            var runtime: [[String: String]] = []
            if let concurrency { runtime.append(["Name": "runtime.offline.concurrent", "Value": String(concurrency)]) }
            if let realtimeConcurrency {
                runtime.append(["Name": "runtime.realtime.concurrent", "Value": String(realtimeConcurrency)])
            }
            if !runtime.isEmpty { extra["JobSettings"] = try Self.json(["RuntimeSettings": runtime]) }
            let mappings = try Self.json([mapping])
            let (object, raw) = try await options.client().call(
                "CreateDIJob",
                ["ProjectId": String(projectId), "JobName": name, "Description": description,
                 "SourceDataSourceType": sourceType, "DestinationDataSourceType": destinationType,
                 "MigrationType": migrationType,
                 "SourceDataSourceSettings": try Self.json([["DataSourceName": source]]),
                 "DestinationDataSourceSettings": try Self.json([["DataSourceName": destination]]),
                 "TableMappings": mappings].merging(extra) { first, _ in first })
            Output.show(json: options.json, raw: raw, headers: ["TASK_ID", "NAME"],
                        rows: [[Output.text(object["DIJobId"]), name]])
        }

        static func json(_ value: Any) throws -> String {
            String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tasks of a project.")
        @OptionGroup var options: ClientOptions
        @Option(help: "Project id.") var projectId: Int64
        @Option(help: "Name filter (substring).") var name: String?
        @Option(help: "Page number.") var page = 1
        @Option(help: "Page size (at most 100).") var pageSize = 100

        func run() async throws {
            var parameters = ["ProjectId": String(projectId), "PageNumber": String(page), "PageSize": String(pageSize)]
            if let name { parameters["JobName"] = name }
            let (object, raw) = try await options.client().call("ListDIJobs", parameters)
            let paging = object["DIJobPaging"] as? [String: Any] ?? [:]
            let rows = (paging["DIJobs"] as? [[String: Any]] ?? []).map {
                [Output.text($0["DIJobId"]), Output.text($0["JobName"]), Output.text($0["SourceDataSourceType"]),
                 Output.text($0["DestinationDataSourceType"]), Output.text($0["MigrationType"]),
                 Output.text($0["JobStatus"])]
            }
            Output.show(json: options.json, raw: raw,
                        headers: ["TASK_ID", "NAME", "SOURCE", "DESTINATION", "MIGRATION", "STATUS"], rows: rows)
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one task.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Task id.") var id: Int64

        func run() async throws {
            let (object, raw) = try await options.client().call("GetDIJob", ["DIJobId": String(id), "WithDetails": "True"])
            let data = object["Data"] as? [String: Any] ?? [:]
            let stats = data["RunStats"] as? [String: Any] ?? [:]
            let rows = [
                ["id", Output.text(data["DIJobId"])], ["name", Output.text(data["JobName"])],
                ["project", Output.text(data["ProjectId"])], ["source", Output.text(data["SourceDataSourceType"])],
                ["destination", Output.text(data["DestinationDataSourceType"])],
                ["migration", Output.text(data["MigrationType"])], ["status", Output.text(data["JobStatus"])],
                ["drs status", Output.text(stats["DrsStatus"])], ["error", Output.text(data["ErrorMessage"])],
                ["rows read", Output.text(stats["RowsRead"])], ["rows written", Output.text(stats["RowsWritten"])],
                ["bytes written", Output.text(stats["BytesWritten"])], ["percent", Output.text(stats["Percent"])],
                ["eta seconds", Output.text(stats["EtaSeconds"])], ["lag ms", Output.text(stats["DelayMillis"])],
                ["binlog margin bytes", Output.text(stats["BinlogRetentionMarginBytes"])],
                ["tables", Output.text(stats["Tables"])],
                ["start time", Output.text(stats["StartTime"])],
                ["start position", Output.text(stats["StartPosition"])],
            ]
            Output.show(json: options.json, raw: raw, headers: ["FIELD", "VALUE"], rows: rows)
        }
    }

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start a task.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Task id.") var id: Int64
        @Flag(help: "Rerun every step.") var force = false
        @Option(
            name: .customLong("table"),
            help: "With --force, copy only this source table (db.table) again; repeatable. Change capture restarts from now.")
        var tables: [String] = []
        @Option(help: "Start change capture at this binlog position (FILE:POS, e.g. mysql-bin.000012:1234).")
        var position: String?
        @Option(help: "Start change capture after this GTID set (MySQL uuid:1-5, MariaDB 0-1-42).")
        var gtid: String?

        func validate() throws {
            if position != nil && gtid != nil { throw ValidationError("--position and --gtid are exclusive") }
        }

        func run() async throws {
            var parameters = ["DIJobId": String(id), "ForceToRerun": force ? "True" : "False"]
            if !tables.isEmpty { parameters["RerunTables"] = tables.joined(separator: ",") }
            if let start = position ?? gtid {
                let json = try JSONSerialization.data(withJSONObject: ["StartPosition": start])
                parameters["RealtimeStartSettings"] = String(decoding: json, as: UTF8.self)
            }
            let (_, raw) = try await options.client().call("StartDIJob", parameters)
            Output.show(json: options.json, raw: raw, headers: ["STARTED"], rows: [[String(id)]])
        }
    }

    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop a task.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Task id.") var id: Int64

        func run() async throws {
            let (_, raw) = try await options.client().call("StopDIJob", ["DIJobId": String(id)])
            Output.show(json: options.json, raw: raw, headers: ["STOPPED"], rows: [[String(id)]])
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a task.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Task id.") var id: Int64

        func run() async throws {
            let (_, raw) = try await options.client().call("DeleteDIJob", ["DIJobId": String(id)])
            Output.show(json: options.json, raw: raw, headers: ["DELETED"], rows: [[String(id)]])
        }
    }
}

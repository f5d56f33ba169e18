import ArgumentParser

/// `tide datasource create|list|delete`.
struct DataSourceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "datasource", abstract: "Manage data sources.", subcommands: [Create.self, List.self, Delete.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a data source; prints its id.")
        @OptionGroup var options: ClientOptions
        @Option(help: "Project id.") var projectId: Int64
        @Option(help: "Unique name in the project.") var name: String
        @Option(help: "mysql, postgresql, hologres or kafka.") var type: String
        @Option(help: #"Connection JSON: {"jdbcUrl":..,"username":..,"password":..} or host/port form."#)
        var content: String
        @Option(help: "Description.") var description = ""
        @Option(help: "0 development, 1 production.") var envType = 1

        func run() async throws {
            let (object, raw) = try await options.client().call(
                "CreateDataSource",
                ["ProjectId": String(projectId), "Name": name, "DataSourceType": type, "Content": content,
                 "Description": description, "EnvType": String(envType)])
            Output.show(json: options.json, raw: raw, headers: ["DATA_SOURCE_ID", "NAME"],
                        rows: [[Output.text(object["Data"]), name]])
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List data sources (passwords are never shown).")
        @OptionGroup var options: ClientOptions
        @Option(help: "Project id.") var projectId: Int64
        @Option(help: "Page size (at most 100).") var pageSize = 100

        func run() async throws {
            let (object, raw) = try await options.client().call(
                "ListDataSources", ["ProjectId": String(projectId), "PageSize": String(pageSize)])
            let data = object["Data"] as? [String: Any] ?? [:]
            let rows = (data["DataSources"] as? [[String: Any]] ?? []).map {
                [Output.text($0["Id"]), Output.text($0["Name"]), Output.text($0["DataSourceType"]),
                 Output.text($0["EnvType"]), Output.text($0["Description"])]
            }
            Output.show(json: options.json, raw: raw, headers: ["ID", "NAME", "TYPE", "ENV", "DESCRIPTION"], rows: rows)
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a data source.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Data source id.") var id: Int64

        func run() async throws {
            let (_, raw) = try await options.client().call("DeleteDataSource", ["DataSourceId": String(id)])
            Output.show(json: options.json, raw: raw, headers: ["DELETED"], rows: [[String(id)]])
        }
    }
}

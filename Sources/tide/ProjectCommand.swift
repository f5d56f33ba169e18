import ArgumentParser

/// `tide project create|list`.
struct ProjectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "project", abstract: "Manage projects (DataWorks ProjectId = DRS project_id).",
        subcommands: [Create.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a project; prints both ids.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Project name.") var name: String
        @Option(help: "DataWorks integer id (default: next free from 10000).") var id: Int64?
        @Option(help: "DRS 32-hex project id (default: random).") var drsProjectId: String?

        func run() async throws {
            var parameters = ["Name": name]
            if let id { parameters["ProjectId"] = String(id) }
            if let drsProjectId { parameters["DrsProjectId"] = drsProjectId }
            let (object, raw) = try await options.client().call("CreateProject", parameters)
            let project = object["Project"] as? [String: Any] ?? [:]
            Output.show(
                json: options.json, raw: raw, headers: ["PROJECT_ID", "DRS_PROJECT_ID", "NAME"],
                rows: [[Output.text(project["ProjectId"]), Output.text(project["DrsProjectId"]),
                        Output.text(project["Name"])]])
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List projects.")
        @OptionGroup var options: ClientOptions

        func run() async throws {
            let (object, raw) = try await options.client().call("ListProjects", [:])
            let rows = (object["Projects"] as? [[String: Any]] ?? []).map {
                [Output.text($0["ProjectId"]), Output.text($0["DrsProjectId"]), Output.text($0["Name"])]
            }
            Output.show(json: options.json, raw: raw, headers: ["PROJECT_ID", "DRS_PROJECT_ID", "NAME"], rows: rows)
        }
    }
}

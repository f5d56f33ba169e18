import ArgumentParser

/// `tide key create|list|delete`.
struct KeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key", abstract: "Manage access keys and their policies.",
        subcommands: [Create.self, List.self, Delete.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a key; prints its secret once.")
        @OptionGroup var options: ClientOptions
        @Option(help: "Allowed actions, comma-separated (dataworks:*,drs:ListJobs), or a policy JSON document.")
        var policy: String
        @Option(help: "Label.") var name = ""

        func run() async throws {
            let (object, raw) = try await options.client().call("CreateAccessKey", ["Policy": policy, "Name": name])
            let key = object["AccessKey"] as? [String: Any] ?? [:]
            Output.show(json: options.json, raw: raw, headers: ["ACCESS_KEY_ID", "ACCESS_KEY_SECRET", "POLICY"],
                        rows: [[Output.text(key["AccessKeyId"]), Output.text(object["AccessKeySecret"]),
                                Output.text(key["Policy"])]])
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys (never their secrets).")
        @OptionGroup var options: ClientOptions

        func run() async throws {
            let (object, raw) = try await options.client().call("ListAccessKeys", [:])
            let rows = (object["AccessKeys"] as? [[String: Any]] ?? []).map {
                [Output.text($0["AccessKeyId"]), Output.text($0["Name"]), Output.text($0["Policy"])]
            }
            Output.show(json: options.json, raw: raw, headers: ["ACCESS_KEY_ID", "NAME", "POLICY"], rows: rows)
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a key.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Access key id.") var id: String

        func run() async throws {
            let (_, raw) = try await options.client().call("DeleteAccessKey", ["AccessKeyId": id])
            Output.show(json: options.json, raw: raw, headers: ["DELETED"], rows: [[id]])
        }
    }
}

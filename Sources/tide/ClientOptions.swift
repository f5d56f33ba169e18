import ArgumentParser
import Foundation

/// Endpoint and credentials of the client subcommands: options, else `TIDE_ENDPOINT`, `TIDE_ACCESS_KEY_ID`,
/// `TIDE_ACCESS_KEY_SECRET`.
struct ClientOptions: ParsableArguments {
    @Option(help: "API endpoint, e.g. http://127.0.0.1:8042 (or TIDE_ENDPOINT).")
    var endpoint: String?

    @Option(help: "Access key id (or TIDE_ACCESS_KEY_ID).")
    var accessKeyId: String?

    @Option(help: "Access key secret (or TIDE_ACCESS_KEY_SECRET).")
    var accessKeySecret: String?

    @Flag(help: "Print the API's JSON response instead of a table.")
    var json = false

    /// A client for these options.
    func client() throws -> APIClient {
        let environment = ProcessInfo.processInfo.environment
        guard let endpoint = endpoint ?? environment["TIDE_ENDPOINT"], !endpoint.isEmpty else {
            throw ValidationError("Give --endpoint or set TIDE_ENDPOINT.")
        }
        guard let id = accessKeyId ?? environment["TIDE_ACCESS_KEY_ID"], !id.isEmpty,
            let secret = accessKeySecret ?? environment["TIDE_ACCESS_KEY_SECRET"], !secret.isEmpty
        else { throw ValidationError("Give --access-key-id/--access-key-secret or set TIDE_ACCESS_KEY_ID/SECRET.") }
        guard let url = URL(string: endpoint.contains("://") ? endpoint : "http://" + endpoint), url.host != nil else {
            throw ValidationError("--endpoint must be a URL such as http://127.0.0.1:8042")
        }
        return APIClient(endpoint: url, accessKeyID: id, secret: secret)
    }
}

import APIAuth
import ArgumentParser
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A DataWorks-style RPC client of Tide's API, signing every call with ACS3-HMAC-SHA256 as the official SDK does
/// (sdk-wire-formats.md §1.2, §1.5): parameters in a form body, action and version in `x-acs-*` headers.
struct APIClient: Sendable {
    let endpoint: URL
    let accessKeyID: String
    let secret: String

    /// Calls `action` and returns the decoded JSON object; an API error is printed as `Code: Message` by the
    /// caller through `ClientError`.
    func call(
        _ action: String, _ parameters: [String: String], timeout: TimeInterval = 60
    ) async throws -> (object: [String: Any], raw: Data) {
        let body = Array(parameters.sorted { $0.key < $1.key }
            .map { "\(Self.formEscape($0.key))=\(Self.formEscape($0.value))" }.joined(separator: "&").utf8)
        let host = endpoint.port.map { "\(endpoint.host ?? ""):\($0)" } ?? (endpoint.host ?? "")
        let request = SignedRequest(
            method: "POST", rawPath: "/", rawQuery: "",
            headers: [
                HTTPHeaderField(name: "host", value: host),
                HTTPHeaderField(name: "x-acs-version", value: "2020-05-18"),
                HTTPHeaderField(name: "x-acs-action", value: action),
                HTTPHeaderField(name: "accept", value: "application/json"),
                HTTPHeaderField(name: "content-type", value: "application/x-www-form-urlencoded"),
            ], body: body)
        let signed = ACS3Signer(accessKeyID: accessKeyID, secret: AccessKeySecret(secret)).sign(request, date: Date())
        var urlRequest = URLRequest(url: endpoint.appendingPathComponent("/"))
        urlRequest.httpMethod = "POST"
        urlRequest.timeoutInterval = timeout
        urlRequest.httpBody = Data(body)
        for header in signed.headers where header.name.lowercased() != "host" {
            urlRequest.setValue(header.value, forHTTPHeaderField: header.name)
        }
        let (data, response) = try await URLSession.shared.data(for: urlRequest)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        guard (200..<300).contains(status) else {
            throw ClientError(
                code: object["Code"] as? String ?? "HTTP\(status)",
                message: object["Message"] as? String ?? String(decoding: data.prefix(200), as: UTF8.self))
        }
        return (object, data)
    }

    /// `application/x-www-form-urlencoded` escaping.
    static func formEscape(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-_.~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}

/// An API error as the CLI prints it: `Code: Message`, exit status 1.
struct ClientError: Error, CustomStringConvertible {
    let code: String
    let message: String
    var description: String { "\(code): \(message)" }
}

import APIAuth
import APIServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import MetadataStore
import NIOCore
import SyncModel
import Synchronization

/// A runner that records what it was asked to do and reports the run as started.
final class RecordingRunner: TaskRunner {
    let started = Mutex<[Int64]>([])
    let stopped = Mutex<[Int64]>([])

    func start(_ task: SyncTask, settings: StartSettings, reporter: any TaskEventReporter) async throws {
        started.withLock { $0.append(task.id) }
        await reporter.report(taskID: task.id, .started)
    }

    func stop(taskID: Int64) async throws {
        stopped.withLock { $0.append(taskID) }
    }
}

/// A real server stack (SQLite store in a temporary directory, the product authenticator) behind
/// HummingbirdTesting's router client, plus signing helpers.
struct TestHarness {
    static let rootID = "TESTROOT0001"
    static let rootSecret = "test-root-secret-0123456789"
    static let drsProject = "0a1b2c3d4e5f67890a1b2c3d4e5f6789"

    let controlPlane: ControlPlane
    let runner: RecordingRunner
    let app: Application<APIResponder>

    init(rateLimits: RateLimiterConfiguration = RateLimiterConfiguration(), maxBodyBytes: Int = 64 * 1024)
        async throws
    {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("tide-api-tests-\(UUID().uuidString)").path
        let store = try SQLiteMetadataStore(dataDirectory: DataDirectory(path: directory))
        runner = RecordingRunner()
        controlPlane = ControlPlane(store: store, runner: runner)
        try await controlPlane.ensureAccessKey(
            id: Self.rootID, secret: Self.rootSecret,
            policyJSON: #"{"Statement":[{"Action":["tide:*","dataworks:*","drs:*"],"Effect":"Allow"}],"Version":"1"}"#,
            description: "root")
        _ = try await controlPlane.createProject(name: "test", id: 10000, drsID: Self.drsProject)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let responder = APIResponder(
            controlPlane: controlPlane, authenticator: StoreAuthenticator(store: store, rateLimits: rateLimits),
            configuration: APIConfiguration(maxBodyBytes: maxBodyBytes), logger: logger)
        app = Application(responder: responder, logger: logger)
    }

    /// A signed DataWorks RPC request (ACS3), all parameters in the form body.
    static func rpc(_ action: String, _ parameters: [(String, String)], id: String = rootID,
                    secret: String = rootSecret) -> (headers: HTTPFields, body: ByteBuffer)
    {
        let body = Array(parameters.map { "\(formEscape($0.0))=\(formEscape($0.1))" }.joined(separator: "&").utf8)
        let request = SignedRequest(
            method: "POST", rawPath: "/", rawQuery: "",
            headers: [
                HTTPHeaderField(name: "host", value: "127.0.0.1:8042"),
                HTTPHeaderField(name: "x-acs-action", value: action),
                HTTPHeaderField(name: "x-acs-version", value: "2020-05-18"),
                HTTPHeaderField(name: "content-type", value: "application/x-www-form-urlencoded"),
            ], body: body)
        let signed = ACS3Signer(accessKeyID: id, secret: AccessKeySecret(secret)).sign(request, date: Date())
        return (fields(signed.headers), ByteBuffer(bytes: body))
    }

    /// A signed DRS request (SDK-HMAC-SHA256) with a JSON body.
    static func drs(_ method: String, _ path: String, json: String, id: String = rootID, secret: String = rootSecret)
        -> (headers: HTTPFields, body: ByteBuffer)
    {
        let body = Array(json.utf8)
        let request = SignedRequest(
            method: method, rawPath: path, rawQuery: "",
            headers: [
                HTTPHeaderField(name: "host", value: "127.0.0.1:8042"),
                HTTPHeaderField(name: "content-type", value: "application/json"),
                HTTPHeaderField(name: "x-project-id", value: drsProject),
            ], body: body)
        let signed = SDKHMACSHA256Signer(accessKeyID: id, secret: AccessKeySecret(secret)).sign(request, date: Date())
        return (fields(signed.headers), ByteBuffer(bytes: body))
    }

    static func fields(_ headers: [HTTPHeaderField]) -> HTTPFields {
        var fields = HTTPFields()
        for header in headers {
            if let name = HTTPField.Name(header.name) { fields.append(HTTPField(name: name, value: header.value)) }
        }
        return fields
    }

    static func formEscape(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-_.~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// The JSON object of a response body (empty when the body is not a JSON object).
    static func object(_ response: TestResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any] ?? [:]
    }
}

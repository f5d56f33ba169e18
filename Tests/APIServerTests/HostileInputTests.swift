import APIServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import TideTestSupport

/// A seeded random run of hostile, correctly signed requests: every response must be a 2xx or a 4xx with a JSON
/// error body carrying a code and a request id; nothing may crash or answer 5xx.
struct HostileInputTests {
    /// The shared seeded generator (Tests/TideTestSupport).
    typealias Generator = TideTestSupport.SplitMix64

    static let actions = [
        "CreateDISyncTask", "GetDISyncTask", "UpdateDISyncTask", "DeleteDISyncTask", "DeployDISyncTask",
        "StartDISyncInstance", "StopDISyncInstance", "TerminateDISyncInstance", "GetDISyncInstanceInfo",
        "CreateDIJob", "GetDIJob", "UpdateDIJob", "DeleteDIJob", "ListDIJobs", "StartDIJob", "StopDIJob",
        "CreateDataSource", "ListDataSources", "UpdateDataSource", "DeleteDataSource", "CreateProject",
        "CreateAccessKey", "DeleteAccessKey", "NoSuchAction",
    ]
    static let names = [
        "ProjectId", "PageSize", "PageNumber", "DIJobId", "FileId", "TaskType", "TaskName", "TaskContent", "JobName",
        "MigrationType", "SourceDataSourceType", "DestinationDataSourceType", "SourceDataSourceSettings",
        "DestinationDataSourceSettings", "TableMappings", "JobSettings", "RealtimeStartSettings", "ForceToRerun",
        "Content", "DataSourceType", "EnvType", "Name", "DataSourceId", "Policy", "AccessKeyId", "ClientToken",
    ]
    static let values = [
        "", "0", "-1", "101", "1000000000000", "99999999999999999999999", "10000", "1", "True", "maybe", "null",
        "{", "[]", "{}", "[{}]", #"{"steps":[{"stepType":1}]}"#, #"[{"DataSourceName":null}]"#, "DI_OFFLINE",
        "DI_SOLUTION", "Full", "mysql", "' OR 1=1 --", "名字✓", "\u{0}", String(repeating: "z", count: 3000),
        #"{"StartTime":-5,"FailoverSettings":{"Interval":"x"}}"#, #"{"jdbcUrl":"jdbc:mysql://h:99999/d"}"#,
    ]

    @Test(arguments: [UInt64(1), 2, 3])
    func randomSignedRequestsNeverCrashOr5xx(seed: UInt64) async throws {
        let harness = try await TestHarness()
        try await harness.app.test(.router) { client in
            var random = Generator(state: seed)
            for _ in 0..<150 {
                let action = Self.actions.randomElement(using: &random) ?? "ListDIJobs"
                let count = Int.random(in: 0...6, using: &random)
                let params = (0..<count).map { _ in
                    (Self.names.randomElement(using: &random) ?? "", Self.values.randomElement(using: &random) ?? "")
                }
                let call = TestHarness.rpc(action, params)
                try await client.execute(uri: "/", method: .post, headers: call.headers, body: call.body) { response in
                    let status = response.status.code
                    #expect(status < 500, "seed \(seed) \(action) \(params.map(\.0)) -> \(status)")
                    if status >= 400 {
                        let object = TestHarness.object(response)
                        #expect(object["Code"] is String && object["RequestId"] is String)
                    }
                }
            }
        }
    }

    @Test(arguments: [UInt64(7), 8])
    func randomDRSBodiesNeverCrashOr5xx(seed: UInt64) async throws {
        let harness = try await TestHarness()
        let endpoints = ["", "/batch-creation", "/batch-detail", "/batch-status", "/batch-progress", "/batch-starting",
                         "/batch-pause-task", "/batch-retry-task", "/batch-jobs", "/nope"]
        let bodies = [
            "", "{", "[]", "null", #"{"jobs":[]}"#, #"{"jobs":"x"}"#, #"{"jobs":["nope"]}"#, #"{"jobs":[{"job_id":1}]}"#,
            #"{"jobs":[{"job_id":"x","start_time":"-3"}]}"#, #"{"jobs":[{"name":"ab","task_type":"X"}]}"#,
            #"{"jobs":[{"name":"abcdef","task_type":"FULL_TRANS","source_endpoint":{"ip":"1.2.3.4","db_type":"mysql","db_port":70000},"target_endpoint":{}}]}"#,
            #"{"cur_page":1e300}"#, #"{"tags":{"a":1}}"#, #"{"per_page":-0}"#, #"{"name":"\u0000"}"#,
        ]
        try await harness.app.test(.router) { client in
            var random = Generator(state: seed)
            for _ in 0..<100 {
                let endpoint = endpoints.randomElement(using: &random) ?? ""
                let method = endpoint == "/batch-jobs" ? "DELETE" : (Bool.random(using: &random) ? "POST" : "PUT")
                let path = "/v3/\(TestHarness.drsProject)/jobs\(endpoint)"
                let call = TestHarness.drs(method, path, json: bodies.randomElement(using: &random) ?? "")
                try await client.execute(
                    uri: path, method: HTTPRequest.Method(method) ?? .post, headers: call.headers, body: call.body
                ) { response in
                    #expect(response.status.code < 500, "seed \(seed) \(method) \(endpoint)")
                    if response.status.code >= 400 {
                        #expect(TestHarness.object(response)["error_code"] is String)
                        #expect(response.headers[HTTPField.Name("X-Request-Id")!] != nil)
                    }
                }
            }
        }
    }
}

import APIServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SyncModel
import Synchronization
import Testing

/// The start position extension in each dialect (issue 5 item 4): StartDIJob `RealtimeStartSettings.StartPosition`
/// and DRS batch-starting `start_position`. Wrong syntax, and a start time given with it, are InvalidParameter with
/// the dialect's code and status.
@Suite struct StartPositionParameterTests {
    static func realtimeTask(_ harness: TestHarness) async throws -> SyncTask {
        let spec = try DIJobSpec.parse(
            DIJobSpec.Parameters(
                sourceDataSourceSettings: #"[{"DataSourceName":"src"}]"#,
                destinationDataSourceSettings: #"[{"DataSourceName":"dst"}]"#,
                tableMappings: #"[{"SourceObjectSelectionRules":[{"ObjectType":"Database","Expression":"d"}]}]"#))
        let task = try SyncTask(
            projectID: 10000, name: "sp-\(UUID().uuidString.prefix(8))", kind: .diJob,
            migrationType: .realtimeIncremental, sourceType: "mysql", destinationType: "postgresql",
            sourceDataSourceName: "src", destinationDataSourceName: "dst", spec: .diJob(spec), createdAt: Date())
        return try await harness.controlPlane.createTask(task, clientToken: nil, operation: "CreateDIJob")
    }

    @Test func startDIJobAcceptsAStartPositionAndShowsItInRunStats() async throws {
        let harness = try await TestHarness()
        let task = try await Self.realtimeTask(harness)
        try await harness.app.test(.router) { client in
            let start = TestHarness.rpc(
                "StartDIJob",
                [
                    ("DIJobId", String(task.id)),
                    (
                        "RealtimeStartSettings",
                        #"{"StartPosition":"mysql-bin.000003:1234","FailoverSettings":{"Interval":0}}"#
                    ),
                ])
            try await client.execute(uri: "/", method: .post, headers: start.headers, body: start.body) { response in
                #expect(response.status == .ok, "\(TestHarness.object(response))")
            }
            let get = TestHarness.rpc("GetDIJob", [("DIJobId", String(task.id))])
            try await client.execute(uri: "/", method: .post, headers: get.headers, body: get.body) { response in
                let data = TestHarness.object(response)["Data"] as? [String: Any]
                let stats = data?["RunStats"] as? [String: Any]
                #expect(stats?["StartPosition"] as? String == "mysql-bin.000003:1234")
                #expect(stats?["StartTime"] == nil)
            }
        }
        #expect(harness.runner.started.withLock { $0 } == [task.id])
    }

    @Test func startDIJobRefusesBadSyntaxAndBothStarts() async throws {
        let harness = try await TestHarness()
        let task = try await Self.realtimeTask(harness)
        let cases: [(String, String)] = [
            (#"{"StartPosition":"mysql-bin.000003"}"#, "'mysql-bin.000003' is not FILE:POS"),
            (#"{"StartPosition":"0-1-x"}"#, "'0-1-x' is not FILE:POS"),
            (#"{"StartPosition":42}"#, "expected a string"),
            (
                #"{"StartTime":1700000000,"StartPosition":"0-1-5"}"#,
                "RealtimeStartSettings.StartTime and RealtimeStartSettings.StartPosition are exclusive"
            ),
        ]
        try await harness.app.test(.router) { client in
            for (settings, expected) in cases {
                let call = TestHarness.rpc(
                    "StartDIJob", [("DIJobId", String(task.id)), ("RealtimeStartSettings", settings)])
                try await client.execute(uri: "/", method: .post, headers: call.headers, body: call.body) { response in
                    #expect(response.status.code == 400, "\(settings)")
                    let object = TestHarness.object(response)
                    #expect(object["Code"] as? String == "Invalid.DI.Parameter", "\(settings)")
                    let message = object["Message"] as? String ?? ""
                    #expect(message.contains("RealtimeStartSettings.StartPosition"), "\(message)")
                    #expect(message.contains(expected), "\(message)")
                }
            }
        }
        #expect(harness.runner.started.withLock { $0 }.isEmpty)
    }

    @Test func drsBatchStartingRefusesBadSyntaxPerJob() async throws {
        let harness = try await TestHarness()
        let path = "/v3/\(TestHarness.drsProject)/jobs/batch-starting"
        let body = #"""
            {"jobs":[{"job_id":"a","start_position":"binlog.000001"},
            {"job_id":"b","start_position":"0-1-5","start_time":"1700000000000"},
            {"job_id":"c","start_position":"binlog.000001:4"}]}
            """#
        try await harness.app.test(.router) { client in
            let call = TestHarness.drs("POST", path, json: body)
            try await client.execute(uri: path, method: .post, headers: call.headers, body: call.body) { response in
                #expect(response.status == .ok)
                let results = TestHarness.object(response)["results"] as? [[String: Any]] ?? []
                #expect(results.count == 3)
                guard results.count == 3 else { return }
                #expect(results[0]["error_code"] as? String == "DRS.10000010")
                #expect(
                    (results[0]["error_msg"] as? String ?? "").hasPrefix(
                        "Invalid parameter: start_position: 'binlog.000001' is not FILE:POS"),
                    "\(results[0])")
                #expect(results[1]["error_code"] as? String == "DRS.10000010")
                #expect(
                    results[1]["error_msg"] as? String
                        == "Invalid parameter: start_position: start_time and start_position are exclusive; give one"
                        + " of them.")
                // Valid syntax passes on to the job lookup (no such job here).
                #expect(results[2]["error_code"] as? String == "DRS.10000011", "\(results[2])")
            }
        }
    }
}

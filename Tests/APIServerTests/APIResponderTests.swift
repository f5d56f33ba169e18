import APIAuth
import APIServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SyncModel
import Synchronization
import Testing

/// Routing, authentication, authorization, throttling and error mapping through the real responder.
struct APIResponderTests {
    static let offlineContent = """
        {"type":"job","version":"2.0","steps":[{"stepType":"mysql","name":"Reader","category":"reader",\
        "parameter":{"datasource":"src","column":["id"],"connection":[{"datasource":"src","table":["t"]}]}},\
        {"stepType":"postgresql","name":"Writer","category":"writer","parameter":{"datasource":"dst",\
        "column":["id"],"table":"t"}}],"setting":{"speed":{"concurrent":1}},\
        "order":{"hops":[{"from":"Reader","to":"Writer"}]}}
        """

    @Test func signedListDIJobsReturnsTheDocumentedShape() async throws {
        let harness = try await TestHarness()
        try await harness.app.test(.router) { client in
            let call = TestHarness.rpc("ListDIJobs", [("ProjectId", "10000")])
            try await client.execute(uri: "/", method: .post, headers: call.headers, body: call.body) { response in
                #expect(response.status == .ok)
                let object = TestHarness.object(response)
                #expect(object["RequestId"] is String)
                let paging = object["DIJobPaging"] as? [String: Any]
                #expect(paging?["PageNumber"] as? Int == 1)
                #expect(paging?["PageSize"] as? Int == 10)
                #expect(paging?["TotalCount"] as? Int == 0)
            }
        }
    }

    @Test func unknownActionIs404WithJSONBody() async throws {
        let harness = try await TestHarness()
        try await harness.app.test(.router) { client in
            let call = TestHarness.rpc("DropAllTables", [])
            try await client.execute(uri: "/", method: .post, headers: call.headers, body: call.body) { response in
                #expect(response.status.code == 404)
                #expect(TestHarness.object(response)["Code"] as? String == "InvalidAction.NotFound")
            }
        }
    }

    @Test func unsignedRequestsGetEachDialectsError() async throws {
        let harness = try await TestHarness()
        try await harness.app.test(.router) { client in
            var headers = HTTPFields()
            headers[HTTPField.Name("x-acs-action")!] = "ListDIJobs"
            try await client.execute(uri: "/?ProjectId=10000", method: .post, headers: headers) { response in
                #expect(response.status.code == 400)
                #expect(TestHarness.object(response)["Code"] as? String == "IncompleteSignature")
            }
            try await client.execute(
                uri: "/v3/\(TestHarness.drsProject)/jobs", method: .post, body: ByteBuffer(string: "{}")
            ) { response in
                #expect(response.status.code == 401)
                #expect(TestHarness.object(response)["error_code"] as? String == "APIGW.0301")
                #expect(response.headers[HTTPField.Name("X-Request-Id")!] != nil)
            }
        }
    }

    @Test func forgedSignatureIsRejected() async throws {
        let harness = try await TestHarness()
        try await harness.app.test(.router) { client in
            let call = TestHarness.rpc("ListDIJobs", [("ProjectId", "10000")], secret: "wrong")
            try await client.execute(uri: "/", method: .post, headers: call.headers, body: call.body) { response in
                #expect(response.status.code == 400)
                #expect(TestHarness.object(response)["Code"] as? String == "SignatureDoesNotMatch")
            }
            // A replayed request (same nonce) is refused the second time.
            let once = TestHarness.rpc("ListDIJobs", [("ProjectId", "10000")])
            try await client.execute(uri: "/", method: .post, headers: once.headers, body: once.body) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/", method: .post, headers: once.headers, body: once.body) { response in
                #expect(TestHarness.object(response)["Code"] as? String == "SignatureNonceUsed")
            }
        }
    }

    @Test(arguments: ["0", "-1", "101", "1000000000000", "ten", "1.5"])
    func badPageSizesAre400NamingTheParameter(size: String) async throws {
        let harness = try await TestHarness()
        try await harness.app.test(.router) { client in
            let call = TestHarness.rpc("ListDIJobs", [("ProjectId", "10000"), ("PageSize", size)])
            try await client.execute(uri: "/", method: .post, headers: call.headers, body: call.body) { response in
                #expect(response.status.code == 400)
                let object = TestHarness.object(response)
                #expect(object["Code"] as? String == "Invalid.DI.Parameter")
                #expect((object["Message"] as? String)?.contains("PageSize") == true)
            }
        }
    }

    @Test func hugeBodyIs413WithJSONBody() async throws {
        let harness = try await TestHarness(maxBodyBytes: 1024)
        try await harness.app.test(.router) { client in
            let call = TestHarness.rpc("ListDIJobs", [("ProjectId", "10000"), ("JobName", String(repeating: "x", count: 4096))])
            try await client.execute(uri: "/", method: .post, headers: call.headers, body: call.body) { response in
                #expect(response.status.code == 413)
                #expect(TestHarness.object(response)["RequestId"] is String)
            }
        }
    }

    @Test func malformedTaskContentNamesTheField() async throws {
        let harness = try await TestHarness()
        try await harness.app.test(.router) { client in
            let call = TestHarness.rpc("CreateDISyncTask", [
                ("ProjectId", "10000"), ("TaskType", "DI_OFFLINE"), ("TaskName", "bad"),
                ("TaskContent", #"{"steps":[{"stepType":"#),
            ])
            try await client.execute(uri: "/", method: .post, headers: call.headers, body: call.body) { response in
                #expect(response.status.code == 400)
                #expect((TestHarness.object(response)["Message"] as? String)?.contains("TaskContent") == true)
            }
        }
    }

    @Test(arguments: ["订单同步 ✓", "x'; DROP TABLE tasks; --", "Robert\"); DELETE FROM access_keys;--", "名前 %00"])
    func unusualNamesAreStoredVerbatim(name: String) async throws {
        let harness = try await TestHarness()
        try await harness.app.test(.router) { client in
            let create = TestHarness.rpc("CreateDISyncTask", [
                ("ProjectId", "10000"), ("TaskType", "DI_OFFLINE"), ("TaskName", name), ("TaskContent", Self.offlineContent),
            ])
            let fileID = try await client.execute(uri: "/", method: .post, headers: create.headers, body: create.body) {
                response -> Int in
                #expect(response.status == .ok)
                return (TestHarness.object(response)["Data"] as? [String: Any])?["FileId"] as? Int ?? -1
            }
            let get = TestHarness.rpc("GetDISyncTask", [
                ("ProjectId", "10000"), ("TaskType", "DI_OFFLINE"), ("FileId", String(fileID)),
            ])
            try await client.execute(uri: "/", method: .post, headers: get.headers, body: get.body) { response in
                let detail = (TestHarness.object(response)["Data"] as? [String: Any])?["SolutionDetail"] as? [String: Any]
                #expect(detail?["Name"] as? String == name)
            }
        }
    }

    @Test func startHandsTheTaskToTheRunnerThroughTheStateMachine() async throws {
        let harness = try await TestHarness()
        try await harness.app.test(.router) { client in
            let create = TestHarness.rpc("CreateDISyncTask", [
                ("ProjectId", "10000"), ("TaskType", "DI_OFFLINE"), ("TaskName", "run me"),
                ("TaskContent", Self.offlineContent),
            ])
            let fileID = try await client.execute(uri: "/", method: .post, headers: create.headers, body: create.body) {
                (TestHarness.object($0)["Data"] as? [String: Any])?["FileId"] as? Int ?? -1
            }
            let start = TestHarness.rpc("StartDISyncInstance", [
                ("ProjectId", "10000"), ("TaskType", "DI_OFFLINE"), ("FileId", String(fileID)),
            ])
            try await client.execute(uri: "/", method: .post, headers: start.headers, body: start.body) { response in
                #expect(response.status == .ok)
            }
            #expect(harness.runner.started.withLock { $0 } == [Int64(fileID)])
            let task = try await harness.controlPlane.task(id: Int64(fileID))
            #expect(task?.status.isRunning == true)
            // Starting again is refused by the state machine and changes nothing.
            let again = TestHarness.rpc("StartDISyncInstance", [
                ("ProjectId", "10000"), ("TaskType", "DI_OFFLINE"), ("FileId", String(fileID)),
            ])
            try await client.execute(uri: "/", method: .post, headers: again.headers, body: again.body) { response in
                #expect(response.status.code == 400)
            }
            #expect(harness.runner.started.withLock { $0 }.count == 1)
        }
    }

    @Test func policyOutsideTheKeyIs403AndRateIs429() async throws {
        let harness = try await TestHarness(
            rateLimits: RateLimiterConfiguration(perKey: RateLimit(requestsPerSecond: 0.001, burst: 3), perAPI: nil))
        let (key, secret) = try await harness.controlPlane.createAccessKey(
            policyJSON: #"{"Statement":[{"Action":["dataworks:ListDIJobs"],"Effect":"Allow"}],"Version":"1"}"#,
            description: "reader")
        try await harness.app.test(.router) { client in
            let denied = TestHarness.rpc("ListDataSources", [("ProjectId", "10000")], id: key.id, secret: secret)
            try await client.execute(uri: "/", method: .post, headers: denied.headers, body: denied.body) { response in
                #expect(response.status.code == 403)
                #expect(TestHarness.object(response)["Code"] as? String == "Forbidden.Access")
            }
            var codes: [String] = []
            for _ in 0..<4 {
                let call = TestHarness.rpc("ListDIJobs", [("ProjectId", "10000")], id: key.id, secret: secret)
                try await client.execute(uri: "/", method: .post, headers: call.headers, body: call.body) { response in
                    let code = TestHarness.object(response)["Code"] as? String ?? "ok"
                    codes.append(code)
                    if code == "Throttling.User" {
                        // The SDK raises ThrottlingException (with retry_after) only when this header is > 0.
                        let retryAfter = HTTPField.Name("x-acs-retry-after").flatMap { response.headers[$0] }
                        #expect((retryAfter.flatMap { Int($0) } ?? 0) > 0)
                        #expect((response.headers[.retryAfter].flatMap { Int($0) } ?? 0) >= 1)
                    }
                }
            }
            #expect(codes.contains("Throttling.User"))
        }
    }

    @Test func drsListAndPagingErrors() async throws {
        let harness = try await TestHarness()
        try await harness.app.test(.router) { client in
            let path = "/v3/\(TestHarness.drsProject)/jobs"
            let ok = TestHarness.drs("POST", path, json: #"{"db_use_type":"migration","cur_page":0,"per_page":0}"#)
            try await client.execute(uri: path, method: .post, headers: ok.headers, body: ok.body) { response in
                #expect(response.status == .ok)
                #expect(TestHarness.object(response)["total_record"] as? Int == 0)
            }
            for body in [#"{"per_page":101}"#, #"{"cur_page":2,"per_page":0}"#, #"{"per_page":"ten"}"#, "[1,2", "null"] {
                let bad = TestHarness.drs("POST", path, json: body)
                try await client.execute(uri: path, method: .post, headers: bad.headers, body: bad.body) { response in
                    #expect(response.status.code == 400, "\(body)")
                    #expect(TestHarness.object(response)["error_code"] as? String == "DRS.10000010")
                }
            }
        }
    }
}

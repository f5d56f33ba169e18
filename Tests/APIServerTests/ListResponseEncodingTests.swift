import Foundation
import SyncModel
import Testing

@testable import APIServer

/// The list replies write pre-encoded items; their bytes must equal the plain `JSONEncoder` encoding of the reply.
struct ListResponseEncodingTests {
    static func tasks() throws -> [SyncTask] {
        let names = ["orders", "naïve/ünïcödé 表", "quote\"back\\slash", "semi;colon", "cafe\u{301}"]
        return try names.enumerated().map { index, name in
            var task = try SyncTask(
                projectID: 10000, name: name, description: "d/\(index) </script>\t\n\u{1F600}\u{7}", kind: .drsJob,
                migrationType: index % 2 == 0 ? .full : .fullAndRealtimeIncremental, sourceType: "mysql",
                destinationType: index % 2 == 0 ? "hologres" : "kafka", spec: .drs(objects: ["shop.orders"]),
                drs: DRSAttributes(billingTag: index % 2 == 0), createdAt: Date(timeIntervalSince1970: 1_700_000_000.5))
            task.id = 1_000_001 + Int64(index)
            task.uuid = String(format: "%08x-0000-4000-8000-%012x", index, index)
            task.status = [TaskStatus.configuration, .fullTransferStarted, .paused, .fullTransferFailed][index % 4]
            if index == 1 {
                task.children = [
                    Subtask(id: "c-1", name: "shop.orders", source: "shop.orders", destination: "dst.orders"),
                    Subtask(
                        id: "c-2", name: "shop.items", source: "shop.items", destination: "dst.items",
                        status: .fullTransferFailed, errorMessage: "dup key \"7\""),
                ]
            }
            return task
        }
    }

    static func plain(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    @Test func drsListBytesEqualTheEncoder() throws {
        for count in [0, 1, 5] {
            let reply = DRSJobListResponse(total_record: 12_345, jobs: try Self.tasks().prefix(count).map(DRSJobInfo.init))
            #expect(try reply.encodedJSON() == Self.plain(reply))
            #expect(try reply.encodedJSON() == Self.plain(reply))  // the second time from the cache
        }
    }

    @Test func listDIJobsBytesEqualTheEncoder() throws {
        for count in [0, 1, 5] {
            let reply = ListDIJobsResponse(
                RequestId: "0C1A2B3C-D4E5-4F60-8718-293A4B5C6D7E",
                DIJobPaging: DIJobPaging(
                    PageNumber: 3, PageSize: 10, TotalCount: 9_999,
                    DIJobs: try Self.tasks().prefix(count).map(DIJobSummary.init)))
            #expect(try reply.encodedJSON() == Self.plain(reply))
            #expect(try reply.encodedJSON() == Self.plain(reply))
        }
    }

    @Test func changedItemIsEncodedAgain() throws {
        let cache = JSONFragmentCache<DRSJobInfo>()
        var task = try Self.tasks()[0]
        let before = try cache.bytes(for: DRSJobInfo(task), key: task.uuid)
        task.status = .fullTransferStarted
        let after = try cache.bytes(for: DRSJobInfo(task), key: task.uuid)
        #expect(before != after)
        #expect(after == (try Self.plain(DRSJobInfo(task))))
        #expect(cache.count == 1)
    }

    @Test func fullCacheStartsOver() throws {
        let cache = JSONFragmentCache<DIJobSummary>(capacity: 2)
        for task in try Self.tasks().prefix(3) {
            _ = try cache.bytes(for: DIJobSummary(task), key: String(task.id))
        }
        #expect(cache.count == 1)
    }

    @Test func jobActionBodyIsTheStateMachineTableForEveryPair() throws {
        var task = try Self.tasks()[0]
        for _ in 0..<2 {  // the second pass answers from the remembered bodies
            for status in TaskStatus.allCases {
                for migrationType in MigrationType.allCases {
                    task.status = status
                    task.migrationType = migrationType
                    let matrix = TaskStateMachine.jobActions(status: status, migrationType: migrationType)
                    let body = DRSJobActionBody.of(task)
                    #expect(body.available_actions == matrix.availableActions.map(\.rawValue))
                    #expect(body.unavailable_actions == matrix.unavailableActions.map(\.rawValue))
                    #expect(body.current_action == (matrix.currentAction?.rawValue ?? ""))
                }
            }
        }
    }
}

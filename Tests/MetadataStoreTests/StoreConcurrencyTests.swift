import Foundation
import MetadataStore
import SyncModel
import Testing

/// Many concurrent writers, racing duplicate names, racing events, restart, and list latency over 10,000 tasks.
struct StoreConcurrencyTests {
    @Test func manyConcurrentWriters() async throws {
        let fixture = StoreFixture()
        defer { fixture.cleanUp() }
        let store = try fixture.open()
        try await store.createProject(try StoreFixture.project())
        let ids = try await withThrowingTaskGroup(of: Int64.self) { group in
            for index in 0..<200 {
                group.addTask {
                    let task = try await store.createTask(
                        try StoreFixture.task("t\(index)"), clientToken: "tok\(index % 150)", operation: "op")
                    _ = try? await store.applyEvent(taskID: task.id, .start, errorMessage: nil, startSettings: nil)
                    _ = try await store.listDIJobs(DIJobQuery(projectID: 10000))
                    return task.id
                }
            }
            var ids: [Int64] = []
            for try await id in group { ids.append(id) }
            return ids
        }
        #expect(ids.count == 200)
        #expect(Set(ids).count == 150, "the 50 repeated client tokens must return existing tasks")
        let page = try await store.listDIJobs(DIJobQuery(projectID: 10000, pageSize: 100))
        #expect(page.totalCount == 150)
        #expect(page.items.allSatisfy { $0.status == .startingJob })
    }

    @Test func racingDuplicateNamesCreateExactlyOne() async throws {
        let fixture = StoreFixture()
        defer { fixture.cleanUp() }
        let store = try fixture.open()
        try await store.createProject(try StoreFixture.project())
        let outcomes = await withTaskGroup(of: MetadataStoreError.Code?.self) { group in
            for _ in 0..<40 {
                group.addTask {
                    do {
                        _ = try await store.createTask(try StoreFixture.task("same"), clientToken: nil, operation: "op")
                        return nil
                    } catch let error as MetadataStoreError {
                        return error.code
                    } catch {
                        return .database
                    }
                }
            }
            var outcomes: [MetadataStoreError.Code?] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes
        }
        #expect(outcomes.filter { $0 == nil }.count == 1)
        #expect(outcomes.filter { $0 == .duplicateTaskName }.count == 39)
    }

    @Test func racingStartsApplyOnce() async throws {
        let fixture = StoreFixture()
        defer { fixture.cleanUp() }
        let store = try fixture.open()
        try await store.createProject(try StoreFixture.project())
        let task = try await store.createTask(try StoreFixture.task("t"), clientToken: nil, operation: "op")
        let successes = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<30 {
                group.addTask {
                    (try? await store.applyEvent(taskID: task.id, .start, errorMessage: nil, startSettings: nil)) != nil
                }
            }
            var count = 0
            for await success in group where success { count += 1 }
            return count
        }
        #expect(successes == 1, "read-apply-write must be one transaction")
    }

    @Test func restartLosesNothing() async throws {
        let fixture = StoreFixture()
        defer { fixture.cleanUp() }
        var taskID: Int64 = 0
        do {
            let store = try fixture.open()
            try await store.createProject(try StoreFixture.project())
            var task = try StoreFixture.task("persisted")
            task.targetEndpoint = ConnectionContent(host: "pg", port: 5432, password: Secret("pw-after-restart"))
            taskID = try await store.createTask(task, clientToken: "tok", operation: "op").id
            _ = try await store.applyEvent(taskID: taskID, .start, errorMessage: nil, startSettings: nil)
        }
        let reopened = try fixture.open()
        let loaded = try #require(try await reopened.task(id: taskID))
        #expect(loaded.status == .startingJob)
        #expect(loaded.targetEndpoint?.password.revealed == "pw-after-restart")
        #expect(try await reopened.project(drsProjectID: StoreFixture.drsID)?.id == 10000)
        let again = try await reopened.createTask(try StoreFixture.task("persisted"), clientToken: "tok", operation: "op")
        #expect(again.id == taskID)
        let next = try await reopened.createTask(try StoreFixture.task("next"), clientToken: nil, operation: "op")
        #expect(next.id == taskID + 1)
    }

    @Test func listLatencyOverTenThousandTasks() async throws {
        let fixture = StoreFixture()
        defer { fixture.cleanUp() }
        let store = try fixture.open()
        try await store.createProject(try StoreFixture.project())
        let started = ContinuousClock.now
        for index in 0..<10_000 {
            _ = try await store.createTask(
                try StoreFixture.task("job_\(index)", source: index % 2 == 0 ? "mysql" : "postgresql",
                                      drs: DRSAttributes(tags: ["n": "\(index % 10)"])),
                clientToken: nil, operation: "op")
        }
        let loadTime = ContinuousClock.now - started
        func measure(_ body: () async throws -> Void) async throws -> (p50: Duration, p99: Duration) {
            var samples: [Duration] = []
            for _ in 0..<200 {
                let start = ContinuousClock.now
                try await body()
                samples.append(ContinuousClock.now - start)
            }
            samples.sort()
            return (samples[100], samples[197])
        }
        let diJobs = try await measure {
            let page = try await store.listDIJobs(
                DIJobQuery(projectID: 10000, nameContains: "job_1", sourceType: "mysql", pageNumber: 3, pageSize: 10))
            #expect(page.items.count == 10)
        }
        let drs = try await measure {
            let page = try await store.listDRSJobs(DRSJobQuery(projectID: 10000, curPage: 5, perPage: 10, tags: ["n": "3"]))
            #expect(page.totalCount == 1000)
        }
        print("store: loaded 10000 tasks in \(loadTime); ListDIJobs p50 \(diJobs.p50) p99 \(diJobs.p99); DRS list p50 \(drs.p50) p99 \(drs.p99)")
        #expect(diJobs.p99 < .milliseconds(100))
        #expect(drs.p99 < .milliseconds(100))
    }
}

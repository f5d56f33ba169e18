import Foundation
import GRDB
import SyncModel
import Testing

@testable import MetadataStore

/// The list cache answers only for the exact row version it remembered, and list results always follow writes.
struct TaskListCacheTests {
    static func task(_ id: Int64, description: String = "") throws -> SyncTask {
        var task = try StoreFixture.task("orders_\(id)")
        task.id = id
        task.description = description
        return task
    }

    @Test func answersOnlyForTheRememberedVersion() throws {
        let cache = TaskListCache()
        cache.remember(try Self.task(1, description: "v3"), version: 3)
        #expect(cache.task(id: 1, version: 3)?.description == "v3")
        #expect(cache.task(id: 1, version: 4) == nil)
        #expect(cache.task(id: 2, version: 3) == nil)
        cache.remember(try Self.task(1, description: "v4"), version: 4)
        #expect(cache.task(id: 1, version: 3) == nil)
        #expect(cache.task(id: 1, version: 4)?.description == "v4")
    }

    @Test func fullCacheStartsOver() throws {
        let cache = TaskListCache(capacity: 2)
        for id in Int64(1)...3 { cache.remember(try Self.task(id), version: 0) }
        #expect(cache.count == 1)
        #expect(cache.task(id: 3, version: 0) != nil)
    }

    static func version(_ store: SQLiteMetadataStore, _ id: Int64) async throws -> Int64? {
        try await store.pool.read { db in try Int64.fetchOne(db, sql: "SELECT version FROM task WHERE id = ?", arguments: [id]) }
    }

    @Test func everyUpdateOfATaskRowBumpsItsVersionOnce() async throws {
        let fixture = StoreFixture()
        defer { fixture.cleanUp() }
        let store = try fixture.open()
        try await store.createProject(try StoreFixture.project())
        let id = try await store.createTask(try StoreFixture.task("orders"), clientToken: nil, operation: "op").id
        #expect(try await Self.version(store, id) == 0)
        try await store.updateRunStats(taskID: id, RunStats(rowsRead: 1))
        #expect(try await Self.version(store, id) == 1)
        _ = try await store.updateTask(id: id) { $0.description = "changed" }
        #expect(try await Self.version(store, id) == 2)
        try await store.pool.write { db in try db.execute(sql: "UPDATE task SET status = status WHERE id = ?", arguments: [id]) }
        #expect(try await Self.version(store, id) == 3)
    }

    @Test func listsShowEveryUpdateAndNoDeletedTask() async throws {
        let fixture = StoreFixture()
        defer { fixture.cleanUp() }
        let store = try fixture.open()
        try await store.createProject(try StoreFixture.project())
        var ids: [Int64] = []
        for index in 0..<3 {
            ids.append(
                try await store.createTask(try StoreFixture.task("orders_\(index)"), clientToken: nil, operation: "op").id)
        }
        let query = DIJobQuery(projectID: 10000, pageNumber: 1, pageSize: 10)
        #expect(try await store.listDIJobs(query).items.map(\.description) == ["", "", ""])
        #expect(store.listCache.count == 3)
        _ = try await store.updateTask(id: ids[1]) { $0.description = "changed" }
        try await store.updateRunStats(taskID: ids[2], RunStats(rowsRead: 7))
        let after = try await store.listDIJobs(query)
        #expect(after.items.map(\.description) == ["", "changed", ""])
        #expect(after.items.map(\.runStats.rowsRead) == [7, 0, 0])
        try await store.purgeTask(id: ids[2])
        let purged = try await store.listDIJobs(query)
        #expect(purged.items.map(\.id) == [ids[1], ids[0]])
        #expect(purged.totalCount == 2)
        let recreated = try await store.createTask(
            try StoreFixture.task("orders_2"), clientToken: nil, operation: "op")
        let drs = try await store.listDRSJobs(DRSJobQuery(projectID: 10000, curPage: 0, perPage: 0))
        #expect(drs.items.map(\.id) == [recreated.id, ids[1], ids[0]])
        #expect(drs.items.map(\.description) == ["", "changed", ""])
    }
}

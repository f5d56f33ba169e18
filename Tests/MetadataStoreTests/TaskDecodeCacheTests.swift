import Foundation
import SyncModel
import Testing

@testable import MetadataStore

/// The decode memo answers only for the exact stored text it decoded, and list results always follow writes.
struct TaskDecodeCacheTests {
    static func storedText(description: String, rowsRead: Int64 = 0) throws -> (body: String, stats: String) {
        var task = try StoreFixture.task("orders")
        task.description = description
        return (
            try SQLiteMetadataStore.encode(TaskBody(task)),
            try SQLiteMetadataStore.encode(RunStats(rowsRead: rowsRead))
        )
    }

    @Test func decodesTheStoredTextAndRemembersIt() throws {
        let cache = TaskDecodeCache()
        let text = try Self.storedText(description: "first")
        let (body, stats) = try cache.decoded(id: 1, bodyJSON: text.body, statsJSON: text.stats)
        #expect(body.description == "first")
        #expect(stats.rowsRead == 0)
        #expect(cache.count == 1)
        let again = try cache.decoded(id: 1, bodyJSON: text.body, statsJSON: text.stats)
        #expect(again.0.description == "first")
        #expect(cache.count == 1)
    }

    @Test func changedTextIsDecodedAgain() throws {
        let cache = TaskDecodeCache()
        let before = try Self.storedText(description: "first")
        _ = try cache.decoded(id: 1, bodyJSON: before.body, statsJSON: before.stats)
        let progressed = try Self.storedText(description: "first", rowsRead: 42)
        #expect(try cache.decoded(id: 1, bodyJSON: progressed.body, statsJSON: progressed.stats).1.rowsRead == 42)
        let renamed = try Self.storedText(description: "second", rowsRead: 42)
        #expect(try cache.decoded(id: 1, bodyJSON: renamed.body, statsJSON: renamed.stats).0.description == "second")
        // Another row with the text of the first one is its own entry.
        #expect(try cache.decoded(id: 2, bodyJSON: before.body, statsJSON: before.stats).0.description == "first")
    }

    @Test func canonicallyEquivalentButDifferentBytesAreDecodedAgain() throws {
        let cache = TaskDecodeCache()
        let composed = try Self.storedText(description: "caf\u{E9}")
        let decomposed = try Self.storedText(description: "cafe\u{301}")
        #expect(composed.body == decomposed.body)  // Swift String equality is canonical equivalence
        #expect(!TaskDecodeCache.sameBytes(composed.body, decomposed.body))
        _ = try cache.decoded(id: 1, bodyJSON: composed.body, statsJSON: composed.stats)
        let body = try cache.decoded(id: 1, bodyJSON: decomposed.body, statsJSON: decomposed.stats).0
        #expect(Array(body.description.utf8) == Array("cafe\u{301}".utf8))
    }

    @Test func corruptTextThrowsAndIsNotRemembered() throws {
        let cache = TaskDecodeCache()
        let text = try Self.storedText(description: "first")
        #expect(throws: MetadataStoreError.self) {
            _ = try cache.decoded(id: 1, bodyJSON: "{", statsJSON: text.stats)
        }
        #expect(cache.count == 0)
    }

    @Test func fullCacheStartsOver() throws {
        let cache = TaskDecodeCache(capacity: 2)
        let text = try Self.storedText(description: "first")
        for id in Int64(1)...3 { _ = try cache.decoded(id: id, bodyJSON: text.body, statsJSON: text.stats) }
        #expect(cache.count == 1)
    }

    @Test func listsShowEveryUpdateAndNoDeletedTask() async throws {
        let fixture = StoreFixture()
        defer { fixture.cleanUp() }
        let store = try fixture.open()
        try await store.createProject(try StoreFixture.project())
        var ids: [Int64] = []
        for index in 0..<3 {
            ids.append(try await store.createTask(try StoreFixture.task("orders_\(index)"), clientToken: nil, operation: "op").id)
        }
        let query = DIJobQuery(projectID: 10000, pageNumber: 1, pageSize: 10)
        #expect(try await store.listDIJobs(query).items.map(\.description) == ["", "", ""])
        _ = try await store.updateTask(id: ids[1]) { $0.description = "changed" }
        try await store.updateRunStats(taskID: ids[2], RunStats(rowsRead: 7))
        let after = try await store.listDIJobs(query)
        #expect(after.items.map(\.description) == ["", "changed", ""])
        #expect(after.items.map(\.runStats.rowsRead) == [7, 0, 0])
        try await store.purgeTask(id: ids[2])
        let purged = try await store.listDIJobs(query)
        #expect(purged.items.map(\.id) == [ids[1], ids[0]])
        #expect(purged.totalCount == 2)
    }
}

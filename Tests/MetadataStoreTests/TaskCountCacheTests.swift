import GRDB
import Testing

@testable import MetadataStore

/// The list-count cache answers only for the unchanged state it was filled from.
struct TaskCountCacheTests {
    private let key = TaskCountCache.Key(condition: "(project_id = ?)", arguments: [10_000])
    private let other = TaskCountCache.Key(condition: "(project_id = ?)", arguments: [10_001])

    @Test func remembersPerFilterWhileIdle() throws {
        let cache = TaskCountCache()
        let generation = try #require(cache.idleGeneration())
        #expect(cache.count(for: key, generation: generation) == nil)
        cache.store(7, for: key, generation: generation)
        #expect(cache.count(for: key, generation: generation) == 7)
        #expect(cache.count(for: other, generation: generation) == nil)
    }

    @Test func everyWriteForgetsCounts() throws {
        let cache = TaskCountCache()
        let before = try #require(cache.idleGeneration())
        cache.store(7, for: key, generation: before)
        cache.beginWrite()
        #expect(cache.idleGeneration() == nil)
        #expect(cache.count(for: key, generation: before) == nil)
        cache.endWrite()
        let after = try #require(cache.idleGeneration())
        #expect(after != before)
        #expect(cache.count(for: key, generation: before) == nil)
        #expect(cache.count(for: key, generation: after) == nil)
    }

    @Test func countFromBeforeAWriteIsNotRemembered() throws {
        let cache = TaskCountCache()
        let before = try #require(cache.idleGeneration())
        cache.beginWrite()
        cache.store(7, for: key, generation: before)
        cache.endWrite()
        cache.store(7, for: key, generation: before)
        let after = try #require(cache.idleGeneration())
        #expect(cache.count(for: key, generation: after) == nil)
    }

    @Test func fullCacheStartsOver() throws {
        let cache = TaskCountCache(capacity: 1)
        let generation = try #require(cache.idleGeneration())
        cache.store(1, for: key, generation: generation)
        cache.store(2, for: other, generation: generation)
        #expect(cache.count(for: key, generation: generation) == nil)
        #expect(cache.count(for: other, generation: generation) == 2)
    }
}

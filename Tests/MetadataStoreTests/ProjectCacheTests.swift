import Foundation
import SyncModel
import Testing

@testable import MetadataStore

/// Project lookups are remembered once found, and an unknown project is never remembered as missing.
struct ProjectCacheTests {
    @Test func aProjectCreatedAfterAMissIsFound() async throws {
        let fixture = StoreFixture()
        defer { fixture.cleanUp() }
        let store = try fixture.open()
        #expect(try await store.project(id: 10000) == nil)
        #expect(try await store.project(drsProjectID: StoreFixture.drsID) == nil)
        let project = try StoreFixture.project()
        try await store.createProject(project)
        #expect(try await store.project(id: 10000) == project)
        #expect(try await store.project(drsProjectID: StoreFixture.drsID.uppercased()) == project)
        #expect(store.projectCache.project(id: 10000) == project)
        #expect(try await store.project(id: 10000) == project)  // from the cache
    }

    @Test func fullCacheStartsOver() throws {
        let cache = ProjectCache(capacity: 1)
        let first = try StoreFixture.project(1, drsID: String(repeating: "a", count: 32))
        let second = try StoreFixture.project(2, drsID: String(repeating: "b", count: 32))
        cache.remember(first)
        cache.remember(second)
        #expect(cache.project(id: 1) == nil)
        #expect(cache.project(drsID: String(repeating: "a", count: 32)) == nil)
        #expect(cache.project(id: 2) == second)
    }
}

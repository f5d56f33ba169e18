import Foundation
import MetadataStore
import SyncModel
import Testing

/// ListDIJobs and DRS ListJobs filters and paging.
struct TaskQueryTests {
    static func seeded(_ fixture: StoreFixture) async throws -> SQLiteMetadataStore {
        let store = try fixture.open()
        try await store.createProject(try StoreFixture.project())
        try await store.createProject(try StoreFixture.project(2, drsID: String(repeating: "b", count: 32)))
        for index in 0..<25 {
            let drs = DRSAttributes(
                dbUseType: index % 2 == 0 ? "migration" : "sync", engineType: index % 3 == 0 ? "mysql" : "postgresql",
                netType: index % 5 == 0 ? "vpc" : "eip", tags: index % 4 == 0 ? ["env": "prod", "team": "data"] : ["env": "dev"],
                instanceIDs: ["rds-\(index % 7)"], instanceIP: "192.168.0.\(index % 6)")
            _ = try await store.createTask(
                try StoreFixture.task(
                    "orders_\(index)", source: index % 2 == 0 ? "MySQL" : "PostgreSQL",
                    destination: index < 10 ? "Hologres" : "Kafka", drs: drs),
                clientToken: nil, operation: "op")
        }
        _ = try await store.createTask(try StoreFixture.task("100%_weird\\name", project: 2), clientToken: nil, operation: "op")
        return store
    }

    @Test func totalsFollowWritesBetweenRepeatedLists() async throws {
        let fixture = StoreFixture()
        defer { fixture.cleanUp() }
        let store = try await Self.seeded(fixture)
        let query = DIJobQuery(projectID: 10000, sourceType: "mysql", pageNumber: 1, pageSize: 10)
        #expect(try await store.listDIJobs(query).totalCount == 13)
        #expect(try await store.listDIJobs(query).totalCount == 13)
        let added = try await store.createTask(
            try StoreFixture.task("orders_added", source: "MySQL", destination: "Kafka"), clientToken: nil, operation: "op")
        let after = try await store.listDIJobs(query)
        #expect(after.totalCount == 14)
        #expect(after.items.first?.id == added.id)
        #expect(try await store.listDIJobs(DIJobQuery(projectID: 10000, pageSize: 10)).totalCount == 26)
    }

    @Test func diJobPagingAndTotals() async throws {
        let fixture = StoreFixture()
        defer { fixture.cleanUp() }
        let store = try await Self.seeded(fixture)
        let first = try await store.listDIJobs(DIJobQuery(projectID: 10000, pageNumber: 1, pageSize: 10))
        #expect(first.totalCount == 25)
        #expect(first.items.count == 10)
        #expect(first.items.first?.name == "orders_24")
        let last = try await store.listDIJobs(DIJobQuery(projectID: 10000, pageNumber: 3, pageSize: 10))
        #expect(last.items.map(\.name) == ["orders_4", "orders_3", "orders_2", "orders_1", "orders_0"])
        let beyond = try await store.listDIJobs(DIJobQuery(projectID: 10000, pageNumber: 9, pageSize: 10))
        #expect(beyond.items.isEmpty && beyond.totalCount == 25)
        for (page, size) in [(0, 10), (-1, 10), (1, 0), (1, 101), (1, -1)] {
            await #expect(throws: MetadataStoreError.self) {
                _ = try await store.listDIJobs(DIJobQuery(projectID: 10000, pageNumber: page, pageSize: size))
            }
        }
    }

    @Test func diJobFilters() async throws {
        let fixture = StoreFixture()
        defer { fixture.cleanUp() }
        let store = try await Self.seeded(fixture)
        #expect(try await store.listDIJobs(DIJobQuery(projectID: 10000, nameContains: "ORDERS_1")).totalCount == 11)
        #expect(try await store.listDIJobs(DIJobQuery(projectID: 10000, sourceType: "mysql")).totalCount == 13)
        #expect(try await store.listDIJobs(DIJobQuery(projectID: 10000, sourceType: "MySQL", destinationType: "hologres")).totalCount == 5)
        #expect(try await store.listDIJobs(DIJobQuery(projectID: 2, nameContains: "%_")).totalCount == 1)
        #expect(try await store.listDIJobs(DIJobQuery(projectID: 10000, nameContains: "%")).totalCount == 0)
        #expect(try await store.listDIJobs(DIJobQuery(projectID: 10000, nameContains: "' OR 1=1 --")).totalCount == 0)
        #expect(try await store.listDIJobs(DIJobQuery(projectID: 10000, kinds: [.drsJob])).totalCount == 0)
        #expect(try await store.listDIJobs(DIJobQuery()).totalCount == 26)
    }

    @Test func drsFiltersAndZeroPaging() async throws {
        let fixture = StoreFixture()
        defer { fixture.cleanUp() }
        let store = try await Self.seeded(fixture)
        func count(_ query: DRSJobQuery) async throws -> Int { try await store.listDRSJobs(query).totalCount }
        #expect(try await count(DRSJobQuery(projectID: 10000, dbUseType: "migration")) == 13)
        #expect(try await count(DRSJobQuery(projectID: 10000, engineType: "mysql")) == 9)
        #expect(try await count(DRSJobQuery(projectID: 10000, netType: "vpc")) == 5)
        #expect(try await count(DRSJobQuery(projectID: 10000, tags: ["env": "prod", "team": "data"])) == 7)
        #expect(try await count(DRSJobQuery(projectID: 10000, tags: ["env": "prod", "team": "x"])) == 0)
        #expect(try await count(DRSJobQuery(projectID: 10000, instanceIDs: ["rds-0", "rds-1"])) == 8)
        #expect(try await count(DRSJobQuery(projectID: 10000, instanceIP: "192.168.0.0")) == 5)
        #expect(try await count(DRSJobQuery(projectID: 10000, status: .configuration)) == 25)
        #expect(try await count(DRSJobQuery(projectID: 10000, status: .paused)) == 0)
        #expect(try await count(DRSJobQuery(projectID: 10000, name: "orders_2")) == 6)
        let all = try await store.listDRSJobs(DRSJobQuery(projectID: 10000, curPage: 1, perPage: 0))
        #expect(all.items.count == 25)
        let allToo = try await store.listDRSJobs(DRSJobQuery(projectID: 10000, curPage: 0, perPage: 5))
        #expect(allToo.items.count == 25)
        let page = try await store.listDRSJobs(DRSJobQuery(projectID: 10000, curPage: 2, perPage: 10))
        #expect(page.items.count == 10 && page.totalCount == 25)
        let ids = Array(all.items.prefix(3).map(\.uuid))
        let byIDs = try await store.listDRSJobs(DRSJobQuery(projectID: 10000, perPage: 100, ids: ids))
        #expect(Set(byIDs.items.map(\.uuid)) == Set(ids))
        await #expect(throws: MetadataStoreError.self) {
            _ = try await store.listDRSJobs(DRSJobQuery(projectID: 10000, perPage: 101))
        }
        await #expect(throws: MetadataStoreError.self) {
            _ = try await store.listDRSJobs(DRSJobQuery(projectID: 10000, curPage: -1))
        }
        #expect(try await count(DRSJobQuery(projectID: 2)) == 1)
    }
}

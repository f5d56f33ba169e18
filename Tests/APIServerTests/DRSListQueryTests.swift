@testable import APIServer
import MetadataStore
import Testing

/// The DRS list filter and its paging rules (drs-v3-ListJobs seed: cur_page 0 = all; per_page 0..100).
struct DRSListQueryTests {
    @Test func defaultsAreFirstPageOfTen() throws {
        let query = try DRSListHandler.makeQuery(QueryJobsRequest(), projectID: 1)
        #expect(query.curPage == 1 && query.perPage == 10)
    }

    @Test func commaSeparatedNamesAreIDs() throws {
        var request = QueryJobsRequest()
        request.name = "a, b,c"
        #expect(try DRSListHandler.makeQuery(request, projectID: 1).ids == ["a", "b", "c"])
        request.name = "b3ec0f9b-1111-2222-3333-000000000001"
        #expect(try DRSListHandler.makeQuery(request, projectID: 1).ids == ["b3ec0f9b-1111-2222-3333-000000000001"])
        request.name = "orders"
        #expect(try DRSListHandler.makeQuery(request, projectID: 1).name == "orders")
        request.name = (0...100).map(String.init).joined(separator: ",")
        #expect(throws: APIError.self) { try DRSListHandler.makeQuery(request, projectID: 1) }
    }

    @Test(arguments: [(Int64(0), Int64(101)), (-1, 10), (2, 0), (1, -1), (1, 1_000_000_000_000)])
    func outOfRangePagingIsRefused(current: Int64, perPage: Int64) {
        var request = QueryJobsRequest()
        request.cur_page = current
        request.per_page = perPage
        #expect(throws: APIError.self) { try DRSListHandler.makeQuery(request, projectID: 1) }
    }

    @Test func unknownEnumsAreRefused() {
        for mutate in [{ (r: inout QueryJobsRequest) in r.status = "RUNNING" }, { $0.net_type = "lan" },
                       { $0.db_use_type = "x" }, { $0.instance_ids = (0...10).map(String.init) }] {
            var request = QueryJobsRequest()
            mutate(&request)
            #expect(throws: APIError.self) { try DRSListHandler.makeQuery(request, projectID: 1) }
        }
    }
}

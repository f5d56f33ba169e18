import Foundation
import MetadataStore
import SyncModel

/// `POST /v3/{project_id}/jobs`: the filtered, paged job list (drs-v3-ListJobs seed).
enum DRSListHandler {
    static func list(_ c: DRSContext) async throws -> DRSJobListResponse {
        let request = try c.body(QueryJobsRequest.self)
        let query = try makeQuery(request, projectID: c.project.id)
        let page = try await c.controlPlane.listDRSJobs(query)
        return DRSJobListResponse(total_record: page.totalCount, jobs: page.items.map(DRSJobInfo.init))
    }

    /// Validates the filter and paging and turns them into a store query.
    static func makeQuery(_ r: QueryJobsRequest, projectID: Int64) throws(APIError) -> DRSJobQuery {
        let current = r.cur_page ?? 1
        let perPage = r.per_page ?? 10
        guard (0...PageRequest.maximumPageNumber).contains(current) else {
            throw APIError(.invalidParameter, "Invalid parameter: cur_page.")
        }
        guard (0...100).contains(perPage) else { throw APIError(.invalidParameter, "Invalid parameter: per_page.") }
        if perPage == 0 && current > 1 {
            throw APIError(.invalidParameter, "Invalid parameter: cur_page must be 0 or 1 when per_page is 0.")
        }
        var query = DRSJobQuery(projectID: projectID, curPage: Int(current), perPage: Int(perPage))
        if let name = nonEmpty(r.name) {
            if name.contains(",") {
                let ids = name.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                guard ids.count <= 100 else {
                    throw APIError(.invalidParameter, "Invalid parameter: name: at most 100 ids.")
                }
                query.ids = ids
            } else if looksLikeJobID(name) {
                query.ids = [name]
            } else {
                query.name = name
            }
        }
        if let status = nonEmpty(r.status) {
            guard let parsed = TaskStatus(rawValue: status) else {
                throw APIError(.invalidParameter, "Invalid parameter: status.")
            }
            query.status = parsed
        }
        if let dbUseType = nonEmpty(r.db_use_type) {
            guard ["migration", "sync", "cloudDataGuard"].contains(dbUseType) else {
                throw APIError(.invalidParameter, "Invalid parameter: db_use_type.")
            }
            query.dbUseType = dbUseType
        }
        if let netType = nonEmpty(r.net_type) {
            guard ["vpn", "vpc", "eip"].contains(netType) else {
                throw APIError(.invalidParameter, "Invalid parameter: net_type.")
            }
            query.netType = netType
        }
        query.engineType = nonEmpty(r.engine_type)
        query.instanceIP = nonEmpty(r.instance_ip)
        query.enterpriseProjectID = nonEmpty(r.enterprise_project_id)
        if let ids = r.instance_ids, !ids.isEmpty {
            guard ids.count <= 10 else { throw APIError(.invalidParameter, "Invalid parameter: instance_ids.") }
            query.instanceIDs = ids
        }
        query.tags = r.tags ?? [:]
        return query
    }

    /// True for the uuid-style DRS job id form.
    static func looksLikeJobID(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return parts.map(\.count) == [8, 4, 4, 4, 12] && parts.allSatisfy { $0.allSatisfy(\.isHexDigit) }
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}

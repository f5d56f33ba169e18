/// The two list replies write their items through `JSONFragmentCache`, so a page of unchanged tasks is not
/// re-encoded on every request; the bytes equal `JSONWriting.encoder()`'s (tested in ListResponseEncodingTests).
extension ListDIJobsResponse: PreEncodedJSON {
    static let items = JSONFragmentCache<DIJobSummary>()

    func encodedJSON() throws -> [UInt8] {
        let jobs = try DIJobPaging.DIJobs.map { try Self.items.bytes(for: $0, key: String($0.DIJobId)) }
        let paging = try JSONWriting.object([
            ("DIJobs", JSONWriting.array(jobs)),
            ("PageNumber", try JSONWriting.scalar(DIJobPaging.PageNumber)),
            ("PageSize", try JSONWriting.scalar(DIJobPaging.PageSize)),
            ("TotalCount", try JSONWriting.scalar(DIJobPaging.TotalCount)),
        ])
        return try JSONWriting.object([("DIJobPaging", paging), ("RequestId", try JSONWriting.scalar(RequestId))])
    }
}

extension DRSJobListResponse: PreEncodedJSON {
    static let items = JSONFragmentCache<DRSJobInfo>()

    func encodedJSON() throws -> [UInt8] {
        let encoded = try jobs.map { try Self.items.bytes(for: $0, key: $0.id) }
        return try JSONWriting.object([
            ("jobs", JSONWriting.array(encoded)), ("total_record", try JSONWriting.scalar(total_record)),
        ])
    }
}

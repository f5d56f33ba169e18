/// DataWorks paging: `PageNumber` default 1, `PageSize` default 10 and at most 100 (ListDIJobs seed).
struct PageRequest: Sendable, Equatable {
    /// 1-based page.
    let number: Int
    /// Rows per page.
    let size: Int

    /// Largest page number accepted, so that offsets never overflow.
    static let maximumPageNumber: Int64 = 10_000_000

    /// Reads and bounds `PageNumber` / `PageSize`; out-of-range values are a 400 naming the parameter.
    init(_ params: RPCParameters, defaultSize: Int64 = 10, maximumSize: Int64 = 100) throws(APIError) {
        number = Int(try params.int("PageNumber", in: 1...Self.maximumPageNumber) ?? 1)
        size = Int(try params.int("PageSize", in: 1...maximumSize) ?? defaultSize)
    }
}

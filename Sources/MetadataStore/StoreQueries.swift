import SyncModel

/// One page of results with the total count of matches.
public struct Page<Element: Sendable>: Sendable {
    /// The elements of this page.
    public var items: [Element]
    /// How many elements match in total.
    public var totalCount: Int

    /// Creates a page.
    public init(items: [Element], totalCount: Int) {
        self.items = items
        self.totalCount = totalCount
    }
}

/// ListDIJobs filters (dataworks-ListDIJobs seed). Paging is 1-based; the API validates and defaults
/// (PageNumber 1, PageSize 10, at most 100) before building the query.
public struct DIJobQuery: Sendable, Hashable {
    /// `ProjectId`; nil lists every project the caller may see.
    public var projectID: Int64?
    /// `JobName`: substring match (case-insensitive for ASCII).
    public var nameContains: String?
    /// `SourceDataSourceType`, compared case-insensitively.
    public var sourceType: String?
    /// `DestinationDataSourceType`, compared case-insensitively.
    public var destinationType: String?
    /// Restrict to these kinds; empty means all kinds.
    public var kinds: Set<TaskKind>
    /// 1-based page number.
    public var pageNumber: Int
    /// Page size, 1...100.
    public var pageSize: Int

    /// Creates a query.
    public init(
        projectID: Int64? = nil, nameContains: String? = nil, sourceType: String? = nil,
        destinationType: String? = nil, kinds: Set<TaskKind> = [], pageNumber: Int = 1, pageSize: Int = 10
    ) {
        self.projectID = projectID
        self.nameContains = nameContains
        self.sourceType = sourceType
        self.destinationType = destinationType
        self.kinds = kinds
        self.pageNumber = pageNumber
        self.pageSize = pageSize
    }
}

/// DRS v3 ListJobs filters (drs-v3-ListJobs seed, Table 3).
public struct DRSJobQuery: Sendable, Hashable {
    /// The project's integer id (resolved from the path's hex `project_id`).
    public var projectID: Int64
    /// `cur_page`: 0 means every item (with `per_page` 0 too, or all pages).
    public var curPage: Int
    /// `per_page`: 0 means every item; otherwise 1...100.
    public var perPage: Int
    /// `db_use_type`.
    public var dbUseType: String?
    /// `engine_type`.
    public var engineType: String?
    /// `name`: a name (substring match), or when `ids` is set, the ids it listed.
    public var name: String?
    /// Up to 100 DRS ids parsed from a comma-separated `name`; when non-empty, `name` is ignored.
    public var ids: [String]
    /// `net_type`.
    public var netType: String?
    /// `status` (DRS spelling).
    public var status: TaskStatus?
    /// `tags`: every pair must match.
    public var tags: [String: String]
    /// `instance_ids`: any of them.
    public var instanceIDs: [String]
    /// `instance_ip`.
    public var instanceIP: String?
    /// `enterprise_project_id`.
    public var enterpriseProjectID: String?

    /// Creates a query; the API validates paging before building it.
    public init(
        projectID: Int64, curPage: Int = 1, perPage: Int = 10, dbUseType: String? = nil, engineType: String? = nil,
        name: String? = nil, ids: [String] = [], netType: String? = nil, status: TaskStatus? = nil,
        tags: [String: String] = [:], instanceIDs: [String] = [], instanceIP: String? = nil,
        enterpriseProjectID: String? = nil
    ) {
        self.projectID = projectID
        self.curPage = curPage
        self.perPage = perPage
        self.dbUseType = dbUseType
        self.engineType = engineType
        self.name = name
        self.ids = ids
        self.netType = netType
        self.status = status
        self.tags = tags
        self.instanceIDs = instanceIDs
        self.instanceIP = instanceIP
        self.enterpriseProjectID = enterpriseProjectID
    }
}

/// ListDataSources filters.
public struct DataSourceQuery: Sendable, Hashable {
    /// `ProjectId`.
    public var projectID: Int64
    /// `Name`: substring match.
    public var nameContains: String?
    /// `DataSourceType`.
    public var type: DataSourceType?
    /// `EnvType`.
    public var envType: Int?
    /// 1-based page number.
    public var pageNumber: Int
    /// Page size.
    public var pageSize: Int

    /// Creates a query.
    public init(
        projectID: Int64, nameContains: String? = nil, type: DataSourceType? = nil, envType: Int? = nil,
        pageNumber: Int = 1, pageSize: Int = 10
    ) {
        self.projectID = projectID
        self.nameContains = nameContains
        self.type = type
        self.envType = envType
        self.pageNumber = pageNumber
        self.pageSize = pageSize
    }
}

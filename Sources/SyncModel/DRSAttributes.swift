/// The DRS v3 job fields that have no DataWorks counterpart (CreateJobReq and the ListJobs filters;
/// drs-v3-ListJobs seed, anchors.md section 2.1). Filters in the DRS list run on these.
public struct DRSAttributes: Sendable, Hashable, Codable {
    /// `db_use_type`: migration, sync or cloudDataGuard.
    public var dbUseType: String
    /// `engine_type`, for example mysql, postgresql, mysql-to-kafka.
    public var engineType: String
    /// `net_type`: vpc, vpn, eip ...
    public var netType: String
    /// `job_direction`: up, down, non-dbs.
    public var jobDirection: String
    /// `node_type`.
    public var nodeType: String
    /// `tags`.
    public var tags: [String: String]
    /// Database instance ids the job is bound to (`instance_ids` filter).
    public var instanceIDs: [String]
    /// Address of the bound database instance (`instance_ip` filter).
    public var instanceIP: String
    /// `enterprise_project_id`.
    public var enterpriseProjectID: String
    /// `billing_tag`.
    public var billingTag: Bool

    /// Creates attributes; defaults follow a plain MySQL migration job.
    public init(
        dbUseType: String = "migration", engineType: String = "mysql", netType: String = "eip",
        jobDirection: String = "up", nodeType: String = "high", tags: [String: String] = [:],
        instanceIDs: [String] = [], instanceIP: String = "", enterpriseProjectID: String = "0",
        billingTag: Bool = false
    ) {
        self.dbUseType = dbUseType
        self.engineType = engineType
        self.netType = netType
        self.jobDirection = jobDirection
        self.nodeType = nodeType
        self.tags = tags
        self.instanceIDs = instanceIDs
        self.instanceIP = instanceIP
        self.enterpriseProjectID = enterpriseProjectID
        self.billingTag = billingTag
    }
}

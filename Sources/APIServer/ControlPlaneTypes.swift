/// A project: DataWorks `ProjectId` and DRS `project_id` name the same one.
public struct ProjectInfo: Sendable, Equatable, Codable {
    /// DataWorks integer id.
    public var id: Int64
    /// DRS 32-hex-character id.
    public var drsID: String
    /// Display name.
    public var name: String
    /// Creates a project value.
    public init(id: Int64, drsID: String, name: String) {
        self.id = id
        self.drsID = drsID
        self.name = name
    }
}

/// Input of CreateDataSource.
public struct DataSourceDraft: Sendable, Equatable {
    /// Owning project.
    public var projectID: Int64
    /// Unique name in the project.
    public var name: String
    /// `mysql`, `postgresql`, `hologres` or `kafka` (any case on input).
    public var type: String
    /// Connection JSON (jdbcUrl form or host/port form); contains the password.
    public var content: String
    /// Free text.
    public var description: String
    /// 0 development, 1 production.
    public var envType: Int
    /// Creates a draft.
    public init(projectID: Int64, name: String, type: String, content: String, description: String, envType: Int) {
        self.projectID = projectID
        self.name = name
        self.type = type
        self.content = content
        self.description = description
        self.envType = envType
    }
}

/// A stored data source, as shown by the API (no password).
public struct DataSourceInfo: Sendable, Equatable {
    /// Integer id.
    public var id: Int64
    /// Owning project.
    public var projectID: Int64
    /// Name.
    public var name: String
    /// Normalised type (`mysql` ...).
    public var type: String
    /// Connection content with the password removed.
    public var redactedContent: String
    /// Free text.
    public var description: String
    /// 0 development, 1 production.
    public var envType: Int
    /// Epoch milliseconds.
    public var createdAt: Int64
    /// Creates the value.
    public init(id: Int64, projectID: Int64, name: String, type: String, redactedContent: String,
                description: String, envType: Int, createdAt: Int64) {
        self.id = id
        self.projectID = projectID
        self.name = name
        self.type = type
        self.redactedContent = redactedContent
        self.description = description
        self.envType = envType
        self.createdAt = createdAt
    }
}

/// Filter of ListDataSources.
public struct DataSourceQuery: Sendable, Equatable {
    /// Project.
    public var projectID: Int64
    /// Fuzzy name.
    public var name: String?
    /// Exact type.
    public var type: String?
    /// Env type.
    public var envType: Int?
    /// Paging.
    public var paging: Paging
    /// Creates a query.
    public init(projectID: Int64, name: String?, type: String?, envType: Int?, paging: Paging) {
        self.projectID = projectID
        self.name = name
        self.type = type
        self.envType = envType
        self.paging = paging
    }
}

/// An access key as listed (the secret is never shown after creation).
public struct AccessKeyInfo: Sendable, Equatable, Codable {
    /// Access key id.
    public var id: String
    /// Label.
    public var name: String
    /// Policy statements such as `dataworks:*`, `drs:*`, `tide:*`, `dataworks:ListDIJobs@10000`.
    public var policy: [String]
    /// Epoch milliseconds.
    public var createdAt: Int64
    /// Creates the value.
    public init(id: String, name: String, policy: [String], createdAt: Int64) {
        self.id = id
        self.name = name
        self.policy = policy
        self.createdAt = createdAt
    }
}

import SyncModel

/// Input of every create call, after the dialect adapter parsed it.
public struct TaskDraft: Sendable, Equatable {
    /// Owning project.
    public var projectID: Int64
    /// Unique name in the project.
    public var name: String
    /// Free text.
    public var description: String
    /// API family.
    public var kind: TaskKind
    /// Full / incremental.
    public var migrationType: MigrationType
    /// Source type (`mysql` ...).
    public var sourceType: String
    /// Destination type.
    public var destinationType: String
    /// The job specification exactly as given (TaskContent, or the DIJob settings as one JSON object, or the
    /// DRS endpoints with passwords removed); validated by SyncModel at create time.
    public var spec: String
    /// DRS-only descriptive fields (engine_type, net_type, db_use_type, job_direction, tags ...) as JSON.
    public var attributes: [String: String]
    /// Secrets split off the spec (DRS endpoint passwords by endpoint name); stored encrypted, never shown.
    public var secrets: [String: String]
    /// Creates a draft.
    public init(projectID: Int64, name: String, description: String, kind: TaskKind, migrationType: MigrationType,
                sourceType: String, destinationType: String, spec: String, attributes: [String: String] = [:], secrets: [String: String] = [:]) {
        self.projectID = projectID
        self.name = name
        self.description = description
        self.kind = kind
        self.migrationType = migrationType
        self.sourceType = sourceType
        self.destinationType = destinationType
        self.spec = spec
        self.attributes = attributes
        self.secrets = secrets
    }
}

/// Editable fields (UpdateDIJob / UpdateDISyncTask); nil leaves a field unchanged.
public struct TaskUpdate: Sendable, Equatable {
    /// New description.
    public var description: String?
    /// New specification (replaces the old one after validation).
    public var spec: String?
    /// Creates an update.
    public init(description: String? = nil, spec: String? = nil) {
        self.description = description
        self.spec = spec
    }
}

/// The state machine's view of a task, projected into every dialect.
public struct TaskStatusView: Sendable, Equatable {
    /// DataWorks JobStatus (Initialized, Running, Stopping, Stopped, Failed, Finished).
    public var jobStatus: String
    /// DRS status (CONFIGURATION, FULL_TRANSFER_STARTED ...).
    public var drsStatus: String
    /// DISync status (realtime instance status or solution status code, as text).
    public var diSyncStatus: String
    /// DRS job_action.available_actions.
    public var availableActions: [String]
    /// DRS job_action.unavailable_actions.
    public var unavailableActions: [String]
    /// DRS job_action.current_action.
    public var currentAction: String
    /// Creates the view.
    public init(jobStatus: String, drsStatus: String, diSyncStatus: String, availableActions: [String], unavailableActions: [String],
                currentAction: String) {
        self.jobStatus = jobStatus
        self.drsStatus = drsStatus
        self.diSyncStatus = diSyncStatus
        self.availableActions = availableActions
        self.unavailableActions = unavailableActions
        self.currentAction = currentAction
    }
}

/// A stored task as the API shows it.
public struct TaskInfo: Sendable, Equatable {
    /// Integer id (DIJobId / FileId).
    public var id: Int64
    /// uuid-style id (DRS `id`).
    public var drsID: String
    /// The creation input, with secrets removed from `spec`.
    public var draft: TaskDraft
    /// Status in every dialect.
    public var status: TaskStatusView
    /// Last run failure, if any.
    public var errorMessage: String?
    /// Start settings of the last start.
    public var startSettings: StartSettings?
    /// Epoch milliseconds.
    public var createdAt: Int64
    /// Epoch milliseconds.
    public var updatedAt: Int64
    /// Epoch milliseconds of the last start.
    public var startedAt: Int64?
    /// Per-table subtasks (DRS `children`), by name.
    public var children: [String]
    /// Creates the value.
    public init(id: Int64, drsID: String, draft: TaskDraft, status: TaskStatusView, errorMessage: String?,
                startSettings: StartSettings?, createdAt: Int64, updatedAt: Int64, startedAt: Int64?,
                children: [String]) {
        self.id = id
        self.drsID = drsID
        self.draft = draft
        self.status = status
        self.errorMessage = errorMessage
        self.startSettings = startSettings
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.startedAt = startedAt
        self.children = children
    }
}

/// Filter of ListDIJobs and the DRS list, applied in the store.
public struct TaskQuery: Sendable, Equatable {
    /// Project.
    public var projectID: Int64
    /// Fuzzy name (substring, case-insensitive).
    public var nameContains: String?
    /// Exact ids (DRS `name` given as comma-separated ids).
    public var drsIDs: [String]?
    /// Source type, case-insensitive.
    public var sourceType: String?
    /// Destination type, case-insensitive.
    public var destinationType: String?
    /// DRS status.
    public var drsStatus: String?
    /// Attribute equality filters (engine_type, net_type, db_use_type, tag:<k>, instance_id, instance_ip).
    public var attributes: [String: [String]]
    /// Paging.
    public var paging: Paging
    /// Creates a query.
    public init(projectID: Int64, nameContains: String? = nil, drsIDs: [String]? = nil, sourceType: String? = nil,
                destinationType: String? = nil, drsStatus: String? = nil, attributes: [String: [String]] = [:],
                paging: Paging) {
        self.projectID = projectID
        self.nameContains = nameContains
        self.drsIDs = drsIDs
        self.sourceType = sourceType
        self.destinationType = destinationType
        self.drsStatus = drsStatus
        self.attributes = attributes
        self.paging = paging
    }
}

import Foundation

/// A synchronization task (issue 2, "Task"): one internal record behind a DataWorks DIJob, a DataWorks DISync task
/// and a DRS job. Every dialect lists the same tasks.
public struct SyncTask: Sendable, Hashable {
    /// Integer id: DataWorks `DIJobId` / `FileId`. 0 until the store assigns one.
    public var id: Int64
    /// Stable uuid-style id: DRS `id`. Empty until the store assigns one.
    public var uuid: String
    /// The owning project's integer id.
    public var projectID: Int64
    /// Name, unique within the project.
    public var name: String
    /// Description.
    public var description: String
    /// Which API family and TaskType created it.
    public var kind: TaskKind
    /// Full, incremental, or both.
    public var migrationType: MigrationType
    /// Source engine as the user named it, lower-cased (`mysql`, `postgresql`, `hologres`, `kafka`, ...).
    public var sourceType: String
    /// Destination engine, lower-cased.
    public var destinationType: String
    /// Source data source name, when the task refers to one.
    public var sourceDataSourceName: String?
    /// Destination data source name, when the task refers to one.
    public var destinationDataSourceName: String?
    /// Inline source endpoint (DRS `source_endpoint`); its password is encrypted at rest.
    public var sourceEndpoint: ConnectionContent?
    /// Inline target endpoint (DRS `target_endpoint`); its password is encrypted at rest.
    public var targetEndpoint: ConnectionContent?
    /// The job specification.
    public var spec: JobSpecification
    /// Extra settings as given (DataWorks `TaskParam`), JSON text or empty.
    public var settingsJSON: String
    /// How the task was last started.
    public var startSettings: StartSettings
    /// Current status; change it only through `TaskStateMachine`.
    public var status: TaskStatus
    /// DataWorks DeployDISyncTask has been called.
    public var deployed: Bool
    /// The last error (set by `failed` events, cleared by a new start).
    public var errorMessage: String?
    /// Creation time.
    public var createdAt: Date
    /// Last update time.
    public var updatedAt: Date
    /// Last start time.
    public var startedAt: Date?
    /// Per-table children.
    public var children: [Subtask]
    /// Latest progress.
    public var runStats: RunStats
    /// DRS-only fields.
    public var drs: DRSAttributes

    /// Creates a task in CONFIGURATION; the store assigns `id` and `uuid`.
    public init(
        projectID: Int64, name: String, description: String = "", kind: TaskKind, migrationType: MigrationType,
        sourceType: String, destinationType: String, sourceDataSourceName: String? = nil,
        destinationDataSourceName: String? = nil, sourceEndpoint: ConnectionContent? = nil,
        targetEndpoint: ConnectionContent? = nil, spec: JobSpecification, settingsJSON: String = "",
        drs: DRSAttributes = DRSAttributes(), createdAt: Date
    ) throws(SyncModelError) {
        try NameRules.validate(name, field: "name")
        guard !sourceType.isEmpty, sourceType.count <= 64 else {
            throw SyncModelError(.invalidParameter, "source type must be 1 to 64 characters", field: "SourceDataSourceType")
        }
        guard !destinationType.isEmpty, destinationType.count <= 64 else {
            throw SyncModelError(
                .invalidParameter, "destination type must be 1 to 64 characters", field: "DestinationDataSourceType")
        }
        self.id = 0
        self.uuid = ""
        self.projectID = projectID
        self.name = name
        self.description = description
        self.kind = kind
        self.migrationType = migrationType
        self.sourceType = sourceType.lowercased()
        self.destinationType = destinationType.lowercased()
        self.sourceDataSourceName = sourceDataSourceName
        self.destinationDataSourceName = destinationDataSourceName
        self.sourceEndpoint = sourceEndpoint
        self.targetEndpoint = targetEndpoint
        self.spec = spec
        self.settingsJSON = settingsJSON
        self.startSettings = .default
        self.status = .configuration
        self.deployed = false
        self.errorMessage = nil
        self.createdAt = createdAt
        self.updatedAt = createdAt
        self.startedAt = nil
        self.children = []
        self.runStats = RunStats()
        self.drs = drs
    }

    /// A state machine positioned at this task's status.
    public var stateMachine: TaskStateMachine {
        TaskStateMachine(status: status, migrationType: migrationType)
    }

    /// The DRS `job_action` matrix for this task.
    public var jobActions: DRSJobActionMatrix { stateMachine.jobActions }

    /// The DataWorks `JobStatus`.
    public var dataWorksJobStatus: DataWorksJobStatus { status.dataWorksJobStatus(migrationType: migrationType) }

    /// Applies `event` through the state machine: on success updates status, timestamps and error message; on
    /// refusal throws `illegalTransition` and changes nothing.
    public mutating func apply(_ event: TaskEvent, errorMessage message: String? = nil, at now: Date)
        throws(SyncModelError)
    {
        var machine = stateMachine
        let next = try machine.apply(event)
        status = next
        updatedAt = now
        switch event {
        case .start, .retry, .reset, .scheduledTimeReached:
            errorMessage = nil
            if next == .startingJob { startedAt = now }
        case .failed, .creationFailed:
            errorMessage = message ?? "The task failed."
        default:
            break
        }
    }
}

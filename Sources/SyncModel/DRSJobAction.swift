/// The DRS v3 `job_action` vocabulary (drs-v3-ListJobs seed, Table 7; anchors.md section 2.3), in the order the
/// seed's examples list them.
public enum DRSJobAction: String, Sendable, Hashable, Codable, CaseIterable {
    case create = "CREATE"
    case start = "START"
    case change = "CHANGE"
    case chooseObject = "CHOOSE_OBJECT"
    case preCheck = "PRE_CHECK"
    case changeMode = "CHANGE_MODE"
    case freeResource = "FREE_RESOURCE"
    case modifyDBConfig = "MODIFY_DB_CONFIG"
    case resetDBPassword = "RESET_DB_PWD"
    case modifyConfiguration = "MODIFY_CONFIGURATION"
    case pause = "PAUSE"
    case retry = "RETRY"
    case reset = "RESET"
    case delete = "DELETE"
    case queryPreCheck = "QUERY_PRE_CHECK"
    case switchOver = "SWITCH_OVER"
    case modifySpecificationID = "MODIFY_SPECIFICATION_ID"
    case apiConfigurationAction = "API_CONFIGURATION_ACTION"
    case jumpRetry = "JUMP_RETRY"
    case startIncr = "START_INCR"
    case modifyTaskNumber = "MODIFY_TASK_NUMBER"
    case continueJob = "CONTINUE_JOB"
    case stopJob = "STOP_JOB"
    case continueCapture = "CONTINUE_CAPTURE"
    case stopCapture = "STOP_CAPTURE"
    case continueApply = "CONTINUE_APPLY"
    case stopApply = "STOP_APPLY"
    case payOrder = "PAY_ORDER"
    case unsubscribe = "UNSUBSCRIBE"
    case toPeriod = "TO_PERIOD"
    case toRenew = "TO_RENEW"
    case orderInfo = "ORDER_INFO"
    case changeFlavor = "CHANGE_FLAVOR"
    case clone = "CLONE"

    /// The state-machine event an action performs, for the actions that change status.
    public var event: TaskEvent? {
        switch self {
        case .start: .start
        case .pause: .pause
        case .retry: .retry
        case .reset: .reset
        case .freeResource: .terminate
        case .delete: .delete
        default: nil
        }
    }
}

/// The DRS `job_action` object: which actions a job offers now.
public struct DRSJobActionMatrix: Sendable, Hashable {
    /// Actions the job accepts in its current status.
    public var availableActions: [DRSJobAction]
    /// Every other action of the vocabulary.
    public var unavailableActions: [DRSJobAction]
    /// The operation in progress (`SWITCH_OVER`, `STOP_JOB`), if any.
    public var currentAction: DRSJobAction?

    /// Creates a matrix.
    public init(availableActions: [DRSJobAction], unavailableActions: [DRSJobAction], currentAction: DRSJobAction?) {
        self.availableActions = availableActions
        self.unavailableActions = unavailableActions
        self.currentAction = currentAction
    }
}

/// The DRS `job_action` matrix, derived from the same transition table (drs-v3-ListJobs seed, Table 7).
extension TaskStateMachine {
    /// The matrix for the current status and migration type.
    public var jobActions: DRSJobActionMatrix {
        Self.jobActions(status: status, migrationType: migrationType)
    }

    /// The matrix for `status` and `migrationType`: an action that changes status is available exactly when the
    /// table accepts its event; the configuration actions follow the status group.
    public static func jobActions(status: TaskStatus, migrationType: MigrationType) -> DRSJobActionMatrix {
        var available: [DRSJobAction] = []
        var unavailable: [DRSJobAction] = []
        for action in DRSJobAction.allCases {
            if isAvailable(action, status: status, migrationType: migrationType) {
                available.append(action)
            } else {
                unavailable.append(action)
            }
        }
        return DRSJobActionMatrix(availableActions: available, unavailableActions: unavailable, currentAction: nil)
    }

    /// True when `action` is offered in `status`.
    public static func isAvailable(_ action: DRSJobAction, status: TaskStatus, migrationType: MigrationType) -> Bool {
        if let event = action.event {
            return target(of: event, from: status, migrationType: migrationType) != nil
        }
        let released: Set<TaskStatus> = [.releaseResourceStarted, .releaseResourceFailed, .releaseResourceComplete]
        switch action {
        case .create:
            return status != .deleted
        case .preCheck, .changeMode, .modifyDBConfig:
            return status != .creating && status != .deleted
        case .chooseObject:
            return status != .creating && status != .deleted && !released.contains(status)
        case .change, .apiConfigurationAction:
            return status == .configuration || status == .createFailed
        case .resetDBPassword, .modifyConfiguration:
            let notStarted: Set<TaskStatus> = [.creating, .createFailed, .configuration, .deleted]
            return !notStarted.contains(status) && !released.contains(status)
        case .clone:
            return status == .releaseResourceComplete
        default:
            return false
        }
    }
}

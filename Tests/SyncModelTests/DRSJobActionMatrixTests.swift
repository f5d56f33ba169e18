import Testing

@testable import SyncModel

/// The `job_action` matrix must reproduce the examples of the drs-v3-ListJobs seed (for the actions Tide
/// implements) and must agree with the transition table for every status.
struct DRSJobActionMatrixTests {
    static func available(_ status: TaskStatus) -> Set<String> {
        Set(TaskStateMachine.jobActions(status: status, migrationType: .fullAndRealtimeIncremental)
            .availableActions.map(\.rawValue))
    }

    @Test func configurationMatchesSeed() {
        #expect(
            Self.available(.configuration) == [
                "CREATE", "START", "CHANGE", "CHOOSE_OBJECT", "PRE_CHECK", "CHANGE_MODE", "FREE_RESOURCE",
                "MODIFY_DB_CONFIG", "API_CONFIGURATION_ACTION",
            ])
    }

    @Test func incrementalFailedMatchesSeed() {
        #expect(
            Self.available(.incrementalTransferFailed) == [
                "CREATE", "CHOOSE_OBJECT", "PRE_CHECK", "CHANGE_MODE", "FREE_RESOURCE", "MODIFY_DB_CONFIG",
                "RESET_DB_PWD", "MODIFY_CONFIGURATION", "PAUSE", "RETRY", "RESET",
            ])
    }

    @Test func incrementalStartedMatchesSeed() {
        #expect(
            Self.available(.incrementalTransferStarted) == [
                "CREATE", "CHOOSE_OBJECT", "PRE_CHECK", "CHANGE_MODE", "FREE_RESOURCE", "MODIFY_DB_CONFIG",
                "RESET_DB_PWD", "MODIFY_CONFIGURATION", "PAUSE",
            ])
    }

    @Test func releasedMatchesSeed() {
        #expect(
            Self.available(.releaseResourceComplete) == [
                "CREATE", "DELETE", "PRE_CHECK", "CHANGE_MODE", "MODIFY_DB_CONFIG", "CLONE",
            ])
    }

    @Test func createFailedMatchesSeed() {
        #expect(
            Self.available(.createFailed) == [
                "CREATE", "DELETE", "START", "CHANGE", "CHOOSE_OBJECT", "PRE_CHECK", "CHANGE_MODE",
                "MODIFY_DB_CONFIG", "API_CONFIGURATION_ACTION",
            ])
    }

    @Test func availableAndUnavailablePartitionTheVocabulary() {
        for type in MigrationType.allCases {
            for status in TaskStatus.allCases {
                let matrix = TaskStateMachine.jobActions(status: status, migrationType: type)
                let union = Set(matrix.availableActions).union(matrix.unavailableActions)
                #expect(union.count == DRSJobAction.allCases.count)
                #expect(Set(matrix.availableActions).isDisjoint(with: matrix.unavailableActions))
            }
        }
    }

    @Test func statusChangingActionsAgreeWithTransitionTable() {
        for type in MigrationType.allCases {
            for status in TaskStatus.allCases {
                let matrix = TaskStateMachine.jobActions(status: status, migrationType: type)
                for action in DRSJobAction.allCases {
                    guard let event = action.event else { continue }
                    let legal = TaskStateMachine(status: status, migrationType: type).accepts(event)
                    #expect(matrix.availableActions.contains(action) == legal, "\(status) \(action)")
                }
            }
        }
    }

    @Test func deletedTaskOffersNothing() {
        #expect(Self.available(.deleted).isEmpty)
    }
}

import Testing

@testable import SyncModel

/// The dialect statuses derived from the internal status.
struct TaskStatusDialectTests {
    @Test func dataWorksJobStatus() {
        let incr = MigrationType.fullAndRealtimeIncremental
        #expect(TaskStatus.configuration.dataWorksJobStatus(migrationType: incr) == .initialized)
        #expect(TaskStatus.startingJob.dataWorksJobStatus(migrationType: incr) == .running)
        #expect(TaskStatus.incrementalTransferStarted.dataWorksJobStatus(migrationType: incr) == .running)
        #expect(TaskStatus.fullTransferComplete.dataWorksJobStatus(migrationType: incr) == .running)
        #expect(TaskStatus.fullTransferComplete.dataWorksJobStatus(migrationType: .full) == .finished)
        #expect(TaskStatus.paused.dataWorksJobStatus(migrationType: incr) == .stopped)
        #expect(TaskStatus.releaseResourceStarted.dataWorksJobStatus(migrationType: incr) == .stopping)
        #expect(TaskStatus.releaseResourceComplete.dataWorksJobStatus(migrationType: incr) == .stopped)
        #expect(TaskStatus.fullTransferFailed.dataWorksJobStatus(migrationType: incr) == .failed)
        #expect(TaskStatus.startJobFailed.dataWorksJobStatus(migrationType: incr) == .failed)
    }

    @Test func everyStatusHasADataWorksStatusAndSolutionCode() {
        let codes: Set<Int> = [0, 1, 2, 3, 4, 7, 8, 9]
        for status in TaskStatus.allCases {
            for type in MigrationType.allCases {
                _ = status.dataWorksJobStatus(migrationType: type)
                #expect(codes.contains(status.diSyncSolutionStatusCode(migrationType: type, deployed: false)))
            }
            #expect(["PAUSE", "NORUN", "RUN", "KILLING", "WAIT", "FAIL"].contains(status.diSyncRealtimeInstanceStatus))
            if status.isFailed {
                #expect(status.dataWorksJobStatus(migrationType: .full) == .failed)
            }
        }
    }

    @Test func solutionCodes() {
        #expect(TaskStatus.configuration.diSyncSolutionStatusCode(migrationType: .full, deployed: false) == 1)
        #expect(TaskStatus.configuration.diSyncSolutionStatusCode(migrationType: .full, deployed: true) == 4)
        #expect(TaskStatus.fullTransferStarted.diSyncSolutionStatusCode(migrationType: .full, deployed: true) == 2)
        #expect(TaskStatus.fullTransferComplete.diSyncSolutionStatusCode(migrationType: .full, deployed: true) == 0)
        #expect(TaskStatus.fullTransferFailed.diSyncSolutionStatusCode(migrationType: .full, deployed: true) == 3)
        #expect(TaskStatus.waitingForStart.diSyncSolutionStatusCode(migrationType: .full, deployed: true) == 8)
        #expect(TaskStatus.deleted.diSyncSolutionStatusCode(migrationType: .full, deployed: true) == 9)
    }

    @Test func realtimeInstanceStatus() {
        #expect(TaskStatus.configuration.diSyncRealtimeInstanceStatus == "NORUN")
        #expect(TaskStatus.incrementalTransferStarted.diSyncRealtimeInstanceStatus == "RUN")
        #expect(TaskStatus.paused.diSyncRealtimeInstanceStatus == "PAUSE")
        #expect(TaskStatus.releaseResourceStarted.diSyncRealtimeInstanceStatus == "KILLING")
        #expect(TaskStatus.waitingForStart.diSyncRealtimeInstanceStatus == "WAIT")
    }

    @Test func drsTaskTypeNamesRoundTrip() {
        for type in MigrationType.allCases {
            #expect(MigrationType(drsTaskType: type.drsTaskType) == type)
        }
        #expect(MigrationType.full.drsTaskType == "FULL_TRANS")
        #expect(MigrationType.realtimeIncremental.drsTaskType == "INCR_TRANS")
        #expect(MigrationType.fullAndRealtimeIncremental.drsTaskType == "FULL_INCR_TRANS")
    }
}

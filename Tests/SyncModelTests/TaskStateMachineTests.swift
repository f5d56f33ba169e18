import Testing

@testable import SyncModel

/// Every (status, event, migration type) triple is checked against an independently written list of legal
/// transitions: listed triples must lead to the listed status, every other triple must be refused and leave the
/// status unchanged.
struct TaskStateMachineTests {
    typealias Row = (from: TaskStatus, event: TaskEvent, types: Set<MigrationType>, to: TaskStatus)

    static let all: Set<MigrationType> = Set(MigrationType.allCases)
    static let withFull: Set<MigrationType> = [.full, .fullAndRealtimeIncremental]
    static let withIncr: Set<MigrationType> = [.realtimeIncremental, .fullAndRealtimeIncremental]

    /// Statuses from which `terminate` is legal: all but creating, createFailed and the released ones.
    static let terminable: [TaskStatus] = TaskStatus.allCases.filter {
        ![.creating, .createFailed, .releaseResourceStarted, .releaseResourceComplete, .deleted].contains($0)
    }
    static let forceTerminable: [TaskStatus] = TaskStatus.allCases.filter {
        ![.creating, .releaseResourceComplete, .deleted].contains($0)
    }

    static let legal: [Row] = {
        var rows: [Row] = [
            (.creating, .created, all, .configuration),
            (.creating, .creationFailed, all, .createFailed),
            (.configuration, .start, all, .startingJob),
            (.createFailed, .start, all, .startingJob),
            (.waitingForStart, .start, all, .startingJob),
            (.paused, .start, all, .startingJob),
            (.fullTransferComplete, .start, [.full], .startingJob),
            (.configuration, .scheduleStart, all, .waitingForStart),
            (.createFailed, .scheduleStart, all, .waitingForStart),
            (.waitingForStart, .scheduledTimeReached, all, .startingJob),
            (.startingJob, .runnerStarted, withFull, .fullTransferStarted),
            (.startingJob, .runnerStarted, [.realtimeIncremental], .incrementalTransferStarted),
            (.startingJob, .incrementalStarted, withIncr, .incrementalTransferStarted),
            (.fullTransferComplete, .incrementalStarted, [.fullAndRealtimeIncremental], .incrementalTransferStarted),
            (.fullTransferStarted, .fullTransferCompleted, all, .fullTransferComplete),
            (.startingJob, .failed, all, .startJobFailed),
            (.fullTransferStarted, .failed, all, .fullTransferFailed),
            (.fullTransferComplete, .failed, all, .incrementalTransferFailed),
            (.incrementalTransferStarted, .failed, all, .incrementalTransferFailed),
            (.releaseResourceStarted, .failed, all, .releaseResourceFailed),
            (.rebuildNodeStarted, .failed, all, .rebuildNodeFailed),
            (.changeJobStarted, .failed, all, .changeJobFailed),
            (.childTransferStarting, .failed, all, .childTransferFailed),
            (.childTransferStarted, .failed, all, .childTransferFailed),
            (.nodeUpgradeStarted, .failed, all, .nodeUpgradeFailed),
            (.startingJob, .pause, all, .paused),
            (.fullTransferStarted, .pause, all, .paused),
            (.incrementalTransferStarted, .pause, all, .paused),
            (.incrementalTransferFailed, .pause, all, .paused),
            (.childTransferStarted, .pause, all, .paused),
            (.fullTransferComplete, .pause, withIncr, .paused),
            (.startJobFailed, .retry, all, .startingJob),
            (.fullTransferFailed, .retry, all, .startingJob),
            (.incrementalTransferFailed, .retry, all, .startingJob),
            (.rebuildNodeFailed, .retry, all, .startingJob),
            (.changeJobFailed, .retry, all, .startingJob),
            (.childTransferFailed, .retry, all, .startingJob),
            (.nodeUpgradeFailed, .retry, all, .startingJob),
            (.releaseResourceFailed, .retry, all, .releaseResourceStarted),
            (.startJobFailed, .reset, all, .startingJob),
            (.fullTransferFailed, .reset, all, .startingJob),
            (.incrementalTransferFailed, .reset, all, .startingJob),
            (.releaseResourceComplete, .delete, all, .deleted),
            (.createFailed, .delete, all, .deleted),
            (.releaseResourceStarted, .resourcesReleased, all, .releaseResourceComplete),
            (.releaseChildTransferStarted, .resourcesReleased, all, .releaseChildTransferComplete),
        ]
        rows += terminable.map { ($0, .terminate, all, .releaseResourceStarted) }
        rows += forceTerminable.map { ($0, .forceTerminate, all, .releaseResourceComplete) }
        return rows
    }()

    static func expected(_ status: TaskStatus, _ event: TaskEvent, _ type: MigrationType) -> TaskStatus? {
        legal.first { $0.from == status && $0.event == event && $0.types.contains(type) }?.to
    }

    @Test func everyStatusTimesEveryEventFollowsTheTable() {
        var checked = 0
        for type in MigrationType.allCases {
            for status in TaskStatus.allCases {
                for event in TaskEvent.allCases {
                    var machine = TaskStateMachine(status: status, migrationType: type)
                    let want = Self.expected(status, event, type)
                    do {
                        let got = try machine.apply(event)
                        #expect(got == want, "\(status) + \(event) [\(type)] gave \(got)")
                        #expect(machine.status == got)
                    } catch {
                        #expect(want == nil, "\(status) + \(event) [\(type)] refused, expected \(String(describing: want))")
                        #expect(error.code == .illegalTransition)
                        #expect(machine.status == status, "a refused event must not change the status")
                    }
                    #expect(machine.accepts(event) == (want != nil) || machine.status != status)
                    checked += 1
                }
            }
        }
        #expect(checked == MigrationType.allCases.count * TaskStatus.allCases.count * TaskEvent.allCases.count)
    }

    @Test func tableHasNoDuplicateRows() {
        for (index, row) in Self.legal.enumerated() {
            for other in Self.legal[(index + 1)...] where other.from == row.from && other.event == row.event {
                #expect(other.types.isDisjoint(with: row.types), "duplicate row \(row.from) + \(row.event)")
            }
        }
    }

    @Test func refusedEventNamesEventAndStatus() {
        var machine = TaskStateMachine(status: .incrementalTransferStarted, migrationType: .fullAndRealtimeIncremental)
        #expect(throws: SyncModelError.self) { try machine.apply(.start) }
        do {
            try machine.apply(.delete)
        } catch {
            #expect(error.message.contains("DELETE") || error.message.contains("delete"))
            #expect(error.message.contains("INCRE_TRANSFER_STARTED"))
        }
    }

    @Test func fullAndIncrementalLifecycle() throws {
        var machine = TaskStateMachine(migrationType: .fullAndRealtimeIncremental)
        #expect(try machine.apply(.start) == .startingJob)
        #expect(try machine.apply(.runnerStarted) == .fullTransferStarted)
        #expect(try machine.apply(.fullTransferCompleted) == .fullTransferComplete)
        #expect(try machine.apply(.incrementalStarted) == .incrementalTransferStarted)
        #expect(try machine.apply(.pause) == .paused)
        #expect(try machine.apply(.start) == .startingJob)
        #expect(try machine.apply(.incrementalStarted) == .incrementalTransferStarted)
        #expect(try machine.apply(.failed) == .incrementalTransferFailed)
        #expect(try machine.apply(.retry) == .startingJob)
        #expect(try machine.apply(.incrementalStarted) == .incrementalTransferStarted)
        #expect(try machine.apply(.terminate) == .releaseResourceStarted)
        #expect(try machine.apply(.resourcesReleased) == .releaseResourceComplete)
        #expect(try machine.apply(.delete) == .deleted)
    }

    @Test func fullOnlyTaskFinishesAndCanRerun() throws {
        var machine = TaskStateMachine(migrationType: .full)
        try machine.apply(.start)
        try machine.apply(.runnerStarted)
        try machine.apply(.fullTransferCompleted)
        #expect(!machine.accepts(.incrementalStarted))
        #expect(machine.status.dataWorksJobStatus(migrationType: .full) == .finished)
        #expect(try machine.apply(.start) == .startingJob)
    }
}

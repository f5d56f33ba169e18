import Foundation
import Testing

@testable import SyncModel

/// SyncTask applies events through the state machine and records errors and start times.
struct SyncTaskTests {
    static func task() throws -> SyncTask {
        try SyncTask(
            projectID: 1, name: "orders", kind: .diJob, migrationType: .fullAndRealtimeIncremental,
            sourceType: "MySQL", destinationType: "Hologres", spec: .drs(objects: []),
            createdAt: Date(timeIntervalSince1970: 0))
    }

    @Test func failureRecordsMessageAndRestartClearsIt() throws {
        var task = try Self.task()
        #expect(task.sourceType == "mysql")
        try task.apply(.start, at: Date(timeIntervalSince1970: 10))
        #expect(task.startedAt == Date(timeIntervalSince1970: 10))
        try task.apply(.failed, errorMessage: "connection refused", at: Date(timeIntervalSince1970: 11))
        #expect(task.status == .startJobFailed)
        #expect(task.errorMessage == "connection refused")
        try task.apply(.retry, at: Date(timeIntervalSince1970: 12))
        #expect(task.errorMessage == nil)
    }

    @Test func illegalEventLeavesTaskUntouched() throws {
        var task = try Self.task()
        let before = task
        #expect(throws: SyncModelError.self) { try task.apply(.delete, at: Date()) }
        #expect(task == before)
    }

    @Test func rejectsBadNames() {
        for name in ["", " padded", "tab\there", String(repeating: "x", count: 129)] {
            #expect(throws: SyncModelError.self) {
                try SyncTask(
                    projectID: 1, name: name, kind: .diJob, migrationType: .full, sourceType: "mysql",
                    destinationType: "mysql", spec: .drs(objects: []), createdAt: Date())
            }
        }
        #expect(throws: Never.self) {
            try SyncTask(
                projectID: 1, name: "任务 ' OR 1=1; --", kind: .diJob, migrationType: .full, sourceType: "mysql",
                destinationType: "mysql", spec: .drs(objects: []), createdAt: Date())
        }
    }

    @Test func projectIDsAreValidated() {
        #expect(throws: SyncModelError.self) { try Project(id: 1, drsProjectID: "xyz", name: "p", createdAt: Date()) }
        #expect(throws: SyncModelError.self) {
            try Project(id: 0, drsProjectID: String(repeating: "a", count: 32), name: "p", createdAt: Date())
        }
        #expect(throws: Never.self) {
            try Project(id: 7, drsProjectID: "0A1B2C3D4E5F67890A1B2C3D4E5F6789", name: "p", createdAt: Date())
        }
    }
}

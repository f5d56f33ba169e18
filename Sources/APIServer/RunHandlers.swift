import Foundation
import MetadataStore
import SyncModel

/// Tide's own run operations in the DataWorks dialect (policy actions `dataworks:VerifyDIJob`,
/// `dataworks:ListDIJobDirtyRecords`): verification of a task's destination against its source (issue 4 item 6;
/// the DRS data-comparison operations are the model) and the dirty-record log (issue 4 item 1).
enum RunHandlers {
    /// VerifyDIJob: `{"RequestId","Success":true,"Data":{"IsEqual":..,"Report":{...},"Text":".."}}`. Reads both sides
    /// in full, so it takes about as long as a scan of the tables.
    static func verify(_ c: DataWorksContext) async throws -> VerifyDIJobResponse {
        let task = try await c.task(try c.params.requiredInt("DIJobId", in: 1...Int64.max), name: "DIJobId")
        guard let verifier = c.controlPlane.verifier else {
            throw APIError(.illegalState, "This build has no connectors to verify task \(task.id) with.")
        }
        let report: VerificationReport
        do {
            report = try await verifier.verify(task)
        } catch {
            throw APIError(.illegalState, "Verification of task \(task.id) failed: \(error)")
        }
        let object = (try? JSONValue.parse(report.json, field: "Report")) ?? .object([:])
        return VerifyDIJobResponse(
            RequestId: c.requestID, Data: .init(IsEqual: report.isEqual, Report: object, Text: report.text))
    }

    /// ListDIJobDirtyRecords: the newest `PageSize` (default 100, at most 1000) rows the destination refused.
    static func dirtyRecords(_ c: DataWorksContext) async throws -> DirtyRecordsResponse {
        let task = try await c.task(try c.params.requiredInt("DIJobId", in: 1...Int64.max), name: "DIJobId")
        let limit = Int(try c.params.int("PageSize", in: 1...1000) ?? 100)
        let store = c.controlPlane.store
        let (records, total) = try await mapped { () async throws(MetadataStoreError) in
            try await store.dirtyRecords(taskID: task.id, limit: limit)
        }
        return DirtyRecordsResponse(
            RequestId: c.requestID,
            Data: .init(
                TotalCount: total,
                DirtyRecords: records.map {
                    .init(
                        Table: $0.table, Key: $0.key, Reason: $0.reason,
                        RecordedTime: Int64($0.recordedAt.timeIntervalSince1970 * 1000))
                }))
    }
}

/// VerifyDIJob response.
struct VerifyDIJobResponse: Encodable, Sendable {
    struct Payload: Encodable, Sendable {
        let IsEqual: Bool
        let Report: JSONValue
        let Text: String
    }

    let RequestId: String
    var Success = true
    let Data: Payload
}

/// ListDIJobDirtyRecords response.
struct DirtyRecordsResponse: Encodable, Sendable {
    struct Record: Encodable, Sendable {
        let Table: String
        let Key: [String]
        let Reason: String
        let RecordedTime: Int64
    }

    struct Payload: Encodable, Sendable {
        let TotalCount: Int64
        let DirtyRecords: [Record]
    }

    let RequestId: String
    var Success = true
    let Data: Payload
}

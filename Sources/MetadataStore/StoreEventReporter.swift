import SyncModel

/// Feeds runner reports into the store through the state machine: progress is written as is; status reports apply
/// their event in one transaction, and an event the state machine refuses (for example a late report about a task
/// the user already paused) changes nothing.
public struct StoreEventReporter: TaskEventReporter {
    let store: any MetadataStore

    /// Creates a reporter writing to `store`.
    public init(store: any MetadataStore) { self.store = store }

    public func report(taskID: Int64, _ report: RunnerReport) async {
        switch report {
        case .progress(let stats):
            try? await store.updateRunStats(taskID: taskID, stats)
        case .failed(let message):
            _ = try? await store.applyEvent(taskID: taskID, .failed, errorMessage: message, startSettings: nil)
        default:
            if let event = report.event {
                _ = try? await store.applyEvent(taskID: taskID, event, errorMessage: nil, startSettings: nil)
            }
        }
    }
}

import SyncModel

/// The runner of a build without sync engines: every start is reported as a failure through the state
/// machine, with a message that says why. It never pretends data moved.
public struct NoEngineRunner: TaskRunner {
    /// Creates the runner.
    public init() {}

    /// Reports the run as failed: "no sync engine for <source>-><destination> in this build".
    public func start(_ task: SyncTask, settings: StartSettings, reporter: any TaskEventReporter) async throws {
        await reporter.report(
            taskID: task.id,
            .failed(message: "no sync engine for \(task.sourceType)->\(task.destinationType) in this build"))
    }

    /// Nothing runs, so nothing to stop.
    public func stop(taskID: Int64) async throws {}
}

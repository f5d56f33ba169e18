import Foundation
import Logging
import MetadataStore
import SyncEngine
import SyncModel

/// `tide task verify` / VerifyDIJob (issue 4 item 6): reads every table of a task on both sides, ordered by key,
/// and compares canonical values chunk by chunk (`TableVerifier`). Uses the tables of the task's last run plan when
/// there is one, otherwise plans them as a run would.
public struct SyncVerifier: TaskVerifying {
    let store: any MetadataStore
    let connectors: any ConnectorFactory
    let logger: Logger

    /// Creates a verifier.
    public init(
        store: any MetadataStore, connectors: any ConnectorFactory, logger: Logger = Logger(label: "tide.verify")
    ) {
        self.store = store
        self.connectors = connectors
        self.logger = logger
    }

    public func verify(_ task: SyncTask) async throws -> VerificationReport {
        let result = try await verifyTables(task)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(result), as: UTF8.self)
        return VerificationReport(isEqual: result.isEqual, json: json, text: result.render())
    }

    /// The per-table comparison of `task`.
    public func verifyTables(_ task: SyncTask) async throws -> TaskVerification {
        let store = self.store
        let definition = try await RunDefinition.make(task) { name in
            try await store.dataSource(projectID: task.projectID, name: name)
        }
        let source = try await connectors.source(definition.sourceType, definition.source, connections: 2)
        do {
            let sink = try await connectors.sink(definition.destinationType, definition.destination, connections: 2)
            do {
                let plans = try await plans(for: task, definition: definition, source: source)
                var tables: [TableVerification] = []
                // Only PostgreSQL drops NUL bytes from text (it cannot store them); MySQL keeps them, and so must
                // the comparison.
                let options = CanonicalOptions(
                    definition.sinkOptions, stripNULFromText: definition.destinationType != .mysql)
                for plan in plans {
                    logger.info("verifying", metadata: ["task": "\(task.id)", "table": "\(plan.tableKey)"])
                    tables.append(
                        try await TableVerifier().verify(plan: plan, source: source, destination: sink, options: options))
                }
                await sink.close()
                await source.close()
                return TaskVerification(tables: tables)
            } catch {
                await sink.close()
                throw error
            }
        } catch {
            await source.close()
            throw error
        }
    }

    private func plans(
        for task: SyncTask, definition: RunDefinition, source: any SnapshotSource
    ) async throws -> [TablePlan] {
        if let state = try await store.snapshotRunState(taskID: task.id),
            let plans = try? JSONDecoder().decode([TablePlan].self, from: state.planJSON)
        {
            return plans
        }
        return try await SnapshotPlanner(definition: definition).plan(with: source)
    }
}

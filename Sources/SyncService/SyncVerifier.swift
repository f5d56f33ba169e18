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
                let plans = try definition.dmlRules.applyingLogicalDelete(
                    to: try await plans(for: task, definition: definition, source: source))
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
                var result = TaskVerification(tables: tables)
                let notes = try Self.handleDmlNotes(definition, plans: plans)
                if !notes.isEmpty { result.notes = notes }
                return result
            } catch {
                await sink.close()
                throw error
            }
        } catch {
            await source.close()
            throw error
        }
    }

    /// What HandleDml rules mean for the comparison: LogicalDelete tables are compared with their live rows only;
    /// Filter and Ignore make the destination differ from the source by design.
    static func handleDmlNotes(_ definition: RunDefinition, plans: [TablePlan]) throws -> [String] {
        var notes: [String] = []
        for plan in plans {
            let policy = try definition.dmlRules.policy(for: plan.source.name)
            if let column = plan.logicalDeleteColumn {
                notes.append(
                    "\(plan.source.name): HandleDml LogicalDelete; the destination rows whose \(column) is false are "
                        + "compared, and \(column) itself is left out")
            }
            let filtered = [RowChange.Kind.insert, .update, .delete].filter { kind in
                switch policy[kind]?.action {
                case .filter?, .ignore?: true
                default: false
                }
            }
            if !filtered.isEmpty {
                notes.append(
                    "\(plan.source.name): HandleDml filters or ignores "
                        + filtered.map { $0.rawValue + "s" }.joined(separator: " and ")
                        + "; the destination is expected to differ from the source, so differences below do not by "
                        + "themselves mean the sync failed")
            }
        }
        return notes
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

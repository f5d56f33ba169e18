import Foundation
import Logging
import Synchronization
import SyncEngine
import SyncModel

/// Handles a source DDL during change capture by the task's DdlHandlingSettings (issue 5 item 6): Critical fails
/// the task with the statement; Ignore leaves the destination as it is; Normal applies the change to the
/// destination. Column changes are found by comparing the table's columns before (the plan) and now (the live
/// source schema), so what is applied is what the source actually has, whatever the DDL's spelling. The plans
/// that match the destination afterwards are kept in `updatedPlans` for the restart that follows.
final class SchemaChangeHandler: Sendable {
    let taskUUID: String
    let definition: RunDefinition
    let plans: [TablePlan]
    let connectors: any ConnectorFactory
    let sink: any ChangeSink
    let logger: Logger
    /// The plans after the change, once handled.
    let updatedPlans = Mutex<[TablePlan]?>(nil)

    init(
        taskUUID: String, definition: RunDefinition, plans: [TablePlan], connectors: any ConnectorFactory,
        sink: any ChangeSink, logger: Logger
    ) {
        self.taskUUID = taskUUID
        self.definition = definition
        self.plans = plans
        self.connectors = connectors
        self.sink = sink
        self.logger = logger
    }

    func handle(_ change: SchemaChange) async throws {
        let action = definition.ddlAction(for: change.kind)
        logger.info(
            "source DDL", metadata: ["table": "\(change.table)", "kind": "\(change.kind)", "action": "\(action)"])
        switch action {
        case .critical:
            throw SyncEngineError(
                .schemaChangeRefused,
                "the source ran a DDL that DdlHandlingSettings marks Critical (\(DDLAction.settingType(of: change.kind))"
                    + " on \(change.table)): \(change.statement)")
        case .ignore:
            let current = try await currentPlans()
            updatedPlans.withLock { $0 = Self.keepDestinationShape(previous: plans, current: current) }
        case .normal:
            try await apply(change)
        }
    }

    private func apply(_ change: SchemaChange) async throws {
        let key = change.table.description
        let previous = plans.first { $0.tableKey == key }
        let current = try await currentPlans()
        let now = current.first { $0.tableKey == key }
        var result = Self.keepDestinationShape(previous: plans, current: current)
        switch change.kind {
        case .truncateTable:
            if let previous { try await sink.applySchemaChange(.truncate, table: previous, options: definition.sinkOptions) }
        case .dropTable:
            if let previous {
                try await sink.applySchemaChange(.dropTable, table: previous, options: definition.sinkOptions)
                result.removeAll { $0.tableKey == key }
            }
        case .createTable, .renameTable:
            if previous == nil, let now {
                try await sink.applySchemaChange(.createTable, table: now, options: definition.sinkOptions)
                try await copyTableFromSource(now, change: change)
                result.append(now)
            }
        case .addColumn, .dropColumn, .modifyColumn, .renameColumn, .other:
            guard let previous, let now else { break }
            let changes = Self.columnChanges(from: previous, to: now, renaming: change.kind == .renameColumn)
            var filled: Set<String> = []
            for columnChange in changes {
                if case .addColumn(let column, let name) = columnChange, column.defaultLiteral != nil,
                    try await sink.addColumnFilled(column, destinationName: name, table: now, options: definition.sinkOptions)
                {
                    filled.insert(column.name)
                    continue
                }
                try await sink.applySchemaChange(columnChange, table: now, options: definition.sinkOptions)
            }
            if !changes.isEmpty {
                let updated = Self.readingAllColumns(now, definition: definition, previous: previous)
                let refilled = Self.columnsRefilledInPlace(changes, from: previous, to: updated).filter {
                    !filled.contains($0)
                }
                if !refilled.isEmpty {
                    logger.info(
                        "the source DDL gave existing rows values no binlog event carries: copying the table again",
                        metadata: ["table": "\(change.table)", "columns": "\(refilled.joined(separator: ","))"])
                    try await copyTableFromSource(updated, change: change)
                }
                result.removeAll { $0.tableKey == key }
                result.append(updated)
            }
        }
        updatedPlans.withLock { $0 = result }
    }

    /// The columns of `now` whose values the source changed in every existing row without writing row events: an
    /// added column that fills existing rows (NOT NULL, or a non-NULL default: `ColumnSchema.fillsExistingRows`),
    /// and a column that became NOT NULL (MySQL turns its NULLs into the implicit default). A plain `ADD COLUMN` on
    /// the destination leaves NULL there, so unless the sink filled the column itself (`ChangeSink.addColumnFilled`)
    /// the table is copied again, by key, over the destination: only the binlog after the DDL can be replayed over
    /// such a copy.
    static func columnsRefilledInPlace(
        _ changes: [DestinationSchemaChange], from previous: TablePlan, to now: TablePlan
    ) -> [String] {
        let read = Set(now.columns.map(\.name))
        let added = changes.compactMap { change -> String? in
            guard case .addColumn(let column, _) = change, read.contains(column.name), column.fillsExistingRows
            else { return nil }
            return column.name
        }
        let tightened = now.columns.compactMap { column -> String? in
            guard let old = previous.columns.first(where: { $0.name == column.name }) else { return nil }
            return old.isNullable && !column.isNullable ? column.name : nil
        }
        return added + tightened
    }

    /// Copies the rows of a table new to the task, or of one whose existing rows a DDL changed in place
    /// (`columnsRefilledInPlace`). A table that a RENAME TABLE brought into the selection has rows
    /// the binlog never carried under its name; a created one is empty or gets its rows in the binlog after the
    /// DDL (`CREATE ... SELECT`), so its copy is short or redundant, never wrong. The stream resumes at the DDL
    /// afterwards and replays every later change of the table over the copy, which converges because changes are
    /// applied by key with full images (as after a full copy; docs/ARCHITECTURE.md). Rows are upserted, so a copy
    /// redone after a crash (the checkpoint only moves past the DDL once this returned) meets its own rows.
    private func copyTableFromSource(_ plan: TablePlan, change: SchemaChange) async throws {
        logger.info("copying the table from the source", metadata: ["table": "\(plan.source.name)"])
        var options = definition.sinkOptions
        options.writeMode = .replace
        // Upserts meet the rows already there by key; a table without one is emptied first (else the copy would
        // add each row a second time). Later changes replay over it all the same.
        options.truncateBeforeLoad = plan.source.keyColumns.isEmpty
        options.preSQL = []
        options.postSQL = []
        let job = SnapshotJob(
            taskUUID: "\(taskUUID)/new-table/\(change.position)", generation: 1, plans: [plan], sinkOptions: options,
            concurrency: 1, batchLimits: BatchLimits(rows: 5_000, bytes: 4 << 20))
        let logger = self.logger
        try await connectors.withSourceAndSink(definition, sourceConnections: 2, sinkConnections: 1) { source, sink in
            try await SnapshotPipeline(source: source, sink: sink, logger: logger)
                .run(job, progress: SnapshotProgress(plans: [plan]))
        }
    }

    /// The task's tables as the source has them now (no chunking); none when the selection matches nothing any
    /// more (every table dropped).
    private func currentPlans() async throws -> [TablePlan] {
        do {
            return try await connectors.currentPlans(definition)
        } catch let error as SyncEngineError where error.code == .notFound {
            return []
        }
    }

    /// Column differences, in an order a destination can apply: renames, drops, type changes, adds.
    static func columnChanges(from previous: TablePlan, to now: TablePlan, renaming: Bool) -> [DestinationSchemaChange] {
        let oldColumns = previous.columns
        let newColumns = now.columns
        let oldNames = Set(oldColumns.map(\.name))
        let newNames = Set(newColumns.map(\.name))
        var removed = oldColumns.filter { !newNames.contains($0.name) }
        var added = newColumns.filter { !oldNames.contains($0.name) }
        var changes: [DestinationSchemaChange] = []
        func destinationName(_ column: ColumnSchema) -> String {
            guard let index = previous.columns.firstIndex(where: { $0.name == column.name }) else { return column.name }
            return previous.destinationColumns[index]
        }
        if renaming {
            // A rename shows up as one column gone and one new at the same ordinal.
            for old in removed {
                guard let oldIndex = oldColumns.firstIndex(of: old), oldIndex < newColumns.count else { continue }
                let candidate = newColumns[oldIndex]
                guard let addedIndex = added.firstIndex(of: candidate) else { continue }
                changes.append(.renameColumn(from: destinationName(old), to: candidate.name))
                if candidate.type != old.type {
                    changes.append(.alterColumnType(candidate, destinationName: candidate.name))
                }
                added.remove(at: addedIndex)
                removed.removeAll { $0 == old }
            }
        }
        for old in removed { changes.append(.dropColumn(destinationName: destinationName(old))) }
        for column in newColumns {
            if let old = oldColumns.first(where: { $0.name == column.name }), old.type != column.type {
                changes.append(.alterColumnType(column, destinationName: destinationName(old)))
            }
        }
        for column in added { changes.append(.addColumn(column, destinationName: column.name)) }
        return changes
    }

    /// `now` with the columns the task reads: every column when it reads all (DIJob, DRS), else the named ones that
    /// still exist.
    static func readingAllColumns(_ now: TablePlan, definition: RunDefinition, previous: TablePlan) -> TablePlan {
        guard definition.columns != nil else { return now }
        return keepDestinationShape(previous: [previous], current: [now]).first ?? now
    }

    /// The current plans restricted to the columns the destination already has: a column the source added is left
    /// out (Ignore), a column it dropped is dropped from the plan (its destination column keeps its old values and
    /// gets NULL in new rows). Tables new to the source are left out; tables it dropped keep their last plan.
    static func keepDestinationShape(previous: [TablePlan], current: [TablePlan]) -> [TablePlan] {
        previous.map { old in
            guard let now = current.first(where: { $0.tableKey == old.tableKey }) else { return old }
            var plan = old
            plan.source = now.source
            var columns: [ColumnSchema] = []
            var destinationColumns: [String] = []
            for (index, column) in old.columns.enumerated() {
                guard let live = now.source.column(named: column.name) else { continue }
                columns.append(live)
                destinationColumns.append(old.destinationColumns[index])
            }
            plan.columns = columns
            plan.destinationColumns = destinationColumns
            return plan
        }
    }
}

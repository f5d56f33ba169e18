import Foundation
import SyncEngine
import SyncModel

/// Turns a run definition into table plans: discovers the selected tables, applies the column list and the
/// destination naming, and splits each table into chunks sized for the run's parallelism.
struct SnapshotPlanner: Sendable {
    let definition: RunDefinition

    /// Plans every selected table. Fails when nothing is selected, a named column does not exist, or a HandleDml
    /// rule cannot apply to a table (`HandleDmlRules`). With
    /// `chunks: false` (change capture only needs the tables) every table gets one whole chunk and no query is
    /// spent on boundaries.
    func plan(with source: any SnapshotSource, chunks planChunks: Bool = true) async throws -> [TablePlan] {
        let tables = try await source.discoverTables(definition.selection)
        guard !tables.isEmpty else {
            throw SyncEngineError(.notFound, "the task's table selection matches no table in the source")
        }
        var plans: [TablePlan] = []
        for (index, table) in tables.enumerated() {
            let destination = try definition.naming.destination(of: table.name, index: index)
            var columns = table.columns
            if let names = definition.columns {
                columns = try names.map { name in
                    guard let column = table.columns.first(where: { $0.name.lowercased() == name.lowercased() })
                    else {
                        throw SyncEngineError(
                            .notFound, "reader parameter.column names \(name), which \(table.name) does not have")
                    }
                    return column
                }
            }
            let chunks = !planChunks ? [ChunkRange.whole] : try await source.planChunks(
                table, targetRows: Self.chunkRows(estimatedRows: table.estimatedRows, concurrency: definition.concurrency),
                whereClause: definition.whereClause)
            plans.append(
                TablePlan(
                    source: table, columns: columns, destination: destination,
                    destinationColumns: definition.destinationColumns ?? columns.map(\.name),
                    whereClause: definition.whereClause, chunks: chunks))
        }
        // HandleDml: tables created for LogicalDelete get their marker column; filter conditions are checked
        // against the tables' columns now, before anything is copied.
        plans = try definition.dmlRules.applyingLogicalDelete(to: plans)
        _ = try definition.dmlRules.policies(for: plans)
        return plans
    }

    /// Rows per chunk: about eight chunks per channel, between 20,000 and 250,000 rows, so that a resumed run
    /// redoes little and a big table keeps every channel busy to the end (with a handful of chunks per channel,
    /// the last round ran on one channel while the others idled; InnoDB's row estimate, which sizes the chunks,
    /// can also be twice the real count).
    static func chunkRows(estimatedRows: Int64, concurrency: Int) -> Int {
        let perChunk = estimatedRows / Int64(max(1, concurrency) * 8)
        return Int(min(250_000, max(20_000, perChunk)))
    }
}

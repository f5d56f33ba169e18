import MySQLClient
import MySQLSource
import SyncEngine

extension MySQLSink {
    /// Streams a whole table of either side ordered by its key in binary order (`OrderedTableReader`); for
    /// MySQL-to-MySQL verification the destination side reads `plan.destination` with `plan.destinationColumns`.
    /// The statement and the streaming are the MySQL source's (`MySQLOrderedSelect`, `streamBatches`).
    public func readOrdered(
        _ plan: TablePlan, side: TableSide, limits: BatchLimits, _ body: (RowBatch) async throws -> Void
    ) async throws {
        let sql = try MySQLOrderedSelect.sql(plan, side: side)
        let table = side == .source ? plan.source.name : plan.destination
        try await pool.streamBatches(
            sql, limits: limits, failing: .destinationFailed, doing: "reading \(table) in key order", body)
    }
}

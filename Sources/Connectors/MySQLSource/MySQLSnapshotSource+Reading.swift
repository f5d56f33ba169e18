import MySQLClient
import MySQLWire
import NIOCore
import SyncEngine

extension MySQLSnapshotSource {
    /// Streams `lower <= key < upper [AND (where)]` ordered by the key, as batches within `limits`; each batch is
    /// read only after `body` accepted the previous one.
    public func readChunk(
        _ chunk: ChunkRange, of plan: TablePlan, limits: BatchLimits, _ body: (RowBatch) async throws -> Void
    ) async throws {
        let key = plan.source.keyIndexes.map { plan.source.columns[$0] }
        let builder = MySQLSelectBuilder(table: plan.source.name, key: key)
        var sql = "SELECT \(MySQLSelectBuilder.selectList(plan.columns)) FROM \(builder.quotedTable)"
        sql += try builder.rangeWhere(chunk, whereClause: plan.whereClause)
        if !key.isEmpty { sql += " ORDER BY \(builder.orderByKey)" }
        try await stream(sql, limits: limits, doing: "reading chunk \(chunk.index) of \(plan.source.name)", body)
    }

    /// Streams the whole table ordered by its key in binary order (string-like keys by `CAST(k AS BINARY)`);
    /// a keyless table is ordered by every column. The source side applies the plan's `whereClause`.
    public func readOrdered(
        _ plan: TablePlan, side: TableSide, limits: BatchLimits, _ body: (RowBatch) async throws -> Void
    ) async throws {
        let sql = try MySQLOrderedSelect.sql(plan, side: side)
        let table = side == .source ? plan.source.name : plan.destination
        try await stream(sql, limits: limits, doing: "reading \(table) in key order", body)
    }

    /// Runs `sql` on one pooled connection and hands its rows on in batches (`MySQLConnectionPool.streamBatches`).
    func stream(
        _ sql: String, limits: BatchLimits, doing: String, _ body: (RowBatch) async throws -> Void
    ) async throws {
        try await pool.streamBatches(sql, limits: limits, failing: .sourceFailed, doing: doing, body)
    }
}

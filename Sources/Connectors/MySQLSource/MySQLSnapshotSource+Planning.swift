import Foundation
import MySQLClient
import MySQLWire
import NIOCore
import SyncEngine

extension MySQLSnapshotSource {
    /// Splits `table` into chunks of about `targetRows` rows in key order. Tables without a key, or not larger
    /// than `targetRows` (when the estimate says 0, the real size is checked with a bounded count), are one chunk.
    /// A single integer key whose value span is at most twice the estimated row count is split arithmetically
    /// into even key ranges (Flink CDC "evenly sized" splits); any other key is split at keyset boundaries found
    /// with `WHERE key > b ORDER BY key LIMIT 1 OFFSET targetRows-1`, starting at the smallest key.
    /// Boundaries ignore `whereClause` (the chunks still partition the filtered rows; readers apply the filter).
    public func planChunks(_ table: TableSchema, targetRows: Int, whereClause: String) async throws -> [ChunkRange] {
        let target = max(1, targetRows)
        let key = table.keyIndexes.map { table.columns[$0] }
        guard !key.isEmpty, key.count == table.keyColumns.count else { return [.whole] }
        let builder = MySQLSelectBuilder(table: table.name, key: key)
        return try await withConnection("planning the chunks of \(table.name)") { connection in
            var estimate = table.estimatedRows
            if estimate <= Int64(target) {
                guard estimate == 0 else { return [.whole] }
                let counted = try await connection.simpleQuery(
                    "SELECT COUNT(*) FROM (SELECT 1 FROM \(builder.quotedTable) LIMIT \(target + 1)) AS t")
                estimate = Int64(counted.first?[0] ?? "0") ?? 0
                guard estimate > Int64(target) else { return [.whole] }
            }
            if key.count == 1, key[0].type.isInteger,
                let even = try await Self.evenChunks(connection, builder, estimate: estimate, target: target)
            {
                return even
            }
            return try await Self.keysetChunks(connection, builder, target: target)
        }
    }

    private static func evenChunks(
        _ connection: MySQLConnection, _ builder: MySQLSelectBuilder, estimate: Int64, target: Int
    ) async throws -> [ChunkRange]? {
        let column = MySQLSQLText.quoteIdentifier(builder.key[0].name)
        let rows = try await connection.simpleQuery("SELECT MIN(\(column)), MAX(\(column)) FROM \(builder.quotedTable)")
        guard let minText = rows.first?[0], let maxText = rows.first?[1], let low = Int64(minText),
            let high = Int64(maxText), high >= low
        else { return nil }
        let (difference, negativeOverflow) = high.subtractingReportingOverflow(low)
        let (span, overflow) = difference.addingReportingOverflow(1)
        guard !negativeOverflow, !overflow, span <= 2 * max(estimate, 1) else { return nil }
        let count = max(1, Int((estimate + Int64(target) - 1) / Int64(target)))
        let step = max(1, (span + Int64(count) - 1) / Int64(count))
        var bounds: [Int64] = []
        var (next, stepOverflow) = low.addingReportingOverflow(step)
        while !stepOverflow, next <= high {
            bounds.append(next)
            (next, stepOverflow) = next.addingReportingOverflow(step)
        }
        return makeChunks(bounds.map { KeyTuple(strings: [String($0)]) }, rowsEach: Int64(target))
    }

    private static func keysetChunks(
        _ connection: MySQLConnection, _ builder: MySQLSelectBuilder, target: Int
    ) async throws -> [ChunkRange] {
        let select = "SELECT \(MySQLSelectBuilder.selectList(builder.key)) FROM \(builder.quotedTable)"
        guard let first = try await keyTuple(connection, "\(select) ORDER BY \(builder.orderByKey) LIMIT 1") else {
            return [.whole]
        }
        var bounds: [KeyTuple] = []
        var current = first
        while true {
            try Task.checkCancellation()
            let sql =
                "\(select) WHERE \(try builder.greater(than: current, inclusive: false)) ORDER BY \(builder.orderByKey)"
                + " LIMIT 1 OFFSET \(target - 1)"
            guard let next = try await keyTuple(connection, sql) else { break }
            bounds.append(next)
            current = next
        }
        return makeChunks(bounds, rowsEach: Int64(target))
    }

    private static func keyTuple(_ connection: MySQLConnection, _ sql: String) async throws -> KeyTuple? {
        guard let row = try await connection.simpleQuery(sql).first else { return nil }
        var values: [Data] = []
        for value in row.row.values {
            guard let value else { return nil }
            values.append(Data(value.readableBytesView))
        }
        return KeyTuple(values: values)
    }

    /// Chunks [nil, b0), [b0, b1) ... [bn, nil).
    static func makeChunks(_ bounds: [KeyTuple], rowsEach: Int64) -> [ChunkRange] {
        var chunks: [ChunkRange] = []
        var lower: KeyTuple? = nil
        for (index, bound) in bounds.enumerated() {
            chunks.append(ChunkRange(index: index, lower: lower, upper: bound, estimatedRows: rowsEach))
            lower = bound
        }
        chunks.append(ChunkRange(index: bounds.count, lower: lower, upper: nil, estimatedRows: rowsEach))
        return chunks
    }
}

import Foundation
import NIOCore
import PostgresSink
import SyncEngine

/// Builders for the change-apply tests: a small keyed table, batches, and a checkpoint per test.
enum PostgresChangeTestSupport {
    /// `src.items`: id BIGINT key, name VARCHAR(40) NOT NULL, amount DECIMAL(12,2), seen DATE.
    static func itemsPlan(schema: String, table: String = "items") -> TablePlan {
        let source = TableSchema(
            name: TableName(schema: "src", name: table),
            columns: [
                ColumnSchema(name: "id", type: ColumnType(kind: .bigInt), isNullable: false),
                ColumnSchema(name: "name", type: ColumnType(kind: .varchar, length: 40), isNullable: false),
                ColumnSchema(name: "amount", type: ColumnType(kind: .decimal, precision: 12, scale: 2)),
                ColumnSchema(name: "seen", type: ColumnType(kind: .date)),
            ],
            keyColumns: ["id"]
        )
        return TablePlan(source: source, destination: TableName(schema: schema, name: table))
    }

    /// A batch of one table's changes with a checkpoint at `position`.
    static func batch(
        _ plan: TablePlan, task: String, position: String, deletes: [[String?]] = [], upserts: [[String?]] = []
    ) -> ChangeBatch {
        let changes = TableChangeSet(
            plan: plan, deletes: deletes.map(PostgresTestSupport.row), upserts: upserts.map(PostgresTestSupport.row))
        return ChangeBatch(
            tables: [changes], checkpoint: StreamCheckpoint(taskUUID: task, generation: 1, position: position),
            transactions: 1, rowChanges: deletes.count + upserts.count, byteCount: 0)
    }

    /// A fresh task id.
    static func task() -> String { UUID().uuidString }
}

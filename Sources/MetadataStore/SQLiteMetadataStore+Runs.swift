import Foundation
import GRDB
import SyncModel

/// Run state: tasks to hand back to the runner after a restart, snapshot chunk plans, the dirty-record log.
extension SQLiteMetadataStore {
    public func tasksToResume() async throws(MetadataStoreError) -> [SyncTask] {
        let box = self.box
        let statuses = TaskStatus.allCases.filter(\.isRunning).map(\.rawValue)
        return try await read { db in
            let marks = databaseQuestionMarks(count: statuses.count)
            // A task with a real-time phase also resumes from FULL_TRANSFER_COMPLETE: the server may have been
            // killed between the end of its copy and the start of change capture.
            return try Row.fetchAll(
                db,
                sql: "SELECT * FROM task WHERE status IN (\(marks)) OR (status = ? AND migration_type != ?) ORDER BY id",
                arguments: StatementArguments(statuses + [TaskStatus.fullTransferComplete.rawValue, MigrationType.full.rawValue])
            ).map { try Self.task(from: $0, box: box) }
        }
    }

    public func snapshotRunState(taskID: Int64) async throws(MetadataStoreError) -> SnapshotRunState? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM snapshot_run WHERE task_id = ?", arguments: [taskID]).map {
                row in
                SnapshotRunState(
                    generation: row["generation"], planJSON: row["plan_json"], completed: row["completed"],
                    updatedAt: Date(timeIntervalSince1970: row["updated_at"]), streamStart: row["stream_start"])
            }
        }
    }

    public func saveSnapshotRunState(taskID: Int64, _ state: SnapshotRunState) async throws(MetadataStoreError) {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO snapshot_run (task_id, generation, plan_json, completed, updated_at, stream_start)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(task_id) DO UPDATE SET generation = excluded.generation,
                        plan_json = excluded.plan_json, completed = excluded.completed,
                        updated_at = excluded.updated_at, stream_start = excluded.stream_start
                    """,
                arguments: [
                    taskID, state.generation, state.planJSON, state.completed, state.updatedAt.timeIntervalSince1970,
                    state.streamStart,
                ])
        }
    }

    public func appendDirtyRecords(taskID: Int64, _ records: [DirtyRecordEntry], keep: Int)
        async throws(MetadataStoreError)
    {
        guard !records.isEmpty else { return }
        let encoded = records.map { record in
            (record, String(decoding: (try? JSONEncoder().encode(record.key)) ?? Data("[]".utf8), as: UTF8.self))
        }
        try await write { db in
            for (record, keyJSON) in encoded {
                try db.execute(
                    sql: """
                        INSERT INTO dirty_record (task_id, table_name, key_json, reason, recorded_at)
                        VALUES (?, ?, ?, ?, ?)
                        """,
                    arguments: [taskID, record.table, keyJSON, record.reason, record.recordedAt.timeIntervalSince1970])
            }
            try db.execute(
                sql: """
                    INSERT INTO dirty_record_count (task_id, total) VALUES (?, ?)
                    ON CONFLICT(task_id) DO UPDATE SET total = total + excluded.total
                    """,
                arguments: [taskID, records.count])
            try db.execute(
                sql: """
                    DELETE FROM dirty_record WHERE task_id = ? AND id <= (
                        SELECT id FROM dirty_record WHERE task_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)
                    """,
                arguments: [taskID, taskID, max(1, keep)])
        }
    }

    public func dirtyRecords(taskID: Int64, limit: Int) async throws(MetadataStoreError)
        -> (records: [DirtyRecordEntry], total: Int64)
    {
        try await read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM dirty_record WHERE task_id = ? ORDER BY id DESC LIMIT ?",
                arguments: [taskID, max(0, limit)])
            let records = rows.reversed().map { row in
                let keyText: String = row["key_json"]
                let key = (try? JSONDecoder().decode([String].self, from: Data(keyText.utf8))) ?? []
                return DirtyRecordEntry(
                    table: row["table_name"], key: key, reason: row["reason"],
                    recordedAt: Date(timeIntervalSince1970: row["recorded_at"]))
            }
            let total =
                try Int64.fetchOne(db, sql: "SELECT total FROM dirty_record_count WHERE task_id = ?", arguments: [taskID])
                ?? 0
            return (records, total)
        }
    }

    public func clearDirtyRecords(taskID: Int64) async throws(MetadataStoreError) {
        try await write { db in
            try db.execute(sql: "DELETE FROM dirty_record WHERE task_id = ?", arguments: [taskID])
            try db.execute(sql: "DELETE FROM dirty_record_count WHERE task_id = ?", arguments: [taskID])
        }
    }
}

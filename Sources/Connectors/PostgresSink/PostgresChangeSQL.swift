import SyncEngine

/// The SQL text of change apply (issue 5 items 1 and 2; ChangeSink): the stream checkpoint table, the per-session
/// staging tables and the delete-then-insert merge. Every identifier is quoted (`PostgresIdentifier`).
enum PostgresChangeSQL {
    /// The stream checkpoint table: one row per task and run generation.
    static let checkpointTable = TableName(schema: "_tide", name: "stream_checkpoints")

    /// `CREATE TABLE IF NOT EXISTS` of the stream checkpoint table.
    static let createCheckpointTable = """
        CREATE TABLE IF NOT EXISTS "_tide"."stream_checkpoints" (task_uuid text NOT NULL, generation int NOT NULL, \
        position text NOT NULL, commit_timestamp bigint NOT NULL DEFAULT 0, \
        updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (task_uuid, generation))
        """

    /// The column of a staging table that tells an upsert (true) from a deleted key (false). Its name cannot
    /// clash with a destination column copied into staging: those are listed by the plan and checked.
    static let operationColumn = "_tide_upsert"

    /// The name of staging table `number` (one per destination shape); `occurrence` > 0 names the extra staging
    /// tables of a batch that changes one destination through several plans.
    static func stagingName(_ number: Int, occurrence: Int = 0) -> String {
        occurrence == 0 ? "_tide_changes_\(number)" : "_tide_changes_\(number)_\(occurrence)"
    }

    /// The staging table named `name` (see `stagingName`), in the session's temporary schema.
    static func stagingTable(_ name: String) -> TableName {
        TableName(schema: "pg_temp", name: name)
    }

    /// Creates the staging table of `plan` when missing: the destination columns with the destination's types
    /// (and no constraints: `CREATE TABLE AS` copies neither NOT NULL nor keys), plus the operation column. Its rows
    /// vanish at every COMMIT, so a batch never sees the previous one's.
    static func createStaging(_ name: String, for plan: TablePlan) -> String {
        "CREATE TEMP TABLE IF NOT EXISTS \(PostgresIdentifier.quoted(name)) "
            + "ON COMMIT DELETE ROWS AS SELECT \(PostgresDDL.columnList(plan)), "
            + "NULL::boolean AS \(PostgresIdentifier.quoted(operationColumn)) "
            + "FROM \(PostgresIdentifier.qualified(plan.destination)) WITH NO DATA"
    }

    /// The COPY column list of a staging table: the operation column first, then the plan's columns.
    static func stagingCopyColumns(_ plan: TablePlan) -> [String] {
        [operationColumn] + plan.destinationColumns
    }

    /// Deletes every destination row whose key is staged (deleted keys and the keys of upserts), or with
    /// `onlyDeleted` only the deleted keys, or with `onlyUpserted` only the keys of upserts.
    static func deleteStagedKeys(
        _ name: String, for plan: TablePlan, keys: [String], onlyDeleted: Bool = false, onlyUpserted: Bool = false
    ) -> String {
        var condition = keyMatch(keys)
        if onlyDeleted { condition += " AND NOT s.\(PostgresIdentifier.quoted(operationColumn))" }
        if onlyUpserted { condition += " AND s.\(PostgresIdentifier.quoted(operationColumn))" }
        return "DELETE FROM \(PostgresIdentifier.qualified(plan.destination)) AS t USING "
            + "\(PostgresIdentifier.qualified(stagingTable(name))) AS s WHERE \(condition)"
    }

    /// HandleDml `LogicalDelete`: sets the plan's `logicalDeleteColumn` to true on every destination row whose key
    /// is staged as deleted; the row's other columns keep their last values.
    static func markStagedKeysDeleted(_ name: String, for plan: TablePlan, keys: [String], column: String) -> String {
        "UPDATE \(PostgresIdentifier.qualified(plan.destination)) AS t SET \(PostgresIdentifier.quoted(column)) = true "
            + "FROM \(PostgresIdentifier.qualified(stagingTable(name))) AS s WHERE \(keyMatch(keys)) "
            + "AND NOT s.\(PostgresIdentifier.quoted(operationColumn))"
    }

    private static func keyMatch(_ keys: [String]) -> String {
        keys.map { key in
            let quoted = PostgresIdentifier.quoted(key)
            return "t.\(quoted) = s.\(quoted)"
        }.joined(separator: " AND ")
    }

    /// Inserts the staged upserts, updating a row whose key exists in place (`keys` must be exactly a unique
    /// index of the destination); a row marked deleted (`logicalDeleteColumn`) becomes live again.
    static func upsertStagedRows(_ name: String, for plan: TablePlan, keys: [String]) -> String {
        let keySet = Set(keys)
        var assignments = plan.destinationColumns.filter { !keySet.contains($0) }.map(PostgresIdentifier.quoted)
            .map { "\($0) = EXCLUDED.\($0)" }
        if let column = plan.logicalDeleteColumn { assignments.append("\(PostgresIdentifier.quoted(column)) = false") }
        let action = assignments.isEmpty ? "DO NOTHING" : "DO UPDATE SET " + assignments.joined(separator: ", ")
        return insertStagedRows(name, for: plan) + " ON CONFLICT ("
            + keys.map(PostgresIdentifier.quoted).joined(separator: ", ") + ") " + action
    }

    /// Applies every staged row in one statement (PostgreSQL 15 `MERGE`): a staged deleted key deletes its row, a
    /// staged upsert updates its row in place or inserts it. `keys` must be exactly a unique index of the destination
    /// and each key staged at most once (`ChangeCompactor` keeps one final state per key). Unlike `INSERT ... ON
    /// CONFLICT DO UPDATE`, an update takes no separate row lock first (one WAL record per row instead of two), and
    /// deletes need no statement of their own.
    static func mergeStagedRows(_ name: String, for plan: TablePlan, keys: [String]) -> String {
        let keySet = Set(keys)
        let operation = "s." + PostgresIdentifier.quoted(operationColumn)
        let assignments = plan.destinationColumns.filter { !keySet.contains($0) }.map(PostgresIdentifier.quoted)
            .map { "\($0) = s.\($0)" }
        let update = assignments.isEmpty ? "DO NOTHING" : "UPDATE SET " + assignments.joined(separator: ", ")
        let columns = plan.destinationColumns.map(PostgresIdentifier.quoted)
        return "MERGE INTO \(PostgresIdentifier.qualified(plan.destination)) AS t USING "
            + "\(PostgresIdentifier.qualified(stagingTable(name))) AS s ON \(keyMatch(keys)) "
            + "WHEN MATCHED AND NOT \(operation) THEN DELETE WHEN MATCHED THEN \(update) "
            + "WHEN NOT MATCHED AND \(operation) THEN INSERT (\(columns.joined(separator: ", "))) "
            + "VALUES (\(columns.map { "s." + $0 }.joined(separator: ", ")))"
    }

    /// Inserts the staged upserts.
    static func insertStagedRows(_ name: String, for plan: TablePlan) -> String {
        let columns = PostgresDDL.columnList(plan)
        return "INSERT INTO \(PostgresIdentifier.qualified(plan.destination)) (\(columns)) SELECT \(columns) FROM "
            + "\(PostgresIdentifier.qualified(stagingTable(name))) WHERE \(PostgresIdentifier.quoted(operationColumn))"
    }
}

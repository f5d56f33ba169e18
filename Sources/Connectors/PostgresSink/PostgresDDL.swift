import SyncEngine

/// The SQL text the sink runs, built from a table plan with every identifier quoted (`PostgresIdentifier`).
enum PostgresDDL {
    /// The schema and table of the chunk checkpoints.
    static let checkpointTable = TableName(schema: "_tide", name: "chunk_checkpoints")

    /// `CREATE SCHEMA IF NOT EXISTS "schema"`.
    static func createSchema(_ schema: String) -> String {
        "CREATE SCHEMA IF NOT EXISTS \(PostgresIdentifier.quoted(schema))"
    }

    /// `CREATE TABLE IF NOT EXISTS` for the plan's destination: the plan's columns under their destination names
    /// with mapped types, NOT NULL where the source has it, and the source key as PRIMARY KEY (or, for a NOT NULL
    /// unique key standing in for a missing primary key, as UNIQUE, so that ON CONFLICT can use it).
    static func createTable(_ plan: TablePlan, options: SinkOptions, withKey: Bool = true) -> String {
        var definitions: [String] = []
        for (column, name) in zip(plan.columns, plan.destinationColumns) {
            var definition = PostgresIdentifier.quoted(name) + " "
            definition += PostgresTypeMapping.destinationType(for: column.type, options: options)
            if !column.isNullable { definition += " NOT NULL" }
            definitions.append(definition)
        }
        if let column = plan.logicalDeleteColumn { definitions.append(logicalDeleteColumnDefinition(column)) }
        if withKey, let key = keyConstraint(plan) { definitions.append(key) }
        var storage = ""
        if let fillFactor = options.fillFactor { storage = " WITH (fillfactor = \(min(max(fillFactor, 10), 100)))" }
        return "CREATE TABLE IF NOT EXISTS \(PostgresIdentifier.qualified(plan.destination)) ("
            + definitions.joined(separator: ", ") + ")" + storage
    }

    /// The column that marks a row deleted at the source (HandleDml `LogicalDelete`; `TablePlan.logicalDeleteColumn`).
    static func logicalDeleteColumnDefinition(_ column: String) -> String {
        PostgresIdentifier.quoted(column) + " boolean NOT NULL DEFAULT false"
    }

    /// `PRIMARY KEY (k, ...)`, or `UNIQUE (k, ...)` for a NOT NULL unique key standing in for a missing primary
    /// key (so that ON CONFLICT can use it); nil without a copied key.
    static func keyConstraint(_ plan: TablePlan) -> String? {
        guard let keys = destinationKeyColumns(plan) else { return nil }
        let list = keys.map(PostgresIdentifier.quoted).joined(separator: ", ")
        return (plan.source.keyIsPrimary ? "PRIMARY KEY (" : "UNIQUE (") + list + ")"
    }

    /// The tables created without their key for a bulk load (`SinkOptions.deferKeys`): one row per table, written
    /// in the transaction that creates the table and deleted in the one that adds the key, so a run killed at any
    /// moment knows on resume which keys are still to be built.
    static let createDeferredKeysTable = """
        CREATE TABLE IF NOT EXISTS "_tide"."deferred_keys" (table_name text PRIMARY KEY, key_clause text NOT NULL, \
        created_at timestamptz NOT NULL DEFAULT now())
        """

    /// Deletes every row but the first (in physical order) of each key value, returning the deleted rows' key
    /// columns as text: the duplicates a keyed load would have refused.
    static func deleteDuplicateKeys(_ plan: TablePlan) -> String? {
        guard let keys = destinationKeyColumns(plan)?.map(PostgresIdentifier.quoted) else { return nil }
        let table = PostgresIdentifier.qualified(plan.destination)
        let list = keys.joined(separator: ", ")
        return "DELETE FROM \(table) WHERE ctid IN (SELECT ctid FROM (SELECT ctid, row_number() OVER (PARTITION BY "
            + list + " ORDER BY ctid) AS n FROM \(table)) AS d WHERE d.n > 1) RETURNING "
            + keys.map { "\($0)::text" }.joined(separator: ", ")
    }

    /// The destination names of the source key columns, when every one of them is copied; nil otherwise.
    static func destinationKeyColumns(_ plan: TablePlan) -> [String]? {
        plan.keyIndexesInRow.map { indexes in indexes.map { plan.destinationColumns[$0] } }
    }

    /// The checkpoint table (issue 4 item 5): one row per committed chunk, written in the chunk's transaction.
    static let createCheckpointTable = """
        CREATE TABLE IF NOT EXISTS "_tide"."chunk_checkpoints" (task_uuid text NOT NULL, generation int NOT NULL, \
        table_key text NOT NULL, chunk_index int NOT NULL, rows bigint NOT NULL, \
        committed_at timestamptz NOT NULL DEFAULT now(), \
        PRIMARY KEY (task_uuid, generation, table_key, chunk_index))
        """

    /// `TRUNCATE "schema"."table"`.
    static func truncate(_ table: TableName) -> String {
        "TRUNCATE \(PostgresIdentifier.qualified(table))"
    }

    /// The per-transaction staging table for ignore/replace: the copied columns only, no constraints.
    static let stagingTable = TableName(schema: "pg_temp", name: "_tide_staging")

    /// `CREATE TEMP TABLE` for the staging table, dropped at COMMIT or ROLLBACK.
    static func createStaging(_ plan: TablePlan) -> String {
        "CREATE TEMP TABLE \(PostgresIdentifier.quoted(stagingTable.name)) ON COMMIT DROP AS SELECT "
            + columnList(plan) + " FROM \(PostgresIdentifier.qualified(plan.destination)) WITH NO DATA"
    }

    /// `TRUNCATE` of the staging table, after each batch moved on.
    static let truncateStaging = "TRUNCATE \(PostgresIdentifier.qualified(stagingTable))"

    /// Moves the staged rows into the destination: `ON CONFLICT (key) DO NOTHING` (ignore) or `DO UPDATE SET c =
    /// EXCLUDED.c` (replace); a plain INSERT for a plan without a key.
    static func mergeStaging(_ plan: TablePlan, mode: WriteMode) -> String {
        let columns = columnList(plan)
        var sql =
            "INSERT INTO \(PostgresIdentifier.qualified(plan.destination)) (\(columns)) SELECT \(columns) FROM "
            + PostgresIdentifier.qualified(stagingTable)
        guard let keys = destinationKeyColumns(plan) else { return sql }
        sql += " ON CONFLICT (" + keys.map(PostgresIdentifier.quoted).joined(separator: ", ") + ")"
        let others = plan.destinationColumns.filter { !keys.contains($0) }
        // A row marked deleted (HandleDml LogicalDelete) that is written again is live again.
        let live = plan.logicalDeleteColumn.map { ["\(PostgresIdentifier.quoted($0)) = false"] } ?? []
        if mode == .replace, !others.isEmpty || !live.isEmpty {
            let assignments = others.map { name in
                let quoted = PostgresIdentifier.quoted(name)
                return "\(quoted) = EXCLUDED.\(quoted)"
            }
            sql += " DO UPDATE SET " + (assignments + live).joined(separator: ", ")
        } else {
            sql += " DO NOTHING"
        }
        return sql
    }

    /// The destination column names, quoted and comma-separated.
    static func columnList(_ plan: TablePlan) -> String {
        plan.destinationColumns.map(PostgresIdentifier.quoted).joined(separator: ", ")
    }
}

import MySQLClient
import SyncEngine

/// The stream-sink role (issue 5 items 1 and 2): each `ChangeBatch` is applied in ONE transaction together with
/// its row in `<checkpointDatabase>`.`stream_checkpoints`, so the destination always holds the restart point of
/// exactly the changes it shows. Model: PeerDB `SyncRecords` (rows + sync batch id in one transaction).
extension MySQLSink: ChangeSink {
    /// The stream checkpoint table, quoted (next to `chunk_checkpoints`).
    var streamCheckpointTable: String {
        MySQLSQLText.quoteIdentifier(schema: checkpointDatabase, table: "stream_checkpoints")
    }

    /// Creates the checkpoint database and `stream_checkpoints` when missing; see `ChangeSink.prepareStream`.
    public func prepareStream() async throws {
        let database = MySQLSQLText.quoteIdentifier(checkpointDatabase)
        let table = streamCheckpointTable
        try await withConnection("creating \(checkpointDatabase).stream_checkpoints") { connection in
            try await connection.execute("CREATE DATABASE IF NOT EXISTS \(database) CHARACTER SET utf8mb4")
            try await connection.execute(
                "CREATE TABLE IF NOT EXISTS \(table) (task_uuid varchar(64) NOT NULL, generation int NOT NULL,"
                    + " position text NOT NULL, commit_timestamp bigint NOT NULL DEFAULT 0,"
                    + " updated_at datetime(6) NOT NULL, PRIMARY KEY (task_uuid, generation))"
                    + " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin")
        }
    }

    /// The stored checkpoint, or nil when none was written (or the table does not exist yet).
    public func streamCheckpoint(taskUUID: String, generation: Int) async throws -> StreamCheckpoint? {
        let sql =
            "SELECT position, commit_timestamp FROM \(streamCheckpointTable) WHERE task_uuid = "
            + "\(MySQLSQLText.stringLiteral(taskUUID)) AND generation = \(generation)"
        return try await withConnection("reading the destination's stream checkpoint") { connection in
            let rows: [MySQLRow]
            do {
                rows = try await connection.simpleQuery(sql)
            } catch let error as MySQLClientError
                where error.serverError?.code == 1146 || error.serverError?.code == 1049
            {
                return nil
            }
            guard let row = rows.first, let position = row[0] else { return nil }
            let timestamp = row[1].flatMap { UInt32($0) } ?? 0
            return StreamCheckpoint(
                taskUUID: taskUUID, generation: generation, position: position, commitTimestamp: timestamp)
        }
    }

    /// Stores `checkpoint` on its own (autocommit).
    public func saveStreamCheckpoint(_ checkpoint: StreamCheckpoint) async throws {
        let sql = streamCheckpointStatement(checkpoint)
        try await withConnection("saving the stream checkpoint") { connection in
            _ = try await connection.execute(sql)
        }
    }

    /// Applies `batch` and its checkpoint in one transaction on one connection; see `ChangeSink.applyChanges`.
    /// Any failure or cancellation rolls everything back; a failure becomes `SyncEngineError.destinationFailed`
    /// naming the table.
    public func applyChanges(_ batch: ChangeBatch) async throws {
        let connection: MySQLConnection
        do {
            connection = try await pool.acquireConnection()
        } catch {
            throw SyncEngineError(.destinationFailed, "connecting to apply changes: \(error)")
        }
        var applier = MySQLChangeApplier(connection: connection, statementBytes: statementBytes)
        var doing = "starting the transaction of a change batch"
        do {
            try await connection.execute("START TRANSACTION")
            for changes in batch.tables where !changes.isEmpty {
                doing = "applying changes to \(changes.plan.destination)"
                // In key order: InnoDB's clustered index is then walked in order (`KeyOrder`).
                try await applier.apply(changes.sortedByKey())
            }
            try Task.checkCancellation()
            doing = "committing a change batch and its checkpoint"
            try await connection.execute(streamCheckpointStatement(batch.checkpoint))
            try await connection.execute("COMMIT")
            await pool.releaseConnection(connection)
        } catch {
            await rollBack(connection)
            if error is CancellationError || error is SyncEngineError { throw error }
            throw SyncEngineError(.destinationFailed, "\(doing): \(error)")
        }
    }

    /// Adds the `logicalDeleteColumn` of each plan that has one to its destination table when missing
    /// (`ChangeSink.prepareLogicalDelete`); returns the tables it was added to.
    public func prepareLogicalDelete(_ plans: [TablePlan]) async throws -> [TableName] {
        let marked = plans.filter { $0.logicalDeleteColumn != nil }
        guard !marked.isEmpty else { return [] }
        return try await withConnection("adding the LogicalDelete columns") { connection in
            var added: [TableName] = []
            for plan in marked {
                guard let marker = plan.logicalDeleteColumn else { continue }
                let table = plan.destination
                let rows = try await connection.simpleQuery(
                    "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = "
                        + "\(MySQLSQLText.stringLiteral(table.schema)) AND TABLE_NAME = "
                        + MySQLSQLText.stringLiteral(table.name))
                guard !rows.isEmpty else {
                    throw SyncEngineError(.notFound, "destination table \(table) does not exist")
                }
                guard !rows.contains(where: { $0[0]?.lowercased() == marker.lowercased() }) else { continue }
                try await connection.execute(
                    "ALTER TABLE " + MySQLSQLText.quoteIdentifier(schema: table.schema, table: table.name)
                        + " ADD COLUMN " + MySQLTableDDL.logicalDeleteColumnDefinition(marker))
                added.append(table)
            }
            return added
        }
    }

    func streamCheckpointStatement(_ checkpoint: StreamCheckpoint) -> String {
        "INSERT INTO \(streamCheckpointTable) (task_uuid, generation, position, commit_timestamp, updated_at) VALUES ("
            + "\(MySQLSQLText.stringLiteral(checkpoint.taskUUID)), \(checkpoint.generation), "
            + "\(MySQLSQLText.stringLiteral(checkpoint.position)), \(checkpoint.commitTimestamp), current_timestamp(6))"
            + " ON DUPLICATE KEY UPDATE position = VALUES(position), commit_timestamp = VALUES(commit_timestamp),"
            + " updated_at = VALUES(updated_at)"
    }
}

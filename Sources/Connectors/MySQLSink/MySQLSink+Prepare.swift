import MySQLClient
import SyncEngine

extension MySQLSink {
    /// Creates the destination databases, the tables (when `createTables`) and `_tide`.`chunk_checkpoints`; on a
    /// fresh run truncates (when asked) and runs `preSQL`.
    public func prepare(_ plans: [TablePlan], options: SinkOptions, fresh: Bool) async throws {
        let databases = Set(plans.map(\.destination.schema)).union([checkpointDatabase]).sorted()
        let tables = try plans.map { try MySQLTableDDL.createTable($0, options: options) }
        let checkpointTable = self.checkpointTable
        try await withConnection("preparing the destination") { connection in
            for database in databases {
                try await connection.execute(
                    "CREATE DATABASE IF NOT EXISTS \(MySQLSQLText.quoteIdentifier(database)) CHARACTER SET utf8mb4")
            }
            try await connection.execute(
                "CREATE TABLE IF NOT EXISTS \(checkpointTable) (task_uuid varchar(64) NOT NULL,"
                    + " generation int NOT NULL, table_key varchar(512) NOT NULL, chunk_index int NOT NULL,"
                    + " `rows` bigint NOT NULL, committed_at timestamp(6) NOT NULL DEFAULT current_timestamp(6),"
                    + " PRIMARY KEY (task_uuid, generation, table_key, chunk_index))"
                    + " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin")
            if options.createTables {
                for sql in tables { try await connection.execute(sql) }
            }
            guard fresh else { return }
            if options.truncateBeforeLoad {
                // A plan without chunks is not copied in this run (`SnapshotJob`): its table keeps its rows.
                for plan in plans where !plan.chunks.isEmpty {
                    try await connection.execute(
                        "TRUNCATE TABLE "
                            + MySQLSQLText.quoteIdentifier(schema: plan.destination.schema, table: plan.destination.name))
                }
            }
            for statement in options.preSQL { try await connection.execute(statement) }
        }
    }

    /// The chunks committed for `taskUUID` in `generation`; none when the checkpoint table does not exist yet.
    public func committedChunks(taskUUID: String, generation: Int) async throws -> [ChunkCheckpoint] {
        let checkpointTable = self.checkpointTable
        return try await withConnection("reading the destination's checkpoints") { connection in
            let rows: [MySQLRow]
            do {
                rows = try await connection.simpleQuery(
                    "SELECT table_key, chunk_index, `rows` FROM \(checkpointTable) WHERE task_uuid = "
                        + "\(MySQLSQLText.stringLiteral(taskUUID)) AND generation = \(generation)"
                        + " ORDER BY table_key, chunk_index")
            } catch let error as MySQLClientError where error.serverError?.code == 1146 || error.serverError?.code == 1049 {
                return []
            }
            return rows.compactMap { row in
                guard let key = row[0], let index = row[1].flatMap({ Int($0) }) else { return nil }
                return ChunkCheckpoint(
                    taskUUID: taskUUID, generation: generation, tableKey: key, chunkIndex: index,
                    rows: row[2].flatMap { Int64($0) } ?? 0)
            }
        }
    }

    /// Runs `postSQL`.
    public func finish(_ plans: [TablePlan], options: SinkOptions) async throws {
        guard !options.postSQL.isEmpty else { return }
        try await withConnection("running postSql") { connection in
            for statement in options.postSQL { try await connection.execute(statement) }
        }
    }
}

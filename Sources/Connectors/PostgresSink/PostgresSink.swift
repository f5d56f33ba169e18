import Logging
import NIOCore
import PostgresNIO
import SyncEngine

/// The PostgreSQL/Hologres snapshot sink (issue 4 item 3): creates tables with the documented type mapping
/// (docs/TYPE-MAPPING.md), loads chunks with COPY, one transaction and one connection per chunk, records each
/// committed chunk in `_tide.chunk_checkpoints` in the same transaction, and reads the destination back in key
/// order for verification. Model: PeerDB `postgres_destination.go` SyncRecords (COPY + metadata + commit).
public final class PostgresSink: SnapshotSink, OrderedTableReader {
    /// Where the sink connects (its description hides the password).
    public let configuration: PostgresSinkConfiguration
    let pool: PostgresConnectionPool
    let logger: Logger
    /// Catalog types and staging tables remembered between change batches (`applyChanges`).
    let changeCache = PostgresChangeCache()

    /// Creates a sink whose connections open lazily, on first use.
    public init(configuration: PostgresSinkConfiguration, logger: Logger? = nil) {
        let logger = logger ?? Logger(label: "tide.postgres-sink", factory: { _ in SwiftLogNoOpLogHandler() })
        self.configuration = configuration
        self.logger = logger
        self.pool = PostgresConnectionPool(configuration: configuration, logger: logger)
    }

    /// Creates a sink and opens its first connection, so that a wrong address or password fails here with
    /// `SyncEngineError.destinationFailed`.
    public static func connect(
        _ configuration: PostgresSinkConfiguration, logger: Logger? = nil
    ) async throws -> PostgresSink {
        let sink = PostgresSink(configuration: configuration, logger: logger)
        do {
            try await sink.pool.withConnection { _ in }
        } catch {
            await sink.close()
            throw error
        }
        return sink
    }

    /// Creates destination schemas, tables (when `options.createTables`) and the checkpoint table; on a fresh run
    /// truncates the destination tables (when `options.truncateBeforeLoad`) and runs `options.preSQL`.
    public func prepare(_ plans: [TablePlan], options: SinkOptions, fresh: Bool) async throws {
        changeCache.zeroDateAsNull = options.zeroDateAsNull
        changeCache.forget(plans.map(\.destination))
        try await pool.withConnection { connection in
            for schema in Set(plans.map(\.destination.schema)).sorted() {
                try await runCreating(PostgresDDL.createSchema(schema), on: connection, context: "creating schema")
            }
            let checkpoints = PostgresDDL.checkpointTable
            try await runCreating(
                PostgresDDL.createSchema(checkpoints.schema), on: connection, context: "creating schema")
            try await runCreating(PostgresDDL.createCheckpointTable, on: connection, context: "creating \(checkpoints)")
            try await runCreating(
                PostgresDDL.createDeferredKeysTable, on: connection, context: "creating \"_tide\".\"deferred_keys\"")
            if options.createTables {
                // ON CONFLICT (ignore, replace) needs the key from the first row on.
                var deferring = options.deferKeys && options.writeMode == .insert
                if deferring { deferring = try await acceptsDeferredKeys(on: connection) }
                for plan in plans {
                    if deferring {
                        try await createDeferringKey(plan, options: options, on: connection)
                    } else {
                        let context = "creating table \(plan.destination)"
                        try await runCreating(
                            PostgresDDL.createTable(plan, options: options), on: connection, context: context)
                    }
                }
            }
            guard fresh else { return }
            if options.truncateBeforeLoad {
                // A plan without chunks is not copied in this run (`SnapshotJob`): its table keeps its rows.
                for table in Set(plans.filter { !$0.chunks.isEmpty }.map(\.destination)).sorted() {
                    try await run(PostgresDDL.truncate(table), on: connection, context: "truncating \(table)")
                }
            }
            for (index, statement) in options.preSQL.enumerated() {
                try await run(statement, on: connection, context: "preSQL statement \(index + 1)")
            }
        }
    }

    /// The chunks committed for `taskUUID` in `generation`, ordered by table key and chunk index; empty when the
    /// checkpoint table does not exist yet.
    public func committedChunks(taskUUID: String, generation: Int) async throws -> [ChunkCheckpoint] {
        try await pool.withConnection { connection in
            do {
                let exists = try await connection.query(
                    "SELECT to_regclass('\"_tide\".\"chunk_checkpoints\"') IS NOT NULL", logger: logger
                ).collect()
                guard try exists.first?.decode(Bool.self) == true else { return [] }
                let rows = try await connection.query(
                    """
                    SELECT table_key, chunk_index, rows FROM "_tide"."chunk_checkpoints" \
                    WHERE task_uuid = \(taskUUID) AND generation = \(Int64(generation)) \
                    ORDER BY table_key, chunk_index
                    """, logger: logger
                )
                var result: [ChunkCheckpoint] = []
                for try await (tableKey, chunkIndex, count) in rows.decode((String, Int32, Int64).self) {
                    result.append(
                        ChunkCheckpoint(
                            taskUUID: taskUUID, generation: generation, tableKey: tableKey,
                            chunkIndex: Int(chunkIndex), rows: count
                        )
                    )
                }
                return result
            } catch {
                throw PostgresErrorText.wrapped(error, .destinationFailed, context: "reading chunk checkpoints")
            }
        }
    }

    /// Writes one chunk in one transaction with its checkpoint row (see `PostgresChunkWriter`).
    public func writeChunk(
        _ chunk: ChunkRange, of plan: TablePlan, options: SinkOptions, checkpoint: ChunkCheckpoint,
        batches: RowBatchChannel
    ) async throws -> ChunkWriteResult {
        try await pool.withConnection { connection in
            let binary = try await binaryCopyAllowed(on: connection)
            let writer = PostgresChunkWriter(
                connection: connection, plan: plan, options: options, chunkIndex: chunk.index, binaryCopy: binary,
                logger: logger
            )
            return try await writer.write(checkpoint: checkpoint, batches: batches)
        }
    }

    /// Whether COPY may use the binary format: allowed by the configuration (`binaryCopy`) and the server is
    /// PostgreSQL (Hologres keeps the text format, which it documents for `COPY FROM STDIN`).
    func binaryCopyAllowed(on connection: PostgresConnection) async throws -> Bool {
        guard configuration.binaryCopy else { return false }
        return try await binaryCopyAllowed(serverFacts(on: connection))
    }

    /// `binaryCopyAllowed(on:)` for a server already asked.
    func binaryCopyAllowed(_ server: PostgresServerFacts) -> Bool {
        configuration.binaryCopy && !server.isHologres
    }

    /// Runs `options.postSQL`, in order.
    public func finish(_ plans: [TablePlan], options: SinkOptions) async throws {
        guard !options.postSQL.isEmpty else { return }
        try await pool.withConnection { connection in
            for (index, statement) in options.postSQL.enumerated() {
                try await run(statement, on: connection, context: "postSQL statement \(index + 1)")
            }
        }
    }

    /// Closes every connection. Idempotent.
    public func close() async {
        await pool.close()
    }

    /// Runs one statement, wrapping a server error as `destinationFailed` with `context`.
    func run(_ sql: String, on connection: PostgresConnection, context: String) async throws {
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        } catch {
            throw PostgresErrorText.wrapped(error, .destinationFailed, context: context)
        }
    }

    /// Runs a `CREATE ... IF NOT EXISTS`, tolerating the catalog race of two sessions creating the same object
    /// at once (SQLSTATE 23505 on the catalog's unique index, 42P06/42P07 duplicate schema/table).
    func runCreating(_ sql: String, on connection: PostgresConnection, context: String) async throws {
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        } catch  where ["23505", "42P06", "42P07"].contains(PostgresErrorText.sqlState(error) ?? "") {
            logger.debug("\(context): created concurrently by another session")
        } catch {
            throw PostgresErrorText.wrapped(error, .destinationFailed, context: context)
        }
    }
}

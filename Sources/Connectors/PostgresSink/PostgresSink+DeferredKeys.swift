import NIOCore
import PostgresNIO
import SyncEngine

/// Keys built after the load (`SinkOptions.deferKeys`). A table Tide creates for a plain-insert copy gets no key
/// at first: COPY into an unindexed heap and one index build at the end cost PostgreSQL far less than inserting
/// every row into a B-tree as it arrives (pgloader's approach; PostgreSQL manual 14.4.3 "Remove Indexes"). The
/// table and its row in `_tide.deferred_keys` are created in one transaction, and the key is added and the row
/// deleted in another, so after a kill at any moment the resumed run still knows what is left to build.
///
/// What a keyed load would have refused as a duplicate is found when the key is built: every row but the first of
/// each key value is deleted and reported as a dirty record. Hologres cannot add a primary key to an existing
/// table, so there (a server with `hg_version()`) keys are always created with the table.
extension PostgresSink {
    /// Creates `plan`'s table without its key and records the key to build; leaves an existing table alone.
    func createDeferringKey(_ plan: TablePlan, options: SinkOptions, on connection: PostgresConnection) async throws {
        guard let clause = PostgresDDL.keyConstraint(plan) else {
            let context = "creating table \(plan.destination)"
            try await runCreating(PostgresDDL.createTable(plan, options: options), on: connection, context: context)
            return
        }
        let name = PostgresIdentifier.qualified(plan.destination)
        let exists: Bool
        do {
            exists =
                try await connection.query("SELECT to_regclass(\(name)) IS NOT NULL", logger: logger)
                .collect().first?.decode(Bool.self) ?? false
        } catch {
            throw PostgresErrorText.wrapped(error, .destinationFailed, context: "looking up \(plan.destination)")
        }
        guard !exists else { return }
        try await run("BEGIN", on: connection, context: "creating table \(plan.destination)")
        do {
            try await connection.query(
                PostgresQuery(unsafeSQL: PostgresDDL.createTable(plan, options: options, withKey: false)),
                logger: logger)
        } catch where ["23505", "42P07"].contains(PostgresErrorText.sqlState(error) ?? "") {
            // Created meanwhile by another session, with whatever key it chose: leave it.
            try await run("ROLLBACK", on: connection, context: "creating table \(plan.destination)")
            return
        } catch {
            throw PostgresErrorText.wrapped(error, .destinationFailed, context: "creating table \(plan.destination)")
        }
        do {
            try await connection.query(
                """
                INSERT INTO "_tide"."deferred_keys" (table_name, key_clause) VALUES (\(name), \(clause)) \
                ON CONFLICT (table_name) DO UPDATE SET key_clause = EXCLUDED.key_clause
                """, logger: logger)
        } catch {
            throw PostgresErrorText.wrapped(error, .destinationFailed, context: "creating table \(plan.destination)")
        }
        try await run("COMMIT", on: connection, context: "creating table \(plan.destination)")
    }

    /// Whether this server can add a key to a table after the load (PostgreSQL can; Hologres cannot).
    func acceptsDeferredKeys(on connection: PostgresConnection) async throws -> Bool {
        try await !isHologres(on: connection)
    }

    /// Whether the server is Hologres (it has `hg_version()`); asked once per sink.
    func isHologres(on connection: PostgresConnection) async throws -> Bool {
        try await serverFacts(on: connection).isHologres
    }

    /// What the server is (Hologres or PostgreSQL, and its version); asked once per sink.
    func serverFacts(on connection: PostgresConnection) async throws -> PostgresServerFacts {
        if let known = changeCache.server { return known }
        let rows: [PostgresRow]
        do {
            rows = try await connection.query(
                """
                SELECT EXISTS (SELECT 1 FROM pg_proc WHERE proname = 'hg_version'), \
                coalesce(current_setting('server_version_num', true), '')
                """, logger: logger
            ).collect()
        } catch {
            throw PostgresErrorText.wrapped(error, .destinationFailed, context: "reading the server's capabilities")
        }
        guard let row = rows.first, let answer = try? row.decode((Bool, String).self) else {
            throw SyncEngineError(.destinationFailed, "reading the server's capabilities: unexpected answer")
        }
        // A server without `server_version_num` (or with an odd one) counts as version 0: no version-gated feature.
        let facts = PostgresServerFacts(isHologres: answer.0, versionNumber: Int(answer.1) ?? 0)
        changeCache.server = facts
        return facts
    }

    /// Builds every key still deferred for the destinations of `plans` (see `SnapshotSink.completeLoad`).
    public func completeLoad(_ plans: [TablePlan], options: SinkOptions) async throws -> [DirtyRecord] {
        try await pool.withConnection { connection in
            let pending = try await deferredKeys(on: connection)
            guard !pending.isEmpty else { return [] }
            var dirty: [DirtyRecord] = []
            var done: Set<TableName> = []
            for plan in plans where done.insert(plan.destination).inserted {
                let name = PostgresIdentifier.qualified(plan.destination)
                guard let clause = pending[name] else { continue }
                dirty += try await addKey(clause, to: plan, name: name, on: connection)
            }
            return dirty
        }
    }

    /// The deferred keys by qualified table name; empty when none was ever deferred.
    private func deferredKeys(on connection: PostgresConnection) async throws -> [String: String] {
        do {
            let exists = try await connection.query(
                "SELECT to_regclass('\"_tide\".\"deferred_keys\"') IS NOT NULL", logger: logger
            ).collect()
            guard try exists.first?.decode(Bool.self) == true else { return [:] }
            var keys: [String: String] = [:]
            let rows = try await connection.query(
                "SELECT table_name, key_clause FROM \"_tide\".\"deferred_keys\"", logger: logger)
            for try await (name, clause) in rows.decode((String, String).self) { keys[name] = clause }
            return keys
        } catch {
            throw PostgresErrorText.wrapped(error, .destinationFailed, context: "reading the deferred keys")
        }
    }

    /// Adds `clause` to the table in one transaction with the deletion of its `deferred_keys` row; on a duplicate
    /// key, first deletes every row but the first of each key value and returns those as dirty records.
    private func addKey(
        _ clause: String, to plan: TablePlan, name: String, on connection: PostgresConnection
    ) async throws -> [DirtyRecord] {
        let context = "adding the key of \(plan.destination) after the load"
        let alter = "ALTER TABLE \(name) ADD \(clause)"
        var dirty: [DirtyRecord] = []
        let started = ContinuousClock.now
        try await run("BEGIN", on: connection, context: context)
        // Sorting for the index build in memory rather than in temporary files, for this transaction only.
        try await run("SET LOCAL maintenance_work_mem = '256MB'", on: connection, context: context)
        try await run("SAVEPOINT tide_key", on: connection, context: context)
        do {
            try await connection.query(PostgresQuery(unsafeSQL: alter), logger: logger)
        } catch where PostgresErrorText.sqlState(error) == "23505" {
            try await run("ROLLBACK TO SAVEPOINT tide_key", on: connection, context: context)
            dirty = try await deleteDuplicates(plan, on: connection, context: context)
            try await run(alter, on: connection, context: context)
        } catch {
            throw PostgresErrorText.wrapped(error, .destinationFailed, context: context)
        }
        do {
            try await connection.query(
                "DELETE FROM \"_tide\".\"deferred_keys\" WHERE table_name = \(name)", logger: logger)
        } catch {
            throw PostgresErrorText.wrapped(error, .destinationFailed, context: context)
        }
        try await run("COMMIT", on: connection, context: context)
        logger.info(
            "key built after the load",
            metadata: ["table": "\(plan.destination)", "duration": "\(ContinuousClock.now - started)"])
        if !dirty.isEmpty {
            logger.warning(
                "rows with a duplicate key removed after the load",
                metadata: ["table": "\(plan.destination)", "rows": "\(dirty.count)"])
        }
        return dirty
    }

    private func deleteDuplicates(
        _ plan: TablePlan, on connection: PostgresConnection, context: String
    ) async throws -> [DirtyRecord] {
        guard let sql = PostgresDDL.deleteDuplicateKeys(plan), let keys = PostgresDDL.destinationKeyColumns(plan) else {
            return []
        }
        let reason =
            "duplicate key value: another row with the same (\(keys.joined(separator: ", "))) was loaded first"
        var dirty: [DirtyRecord] = []
        do {
            let rows = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
            for try await row in rows {
                let key = row.map { cell -> String in
                    guard let bytes = cell.bytes else { return "NULL" }
                    let text = String(buffer: bytes)
                    // bytea's text form `\x0a1b` shown as the other dirty records show binary keys.
                    return text.hasPrefix("\\x") ? "0x" + text.dropFirst(2) : text
                }
                dirty.append(DirtyRecord(table: plan.tableKey, key: key, reason: reason))
            }
        } catch {
            throw PostgresErrorText.wrapped(error, .destinationFailed, context: context)
        }
        return dirty
    }
}

import GRDB

/// The SQLite schema, as ordered migrations. Add a new `registerMigration` for every change; never edit one that
/// has shipped.
enum StoreSchema {
    /// Integer task ids start above this value, like DataWorks FileIds (`1000001` in the seed).
    static let firstTaskID: Int64 = 1_000_001

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 projects, data sources, tasks, keys") { db in
            try db.execute(
                sql: """
                    CREATE TABLE project (
                        id INTEGER PRIMARY KEY,
                        drs_id TEXT NOT NULL UNIQUE,
                        name TEXT NOT NULL,
                        created_at REAL NOT NULL
                    );
                    CREATE TABLE data_source (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        project_id INTEGER NOT NULL REFERENCES project(id),
                        name TEXT NOT NULL,
                        type TEXT NOT NULL,
                        env_type INTEGER NOT NULL,
                        content_json TEXT NOT NULL,
                        password_enc BLOB,
                        description TEXT NOT NULL,
                        created_at REAL NOT NULL,
                        updated_at REAL NOT NULL,
                        UNIQUE (project_id, name, env_type)
                    );
                    CREATE TABLE task (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        uuid TEXT NOT NULL UNIQUE,
                        project_id INTEGER NOT NULL REFERENCES project(id),
                        name TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        migration_type TEXT NOT NULL,
                        source_type TEXT NOT NULL,
                        destination_type TEXT NOT NULL,
                        status TEXT NOT NULL,
                        db_use_type TEXT NOT NULL,
                        engine_type TEXT NOT NULL,
                        net_type TEXT NOT NULL,
                        instance_ip TEXT NOT NULL,
                        enterprise_project_id TEXT NOT NULL,
                        created_at REAL NOT NULL,
                        updated_at REAL NOT NULL,
                        body_json TEXT NOT NULL,
                        run_stats_json TEXT NOT NULL,
                        source_password_enc BLOB,
                        target_password_enc BLOB
                    );
                    CREATE UNIQUE INDEX task_project_name ON task(project_id, name) WHERE status <> 'DELETED';
                    CREATE INDEX task_project_id ON task(project_id, id);
                    CREATE INDEX task_project_types ON task(project_id, source_type, destination_type);
                    CREATE INDEX task_project_status ON task(project_id, status);
                    CREATE TABLE task_tag (
                        task_id INTEGER NOT NULL REFERENCES task(id) ON DELETE CASCADE,
                        key TEXT NOT NULL,
                        value TEXT NOT NULL,
                        PRIMARY KEY (task_id, key)
                    ) WITHOUT ROWID;
                    CREATE INDEX task_tag_pair ON task_tag(key, value);
                    CREATE TABLE task_instance (
                        task_id INTEGER NOT NULL REFERENCES task(id) ON DELETE CASCADE,
                        instance_id TEXT NOT NULL,
                        PRIMARY KEY (task_id, instance_id)
                    ) WITHOUT ROWID;
                    CREATE INDEX task_instance_id ON task_instance(instance_id);
                    CREATE TABLE client_token (
                        project_id INTEGER NOT NULL,
                        operation TEXT NOT NULL,
                        token TEXT NOT NULL,
                        task_id INTEGER NOT NULL REFERENCES task(id) ON DELETE CASCADE,
                        created_at REAL NOT NULL,
                        PRIMARY KEY (project_id, operation, token)
                    ) WITHOUT ROWID;
                    CREATE TABLE access_key (
                        id TEXT PRIMARY KEY,
                        secret_enc BLOB NOT NULL,
                        policy_json TEXT NOT NULL,
                        description TEXT NOT NULL,
                        created_at REAL NOT NULL
                    ) WITHOUT ROWID;
                    """)
            try db.execute(
                sql: "INSERT INTO sqlite_sequence(name, seq) VALUES ('task', ?)", arguments: [firstTaskID - 1])
        }
        migrator.registerMigration("v2 covering indexes for the list queries") { db in
            // ListDIJobs and DRS ListJobs filter on these columns and page in id order: with the id second and
            // every filter column in the index, COUNT(*) and the page scan never touch the wide rows
            // (body_json), and a page stops scanning once it has its rows.
            try db.execute(
                sql: """
                    DROP INDEX task_project_id;
                    CREATE INDEX task_dijob_cover
                        ON task(project_id, id, status, source_type, destination_type, kind, name);
                    CREATE INDEX task_drs_cover
                        ON task(project_id, id, status, db_use_type, engine_type, net_type, instance_ip,
                            enterprise_project_id, name, uuid);
                    """)
        }
        migrator.registerMigration("v3 snapshot runs and dirty records") { db in
            try db.execute(
                sql: """
                    CREATE TABLE snapshot_run (
                        task_id INTEGER PRIMARY KEY REFERENCES task(id) ON DELETE CASCADE,
                        generation INTEGER NOT NULL,
                        plan_json BLOB NOT NULL,
                        completed INTEGER NOT NULL,
                        updated_at REAL NOT NULL
                    );
                    CREATE TABLE dirty_record (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        task_id INTEGER NOT NULL REFERENCES task(id) ON DELETE CASCADE,
                        table_name TEXT NOT NULL,
                        key_json TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        recorded_at REAL NOT NULL
                    );
                    CREATE INDEX dirty_record_task ON dirty_record(task_id, id);
                    CREATE TABLE dirty_record_count (
                        task_id INTEGER PRIMARY KEY REFERENCES task(id) ON DELETE CASCADE,
                        total INTEGER NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v4 stream start of a run") { db in
            try db.execute(sql: "ALTER TABLE snapshot_run ADD COLUMN stream_start TEXT")
        }
        migrator.registerMigration("v5 task row versions") { db in
            // Every UPDATE of a task row bumps its version (the WHEN clause stops the trigger's own update from
            // counting again), so (id, version) names one stored state of a task: TaskListCache relies on it.
            try db.execute(
                sql: """
                    ALTER TABLE task ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
                    CREATE TRIGGER task_version_bump AFTER UPDATE ON task WHEN NEW.version = OLD.version
                    BEGIN
                        UPDATE task SET version = OLD.version + 1 WHERE id = NEW.id;
                    END;
                    """)
        }
        return migrator
    }
}

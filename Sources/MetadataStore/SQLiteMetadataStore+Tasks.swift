import Foundation
import GRDB
import SyncModel

/// Tasks: creation with idempotency tokens and unique names, lookups, edits, and state-machine events applied
/// inside one write transaction.
extension SQLiteMetadataStore {
    public func createTask(
        _ task: SyncTask, clientToken: String?, operation: String
    ) async throws(MetadataStoreError) -> SyncTask {
        let sealed = try seal(task)
        let box = self.box
        let token = clientToken.flatMap { $0.isEmpty ? nil : $0 }
        return try await write { db in
            guard try Self.projectExists(db, task.projectID) else {
                throw MetadataStoreError(.notFound, "project \(task.projectID) does not exist")
            }
            if let token,
                let existing = try Int64.fetchOne(
                    db, sql: "SELECT task_id FROM client_token WHERE project_id = ? AND operation = ? AND token = ?",
                    arguments: [task.projectID, operation, token]),
                let row = try Row.fetchOne(db, sql: "SELECT * FROM task WHERE id = ?", arguments: [existing])
            {
                return try Self.task(from: row, box: box)
            }
            var fresh = task
            fresh.id = 0
            fresh.uuid = UUID().uuidString.lowercased()
            if fresh.children.isEmpty {
                let tables = fresh.spec.tableNames
                if tables.count > 1 {
                    fresh.children = tables.map { table in
                        Subtask(id: UUID().uuidString.lowercased(), name: table, source: table, destination: table)
                    }
                }
            }
            do {
                fresh.id = try Self.save(fresh, sealed: sealed, in: db)
            } catch where Self.isUniqueViolation(error) {
                throw MetadataStoreError(
                    .duplicateTaskName, "a task named \(task.name) already exists in project \(task.projectID)")
            }
            if let token {
                try db.execute(
                    sql: """
                        INSERT INTO client_token (project_id, operation, token, task_id, created_at)
                        VALUES (?, ?, ?, ?, ?)
                        """,
                    arguments: [task.projectID, operation, token, fresh.id, Date().timeIntervalSince1970])
            }
            return fresh
        }
    }

    public func task(id: Int64) async throws(MetadataStoreError) -> SyncTask? {
        try await fetchTask(sql: "SELECT * FROM task WHERE id = ?", arguments: [id])
    }

    public func task(uuid: String) async throws(MetadataStoreError) -> SyncTask? {
        try await fetchTask(sql: "SELECT * FROM task WHERE uuid = ?", arguments: [uuid.lowercased()])
    }

    public func task(projectID: Int64, name: String) async throws(MetadataStoreError) -> SyncTask? {
        try await fetchTask(
            sql: "SELECT * FROM task WHERE project_id = ? AND name = ? AND status <> 'DELETED'",
            arguments: [projectID, name])
    }

    public func updateTask(
        id: Int64, _ change: @Sendable (inout SyncTask) throws(SyncModelError) -> Void
    ) async throws(MetadataStoreError) -> SyncTask {
        let box = self.box
        return try await write { db in
            var task = try Self.loadForUpdate(id: id, db: db, box: box)
            let status = task.status
            let uuid = task.uuid
            try change(&task)
            task.id = id
            task.uuid = uuid
            task.status = status
            do {
                _ = try Self.save(task, sealed: try Self.seal(task, box: box), in: db)
            } catch where Self.isUniqueViolation(error) {
                throw MetadataStoreError(
                    .duplicateTaskName, "a task named \(task.name) already exists in project \(task.projectID)")
            }
            return task
        }
    }

    public func applyEvent(
        taskID: Int64, _ event: TaskEvent, errorMessage: String?, startSettings: StartSettings?
    ) async throws(MetadataStoreError) -> SyncTask {
        let box = self.box
        return try await write { db in
            var task = try Self.loadForUpdate(id: taskID, db: db, box: box)
            try task.apply(event, errorMessage: errorMessage, at: Date())
            if let startSettings, [.start, .scheduleStart, .retry, .reset].contains(event) {
                task.startSettings = startSettings
            }
            do {
                _ = try Self.save(task, sealed: try Self.seal(task, box: box), in: db)
            } catch where Self.isUniqueViolation(error) {
                throw MetadataStoreError(
                    .duplicateTaskName, "a task named \(task.name) already exists in project \(task.projectID)")
            }
            return task
        }
    }

    public func updateRunStats(taskID: Int64, _ stats: RunStats) async throws(MetadataStoreError) {
        let json = try Self.encode(stats)
        try await write { db in
            try db.execute(sql: "UPDATE task SET run_stats_json = ? WHERE id = ?", arguments: [json, taskID])
            guard db.changesCount > 0 else { throw MetadataStoreError(.notFound, "task \(taskID) does not exist") }
        }
    }

    public func purgeTask(id: Int64) async throws(MetadataStoreError) {
        try await write { db in
            try db.execute(sql: "DELETE FROM task WHERE id = ?", arguments: [id])
            guard db.changesCount > 0 else { throw MetadataStoreError(.notFound, "task \(id) does not exist") }
        }
    }

    func fetchTask(sql: String, arguments: StatementArguments) async throws(MetadataStoreError) -> SyncTask? {
        let box = self.box
        return try await read { db in
            try Row.fetchOne(db, sql: sql, arguments: arguments).map { try Self.task(from: $0, box: box) }
        }
    }

    static func loadForUpdate(id: Int64, db: Database, box: SecretBox) throws -> SyncTask {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM task WHERE id = ?", arguments: [id]) else {
            throw MetadataStoreError(.notFound, "task \(id) does not exist")
        }
        return try task(from: row, box: box)
    }

    func seal(_ task: SyncTask) throws(MetadataStoreError) -> (Data?, Data?) {
        try Self.seal(task, box: box)
    }

    static func seal(_ task: SyncTask, box: SecretBox) throws(MetadataStoreError) -> (Data?, Data?) {
        var source: Data?
        var target: Data?
        if let content = task.sourceEndpoint, !content.password.isEmpty {
            source = try box.seal(content.password.revealed, purpose: sourcePasswordPurpose)
        }
        if let content = task.targetEndpoint, !content.password.isEmpty {
            target = try box.seal(content.password.revealed, purpose: targetPasswordPurpose)
        }
        return (source, target)
    }
}

import Foundation
import GRDB
import SyncModel

/// The stored form of a `SyncTask`: filterable fields in columns (see `StoreSchema`), the rest in `body_json`,
/// endpoint passwords sealed in their own columns, tags and instance ids in side tables for indexed filters.
struct TaskBody: Codable, Sendable {
    var description: String
    var sourceDataSourceName: String?
    var destinationDataSourceName: String?
    var sourceEndpoint: ContentRecord?
    var targetEndpoint: ContentRecord?
    var spec: JobSpecification
    var settingsJSON: String
    var startSettings: StartSettings
    var deployed: Bool
    var errorMessage: String?
    var startedAt: Date?
    var children: [Subtask]
    var drs: DRSAttributes

    init(_ task: SyncTask) {
        description = task.description
        sourceDataSourceName = task.sourceDataSourceName
        destinationDataSourceName = task.destinationDataSourceName
        sourceEndpoint = task.sourceEndpoint.map(ContentRecord.init)
        targetEndpoint = task.targetEndpoint.map(ContentRecord.init)
        spec = task.spec
        settingsJSON = task.settingsJSON
        startSettings = task.startSettings
        deployed = task.deployed
        errorMessage = task.errorMessage
        startedAt = task.startedAt
        children = task.children
        drs = task.drs
    }
}

extension SQLiteMetadataStore {
    static let sourcePasswordPurpose = "task.source_password"
    static let targetPasswordPurpose = "task.target_password"

    /// Writes every column of `task` (insert when `task.id` is 0) and replaces its tags and instance ids.
    /// Returns the row id.
    static func save(_ task: SyncTask, sealed: (Data?, Data?), in db: Database) throws -> Int64 {
        let body = try encode(TaskBody(task))
        let stats = try encode(task.runStats)
        var arguments: StatementArguments = [
            task.uuid, task.projectID, task.name, task.kind.rawValue, task.migrationType.rawValue, task.sourceType,
            task.destinationType, task.status.rawValue, task.drs.dbUseType, task.drs.engineType, task.drs.netType,
            task.drs.instanceIP, task.drs.enterpriseProjectID, task.createdAt.timeIntervalSince1970,
            task.updatedAt.timeIntervalSince1970, body, stats, sealed.0, sealed.1,
        ]
        let id: Int64
        if task.id == 0 {
            try db.execute(
                sql: """
                    INSERT INTO task (uuid, project_id, name, kind, migration_type, source_type, destination_type,
                        status, db_use_type, engine_type, net_type, instance_ip, enterprise_project_id, created_at,
                        updated_at, body_json, run_stats_json, source_password_enc, target_password_enc)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: arguments)
            id = db.lastInsertedRowID
        } else {
            arguments += [task.id]
            try db.execute(
                sql: """
                    UPDATE task SET uuid = ?, project_id = ?, name = ?, kind = ?, migration_type = ?,
                        source_type = ?, destination_type = ?, status = ?, db_use_type = ?, engine_type = ?,
                        net_type = ?, instance_ip = ?, enterprise_project_id = ?, created_at = ?, updated_at = ?,
                        body_json = ?, run_stats_json = ?, source_password_enc = ?, target_password_enc = ?
                    WHERE id = ?
                    """, arguments: arguments)
            id = task.id
            try db.execute(sql: "DELETE FROM task_tag WHERE task_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM task_instance WHERE task_id = ?", arguments: [id])
        }
        for (key, value) in task.drs.tags {
            try db.execute(sql: "INSERT INTO task_tag (task_id, key, value) VALUES (?, ?, ?)", arguments: [id, key, value])
        }
        for instance in Set(task.drs.instanceIDs) {
            try db.execute(
                sql: "INSERT INTO task_instance (task_id, instance_id) VALUES (?, ?)", arguments: [id, instance])
        }
        return id
    }

    /// Decodes a task row. With `box`, endpoint passwords are decrypted; without, they are left empty (lists).
    static func task(from row: Row, box: SecretBox?) throws -> SyncTask {
        let body = try decode(row["body_json"], as: TaskBody.self)
        guard let kind = TaskKind(rawValue: row["kind"]),
            let migrationType = MigrationType(rawValue: row["migration_type"]),
            let status = TaskStatus(rawValue: row["status"])
        else {
            throw MetadataStoreError(.corruptRecord, "stored task has an unknown kind, migration type or status")
        }
        var sourcePassword: String?
        var targetPassword: String?
        if let box {
            let sourceSealed: Data? = row["source_password_enc"]
            let targetSealed: Data? = row["target_password_enc"]
            sourcePassword = try sourceSealed.map { sealed throws(MetadataStoreError) in
                try box.open(sealed, purpose: sourcePasswordPurpose)
            }
            targetPassword = try targetSealed.map { sealed throws(MetadataStoreError) in
                try box.open(sealed, purpose: targetPasswordPurpose)
            }
        }
        var task = try SyncTask(
            projectID: row["project_id"], name: row["name"], description: body.description, kind: kind,
            migrationType: migrationType, sourceType: row["source_type"], destinationType: row["destination_type"],
            sourceDataSourceName: body.sourceDataSourceName, destinationDataSourceName: body.destinationDataSourceName,
            sourceEndpoint: body.sourceEndpoint?.content(password: sourcePassword),
            targetEndpoint: body.targetEndpoint?.content(password: targetPassword), spec: body.spec,
            settingsJSON: body.settingsJSON, drs: body.drs, createdAt: Date(timeIntervalSince1970: row["created_at"]))
        task.id = row["id"]
        task.uuid = row["uuid"]
        task.status = status
        task.updatedAt = Date(timeIntervalSince1970: row["updated_at"])
        task.startSettings = body.startSettings
        task.deployed = body.deployed
        task.errorMessage = body.errorMessage
        task.startedAt = body.startedAt
        task.children = body.children
        task.runStats = try decode(row["run_stats_json"], as: RunStats.self)
        return task
    }
}

import Foundation
import GRDB
import SyncModel

/// Data sources. The content is stored without its password; the password is sealed separately.
extension SQLiteMetadataStore {
    static let dataSourcePurpose = "data_source.password"

    public func createDataSource(_ dataSource: DataSource) async throws(MetadataStoreError) -> DataSource {
        let sealed = try sealPassword(dataSource.content, purpose: Self.dataSourcePurpose)
        let contentJSON = try Self.encode(ContentRecord(dataSource.content))
        let id: Int64 = try await write { db in
            guard try Self.projectExists(db, dataSource.projectID) else {
                throw MetadataStoreError(.notFound, "project \(dataSource.projectID) does not exist")
            }
            do {
                try db.execute(
                    sql: """
                        INSERT INTO data_source (project_id, name, type, env_type, content_json, password_enc,
                            description, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        dataSource.projectID, dataSource.name, dataSource.type.rawValue, dataSource.envType,
                        contentJSON, sealed, dataSource.description, dataSource.createdAt.timeIntervalSince1970,
                        dataSource.updatedAt.timeIntervalSince1970,
                    ])
            } catch where Self.isUniqueViolation(error) {
                throw MetadataStoreError(
                    .duplicateDataSourceName, "a data source named \(dataSource.name) exists in this project")
            }
            return db.lastInsertedRowID
        }
        var stored = dataSource
        stored.id = id
        return stored
    }

    public func updateDataSource(_ dataSource: DataSource) async throws(MetadataStoreError) -> DataSource {
        let sealed = try sealPassword(dataSource.content, purpose: Self.dataSourcePurpose)
        let contentJSON = try Self.encode(ContentRecord(dataSource.content))
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE data_source SET content_json = ?, password_enc = ?, env_type = ?, description = ?,
                        updated_at = ? WHERE id = ?
                    """,
                arguments: [
                    contentJSON, sealed, dataSource.envType, dataSource.description,
                    dataSource.updatedAt.timeIntervalSince1970, dataSource.id,
                ])
            guard db.changesCount > 0 else {
                throw MetadataStoreError(.notFound, "data source \(dataSource.id) does not exist")
            }
        }
        return dataSource
    }

    /// Deletes a data source unless a task that is not deleted refers to it by name (`inUse`).
    public func deleteDataSource(id: Int64) async throws(MetadataStoreError) {
        try await write { db in
            guard
                let row = try Row.fetchOne(db, sql: "SELECT project_id, name FROM data_source WHERE id = ?", arguments: [id])
            else {
                throw MetadataStoreError(.notFound, "data source \(id) does not exist")
            }
            let projectID: Int64 = row["project_id"]
            let name: String = row["name"]
            let user = try String.fetchOne(
                db,
                sql: """
                    SELECT name FROM task WHERE project_id = ? AND status <> 'DELETED'
                        AND (json_extract(body_json, '$.sourceDataSourceName') = ?
                            OR json_extract(body_json, '$.destinationDataSourceName') = ?)
                    LIMIT 1
                    """, arguments: [projectID, name, name])
            if let user {
                throw MetadataStoreError(.inUse, "data source \(name) is used by task \(user)")
            }
            try db.execute(sql: "DELETE FROM data_source WHERE id = ?", arguments: [id])
        }
    }

    public func dataSource(id: Int64) async throws(MetadataStoreError) -> DataSource? {
        let box = self.box
        return try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM data_source WHERE id = ?", arguments: [id])
                .map { try Self.dataSource(from: $0, box: box) }
        }
    }

    public func dataSource(projectID: Int64, name: String) async throws(MetadataStoreError) -> DataSource? {
        let box = self.box
        return try await read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM data_source WHERE project_id = ? AND name = ? ORDER BY env_type DESC LIMIT 1",
                arguments: [projectID, name]
            ).map { try Self.dataSource(from: $0, box: box) }
        }
    }

    public func listDataSources(_ query: DataSourceQuery) async throws(MetadataStoreError) -> Page<DataSource> {
        guard query.pageNumber >= 1, (1...100).contains(query.pageSize) else {
            throw MetadataStoreError(.invalidQuery, "page number must be >= 1 and page size 1 to 100")
        }
        var clauses = ["project_id = ?"]
        var arguments: StatementArguments = [query.projectID]
        if let name = query.nameContains, !name.isEmpty {
            clauses.append("name LIKE ? ESCAPE '\\'")
            arguments += [SQLFragments.likePattern(name)]
        }
        if let type = query.type {
            clauses.append("type = ?")
            arguments += [type.rawValue]
        }
        if let envType = query.envType {
            clauses.append("env_type = ?")
            arguments += [envType]
        }
        let whereSQL = clauses.joined(separator: " AND ")
        let offset = (query.pageNumber - 1) * query.pageSize
        let box = self.box
        return try await read { [arguments] db in
            let total =
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM data_source WHERE \(whereSQL)", arguments: arguments)
                ?? 0
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM data_source WHERE \(whereSQL) ORDER BY id DESC LIMIT ? OFFSET ?",
                arguments: arguments + [query.pageSize, offset])
            return Page(items: try rows.map { try Self.dataSource(from: $0, box: box) }, totalCount: total)
        }
    }

    static func dataSource(from row: Row, box: SecretBox) throws(MetadataStoreError) -> DataSource {
        let record: ContentRecord = try Self.decode(row["content_json"], as: ContentRecord.self)
        let sealed: Data? = row["password_enc"]
        let password = try sealed.map { sealed throws(MetadataStoreError) in
            try box.open(sealed, purpose: Self.dataSourcePurpose)
        }
        guard let type = DataSourceType(rawValue: row["type"]) else {
            throw MetadataStoreError(.corruptRecord, "stored data source has an unknown type")
        }
        do {
            return try DataSource(
                id: row["id"], projectID: row["project_id"], name: row["name"], type: type,
                content: record.content(password: password), description: row["description"],
                envType: row["env_type"], createdAt: Date(timeIntervalSince1970: row["created_at"]),
                updatedAt: Date(timeIntervalSince1970: row["updated_at"]))
        } catch {
            throw MetadataStoreError(.corruptRecord, "stored data source is invalid: \(error.message)")
        }
    }

    func sealPassword(_ content: ConnectionContent?, purpose: String) throws(MetadataStoreError) -> Data? {
        guard let content, !content.password.isEmpty else { return nil }
        return try box.seal(content.password.revealed, purpose: purpose)
    }

    static func projectExists(_ db: Database, _ id: Int64) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM project WHERE id = ?)", arguments: [id]) ?? false
    }
}

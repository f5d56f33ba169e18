import Foundation
import GRDB
import SyncModel

/// Projects.
extension SQLiteMetadataStore {
    public func createProject(_ project: Project) async throws(MetadataStoreError) {
        try await write { db in
            do {
                try db.execute(
                    sql: "INSERT INTO project (id, drs_id, name, created_at) VALUES (?, ?, ?, ?)",
                    arguments: [
                        project.id, project.drsProjectID.lowercased(), project.name,
                        project.createdAt.timeIntervalSince1970,
                    ])
            } catch where Self.isUniqueViolation(error) {
                throw MetadataStoreError(
                    .duplicateProject, "a project with id \(project.id) or project_id \(project.drsProjectID) exists")
            }
        }
    }

    public func project(id: Int64) async throws(MetadataStoreError) -> Project? {
        if let known = projectCache.project(id: id) { return known }
        let found = try await read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM project WHERE id = ?"), arguments: [id])
                .map(Self.project(from:))
        }
        if let found { projectCache.remember(found) }
        return found
    }

    public func project(drsProjectID: String) async throws(MetadataStoreError) -> Project? {
        let drsID = drsProjectID.lowercased()
        if let known = projectCache.project(drsID: drsID) { return known }
        let found = try await read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM project WHERE drs_id = ?"), arguments: [drsID])
                .map(Self.project(from:))
        }
        if let found { projectCache.remember(found) }
        return found
    }

    public func listProjects() async throws(MetadataStoreError) -> [Project] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM project ORDER BY id").map(Self.project(from:))
        }
    }

    static func project(from row: Row) throws -> Project {
        try Project(
            id: row["id"], drsProjectID: row["drs_id"], name: row["name"],
            createdAt: Date(timeIntervalSince1970: row["created_at"]))
    }
}

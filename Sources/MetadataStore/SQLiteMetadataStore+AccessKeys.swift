import Foundation
import GRDB
import SyncModel

/// Access keys. The secret is sealed with the data-directory key and bound to the key id.
extension SQLiteMetadataStore {
    static func secretPurpose(_ id: String) -> String { "access_key.secret:\(id)" }

    public func createAccessKey(_ key: AccessKey) async throws(MetadataStoreError) {
        let sealed = try box.seal(key.secret.revealed, purpose: Self.secretPurpose(key.id))
        try await write { db in
            do {
                try db.execute(
                    sql: """
                        INSERT INTO access_key (id, secret_enc, policy_json, description, created_at)
                        VALUES (?, ?, ?, ?, ?)
                        """,
                    arguments: [key.id, sealed, key.policyJSON, key.description, key.createdAt.timeIntervalSince1970])
            } catch where Self.isUniqueViolation(error) {
                throw MetadataStoreError(.duplicateAccessKey, "access key \(key.id) exists")
            }
        }
    }

    public func accessKeyInfo(id: String) async throws(MetadataStoreError) -> AccessKeyInfo? {
        try await read { db in
            try Row.fetchOne(
                db, sql: "SELECT id, policy_json, description, created_at FROM access_key WHERE id = ?",
                arguments: [id]
            ).map(Self.keyInfo(from:))
        }
    }

    public func accessKeyForVerification(id: String) async throws(MetadataStoreError) -> AccessKey? {
        let box = self.box
        return try await read { db in
            // Every signed request runs this: the prepared statement is kept in the connection's cache.
            let statement = try db.cachedStatement(sql: "SELECT * FROM access_key WHERE id = ?")
            guard let row = try Row.fetchOne(statement, arguments: [id]) else {
                return nil
            }
            let sealed: Data = row["secret_enc"]
            let secret = try box.open(sealed, purpose: Self.secretPurpose(id))
            do {
                return try AccessKey(
                    id: row["id"], secret: Secret(secret), policyJSON: row["policy_json"],
                    description: row["description"], createdAt: Date(timeIntervalSince1970: row["created_at"]))
            } catch {
                throw MetadataStoreError(.corruptRecord, "stored access key \(id) is invalid")
            }
        }
    }

    public func listAccessKeys() async throws(MetadataStoreError) -> [AccessKeyInfo] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT id, policy_json, description, created_at FROM access_key ORDER BY id")
                .map(Self.keyInfo(from:))
        }
    }

    public func deleteAccessKey(id: String) async throws(MetadataStoreError) {
        try await write { db in
            try db.execute(sql: "DELETE FROM access_key WHERE id = ?", arguments: [id])
            guard db.changesCount > 0 else { throw MetadataStoreError(.notFound, "access key \(id) does not exist") }
        }
    }

    static func keyInfo(from row: Row) -> AccessKeyInfo {
        AccessKeyInfo(
            id: row["id"], policyJSON: row["policy_json"], description: row["description"],
            createdAt: Date(timeIntervalSince1970: row["created_at"]))
    }
}

import Foundation
import MetadataStore
import SyncModel
import Testing

/// Projects, data sources, access keys and encryption at rest.
struct SQLiteMetadataStoreTests {
    @Test func projectsByBothIds() async throws {
        let fixture = StoreFixture()
        defer { fixture.cleanUp() }
        let store = try fixture.open()
        try await store.createProject(try StoreFixture.project())
        #expect(try await store.project(id: 10000)?.drsProjectID == StoreFixture.drsID)
        #expect(try await store.project(drsProjectID: StoreFixture.drsID.uppercased())?.id == 10000)
        #expect(try await store.project(id: 1) == nil)
        await #expect(throws: MetadataStoreError.self) {
            try await store.createProject(try StoreFixture.project(10000, drsID: String(repeating: "f", count: 32)))
        }
        await #expect(throws: MetadataStoreError.self) {
            try await store.createProject(try StoreFixture.project(2))
        }
    }

    @Test func dataSourcePasswordIsEncryptedAtRestAndReturnedDecrypted() async throws {
        let fixture = StoreFixture()
        defer { fixture.cleanUp() }
        let store = try fixture.open()
        try await store.createProject(try StoreFixture.project())
        let content = try ConnectionContent.parse(
            #"{"jdbcUrl":"jdbc:mysql://10.0.0.1:3306/shop","username":"u","password":"Pa55-word-at-rest"}"#,
            type: .mysql)
        let created = try await store.createDataSource(
            try DataSource(projectID: 10000, name: "mysql_src", type: .mysql, content: content, createdAt: Date()))
        #expect(created.id > 0)
        let loaded = try #require(try await store.dataSource(projectID: 10000, name: "mysql_src"))
        #expect(loaded.content.password.revealed == "Pa55-word-at-rest")
        #expect(loaded.content.host == "10.0.0.1")
        #expect(!fixture.allFileBytes().containsText("Pa55-word-at-rest"))
        await #expect(throws: MetadataStoreError.self) {
            _ = try await store.createDataSource(
                try DataSource(projectID: 10000, name: "mysql_src", type: .mysql, content: content, createdAt: Date()))
        }
        let page = try await store.listDataSources(DataSourceQuery(projectID: 10000, nameContains: "src"))
        #expect(page.totalCount == 1)
        try await store.deleteDataSource(id: created.id)
        #expect(try await store.dataSource(id: created.id) == nil)
    }

    @Test func keyFileIsPrivateAndReusedOnReopen() async throws {
        let fixture = StoreFixture()
        defer { fixture.cleanUp() }
        do {
            let store = try fixture.open()
            try await store.createAccessKey(
                try AccessKey(id: "AK1", secret: Secret("s3cr3t-value"), policyJSON: "{}", createdAt: Date()))
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: "\(fixture.path)/\(DataDirectory.keyFileName)")
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let reopened = try fixture.open()
        #expect(try await reopened.accessKeyForVerification(id: "AK1")?.secret.revealed == "s3cr3t-value")
    }

    @Test func accessKeySecretOnlyThroughVerificationLookup() async throws {
        let fixture = StoreFixture()
        defer { fixture.cleanUp() }
        let store = try fixture.open()
        let policy = #"{"Statement":[{"Action":["dataworks:*"],"Resource":["*"]}]}"#
        try await store.createAccessKey(
            try AccessKey(id: "LTAIadmin", secret: Secret("very-secret-42"), policyJSON: policy, createdAt: Date()))
        let info = try #require(try await store.accessKeyInfo(id: "LTAIadmin"))
        #expect(info.policyJSON == policy)
        #expect(!String(reflecting: info).contains("very-secret-42"))
        #expect(try await store.accessKeyForVerification(id: "LTAIadmin")?.secret.revealed == "very-secret-42")
        #expect(!fixture.allFileBytes().containsText("very-secret-42"))
        await #expect(throws: MetadataStoreError.self) {
            try await store.createAccessKey(
                try AccessKey(id: "LTAIadmin", secret: Secret("x"), policyJSON: "{}", createdAt: Date()))
        }
        #expect(try await store.listAccessKeys().map(\.id) == ["LTAIadmin"])
        try await store.deleteAccessKey(id: "LTAIadmin")
        #expect(try await store.accessKeyForVerification(id: "LTAIadmin") == nil)
    }

    @Test func wrongKeyFileCannotDecrypt() async throws {
        let fixture = StoreFixture()
        defer { fixture.cleanUp() }
        do {
            let store = try fixture.open()
            try await store.createAccessKey(
                try AccessKey(id: "AK", secret: Secret("secret"), policyJSON: "{}", createdAt: Date()))
        }
        let keyPath = "\(fixture.path)/\(DataDirectory.keyFileName)"
        try Data(repeating: 7, count: 32).write(to: URL(fileURLWithPath: keyPath))
        let store = try fixture.open()
        do {
            _ = try await store.accessKeyForVerification(id: "AK")
            Issue.record("decryption with the wrong key must fail")
        } catch {
            #expect(error.code == .crypto)
            #expect(!error.message.contains("secret\""))
        }
    }
}

extension SQLiteMetadataStoreTests {
    @Test func looseKeyFilePermissionsAreTightenedOnOpen() async throws {
        let fixture = StoreFixture()
        defer { fixture.cleanUp() }
        _ = try fixture.open()
        let keyPath = "\(fixture.path)/\(DataDirectory.keyFileName)"
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: keyPath)
        _ = try fixture.open()
        let attributes = try FileManager.default.attributesOfItem(atPath: keyPath)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test func dataDirectoryThatIsAFileIsATypedError() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tide-file-\(UUID().uuidString)").path
        FileManager.default.createFile(atPath: path, contents: Data("x".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try SQLiteMetadataStore(path: path)
            Issue.record("a plain file was accepted as data directory")
        } catch {
            #expect(error.code == .dataDirectory)
        }
    }
}

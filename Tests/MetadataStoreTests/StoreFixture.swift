import Foundation
import MetadataStore
import SyncModel

/// A fresh data directory per test, removed by `cleanUp()`.
struct StoreFixture {
    let path: String

    init() {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("tide-store-\(UUID().uuidString)").path
    }

    func open() throws -> SQLiteMetadataStore {
        try SQLiteMetadataStore(path: path)
    }

    func cleanUp() {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Every byte of the data directory's files (database, WAL, key), for at-rest checks.
    func allFileBytes() -> Data {
        var data = Data()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        for name in names where name != DataDirectory.keyFileName {
            data.append(FileManager.default.contents(atPath: "\(path)/\(name)") ?? Data())
        }
        return data
    }

    static let drsID = "0a1b2c3d4e5f67890a1b2c3d4e5f6789"

    static func project(_ id: Int64 = 10000, drsID: String = drsID) throws -> Project {
        try Project(id: id, drsProjectID: drsID, name: "demo", createdAt: Date(timeIntervalSince1970: 1_700_000_000))
    }

    static func task(
        _ name: String, project: Int64 = 10000, kind: TaskKind = .diJob, source: String = "mysql",
        destination: String = "hologres", migrationType: MigrationType = .fullAndRealtimeIncremental,
        drs: DRSAttributes = DRSAttributes()
    ) throws -> SyncTask {
        try SyncTask(
            projectID: project, name: name, kind: kind, migrationType: migrationType, sourceType: source,
            destinationType: destination, spec: .drs(objects: ["shop.orders"]), drs: drs,
            createdAt: Date(timeIntervalSince1970: 1_700_000_000))
    }
}

extension Data {
    /// True when `text`'s UTF-8 bytes occur anywhere in the data.
    func containsText(_ text: String) -> Bool {
        range(of: Data(text.utf8)) != nil
    }
}

import Foundation
import MetadataStore
import SyncModel
import Testing

/// Task creation, idempotency, unique names, lookups, edits and state-machine events in the store.
struct TaskStoreTests {
    static func openWithProject(_ fixture: StoreFixture) async throws -> SQLiteMetadataStore {
        let store = try fixture.open()
        try await store.createProject(try StoreFixture.project())
        return store
    }

    @Test func createAssignsBothIdsAndLooksUpByEach() async throws {
        let fixture = StoreFixture()
        defer { fixture.cleanUp() }
        let store = try await Self.openWithProject(fixture)
        let task = try await store.createTask(try StoreFixture.task("orders"), clientToken: nil, operation: "CreateDIJob")
        #expect(task.id >= 1_000_001)
        #expect(task.uuid.count == 36)
        #expect(try await store.task(id: task.id)?.name == "orders")
        #expect(try await store.task(uuid: task.uuid.uppercased())?.id == task.id)
        #expect(try await store.task(projectID: 10000, name: "orders")?.uuid == task.uuid)
        #expect(try await store.task(id: 42) == nil)
    }

    @Test func duplicateNameIsATypedError() async throws {
        let fixture = StoreFixture()
        defer { fixture.cleanUp() }
        let store = try await Self.openWithProject(fixture)
        _ = try await store.createTask(try StoreFixture.task("orders"), clientToken: nil, operation: "CreateDIJob")
        let duplicate = try StoreFixture.task("orders")
        do {
            _ = try await store.createTask(duplicate, clientToken: nil, operation: "CreateDIJob")
            Issue.record("duplicate name accepted")
        } catch {
            #expect(error.code == .duplicateTaskName)
        }
    }

    @Test func clientTokenMakesCreateIdempotent() async throws {
        let fixture = StoreFixture()
        defer { fixture.cleanUp() }
        let store = try await Self.openWithProject(fixture)
        let first = try await store.createTask(try StoreFixture.task("a"), clientToken: "tok-1", operation: "CreateDISyncTask")
        let again = try await store.createTask(try StoreFixture.task("a"), clientToken: "tok-1", operation: "CreateDISyncTask")
        #expect(again.id == first.id)
        let other = try await store.createTask(try StoreFixture.task("b"), clientToken: "tok-1", operation: "CreateDIJob")
        #expect(other.id != first.id)
        let page = try await store.listDIJobs(DIJobQuery(projectID: 10000))
        #expect(page.totalCount == 2)
    }

    @Test func unknownProjectIsNotFound() async throws {
        let fixture = StoreFixture()
        defer { fixture.cleanUp() }
        let store = try fixture.open()
        let orphan = try StoreFixture.task("x", project: 9)
        do {
            _ = try await store.createTask(orphan, clientToken: nil, operation: "op")
            Issue.record("task in a missing project accepted")
        } catch {
            #expect(error.code == .notFound)
        }
    }

    @Test func eventsGoThroughTheStateMachine() async throws {
        let fixture = StoreFixture()
        defer { fixture.cleanUp() }
        let store = try await Self.openWithProject(fixture)
        let task = try await store.createTask(try StoreFixture.task("t"), clientToken: nil, operation: "op")
        let settings = try StartSettings(startOffsetTime: Date(timeIntervalSince1970: 1_700_000_000), failoverIntervalMinutes: 30, failoverUpperLimit: 5)
        var updated = try await store.applyEvent(taskID: task.id, .start, errorMessage: nil, startSettings: settings)
        #expect(updated.status == .startingJob)
        #expect(updated.startSettings.failoverUpperLimit == 5)
        do {
            _ = try await store.applyEvent(taskID: task.id, .delete, errorMessage: nil, startSettings: nil)
            Issue.record("illegal event applied")
        } catch {
            #expect(error.code == .illegalTransition)
            #expect(error.modelError?.code == .illegalTransition)
        }
        #expect(try await store.task(id: task.id)?.status == .startingJob)
        updated = try await store.applyEvent(taskID: task.id, .failed, errorMessage: "source unreachable", startSettings: nil)
        #expect(try await store.task(id: task.id)?.errorMessage == "source unreachable")
        #expect(updated.dataWorksJobStatus == .failed)
    }

    @Test func updateTaskCannotChangeStatusButCanRename() async throws {
        let fixture = StoreFixture()
        defer { fixture.cleanUp() }
        let store = try await Self.openWithProject(fixture)
        let task = try await store.createTask(try StoreFixture.task("t"), clientToken: nil, operation: "op")
        _ = try await store.createTask(try StoreFixture.task("taken"), clientToken: nil, operation: "op")
        let updated = try await store.updateTask(id: task.id) { task in
            task.description = "new"
            task.status = .incrementalTransferStarted
        }
        #expect(updated.status == .configuration)
        #expect(try await store.task(id: task.id)?.description == "new")
        do {
            _ = try await store.updateTask(id: task.id) { $0.name = "taken" }
            Issue.record("rename onto an existing name accepted")
        } catch {
            #expect(error.code == .duplicateTaskName)
        }
    }

    @Test func endpointPasswordsEncryptedAndRunStatsStored() async throws {
        let fixture = StoreFixture()
        defer { fixture.cleanUp() }
        let store = try await Self.openWithProject(fixture)
        var task = try StoreFixture.task("drs", kind: .drsJob)
        task.sourceEndpoint = ConnectionContent(host: "10.1.1.1", port: 3306, username: "root", password: Secret("EndpointPw-9"))
        let created = try await store.createTask(task, clientToken: nil, operation: "batch-creation")
        #expect(!fixture.allFileBytes().containsText("EndpointPw-9"))
        #expect(try await store.task(uuid: created.uuid)?.sourceEndpoint?.password.revealed == "EndpointPw-9")
        let listed = try await store.listDRSJobs(DRSJobQuery(projectID: 10000))
        #expect(listed.items.first?.sourceEndpoint?.password.isEmpty == true)
        let stats = RunStats(rowsRead: 10, rowsWritten: 9, percent: 45.5, lagMillis: 120,
                             tables: [TableRunStats(source: "shop.orders", destination: "public.orders", rowsRead: 10)])
        try await store.updateRunStats(taskID: created.id, stats)
        #expect(try await store.task(id: created.id)?.runStats == stats)
    }

    @Test func drsDeleteFreesTheNameAndPurgeRemovesTheRow() async throws {
        let fixture = StoreFixture()
        defer { fixture.cleanUp() }
        let store = try await Self.openWithProject(fixture)
        let task = try await store.createTask(try StoreFixture.task("t"), clientToken: nil, operation: "op")
        _ = try await store.applyEvent(taskID: task.id, .forceTerminate, errorMessage: nil, startSettings: nil)
        _ = try await store.applyEvent(taskID: task.id, .delete, errorMessage: nil, startSettings: nil)
        #expect(try await store.task(projectID: 10000, name: "t") == nil)
        let again = try await store.createTask(try StoreFixture.task("t"), clientToken: nil, operation: "op")
        try await store.purgeTask(id: again.id)
        #expect(try await store.task(id: again.id) == nil)
    }
}

extension TaskStoreTests {
    @Test func multiTableTasksGetOneChildPerTable() async throws {
        let fixture = StoreFixture()
        defer { fixture.cleanUp() }
        let store = try await Self.openWithProject(fixture)
        var task = try StoreFixture.task("multi", kind: .drsJob)
        task.spec = .drs(objects: ["shop.orders", "shop.items", "shop.orders"])
        let created = try await store.createTask(task, clientToken: nil, operation: "op")
        #expect(created.children.map(\.name) == ["shop.orders", "shop.items"])
        #expect(Set(created.children.map(\.id)).count == 2)
        #expect(try await store.task(id: created.id)?.children == created.children)
        let single = try await store.createTask(try StoreFixture.task("single"), clientToken: nil, operation: "op")
        #expect(single.children.isEmpty)
    }

    @Test func dataSourceInUseCannotBeDeleted() async throws {
        let fixture = StoreFixture()
        defer { fixture.cleanUp() }
        let store = try await Self.openWithProject(fixture)
        let content = ConnectionContent(host: "db", port: 3306)
        let source = try await store.createDataSource(
            try DataSource(projectID: 10000, name: "mysql_src", type: .mysql, content: content, createdAt: Date()))
        var task = try StoreFixture.task("uses")
        task.sourceDataSourceName = "mysql_src"
        let created = try await store.createTask(task, clientToken: nil, operation: "op")
        do {
            try await store.deleteDataSource(id: source.id)
            Issue.record("deleted a data source in use")
        } catch {
            #expect(error.code == .inUse)
        }
        try await store.purgeTask(id: created.id)
        try await store.deleteDataSource(id: source.id)
        #expect(try await store.dataSource(id: source.id) == nil)
    }
}

import Logging
import NIOCore
import Synchronization
import Testing

@testable import SyncEngine

/// HandleDml policies on row changes (Normal, Ignore, Filter, LogicalDelete), and in the stream pipeline: filtered
/// changes never reach the sink, yet the checkpoint still moves past their transactions.
struct DMLPolicyTests {
    typealias Fixture = ChangeCompactorTests

    static func filter(_ text: String) throws -> DMLPolicy.Action {
        .filter(try RowCondition(text, columns: Fixture.plan.columns))
    }

    @Test func normalAndIgnore() {
        let policy = DMLPolicy(insert: .ignore, update: .normal, delete: .ignore)
        #expect(policy.apply(Fixture.insert(1, "a")) == nil)
        #expect(policy.apply(Fixture.update((1, "a"), (1, "b"))) == Fixture.update((1, "a"), (1, "b")))
        #expect(policy.apply(Fixture.delete(1, "a")) == nil)
        #expect(DMLPolicy().isNormal)
        #expect(!policy.isNormal)
    }

    @Test func filteredDeletesAreJudgedOnTheirBeforeImage() throws {
        let policy = DMLPolicy(delete: try Self.filter("id > 10"))
        #expect(policy.apply(Fixture.delete(11, "a")) == Fixture.delete(11, "a"))
        #expect(policy.apply(Fixture.delete(10, "a")) == nil)
        #expect(DMLPolicy(delete: try Self.filter("note = 'x'")).apply(Fixture.delete(1, nil)) == nil)
    }

    @Test func filteredUpdatesFollowTheAfterImageAndALeavingRowBecomesADelete() throws {
        let policy = DMLPolicy(update: try Self.filter("note LIKE 'keep%'"))
        // After image matches: applied as it is (also when the row enters the set).
        #expect(policy.apply(Fixture.update((1, "keep"), (1, "keep2"))) == Fixture.update((1, "keep"), (1, "keep2")))
        #expect(policy.apply(Fixture.update((1, "drop"), (1, "keep"))) == Fixture.update((1, "drop"), (1, "keep")))
        // Only the before image matches: the row leaves the set, deleted by its before key.
        #expect(policy.apply(Fixture.update((1, "keep"), (2, "drop"))) == Fixture.delete(1, "keep"))
        // Neither: skipped.
        #expect(policy.apply(Fixture.update((1, "drop"), (1, "drop2"))) == nil)
        #expect(policy.apply(Fixture.update((1, nil), (1, nil))) == nil)
        // Inserts are never filtered.
        #expect(policy.apply(Fixture.insert(1, "drop")) == Fixture.insert(1, "drop"))
    }

    @Test func logicalDeletePassesDeletesToTheSink() {
        let policy = DMLPolicy(delete: .logicalDelete)
        #expect(policy.apply(Fixture.delete(1, "a")) == Fixture.delete(1, "a"))
    }

    @Test func logicalDeleteKeepsRowsTheBatchWroteThenDeleted() throws {
        var plan = Fixture.plan
        plan.logicalDeleteColumn = "_tide_is_deleted"
        var compactor = ChangeCompactor(plans: [plan])
        for change in [
            Fixture.insert(1, "a"), Fixture.insert(2, "b"), Fixture.delete(1, "a"), Fixture.delete(3, "c"),
            Fixture.insert(4, "d"), Fixture.delete(4, "d"), Fixture.insert(4, "d2"),
            Fixture.update((2, "b"), (5, "b")),
        ] {
            try compactor.add(change)
        }
        let sets = compactor.changeSets()
        #expect(sets.count == 2)
        // Row 1 was written then deleted in the batch: upserted, then marked; key 3 was never written here: marked
        // where it exists; key 2 moved to 5: the old key is marked with the row the batch wrote for it.
        #expect(sets.first?.upserts == [Fixture.row(1, "a"), Fixture.row(2, "b"), Fixture.row(4, "d2"), Fixture.row(5, "b")])
        #expect(sets.first?.deletes == [Fixture.key(3)])
        #expect(sets.last?.upserts == [])
        #expect(sets.last?.deletes == [Fixture.key(1), Fixture.key(2)])
        // Without LogicalDelete nothing changes: one set, plain deletes.
        var plain = ChangeCompactor(plans: [Fixture.plan])
        for change in [Fixture.insert(1, "a"), Fixture.delete(1, "a")] { try plain.add(change) }
        #expect(plain.changeSets().map(\.deletes) == [[Fixture.key(1)]])
    }

    @Test func aTransactionWhoseChangesAllDropStillMovesTheCheckpoint() async throws {
        let sink = StreamPipelineTests.MemorySink()
        let events: [ChangeStreamEvent] = [
            .transaction(SourceTransaction(changes: [Fixture.insert(1, "a")], position: "1", commitTimestamp: 0)),
            .transaction(SourceTransaction(changes: [Fixture.delete(1, "a")], position: "2", commitTimestamp: 0)),
            .transaction(
                SourceTransaction(changes: [Fixture.update((1, "a"), (1, "b"))], position: "3", commitTimestamp: 0)),
        ]
        let pipeline = StreamPipeline(
            source: StreamPipelineTests.ListSource(events: events), sink: sink, logger: Logger(label: "test"))
        var configured = StreamJob(taskUUID: "t", generation: 1, plans: [Fixture.plan])
        configured.dmlPolicies = [
            Fixture.plan.tableKey: DMLPolicy(update: try Self.filter("note = 'zzz'"), delete: .ignore)
        ]
        let job = configured
        let progress = StreamProgress(plans: job.plans)
        await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { _ = try await pipeline.run(job, from: "0", progress: progress) { _ in } }
            while sink.state.withLock({ $0.checkpoints.last }) != "3" {
                try? await Task.sleep(for: .milliseconds(10))
            }
            group.cancelAll()
        }
        let state = sink.state.withLock { $0 }
        // The insert applied; the delete was ignored; the update fell outside the filter on both images.
        #expect(state.rows["1"] == Fixture.row(1, "a"))
        #expect(state.checkpoints.last == "3")
    }
}

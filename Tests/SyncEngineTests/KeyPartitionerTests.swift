import NIOCore
import Testing

@testable import SyncEngine

/// Routing for key-partitioned apply: one key always lands in one partition, the same one in every process;
/// key-changing updates split; tables that may not be split stay whole.
struct KeyPartitionerTests {
    typealias Fixture = ChangeCompactorTests

    static func partition(of id: Int, _ partitioner: KeyPartitioner) -> Int {
        let parts = partitioner.split(
            SourceTransaction(changes: [Fixture.insert(id, "x")], position: "1", commitTimestamp: 0))
        return parts.firstIndex { !$0.isEmpty } ?? -1
    }

    @Test func everyChangeOfAKeyGoesToOnePartitionInSourceOrder() {
        let partitioner = KeyPartitioner(count: 4, plans: [Fixture.plan], splittable: ["shop.orders"])
        var changes: [RowChange] = []
        for id in 1...200 { changes.append(Fixture.insert(id, "a")) }
        for id in stride(from: 1, through: 200, by: 3) { changes.append(Fixture.update((id, "a"), (id, "b"))) }
        for id in stride(from: 2, through: 200, by: 5) { changes.append(Fixture.delete(id, "a")) }
        let parts = partitioner.split(SourceTransaction(changes: changes, position: "1", commitTimestamp: 0))
        #expect(parts.count == 4)
        #expect(parts.map(\.count).reduce(0, +) == changes.count)
        #expect(parts.allSatisfy { $0.count > 20 }, "keys spread over every partition: \(parts.map(\.count))")
        var homes: [String: Set<Int>] = [:]
        for (index, part) in parts.enumerated() {
            for change in part {
                for image in [change.before, change.after] {
                    if let id = image?.values[0].map({ String(buffer: $0) }) { homes[id, default: []].insert(index) }
                }
            }
        }
        #expect(homes.count == 200)
        #expect(homes.values.allSatisfy { $0.count == 1 })
        // Replaying each partition on its own gives the same result as replaying everything in order.
        var combined: [String: Row] = [:]
        for part in parts { combined.merge(Fixture.replay(part, onto: [:])) { _, new in new } }
        #expect(combined == Fixture.replay(changes, onto: [:]))
    }

    @Test func partitionsDoNotDependOnTheProcess() {
        // FNV-1a of "shop.orders" then the key bytes: fixed values, so a restart routes a key the same way.
        let partitioner = KeyPartitioner(count: 8, plans: [Fixture.plan], splittable: ["shop.orders"])
        let again = KeyPartitioner(count: 8, plans: [Fixture.plan], splittable: ["shop.orders"])
        let routes = (1...50).map { Self.partition(of: $0, partitioner) }
        #expect(routes == (1...50).map { Self.partition(of: $0, again) })
        #expect(Set(routes).count > 4)
    }

    @Test func aKeyChangingUpdateBecomesADeleteAndAnInsert() throws {
        let partitioner = KeyPartitioner(count: 4, plans: [Fixture.plan], splittable: ["shop.orders"])
        let (from, to) = try #require(
            (1...100).lazy.flatMap { a in (1...100).lazy.map { b in (a, b) } }
                .first { Self.partition(of: $0.0, partitioner) != Self.partition(of: $0.1, partitioner) })
        let parts = partitioner.split(
            SourceTransaction(changes: [Fixture.update((from, "a"), (to, "a"))], position: "1", commitTimestamp: 0))
        let old = parts[Self.partition(of: from, partitioner)]
        let new = parts[Self.partition(of: to, partitioner)]
        #expect(old.map(\.kind) == [.delete] && old.first?.before == Fixture.row(from, "a"))
        #expect(new.map(\.kind) == [.insert] && new.first?.after == Fixture.row(to, "a"))
    }

    @Test func aTableThatMayNotBeSplitStaysWhole() {
        let partitioner = KeyPartitioner(count: 4, plans: [Fixture.plan], splittable: [])
        let changes = (1...100).map { Fixture.insert($0, "a") }
        let parts = partitioner.split(SourceTransaction(changes: changes, position: "1", commitTimestamp: 0))
        #expect(parts.filter { !$0.isEmpty }.count == 1)
        #expect(parts.first { !$0.isEmpty }?.count == 100)
    }
}

import NIOCore
import Testing

@testable import SyncEngine

/// Net effect of many transactions per key: what the applier writes must equal replaying every change in order.
struct ChangeCompactorTests {
    static let plan = TablePlan(
        source: TableSchema(
            name: TableName(schema: "shop", name: "orders"),
            columns: [
                ColumnSchema(name: "id", type: ColumnType(kind: .int), isNullable: false),
                ColumnSchema(name: "note", type: ColumnType(kind: .varchar, length: 20)),
            ],
            keyColumns: ["id"]),
        destination: TableName(schema: "public", name: "orders"))

    static func row(_ id: Int, _ note: String?) -> Row {
        Row(values: [ByteBuffer(string: String(id)), note.map { ByteBuffer(string: $0) }])
    }

    static func key(_ id: Int) -> Row { Row(values: [ByteBuffer(string: String(id))]) }

    static func insert(_ id: Int, _ note: String?) -> RowChange {
        RowChange(kind: .insert, tableKey: "shop.orders", before: nil, after: row(id, note))
    }

    static func update(_ from: (Int, String?), _ to: (Int, String?)) -> RowChange {
        RowChange(kind: .update, tableKey: "shop.orders", before: row(from.0, from.1), after: row(to.0, to.1))
    }

    static func delete(_ id: Int, _ note: String?) -> RowChange {
        RowChange(kind: .delete, tableKey: "shop.orders", before: row(id, note), after: nil)
    }

    /// Replays changes on a dictionary: the reference the compactor must agree with.
    static func replay(_ changes: [RowChange], onto start: [String: Row]) -> [String: Row] {
        var table = start
        func id(_ row: Row?) -> String { row?.values[0].map { String(buffer: $0) } ?? "" }
        for change in changes {
            switch change.kind {
            case .insert: table[id(change.after)] = change.after
            case .update:
                table[id(change.before)] = nil
                table[id(change.after)] = change.after
            case .delete: table[id(change.before)] = nil
            }
        }
        return table
    }

    static func apply(_ sets: [TableChangeSet], onto start: [String: Row]) -> [String: Row] {
        var table = start
        for set in sets {
            for key in set.deletes { table[String(buffer: key.values[0] ?? ByteBuffer())] = nil }
            for row in set.upserts { table[String(buffer: row.values[0] ?? ByteBuffer())] = row }
        }
        return table
    }

    @Test func lastChangePerKeyWins() throws {
        var compactor = ChangeCompactor(plans: [Self.plan])
        let changes = [
            Self.insert(1, "a"), Self.update((1, "a"), (1, "b")), Self.insert(2, "x"), Self.delete(2, "x"),
            Self.delete(3, "old"), Self.insert(3, "new"),
        ]
        for change in changes { try compactor.add(change) }
        let sets = compactor.changeSets()
        #expect(sets.count == 1)
        #expect(sets[0].upserts == [Self.row(1, "b"), Self.row(3, "new")])
        #expect(sets[0].deletes == [Self.key(2)])
        #expect(compactor.rowChanges == 6)
    }

    @Test func keyChangeDeletesTheOldKey() throws {
        var compactor = ChangeCompactor(plans: [Self.plan])
        try compactor.add(Self.update((5, "n"), (6, "n")))
        try compactor.add(Self.update((6, "n"), (7, "m")))
        let set = try #require(compactor.changeSets().first)
        #expect(Set(set.deletes) == [Self.key(5), Self.key(6)])
        #expect(set.upserts == [Self.row(7, "m")])
    }

    @Test func randomHistoriesMatchReplay() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            var start: [String: Row] = [:]
            for id in 0..<5 where Bool.random(using: &generator) { start[String(id)] = Self.row(id, "s\(id)") }
            var live = start
            var changes: [RowChange] = []
            for step in 0..<30 {
                let id = Int.random(in: 0..<8, using: &generator)
                let note: String? = step % 4 == 0 ? nil : "v\(step)"
                if let existing = live[String(id)] {
                    let before = (id, existing.values[1].map { String(buffer: $0) })
                    if Bool.random(using: &generator) {
                        let newID = Bool.random(using: &generator) ? id : Int.random(in: 0..<8, using: &generator)
                        guard live[String(newID)] == nil || newID == id else { continue }
                        changes.append(Self.update(before, (newID, note)))
                    } else {
                        changes.append(Self.delete(id, before.1))
                    }
                } else {
                    changes.append(Self.insert(id, note))
                }
                live = Self.replay([changes[changes.count - 1]], onto: live)
            }
            var compactor = ChangeCompactor(plans: [Self.plan])
            for change in changes { try compactor.add(change) }
            #expect(Self.apply(compactor.changeSets(), onto: start) == Self.replay(changes, onto: start))
        }
    }

    @Test func interleavedTablesKeepTheirOwnKeysAndFirstSeenOrder() throws {
        var other = Self.plan
        other.source.name = TableName(schema: "shop", name: "items")
        other.destination = TableName(schema: "public", name: "items")
        var compactor = ChangeCompactor(plans: [Self.plan, other])
        func onItems(_ change: RowChange) -> RowChange {
            RowChange(kind: change.kind, tableKey: "shop.items", before: change.before, after: change.after)
        }
        try compactor.add(onItems(Self.insert(1, "item")))
        try compactor.add(Self.insert(1, "order"))
        try compactor.add(Self.insert(2, "order"))
        try compactor.add(onItems(Self.delete(1, "item")))
        try compactor.add(onItems(Self.insert(3, "item")))
        try compactor.add(Self.update((2, "order"), (2, "changed")))
        let sets = compactor.changeSets()
        #expect(sets.map(\.plan.tableKey) == ["shop.items", "shop.orders"])
        #expect(sets[0].deletes == [Self.key(1)] && sets[0].upserts == [Self.row(3, "item")])
        #expect(sets[1].deletes.isEmpty && sets[1].upserts == [Self.row(1, "order"), Self.row(2, "changed")])
        #expect(compactor.rowChanges == 6 && compactor.keyCount == 4)
    }

    @Test func refusesUnknownTablesKeylessTablesAndPartialImages() {
        var compactor = ChangeCompactor(plans: [Self.plan])
        #expect(throws: SyncEngineError.self) {
            try compactor.add(RowChange(kind: .insert, tableKey: "shop.other", before: nil, after: Self.row(1, "a")))
        }
        #expect(throws: SyncEngineError.self) {
            try compactor.add(
                RowChange(kind: .insert, tableKey: "shop.orders", before: nil, after: Row(values: [ByteBuffer(string: "1")])))
        }
        var keyless = Self.plan
        keyless.source.keyColumns = []
        var other = ChangeCompactor(plans: [keyless])
        #expect(throws: SyncEngineError.self) { try other.add(Self.insert(1, "a")) }
    }
}

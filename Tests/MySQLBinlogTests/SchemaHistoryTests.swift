import Foundation
import MySQLBinlog
import Testing

struct SchemaHistoryTests {
    let orders = SchemaHistory.TableName(database: "shop", table: "orders")

    func schema(_ columns: String...) -> TableSchema {
        TableSchema(database: "shop", table: "orders", columns: columns.map { TableSchema.Column(name: $0) })
    }

    func at(_ file: Int, _ position: UInt64) -> BinlogPosition {
        BinlogPosition(file: "mysql-bin.\(String(format: "%06d", file))", position: position)
    }

    @Test func answersWithTheVersionThatAppliedAtAPosition() {
        var history = SchemaHistory()
        history.record(schema("id"), for: orders, at: at(1, 100))
        history.record(schema("id", "note"), for: orders, at: at(2, 500))
        history.record(nil, for: orders, at: at(3, 4))
        #expect(history.schema(for: orders, at: at(1, 99)) == nil)
        #expect(history.schema(for: orders, at: at(1, 100))?.columns.map(\.name) == ["id"])
        #expect(history.schema(for: orders, at: at(2, 499))?.columns.map(\.name) == ["id"])
        #expect(history.schema(for: orders, at: at(2, 500))?.columns.map(\.name) == ["id", "note"])
        #expect(history.schema(for: orders, at: at(3, 10)) == nil)
    }

    @Test func renameMovesTheSchemaAndPruneKeepsWhatStillApplies() {
        var history = SchemaHistory()
        history.record(schema("id"), for: orders, at: at(1, 100))
        history.record(schema("id", "v2"), for: orders, at: at(1, 200))
        let archive = SchemaHistory.TableName(database: "shop", table: "orders_old")
        history.rename(orders, to: archive, at: at(1, 300))
        #expect(history.schema(for: archive, at: at(1, 300))?.table == "orders_old")
        #expect(history.schema(for: orders, at: at(1, 300)) == nil)
        history.prune(before: at(1, 250))
        #expect(history.versions[orders]?.count == 2)
        #expect(history.schema(for: orders, at: at(1, 250))?.columns.map(\.name) == ["id", "v2"])
    }
}

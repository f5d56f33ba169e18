import Foundation
import MySQLClient
import MySQLSource
import SyncEngine
import Testing

@Suite(.enabled(if: MySQLTestServer.isConfigured, MySQLTestServer.disabledReason))
struct MySQLSnapshotSourceTests {
    @Test func discoversEveryColumnTypeAndKey() async throws {
        try await MySQLTestServer.withDatabases { admin, names in
            let db = names[0]
            try await admin.execute(EveryTypeFixture.createSQL(db))
            try await admin.execute(
                "CREATE TABLE `\(db)`.`uk` (a int NULL, b varchar(5) NOT NULL, c int NOT NULL, UNIQUE KEY x1 (a), UNIQUE KEY x2 (b, c))")
            try await admin.execute("CREATE TABLE `\(db)`.`nokey` (a int)")
            try await admin.execute("CREATE VIEW `\(db)`.`v` AS SELECT 1 AS one")
            let tables = try await withSource { try await $0.discoverTables(TableSelection(defaultDatabase: db, rules: [])) }
            #expect(tables.map(\.name.name) == ["every", "nokey", "uk"])
            let every = try #require(tables.first)
            #expect(every.keyColumns == ["id"] && every.keyIsPrimary)
            #expect(Set(every.columns.map(\.type.kind)) == Set(ColumnType.Kind.allCases))
            let byName = Dictionary(uniqueKeysWithValues: every.columns.map { ($0.name, $0) })
            #expect(byName["id"]?.type.isUnsigned == true && byName["id"]?.isNullable == false)
            #expect(byName["ti"]?.type.length == 1 && byName["ti"]?.type.kind == .tinyInt)
            #expect(byName["de"]?.type.precision == 65 && byName["de"]?.type.scale == 30)
            #expect(byName["b12"]?.type.length == 12)
            #expect(byName["t"]?.type.fractionalDigits == 3 && byName["dt"]?.type.fractionalDigits == 6)
            #expect(byName["vc"]?.type.length == 300 && byName["c"]?.type.length == 10)
            #expect(byName["e"]?.type.members == ["a", "b'c", "z"])
            #expect(byName["s"]?.type.members == ["r", "g", "b"])
            #expect(byName["j"]?.type.kind == .json)
            #expect(byName["p"]?.type.kind == .geometry && byName["p"]?.type.sourceTypeText == "point")
            #expect(tables.count == 3 && tables[2].keyColumns == ["b", "c"] && !tables[2].keyIsPrimary)
            #expect(tables.count == 3 && tables[1].keyColumns.isEmpty)
        }
    }

    @Test func selectionRulesAndMissingTable() async throws {
        try await MySQLTestServer.withDatabases(2) { admin, names in
            for db in names {
                for table in ["orders", "order_items", "users"] {
                    try await admin.execute("CREATE TABLE `\(db)`.`\(table)` (id int PRIMARY KEY)")
                }
            }
            try await withSource { source in
                let exact = try await source.discoverTables(
                    .tables(["orders", "\(names[1]).users"], defaultDatabase: names[0]))
                #expect(exact.map(\.name.description) == ["\(names[0]).orders", "\(names[1]).users"].sorted())
                let pattern = TableSelection(
                    defaultDatabase: "",
                    rules: [
                        .init(target: .database, expression: names[0]),
                        .init(target: .table, expression: "order.*", match: .regex),
                        .init(target: .table, expression: "order_items", include: false),
                    ])
                #expect(try await source.discoverTables(pattern).map(\.name.description) == ["\(names[0]).orders"])
                await #expect(throws: SyncEngineError(.notFound, "table \(names[0]).missing does not exist")) {
                    _ = try await source.discoverTables(.tables(["missing"], defaultDatabase: names[0]))
                }
            }
        }
    }

    @Test func readsEdgeValuesByteExact() async throws {
        try await MySQLTestServer.withDatabases { admin, names in
            let db = names[0]
            try await admin.execute(EveryTypeFixture.createSQL(db))
            try await admin.execute(EveryTypeFixture.insertSQL(db))
            try await withSource { source in
                let table = try #require(try await source.discoverTables(.tables(["every"], defaultDatabase: db)).first)
                let plan = TablePlan(source: table, destination: table.name)
                let rows = try await readAll(source, .whole, plan)
                try #require(rows.count == 3)
                let edge = rows[2]
                for (index, column) in table.columns.enumerated() {
                    if column.name == "mt" {
                        #expect(edge[index] == Array(repeating: UInt8(ascii: "x"), count: 70000))
                    } else {
                        #expect(edge[index] == EveryTypeFixture.edgeRow[column.name], "column \(column.name)")
                    }
                }
                #expect(rows[1].dropFirst().allSatisfy { $0 == nil })
                let fl = try #require(table.columns.firstIndex { $0.name == "fl" })
                #expect(rows[0][fl] == bytes("-9.999999680285692e37"))
                // The FLOAT text converts back to the very same float.
                #expect(Float(String(decoding: edge[fl] ?? [], as: UTF8.self)) == Float(3.1415927))
            }
        }
    }
}

@testable import MySQLSource
import SyncEngine
import Testing

@Suite struct TableSelectionMatcherTests {
    private let tables = [
        TableName(schema: "shop", name: "orders"), TableName(schema: "shop", name: "order_items"),
        TableName(schema: "shop", name: "users"), TableName(schema: "crm", name: "orders"),
        TableName(schema: "mysql", name: "user"),
    ]

    private func selected(_ selection: TableSelection) throws -> [String] {
        let matcher = try TableSelectionMatcher(selection)
        return tables.filter { matcher.selects($0) }.map(\.description)
    }

    @Test func exactNamesQualifiedAndInDefaultDatabase() throws {
        let selection = TableSelection.tables(["orders", "crm.orders"], defaultDatabase: "shop")
        #expect(try selected(selection) == ["shop.orders", "crm.orders"])
        #expect(try TableSelectionMatcher(selection).exactTables.map(\.description) == ["shop.orders", "crm.orders"])
    }

    @Test func regexIsAnchoredAndWithinChosenDatabases() throws {
        let selection = TableSelection(
            defaultDatabase: "",
            rules: [.init(target: .database, expression: "shop"), .init(target: .table, expression: "order.*", match: .regex)])
        #expect(try selected(selection) == ["shop.orders", "shop.order_items"])
        let unanchored = TableSelection(
            defaultDatabase: "shop", rules: [.init(target: .table, expression: "rder", match: .regex)])
        #expect(try selected(unanchored).isEmpty)
    }

    @Test func databaseRulesAndExcludes() throws {
        let selection = TableSelection(
            defaultDatabase: "",
            rules: [
                .init(target: .database, expression: ".*", match: .regex),
                .init(target: .table, expression: "shop.users", include: false),
                .init(target: .database, expression: "crm", include: false),
            ])
        #expect(try selected(selection) == ["shop.orders", "shop.order_items"])
    }

    @Test func systemSchemasOnlyByExactName() throws {
        let pattern = TableSelection(defaultDatabase: "", rules: [.init(target: .database, expression: "m.*", match: .regex)])
        #expect(try selected(pattern).isEmpty)
        #expect(try selected(.tables(["mysql.user"], defaultDatabase: "shop")) == ["mysql.user"])
    }

    @Test func badRegexIsAConfigurationError() {
        #expect(throws: SyncEngineError.self) {
            try TableSelectionMatcher(TableSelection(defaultDatabase: "", rules: [.init(target: .table, expression: "(", match: .regex)]))
        }
    }
}

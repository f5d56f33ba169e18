import Foundation
import NIOCore
import SyncEngine
import Testing
import TideTestSupport

/// `RowCondition` against MariaDB itself: random WHERE conditions (within the language's documented semantics:
/// numbers with numeric columns, strings with a binary-collated text column, date/datetime literals with a
/// DATETIME column) select the same rows whether MariaDB evaluates them or Tide does on the rows as read.
@Suite(.enabled(if: TestServers.isConfigured, TestServers.disabledReason))
struct RowConditionDifferentialTests {
    /// The shared seeded generator (Tests/TideTestSupport).
    typealias Generator = TideTestSupport.SplitMix64

    static let columns: [ColumnSchema] = [
        ColumnSchema(name: "id", type: ColumnType(kind: .int), isNullable: false),
        ColumnSchema(name: "u", type: ColumnType(kind: .bigInt, isUnsigned: true)),
        ColumnSchema(name: "d", type: ColumnType(kind: .decimal, precision: 30, scale: 10)),
        ColumnSchema(name: "s", type: ColumnType(kind: .varchar, length: 20)),
        ColumnSchema(name: "dt", type: ColumnType(kind: .datetime, fractionalDigits: 3)),
    ]

    static let numbers = ["0", "1", "-1", "7", "18446744073709551615", "18446744073709551614", "0.5", "-0.0000000001",
        "123456789012.0123456789", "NULL"]
    static let strings = ["''", "'a'", "'A'", "'ab'", "'b'", "'é'", "'a_c'", "NULL"]
    static let datetimes = ["'2024-01-01'", "'2024-01-01 00:00:00'", "'2024-01-01 10:00:00.5'", "'2023-12-31 23:59:59.999'",
        "NULL"]
    static let patterns = ["'a%'", "'%b'", "'_'", "'__'", "'%'", "'a\\_c'", "'A%'", "'%é%'"]

    static func predicate(_ g: inout Generator) -> String {
        let comparisons = ["=", "<>", "<", "<=", ">", ">=", "<=>"]
        let op = comparisons.randomElement(using: &g) ?? "="
        switch Int.random(in: 0..<9, using: &g) {
        case 0: return "u \(op) \(numbers.randomElement(using: &g) ?? "0")"
        case 1: return "d \(op) \(numbers.randomElement(using: &g) ?? "0")"
        case 2: return "s \(op) \(strings.randomElement(using: &g) ?? "''")"
        case 3: return "dt \(op) \(datetimes.randomElement(using: &g) ?? "NULL")"
        case 4:
            let column = ["u", "d", "s", "dt"].randomElement(using: &g) ?? "u"
            return column + (Bool.random(using: &g) ? " IS NULL" : " IS NOT NULL")
        case 5:
            let items = (0..<Int.random(in: 1...3, using: &g)).map { _ in numbers.randomElement(using: &g) ?? "0" }
            return "d \(Bool.random(using: &g) ? "NOT " : "")IN (\(items.joined(separator: ", ")))"
        case 6:
            let low = numbers.randomElement(using: &g) ?? "0"
            let high = numbers.randomElement(using: &g) ?? "0"
            return "u \(Bool.random(using: &g) ? "NOT " : "")BETWEEN \(low) AND \(high)"
        case 7:
            return "s \(Bool.random(using: &g) ? "NOT " : "")LIKE \(patterns.randomElement(using: &g) ?? "'%'")"
        default:
            let low = datetimes.randomElement(using: &g) ?? "NULL"
            let high = datetimes.randomElement(using: &g) ?? "NULL"
            return "dt BETWEEN \(low) AND \(high)"
        }
    }

    static func condition(_ g: inout Generator, depth: Int = 0) -> String {
        guard depth < 3, Int.random(in: 0..<3, using: &g) > 0 else { return predicate(&g) }
        switch Int.random(in: 0..<3, using: &g) {
        case 0: return "(\(condition(&g, depth: depth + 1)) AND \(condition(&g, depth: depth + 1)))"
        case 1: return "(\(condition(&g, depth: depth + 1)) OR \(condition(&g, depth: depth + 1)))"
        default: return "NOT (\(condition(&g, depth: depth + 1)))"
        }
    }

    @Test func tideSelectsTheRowsMariaDBSelects() async throws {
        let database = "tide_cond_\(UInt32.random(in: 0...UInt32.max))"
        try await TestServers.mysqlExecute([
            "CREATE DATABASE `\(database)`",
            "CREATE TABLE `\(database)`.t (id INT PRIMARY KEY, u BIGINT UNSIGNED, d DECIMAL(30,10), "
                + "s VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin, dt DATETIME(3))",
            "INSERT INTO `\(database)`.t VALUES (1, 0, 0, '', '2024-01-01 00:00:00'), "
                + "(2, 18446744073709551615, 123456789012.0123456789, 'a', '2024-01-01 10:00:00.500'), "
                + "(3, 18446744073709551614, -0.0000000001, 'A', '2023-12-31 23:59:59.999'), "
                + "(4, 7, 0.5, 'ab', NULL), (5, NULL, NULL, NULL, '2024-01-01 00:00:00.001'), "
                + "(6, 1, -1, 'a_c', '2024-01-02'), (7, 1, 1, 'é', '2024-01-01 10:00:00'), "
                + "(8, 2, 7, 'abc', '2023-06-01 12:00:00'), (9, 3, 0.0000000001, 'b', '2024-01-01 00:00:00')",
        ])
        let rows = try await TestServers.mysqlQuery("SELECT id, u, d, s, dt FROM `\(database)`.t ORDER BY id")
        let images = rows.map { Row(values: $0.map { $0.map { ByteBuffer(string: $0) } }) }
        var generator = Generator(state: 20_261_130)
        var checked = 0
        var informative = 0
        for _ in 0..<300 {
            let text = Self.condition(&generator)
            let condition = try RowCondition(text, columns: Self.columns)
            let tide = zip(rows, images).filter { condition.isSatisfied(by: $0.1) }.map { $0.0[0] ?? "" }
            let mariadb = try await TestServers.mysqlQuery(
                "SELECT id FROM `\(database)`.t WHERE \(text) ORDER BY id"
            ).map { $0[0] ?? "" }
            #expect(tide == mariadb, "WHERE \(text)")
            checked += 1
            if !tide.isEmpty, tide.count < rows.count { informative += 1 }
        }
        #expect(checked == 300)
        // Most conditions must select some rows and not others, or the comparison proves little.
        #expect(informative > 150, "\(informative) of 300 conditions split the rows")
        try await TestServers.mysqlExecute(["DROP DATABASE `\(database)`"])
    }
}

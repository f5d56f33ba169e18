import NIOCore
import Testing

@testable import SyncEngine
import TideTestSupport

/// `RowCondition` without I/O: every operator, exact numeric comparison at the edges of MySQL's types, text and
/// temporal comparison, SQL three-valued logic, and malformed conditions refused with their position.
struct RowConditionTests {
    static let columns: [ColumnSchema] = [
        ColumnSchema(name: "id", type: ColumnType(kind: .bigInt, isUnsigned: true)),
        ColumnSchema(name: "amount", type: ColumnType(kind: .decimal, precision: 65, scale: 30)),
        ColumnSchema(name: "name", type: ColumnType(kind: .varchar, length: 50)),
        ColumnSchema(name: "created_at", type: ColumnType(kind: .datetime, fractionalDigits: 6)),
        ColumnSchema(name: "ratio", type: ColumnType(kind: .double)),
        ColumnSchema(name: "Status Code", type: ColumnType(kind: .int)),
        ColumnSchema(name: "flags", type: ColumnType(kind: .bit, length: 16)),
    ]

    /// A row of `columns`; nil values are NULL.
    static func row(
        id: String? = "1", amount: String? = "0", name: String? = "a", createdAt: String? = "2024-01-01 00:00:00",
        ratio: String? = "0.5", status: String? = "0", flags: [UInt8]? = [0, 0]
    ) -> Row {
        Row(values: [
            id.map { ByteBuffer(string: $0) }, amount.map { ByteBuffer(string: $0) },
            name.map { ByteBuffer(string: $0) }, createdAt.map { ByteBuffer(string: $0) },
            ratio.map { ByteBuffer(string: $0) }, status.map { ByteBuffer(string: $0) },
            flags.map { ByteBuffer(bytes: $0) },
        ])
    }

    func check(_ condition: String, _ row: Row, sourceLocation: SourceLocation = #_sourceLocation) throws -> Bool {
        try RowCondition(condition, columns: Self.columns).isSatisfied(by: row)
    }

    func failure(_ condition: String) -> RowCondition.ParseError? {
        do {
            _ = try RowCondition(condition, columns: Self.columns)
            return nil
        } catch {
            return error
        }
    }

    @Test func comparesIntegersAsNumbersNotText() throws {
        #expect(try check("id > 1", Self.row(id: "10")))
        #expect(try !check("id > 10", Self.row(id: "9")))
        #expect(try check("id >= 10 AND id <= 10", Self.row(id: "10")))
        #expect(try check("id != 3", Self.row(id: "4")))
        #expect(try check("id <> 3", Self.row(id: "4")))
        #expect(try check("id = '10'", Self.row(id: "10")))
        #expect(try check("id = 1e1", Self.row(id: "10")))
        #expect(try check("id > -5", Self.row(id: "0")))
    }

    @Test func comparesTheLargestUnsignedBigintExactly() throws {
        let max = "18446744073709551615"
        #expect(try check("id = 18446744073709551615", Self.row(id: max)))
        #expect(try check("id > 18446744073709551614", Self.row(id: max)))
        #expect(try !check("id < 18446744073709551615", Self.row(id: max)))
        // Double cannot tell these apart; the comparison must.
        #expect(try !check("id = 9007199254740993", Self.row(id: "9007199254740992")))
        #expect(try check("id < 9007199254740993", Self.row(id: "9007199254740992")))
    }

    @Test func comparesDecimal65And30Exactly() throws {
        let big = "12345678901234567890123456789012345.000000000000000000000000000001"
        #expect(try check("amount > 12345678901234567890123456789012345", Self.row(amount: big)))
        #expect(try check("amount > 0.000000000000000000000000000001", Self.row(amount: "0.000000000000000000000000000002")))
        #expect(try !check("amount > 0.000000000000000000000000000002", Self.row(amount: "0.000000000000000000000000000002")))
        #expect(try check("amount = 1.50", Self.row(amount: "1.500000000000000000000000000000")))
        #expect(try check("amount < -0.5", Self.row(amount: "-1.000000000000000000000000000000")))
        #expect(try check("amount = 0", Self.row(amount: "-0.000000000000000000000000000000")))
        #expect(try check("amount BETWEEN -1 AND 1", Self.row(amount: "-0.999999999999999999999999999999")))
    }

    @Test func comparesFloatingPointApproximately() throws {
        #expect(try check("ratio > 0.25", Self.row(ratio: "0.5")))
        #expect(try check("ratio < 1e-6", Self.row(ratio: "1e-7")))
        #expect(try check("ratio = 1.5e3", Self.row(ratio: "1500")))
    }

    @Test func comparesTextByteWise() throws {
        #expect(try check("name = 'abc'", Self.row(name: "abc")))
        #expect(try !check("name = 'ABC'", Self.row(name: "abc")))
        #expect(try check("name > 'abb'", Self.row(name: "abc")))
        #expect(try check("name = 'it''s'", Self.row(name: "it's")))
        #expect(try check(#"name = "it\'s""#, Self.row(name: "it's")))
        #expect(try check("name = 'é'", Self.row(name: "é")))
        #expect(try check("name = 10", Self.row(name: "10")))
        #expect(try check("name < 'b' AND name >= ''", Self.row(name: "a")))
    }

    @Test func comparesDatesAndDatetimesAsText() throws {
        let row = Self.row(createdAt: "2024-03-01 12:00:00.000001")
        #expect(try check("created_at >= '2024-03-01'", row))
        #expect(try check("created_at < '2024-03-02'", row))
        #expect(try check("created_at > '2024-03-01 12:00:00'", row))
        #expect(try check("created_at BETWEEN '2024-01-01' AND '2024-12-31 23:59:59'", row))
        #expect(try !check("created_at < '2023-12-31 23:59:59.999999'", row))
    }

    @Test func comparesDatetimesWhateverTheirFractionOrDateOnlyForm() throws {
        #expect(try check("created_at = '2024-03-01 12:00:00'", Self.row(createdAt: "2024-03-01 12:00:00.000000")))
        #expect(try check("created_at = '2024-03-01 12:00:00.5'", Self.row(createdAt: "2024-03-01 12:00:00.500")))
        #expect(try check("created_at = '2024-03-01'", Self.row(createdAt: "2024-03-01 00:00:00.000000")))
        #expect(try !check("created_at = '2024-03-01'", Self.row(createdAt: "2024-03-01 00:00:00.000001")))
        #expect(try check("created_at IN ('2024-03-01T12:00:00')", Self.row(createdAt: "2024-03-01 12:00:00")))
        #expect(try check("created_at < '2024-03-01 12:00:00.000001'", Self.row(createdAt: "2024-03-01 12:00:00")))
        #expect(try check("created_at > 'x'", Self.row(createdAt: "2024-03-01 12:00:00")) == false)
    }

    @Test func followsThreeValuedLogicForNull() throws {
        let row = Self.row(name: nil, status: nil)
        #expect(try !check("name = NULL", row))
        #expect(try !check("name <> 'x'", row))
        #expect(try !check("NOT (name = 'x')", row))
        #expect(try check("name IS NULL", row))
        #expect(try !check("name IS NOT NULL", row))
        #expect(try check("name <=> NULL", row))
        #expect(try check("name = 'x' OR id = 1", row))
        #expect(try !check("name = 'x' AND id = 1", row))
        #expect(try !check("`Status Code`", row))
        #expect(try check("NOT (name = 'x' AND id = 2)", row))
        #expect(try !check("NULL", row))
    }

    @Test func inAndNotInFollowSQLWithNullInTheList() throws {
        #expect(try check("id IN (1, 2, 3)", Self.row(id: "2")))
        #expect(try !check("id IN (1, 3)", Self.row(id: "2")))
        #expect(try check("id IN (1, NULL)", Self.row(id: "1")))
        #expect(try !check("id NOT IN (1, NULL)", Self.row(id: "2")))
        #expect(try check("id NOT IN (1, 3)", Self.row(id: "2")))
        #expect(try check("name IN ('a', 'b')", Self.row(name: "b")))
        #expect(try !check("name NOT IN ('a', 'b')", Self.row(name: nil)))
    }

    @Test func betweenIsInclusiveAndNegatable() throws {
        #expect(try check("id BETWEEN 1 AND 3", Self.row(id: "1")))
        #expect(try check("id BETWEEN 1 AND 3", Self.row(id: "3")))
        #expect(try !check("id NOT BETWEEN 1 AND 3", Self.row(id: "2")))
        #expect(try check("id NOT BETWEEN 1 AND 3", Self.row(id: "4")))
        #expect(try check("id BETWEEN 1 AND 3 AND name = 'a'", Self.row(id: "2")))
    }

    @Test func likeMatchesPercentUnderscoreAndEscapes() throws {
        #expect(try check("name LIKE 'ab%'", Self.row(name: "abc")))
        #expect(try check("name LIKE '%'", Self.row(name: "")))
        #expect(try check("name LIKE 'a_c'", Self.row(name: "abc")))
        #expect(try check("name LIKE '_'", Self.row(name: "é")))
        #expect(try !check("name LIKE '__'", Self.row(name: "é")))
        #expect(try check("name LIKE '%b%c%'", Self.row(name: "xxbyyczz")))
        #expect(try check(#"name LIKE '100\%'"#, Self.row(name: "100%")))
        #expect(try !check(#"name LIKE '100\%'"#, Self.row(name: "1000")))
        #expect(try check("name LIKE '1!_%' ESCAPE '!'", Self.row(name: "1_x")))
        #expect(try check("name NOT LIKE 'a%'", Self.row(name: "ba")))
        #expect(try !check("name LIKE 'a%'", Self.row(name: nil)))
        #expect(try check("id LIKE '12%'", Self.row(id: "123")))
        #expect(try !check("name LIKE 'a%b'", Self.row(name: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaac")))
    }

    @Test func precedenceAndParenthesesAreMySQLs() throws {
        // AND binds tighter than OR.
        #expect(try check("id = 1 OR id = 2 AND name = 'zzz'", Self.row(id: "1")))
        #expect(try !check("(id = 1 OR id = 2) AND name = 'zzz'", Self.row(id: "1")))
        #expect(try check("NOT id = 2", Self.row(id: "1")))
        #expect(try check("((((id = 1))))", Self.row(id: "1")))
        #expect(try check("TRUE", Self.row()))
        #expect(try !check("FALSE OR FALSE", Self.row()))
    }

    @Test func namesMayBeBackquotedAndAnyCase() throws {
        #expect(try check("`Status Code` = 200", Self.row(status: "200")))
        #expect(try check("ID = 1 and NAME = 'a'", Self.row()))
        #expect(try check("`id` in (1)", Self.row()))
    }

    @Test func bitColumnsCompareAsUnsignedNumbers() throws {
        #expect(try check("flags = 258", Self.row(flags: [1, 2])))
        #expect(try check("flags > 0", Self.row(flags: [0, 1])))
    }

    @Test func malformedConditionsAreRefusedWithTheirPosition() {
        #expect(failure("nope > 1") == .init(message: "the table has no column nope", position: 1))
        #expect(failure("id > 1 AND missing = 2")?.position == 12)
        #expect(failure("id >")?.position == 5)
        #expect(failure("name = 'abc")?.position == 8)
        #expect(failure("id > 1 1")?.position == 8)
        #expect(failure("")?.message == "the condition is empty")
        #expect(failure("   ")?.message == "the condition is empty")
        #expect(failure("lower(name) = 'a'")?.position == 1)
        #expect(failure("id = 'abc'")?.position == 6)
        #expect(failure("name")?.position == 1)
        #expect(failure("id IN ()")?.position == 8)
        #expect(failure("id BETWEEN 1 OR 2")?.position == 14)
        #expect(failure("id IS 1")?.position == 7)
        #expect(failure("id # 1")?.position == 4)
        #expect(failure("`` = 1")?.position == 1)
        #expect(failure("(id = 1")?.position == 8)
        #expect(failure("1e = 1")?.position == 2)
        #expect(failure(String(repeating: "(", count: 100) + "id = 1" + String(repeating: ")", count: 100)) != nil)
        #expect(failure(String(repeating: "NOT ", count: 10_000) + "id = 1") != nil)
    }
}

/// Garbage in, no crash: random byte strings, random token soups and mutations of valid conditions are either
/// refused with a position inside the text or evaluate to a truth value on any row.
struct RowConditionPropertyTests {
    /// The shared seeded generator (Tests/TideTestSupport).
    typealias SplitMix64 = TideTestSupport.SplitMix64

    static let fragments = [
        "id", "amount", "name", "created_at", "ratio", "`Status Code`", "flags", "AND", "OR", "NOT", "IS", "NULL",
        "IN", "BETWEEN", "LIKE", "ESCAPE", "TRUE", "FALSE", "(", ")", ",", "=", "!=", "<>", "<", "<=", ">", ">=", "<=>",
        "-", "+", "1", "-0.5", "18446744073709551615", "1e308", "1e400", "'a%'", "'_'", "'\\'", "''", "'", "\"x\"",
        "`", "é", "\u{0}", "#", ";", ".", "..", "1.", ".5", "e", "1e", "\\",
    ]

    @Test func randomInputNeverCrashes() {
        var generator = SplitMix64(state: 0x5EED_0F_7ACE)
        let rows = [
            RowConditionTests.row(),
            RowConditionTests.row(id: nil, amount: nil, name: nil, createdAt: nil, ratio: nil, status: nil, flags: nil),
            RowConditionTests.row(
                id: "18446744073709551615", amount: "-99999999999999999999999999999999999.999999999999999999999999999999",
                name: "%_\\é", createdAt: "0000-00-00 00:00:00", ratio: "-1e-300", status: "-2147483648",
                flags: [0xFF, 0xFF]),
            Row(values: [ByteBuffer(string: "not a number"), ByteBuffer(bytes: [0xFF, 0xC3]), nil]),
        ]
        var parsed = 0
        for round in 0..<20_000 {
            let text: String
            switch round % 3 {
            case 0:
                let count = Int.random(in: 0...40, using: &generator)
                let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
                text = String(decoding: bytes, as: UTF8.self)
            case 1:
                let count = Int.random(in: 1...25, using: &generator)
                text = (0..<count).map { _ in Self.fragments.randomElement(using: &generator) ?? "" }
                    .joined(separator: Bool.random(using: &generator) ? " " : "")
            default:
                var characters = Array("(id BETWEEN 1 AND 3 OR name LIKE 'a%') AND NOT ratio IN (1, NULL)")
                for _ in 0..<Int.random(in: 1...4, using: &generator) {
                    let position = Int.random(in: 0..<characters.count, using: &generator)
                    if Bool.random(using: &generator) {
                        characters.remove(at: position)
                    } else {
                        characters.insert(Self.fragments.randomElement(using: &generator)?.first ?? " ", at: position)
                    }
                }
                text = String(characters)
            }
            do {
                let condition = try RowCondition(text, columns: RowConditionTests.columns)
                parsed += 1
                for row in rows { _ = condition.isSatisfied(by: row) }
            } catch {
                #expect(error.position >= 1 && error.position <= text.count + 1, "\(text): \(error)")
            }
        }
        // The mutations must reach the evaluator, not only the error paths.
        #expect(parsed > 100)
    }

    @Test func likeAgreesWithARegularExpressionOnRandomPatterns() throws {
        var generator = SplitMix64(state: 42)
        let alphabet: [Character] = ["a", "b", "%", "_"]
        for _ in 0..<3_000 {
            let pattern = String((0..<Int.random(in: 0...6, using: &generator)).map { _ in
                alphabet.randomElement(using: &generator) ?? "a"
            })
            let text = String((0..<Int.random(in: 0...8, using: &generator)).map { _ in
                Bool.random(using: &generator) ? Character("a") : Character("b")
            })
            let regex = try Regex(
                "^" + pattern.map { $0 == "%" ? ".*" : ($0 == "_" ? "." : String($0)) }.joined() + "$")
            let expected = text.wholeMatch(of: regex) != nil
            #expect(LikePattern(Array(pattern.utf8)).matches(Array(text.utf8)) == expected, "\(text) LIKE \(pattern)")
        }
    }
}
